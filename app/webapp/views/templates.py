"""Templates: the built-in ones (read-only) and the coach's own (create, edit, delete)."""

from traject.messages import t
from traject.model import PHASES
from traject.services import inputs
from traject.services import templates as service_templates
from traject.templates import builtin_templates, row_roles

from ..html import fragment, h
from .common import action_form, button, field, guide_link, link_button, notice, page_header, select, text_input


def _summary(template):
    return t("ui.templates.summary", sessions=template.planned_sessions,
             closing=t("ui.new.closing." + template.closing_variant))


def render_list(app):
    def card(template, own):
        return h("li", {"class": "card"},
                 h("h3", {}, h("a", {"href": f"#/sjablonen/{template.id}"}, template.name)),
                 h("p", {"class": "small muted"}, _summary(template)),
                 h("div", {"class": "row"},
                   link_button(t("ui.templates.use"), f"#/nieuw?sjabloon={template.id}", "small"),
                   link_button(t("ui.templates.edit") if own else t("ui.templates.view"),
                               f"#/sjablonen/{template.id}", "secondary small"),
                   link_button(t("ui.share.template_button"), f"#/sjablonen/{template.id}/delen", "secondary small")
                   if own else None))
    own = [card(tpl, True) for tpl in app.templates]
    return fragment(
        page_header(t("ui.templates.title"), link_button(t("ui.templates.new"), "#/sjablonen/nieuw"),
                    link_button(t("ui.share.import_template"), "#/gedeeld-sjabloon", "secondary")),
        h("p", {"class": "muted"}, t("ui.templates.intro"), " ", guide_link("overzicht")),
        h("h2", {}, t("ui.templates.builtin")),
        h("ul", {"class": "grid"}, [card(tpl, False) for tpl in builtin_templates()]),
        h("h2", {}, t("ui.templates.own")),
        h("ul", {"class": "grid"}, own) if own else h("p", {"class": "muted"}, t("ui.templates.none")))


def _row_fields(index, row):
    prefix = f"row{index}"
    return h("tr", {},
             h("td", {"data-label": t("ui.templates.col_number")}, str(index)),
             h("td", {"data-label": t("ui.templates.col_phase")},
               select(f"{prefix}_phase", [(p, t("phase." + p)) for p in PHASES], row.get("phase", "werk"),
                      field_id=f"{prefix}-phase"),
               h("label", {"for": f"{prefix}-phase", "class": "sr-only"}, t("ui.templates.col_phase"))),
             h("td", {"data-label": t("ui.templates.col_role")},
               select(f"{prefix}_role", [(r, t("role." + r)) for r in row_roles(index)], row.get("role", "regular"),
                      field_id=f"{prefix}-role"),
               h("label", {"for": f"{prefix}-role", "class": "sr-only"}, t("ui.templates.col_role"))),
             h("td", {"data-label": t("ui.templates.col_focus")},
               h("label", {"for": f"{prefix}-focus", "class": "sr-only"}, t("ui.templates.col_focus")),
               text_input(f"{prefix}_focus", row.get("focus", ""), field_id=f"{prefix}-focus", maxlength=500)),
             h("td", {"data-label": t("ui.templates.col_homework")},
               h("label", {"for": f"{prefix}-homework", "class": "sr-only"}, t("ui.templates.col_homework")),
               text_input(f"{prefix}_homework", row.get("homework", ""), field_id=f"{prefix}-homework", maxlength=500)),
             h("td", {}, button(t("ui.templates.remove_row"), None, kind="secondary small", button_type="submit",
                                name="op", value=f"remove:{index}",
                                aria_label=t("ui.templates.remove_row_n", n=index)) if index > 0 else None))


def _rows_of(template):
    return [{"phase": s.phase, "role": s.role, "focus": s.focus, "homework": s.homework,
             "duration_minutes": s.duration_minutes} for s in sorted(template.sessions, key=lambda s: s.number)]


def render_edit(app, template_id, rows=None, values=None):
    template = app.find_template(template_id) if template_id != "nieuw" else None
    if template_id != "nieuw" and template is None:
        return app.not_found()
    if template is not None and template.builtin:
        table = h("table", {"class": "plain"},
                  h("thead", {}, h("tr", {}, [h("th", {"scope": "col"}, t(k)) for k in (
                      "ui.templates.col_number", "ui.templates.col_phase", "ui.templates.col_focus",
                      "ui.templates.col_homework")])),
                  h("tbody", {}, [h("tr", {}, h("td", {}, str(s.number)), h("td", {}, t("phase." + s.phase)),
                                    h("td", {}, s.focus), h("td", {}, s.homework or "—")) for s in template.sessions]))
        return fragment(
            page_header(template.name, back=("#/sjablonen", t("ui.templates.title"))),
            h("p", {"class": "muted"}, _summary(template)),
            h("div", {"class": "card table-wrap"}, table),
            action_form("copy-template", h("div", {"class": "row"},
                                           link_button(t("ui.templates.use"), f"#/nieuw?sjabloon={template.id}"),
                                           button(t("ui.templates.copy"), None, kind="secondary", button_type="submit")),
                        data={"template": template.id}))
    values = values or {}
    if rows is None:
        rows = _rows_of(template) if template else [
            {"phase": "voorbereiding", "role": "intake", "focus": t("template.focus.intake_contract")},
            {"phase": "start", "role": "regular"}, {"phase": "werk", "role": "midterm"},
            {"phase": "afronding", "role": "closing_single"}]
    name = values.get("name", template.name if template else "")
    variant = values.get("closing_variant", template.closing_variant if template else "one_90")
    form_body = h("div", {"class": "card"},
                  field(t("ui.templates.name"), text_input("name", name, required=True, field_id="tpl-name"), field_id="tpl-name"),
                  field(t("ui.new.closing_variant"),
                        select("closing_variant", [(v, t("ui.new.closing." + v)) for v in ("one_90", "two_60")], variant,
                               field_id="tpl-closing"), field_id="tpl-closing"),
                  h("div", {"class": "table-wrap"},
                    h("table", {"class": "plain editor"},
                      h("thead", {}, h("tr", {}, [h("th", {"scope": "col"}, t(k)) for k in (
                          "ui.templates.col_number", "ui.templates.col_phase", "ui.templates.col_role",
                          "ui.templates.col_focus", "ui.templates.col_homework")], h("td", {}))),
                      h("tbody", {}, [_row_fields(i, row) for i, row in enumerate(rows)]))),
                  h("input", {"type": "hidden", "name": "row_count", "value": str(len(rows))}),
                  h("div", {"class": "row"},
                    button(t("ui.templates.add_row"), None, kind="secondary", button_type="submit", name="op", value="add"),
                    button(t("ui.templates.save"), None, button_type="submit", name="op", value="save")))
    delete_form = None
    if template is not None:
        delete_form = action_form("delete-template", h("details", {"class": "card"},
            h("summary", {}, t("ui.templates.delete")),
            h("p", {}, t("ui.templates.delete_explain")),
            h("label", {"class": "check confirm"}, h("input", {"type": "checkbox", "name": "confirm", "value": "1"}),
              t("ui.templates.delete_confirm", name=template.name)),
            button(t("ui.templates.delete"), None, kind="danger", button_type="submit")),
            data={"template": template.id})
    return fragment(
        page_header(template.name if template else t("ui.templates.new"), back=("#/sjablonen", t("ui.templates.title"))),
        h("p", {"class": "muted"}, t("ui.templates.edit_intro")),
        action_form("save-template", form_body, data={"template": template_id}),
        delete_form)


def _rows_from(values):
    count = int(values.get("row_count", "0") or 0)
    return [{"phase": values.get(f"row{i}_phase", "werk"), "role": values.get(f"row{i}_role", "regular"),
             "focus": values.get(f"row{i}_focus", "").strip(), "homework": values.get(f"row{i}_homework", "").strip()}
            for i in range(min(count, 60))]


def on_save(app, data, values):
    template_id = data["template"]
    rows = _rows_from(values)
    op = values.get("op", "save")
    if op == "add":
        rows.append({"phase": "werk", "role": "regular"})
        app.show(render_edit(app, template_id, rows, values))
        return
    if op.startswith("remove:"):
        index = int(op.split(":", 1)[1])
        rows = [row for i, row in enumerate(rows) if i != index]
        app.show(render_edit(app, template_id, rows, values))
        return
    name = inputs.text(values, "name")
    outcome = app.act(service_templates.save_template, template_id=None if template_id == "nieuw" else template_id,
                      name=name, rows=rows, closing_variant=inputs.text(values, "closing_variant"),
                      message=t("ui.templates.saved", name=name), route="#/sjablonen")
    return outcome


def on_copy(app, data, values):
    outcome = app.run(service_templates.copy_template, data["template"])
    if outcome.ok:
        app.navigate(f"#/sjablonen/{outcome.value.id}")


def on_delete(app, data, values):
    app.act(service_templates.delete_template, data["template"], confirmed=inputs.checked(values, "confirm"),
            message=t("ui.templates.deleted"), route="#/sjablonen")


ACTIONS = {"save-template": on_save, "copy-template": on_copy, "delete-template": on_delete}
