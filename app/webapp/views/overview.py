"""Overview (dashboard): all trajectories, their due actions, filters, practice figures."""

from urllib.parse import quote

from traject.due import due_actions
from traject.figures import practice_figures
from traject.messages import t
from traject.progress import progress
from traject.services import care

from .. import fmt
from ..html import fragment, h
from .backup import needs_backup_nudge, nudge_days
from .common import button, guide_link, link_button, notice, page_header, select, status_badge

FILTERS = ("all", "active", "paused", "completed", "stopped")
PAGE = 50  # cards (and due actions) shown at first; "Toon meer" adds as many again


def _limit(app):
    return app.state.overview_limit or PAGE


def _more(app, shown, total):
    if shown >= total:
        return None
    return h("p", {"class": "show-more"},
             button(t("ui.overview.show_more", count=shown, total=total), "show-more", kind="secondary"))


def _empty_state():
    return h("section", {"class": "card welcome"},
             h("h1", {}, t("ui.overview.welcome_title")),
             h("p", {}, t("ui.overview.welcome_line1")),
             h("p", {}, t("ui.overview.welcome_line2")),
             h("div", {"class": "row"},
               link_button(t("ui.nav.new"), "#/nieuw"),
               link_button(t("ui.overview.import_backup"), "#/backup", "secondary")),
             h("p", {"class": "small muted"}, t("ui.overview.welcome_guide"), " ", guide_link("overzicht")))


def _due_list(app, actions):
    today = app.today()
    if not actions:
        return h("p", {"class": "muted"}, t("ui.due.none"))
    items = []
    for action in actions[:_limit(app)]:
        items.append(h("li", {"class": "due-item" + (" overdue" if action.overdue else "")},
                       h("div", {},
                         h("a", {"href": f"#/traject/{action.trajectory_id}", "class": "due-label"}, action.label),
                         h("div", {"class": "small " + ("overdue-text" if action.overdue else "muted")},
                           fmt.day(action.due_date), " (", fmt.relative(action.due_date, today), ")")),
                       button(t("ui.due.done"), "due-done", kind="secondary small",
                              data={"trajectory": action.trajectory_id, "key": action.key},
                              aria_label=t("ui.due.done_label", label=action.label, client=action.client_name))))
    return fragment(h("ul", {"class": "due-list"}, items), _more(app, len(items), len(actions)))


def _trajectory_card(app, traj, due_count):
    info = progress(traj)
    return h("li", {"class": "card traj-card", "data-status": traj.status},
             h("div", {"class": "spread"},
               h("h3", {}, h("a", {"href": f"#/traject/{traj.id}"}, traj.client.name)),
               status_badge(traj.status)),
             h("p", {"class": "progress-text"}, info.text),
             h("p", {"class": "small muted"},
               t("ui.overview.next_session", date=fmt.day(info.next_session_date))
               if info.next_session_date else t("ui.overview.no_next_session")),
             h("p", {"class": "small"}, t("ui.overview.due_count", count=due_count)) if due_count else None)


def _backup_line(app):
    last = app.settings.ui.get("last_export") if app.settings else None
    text = t("ui.backup.last_export", date=fmt.day(date_of(last), False), time=last[11:16]) if last else t(
        "ui.backup.never_exported")
    if needs_backup_nudge(app):
        return notice(fragment(h("strong", {}, t("ui.nudge.title")), " ", t("ui.nudge.text", days=nudge_days(app)), " ",
                               text, " ", button(t("ui.backup.export_all"), "export-all", kind="small")),
                      "warn", role="status")
    return h("p", {"class": "small muted backup-line"}, text, " · ", h("a", {"href": "#/backup"}, t("ui.nav.backup")))


def date_of(stamp):
    from traject.dates import parse_date

    return parse_date(stamp[:10]) if stamp else None


def _figures(app):
    figures = practice_figures(list(app.trajectories.values()))
    rows = [(t("ui.figures.total"), str(figures.total))]
    for status in ("active", "paused", "completed", "stopped"):
        rows.append((t("status." + status), str(figures.by_status.get(status, 0))))
    if figures.completion_rate is not None:
        rows.append((t("ui.figures.completion"), f"{round(figures.completion_rate * 100)}%"))
    if figures.average_goal_change is not None:
        rows.append((t("ui.figures.score_change"), f"{figures.average_goal_change:+.1f}"))
    return h("section", {"class": "card"}, h("h2", {}, t("ui.figures.title")),
             h("table", {"class": "plain"}, [h("tr", {}, h("th", {"scope": "row"}, k), h("td", {}, v)) for k, v in rows]))


def render(app, status="all", q=""):
    if not app.trajectories:
        return fragment(app.storage_notices(), _empty_state())
    status = status if status in FILTERS else "all"
    needle = (q or "").strip().lower()
    actions = due_actions(list(app.trajectories.values()), app.today())
    counts = {}
    for action in actions:
        counts[action.trajectory_id] = counts.get(action.trajectory_id, 0) + 1
    shown = [traj for traj in sorted(app.trajectories.values(), key=lambda tr: tr.client.name.lower())
             if (status == "all" or traj.status == status) and needle in traj.client.name.lower()]
    filters = h("form", {"class": "filters row", "role": "search", "data-action": "filter"},
                h("label", {"for": "filter-status", "class": "sr-only"}, t("ui.overview.filter_status")),
                select("status", [(k, t("ui.filter." + k)) for k in FILTERS], status, field_id="filter-status"),
                h("label", {"for": "filter-q", "class": "sr-only"}, t("ui.overview.search")),
                h("input", {"type": "search", "name": "q", "id": "filter-q", "value": q or "",
                            "placeholder": t("ui.overview.search_placeholder"), "data-action": "filter-input"}),
                button(t("ui.overview.apply_filter"), None, kind="secondary", button_type="submit"))
    cards = [_trajectory_card(app, traj, counts.get(traj.id, 0)) for traj in shown[:_limit(app)]]
    return fragment(
        app.storage_notices(),
        _backup_line(app),
        page_header(t("ui.overview.title"), link_button(t("ui.nav.new"), "#/nieuw")),
        h("div", {"class": "overview-grid"},
          h("section", {"class": "overview-main"},
            filters,
            h("ul", {"class": "traj-list grid"}, cards) if cards else h("p", {"class": "muted"}, t("ui.overview.no_match")),
            _more(app, len(cards), len(shown))),
          h("aside", {"class": "overview-side"},
            h("section", {"class": "card"}, h("h2", {}, t("ui.due.title")), _due_list(app, actions)),
            _figures(app))))


def on_due_done(app, data, values):
    app.act(care.mark_due_done, data["trajectory"], data["key"])


def on_filter(app, data, values):
    params = {k: v for k, v in (("status", values.get("status", "all")), ("q", values.get("q", "").strip())) if v and v != "all"}
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    app.navigate("#/" + (f"?{query}" if query else ""))


def on_show_more(app, data, values):
    app.state.overview_limit = _limit(app) + PAGE
    app.refresh()


ACTIONS = {"due-done": on_due_done, "filter": on_filter, "show-more": on_show_more}
