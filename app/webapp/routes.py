"""Hash routes (``#/traject/<id>`` …): the URL never carries client data to the server."""

import js

from . import snapshot
from .views import backup, conflict, forms, new, overview, session, situations, templates, trajectory
from .views import agenda, printing
from .views import share
from .views import adjust, backup_folder, client_messages, contract_print, practice_settings
from .views import vault as vault_view

NAV = {"": "overview", "nieuw": "new", "sjablonen": "templates", "backup": "backup", "agenda": "agenda",
       "instellingen": "settings"}

ACTIONS = {}
for _module in (overview, new, trajectory, session, forms, situations, templates, backup, conflict, agenda, printing, share,
                adjust, backup_folder, client_messages, practice_settings, vault_view):
    ACTIONS.update(_module.ACTIONS)


def parse(hash_value):
    """``#/traject/abc?x=1`` -> (["traject", "abc"], {"x": "1"})."""
    from urllib.parse import parse_qsl

    path = hash_value[1:] if hash_value.startswith("#") else hash_value
    path, _, query = path.partition("?")
    parts = [p for p in path.split("/") if p]
    return parts, dict(parse_qsl(query))


def resolve(app, parts, params):
    """The markup for a route."""
    if app.locked:
        return vault_view.render_unlock(app)  # the vault: nothing else until it is unlocked
    match parts:
        case []:
            return overview.render(app, params.get("status", "all"), params.get("q", ""))
        case ["nieuw"]:
            return new.render(app, params.get("sjabloon", ""))
        case ["traject", traj_id]:
            return trajectory.render(app, traj_id)
        case ["traject", traj_id, "sessie", session_id]:
            return session.render(app, traj_id, session_id)
        case ["traject", traj_id, "formulier", slug]:
            return forms.render(app, traj_id, slug)
        case ["traject", traj_id, "situatie"]:
            return situations.render(app, traj_id)
        case ["traject", traj_id, "situatie", kind]:
            return situations.render(app, traj_id, kind)
        case ["traject", traj_id, "aanpassen"]:
            return adjust.render(app, traj_id)
        case ["traject", traj_id, "verwijderen"]:
            return situations.render_delete(app, traj_id)
        case ["traject", traj_id, "formulier-link"]:
            return share.render_form_link(app, traj_id, params)
        case ["traject", traj_id, "antwoordcode"]:
            return share.render_answer(app, traj_id)
        case ["traject", traj_id, "agenda"]:
            return agenda.render(app, traj_id)
        case ["traject", traj_id, "afdrukken"]:
            return printing.render(app, traj_id)
        case ["traject", traj_id, "afdrukken", "overeenkomst"]:
            return contract_print.render(app, traj_id)
        case ["traject", traj_id, "berichten"]:
            return client_messages.render_list(app, traj_id)
        case ["traject", traj_id, "bericht", slug]:
            return client_messages.render(app, traj_id, slug)
        case ["traject", traj_id, "afdrukken", what]:
            return printing.render(app, traj_id, what, params)
        case ["agenda"]:
            return agenda.render(app)
        case ["formulier", slug]:
            return forms.render_chooser(app, slug)
        case ["sjablonen"]:
            return templates.render_list(app)
        case ["sjablonen", template_id, "delen"]:
            return share.render_template_share(app, template_id)
        case ["gedeeld-sjabloon"]:
            return share.render_received(app)
        case ["gedeeld-sjabloon", payload]:
            return share.render_received(app, payload)
        case ["sjablonen", template_id]:
            return templates.render_edit(app, template_id)
        case ["backup"]:
            return backup.render(app)
        case ["instellingen"]:
            return practice_settings.render(app)
        case ["kluis"]:
            return vault_view.render(app)
    return app.not_found()


def render_current(app):
    parts, params = parse(str(js.location.hash))
    app.show(resolve(app, parts, params))
    snapshot.after_render(app, parts, params)  # keeps the stored overview for boot.js
    mark_nav(parts)


def mark_nav(parts):
    """aria-current on the main navigation's link for the route."""
    current = NAV.get(parts[0] if parts else "", "")
    for link in js.document.querySelectorAll(".mainnav a[data-nav]"):
        if link.dataset.nav == current:
            link.setAttribute("aria-current", "page")
        else:
            link.removeAttribute("aria-current")
