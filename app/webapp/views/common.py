"""Pieces shared by several screens."""

import re

from traject.messages import t

from ..html import fragment, h

GUIDE = "../gids/"
_ID = re.compile(r'\bid="([^"]+)"')
STATUS_BADGE = {"active": "", "paused": "grey", "completed": "grey", "stopped": "accent"}


def guide_link(page, anchor="", root=False):
    """'Lees meer in de gids' link to a guide page (relative: works under any sub-path).
    ``root=True`` for pages outside the guide section, e.g. ``privacy-en-backups``."""
    href = ("../" if root else GUIDE) + f"{page}/" + (f"#{anchor}" if anchor else "")
    return h("a", {"class": "guide-ref", "href": href}, t("ui.guide.read_more"))


def page_header(title, *extra, back=None):
    parts = []
    if back:
        parts.append(h("p", {"class": "back no-print"}, h("a", {"href": back[0]}, "← " + back[1])))
    parts.append(h("div", {"class": "spread"}, h("h1", {}, title), h("div", {"class": "row"}, *extra)))
    return fragment(*parts)


def status_badge(status):
    return h("span", {"class": f"badge {STATUS_BADGE.get(status, '')}".strip()}, t("status." + status))


def notice(text, kind="info", role=None):
    return h("div", {"class": f"notice {kind}", "role": role or ("alert" if kind == "error" else None)}, text)


def field(label, control, hint=None, field_id=None):
    """A labelled form field; the label points at the control's id."""
    if field_id is None:
        found = _ID.search(control)
        field_id = found.group(1) if found else None
    return h("div", {"class": "field"}, h("label", {"for": field_id}, label), control,
             h("p", {"class": "hint"}, hint) if hint else None)


def text_input(name, value="", *, required=False, input_type="text", field_id=None, maxlength=200, **attrs):
    return h("input", {"type": input_type, "name": name, "id": field_id or name, "value": value or "",
                       "required": required, "maxlength": maxlength if input_type != "date" else None, **attrs})


def textarea(name, value="", *, field_id=None, rows=3, maxlength=20000):
    return h("textarea", {"name": name, "id": field_id or name, "rows": rows, "maxlength": maxlength}, value or "")


def select(name, options, selected=None, *, field_id=None):
    """``options``: list of (value, label)."""
    return h("select", {"name": name, "id": field_id or name},
             [h("option", {"value": value, "selected": value == selected}, text) for value, text in options])


def button(text, action=None, *, kind="", data=None, button_type="button", **attrs):
    data_attrs = {f"data-{k}": v for k, v in (data or {}).items()}
    return h("button", {"type": button_type, "class": f"btn {kind}".strip(), "data-action": action,
                        **data_attrs, **attrs}, text)


def link_button(text, href, kind=""):
    return h("a", {"class": f"btn {kind}".strip(), "href": href}, text)


def action_form(action, *children, data=None, css="", form_id=None):
    data_attrs = {f"data-{k}": v for k, v in (data or {}).items()}
    return h("form", {"data-action": action, "class": css or None, "id": form_id, "novalidate": True,
                      **data_attrs}, *children)
