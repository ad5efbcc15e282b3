"""The coaching contract on paper: ``#/traject/<id>/afdrukken/overeenkomst``.

Its content comes from :func:`traject.contract.contract_sections` (settings + trajectory);
fields the coach left empty print as a line to fill in by hand.
"""

from traject.contract import contract_sections
from traject.messages import t

from ..html import h
from .printing import _footer, _paper, _toolbar


def _value(value):
    if value is None:
        return h("span", {"class": "fill blank-line"}, h("span", {"class": "sr-only"}, t("ui.contract.blank")))
    return value


def _section(number, section):
    rows = [h("div", {"class": "contract-row"}, h("dt", {}, label), h("dd", {}, _value(value)))
            for label, value in section.rows]
    return h("section", {"class": "contract-article"},
             h("h2", {}, f"{number}. {section.title}"),
             h("dl", {"class": "contract-rows"}, rows) if rows else None,
             [h("p", {}, text) for text in section.paragraphs])


def render(app, traj_id):
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    sections = contract_sections(traj, app.settings)
    practice = app.settings.practice.name or app.settings.coach_name
    signatures = h("section", {"class": "contract-article signatures-block print-block"},
                   h("h2", {}, t("contract.signatures")),
                   h("div", {"class": "signatures"},
                     [h("div", {}, h("span", {"class": "sign-line"}, ""), h("span", {"class": "small"}, t(key)))
                      for key in ("contract.place_date", "contract.signature_coach", "contract.signature_client")]))
    paper = _paper(
        "contract",
        h("header", {"class": "paper-head"},
          h("h1", {}, t("contract.title")),
          h("p", {"class": "paper-meta"}, t("ui.print.map.for", name=traj.client.name),
            f" · {practice}" if practice else None)),
        [_section(i, section) for i, section in enumerate(sections, 1)],
        signatures,
        _footer(app))
    return h("div", {}, _toolbar(f"#/traject/{traj.id}/afdrukken", t("ui.print.back")), paper)
