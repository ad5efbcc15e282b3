"""Sharing without a server (the formats are in traject/share.py):

* ``#/sjablonen/<id>/delen``: "Deel sjabloon": a link whose fragment carries the template, or a
  JSON file when the link would be too long;
* ``#/gedeeld-sjabloon/<payload>``: a colleague's shared template, previewed, then "Sjabloon
  toevoegen"; ``#/gedeeld-sjabloon`` imports a template file;
* ``#/traject/<id>/formulier-link``: a form link for the client (app/formulier.html);
* ``#/traject/<id>/antwoordcode``: the client's answer code, checked, previewed, then stored.
"""

import unicodedata

import js
from pyodide.ffi import to_js

from traject import share
from traject.errors import TrajectError, ValidationError
from traject.forms import form
from traject.services import forms as service_forms
from traject.services import inputs, sharing
from traject.services import templates as service_templates
from traject.services.settings import link_secret
from traject.messages import t
from traject.model import new_id

from ..dom import by_id, download
from ..html import fragment, h
from .common import action_form, button, field, notice, page_header, text_input, textarea
from .trajectory import FORM_SLUGS



def _app_url():
    """The app page's URL without its fragment: works under any sub-path."""
    return str(js.location.href).split("#", 1)[0]


def _error_text(exc):
    if isinstance(exc, ValidationError):
        return " · ".join(p.message for p in exc.problems[:6])
    return str(exc)


def _copy_box(box_id, label, value):
    return fragment(
        h("label", {"for": box_id}, label),
        h("textarea", {"id": box_id, "class": "share-link", "rows": 3, "readonly": True, "spellcheck": "false"}, value),
        h("div", {"class": "row"}, button(t("ui.share.copy"), "share-copy", kind="small", data={"target": box_id})),
        h("p", {"class": "small", "id": box_id + "-status", "role": "status", "aria-live": "polite"}))


async def on_copy(app, data, values, element=None):
    box = by_id(data.get("target", ""))
    status = by_id(data.get("target", "") + "-status")
    if not box:
        return
    try:
        await js.navigator.clipboard.writeText(box.value)
        text = t("ui.share.copied")
    except Exception:  # no clipboard permission: select it, the coach copies by hand
        box.focus()
        box.select()
        text = t("ui.share.copy_failed")
    if status:
        status.textContent = text


# --- templates -----------------------------------------------------------------------------

def render_template_share(app, template_id):
    template = next((tpl for tpl in app.templates if tpl.id == template_id), None)
    if template is None:
        return app.not_found()
    url, length = share.template_link(_app_url(), template)
    link_part = (_copy_box("share-template-link", t("ui.share.link_label"), url) if url
                 else notice(t("ui.share.too_long", length=length, max=share.MAX_URL), "warn", role="status"))
    return fragment(
        page_header(t("ui.share.template_title", name=template.name), back=(f"#/sjablonen/{template.id}", template.name)),
        h("section", {"class": "card"},
          h("p", {}, t("ui.share.template_intro")),
          link_part,
          h("p", {"class": "small muted"}, t("ui.share.template_file_intro")),
          button(t("ui.share.download"), "share-template-download", kind="secondary" if url else "",
                 data={"template": template.id})))


def on_template_download(app, data, values):
    template = next((tpl for tpl in app.templates if tpl.id == data.get("template")), None)
    if template is not None:
        download(share.template_file_name(template), share.template_file_text(template))


def _template_preview(template, source):
    rows = [h("tr", {}, h("td", {}, str(s.number)), h("td", {}, t("phase." + s.phase)), h("td", {}, s.focus),
              h("td", {}, s.homework or "—")) for s in template.sessions]
    return h("section", {"class": "card shared-template", "aria-labelledby": "shared-h"},
             h("h2", {"id": "shared-h"}, template.name),
             h("p", {"class": "muted"}, t("ui.templates.summary", sessions=template.planned_sessions,
                                          closing=t("ui.new.closing." + template.closing_variant))),
             h("div", {"class": "table-wrap"}, h("table", {"class": "plain"},
               h("thead", {}, h("tr", {}, [h("th", {"scope": "col"}, t(k)) for k in (
                   "ui.templates.col_number", "ui.templates.col_phase", "ui.templates.col_focus",
                   "ui.templates.col_homework")])),
               h("tbody", {}, rows))),
             action_form("share-add-template", button(t("ui.share.add_template"), None, button_type="submit"),
                         data={"source": source}))


def render_received(app, payload=""):
    preview = None
    if payload:
        try:
            preview = _template_preview(share.read_template_link(payload, new_id()), payload)
        except TrajectError as exc:
            preview = notice(t("ui.share.invalid", details=_error_text(exc)), "error")
    elif app.state.share_template is not None:
        preview = _template_preview(app.state.share_template, "file")
    return fragment(
        page_header(t("ui.share.received_title"), back=("#/sjablonen", t("ui.templates.title"))),
        h("p", {"class": "muted"}, t("ui.share.received_intro")),
        preview,
        h("section", {"class": "card", "aria-labelledby": "tpl-import-h"},
          h("h2", {"id": "tpl-import-h"}, t("ui.share.import_template")),
          h("p", {"class": "small"}, t("ui.share.import_template_hint")),
          h("input", {"type": "file", "id": "template-file", "accept": ".json,application/json",
                      "data-action": "share-template-file", "aria-label": t("ui.share.import_template")})))


async def on_template_file(app, data, values, element=None):
    files = element.files if element is not None else None
    if not files or files.length == 0:
        return
    file = files.item(0)
    app.state.share_template = None
    if file.size > share.MAX_CODE_CHARS:
        app.flash(t("ui.share.error.too_large"), "error")
    else:
        text = (await file.arrayBuffer()).to_bytes().decode("utf-8", "replace")
        try:
            app.state.share_template = share.read_template_file(text, new_id())
        except TrajectError as exc:
            app.flash(t("ui.share.invalid", details=_error_text(exc)), "error")
    app.navigate("#/gedeeld-sjabloon")


def on_add_template(app, data, values):
    source = data.get("source", "")
    try:
        template = (app.state.share_template if source == "file" else share.read_template_link(source, new_id()))
    except TrajectError as exc:
        app.flash(t("ui.share.invalid", details=_error_text(exc)), "error")
        app.refresh()
        return
    if template is None:
        return
    if app.run(service_templates.add_template, template).ok:
        app.state.share_template = None
        app.flash(t("ui.share.template_added", name=template.name), "info")
        app.navigate(f"#/sjablonen/{template.id}")


# --- client form links ---------------------------------------------------------------------

def render_form_link(app, traj_id, params):
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    form_id = params.get("formulier", "intake")
    if form_id not in share.SHAREABLE_FORMS:
        form_id = "intake"
    tabs = h("nav", {"class": "row share-forms", "aria-label": t("ui.share.choose_form")},
             [h("a", {"class": "btn small" + ("" if f == form_id else " secondary"),
                      "href": f"#/traject/{traj.id}/formulier-link?formulier={f}",
                      "aria-current": "page" if f == form_id else None}, form(f).title.split(" (")[0])
              for f in share.SHAREABLE_FORMS])
    spec = form(form_id)
    questions = h("fieldset", {}, h("legend", {}, t("ui.share.questions")),
                  [h("label", {"class": "check"},
                     h("input", {"type": "checkbox", "name": "question", "value": q.id, "checked": True}), q.label)
                   for q in spec.questions])
    made = app.state.share_link
    result = None
    if made and made.trajectory_id == traj.id and made.form_id == form_id:
        result = h("section", {"class": "card share-result", "aria-labelledby": "link-h"},
                   h("h2", {"id": "link-h"}, spec.title),
                   h("p", {}, t("ui.share.link_ready", name=made.name or traj.client.name)),
                   _copy_box("share-form-link", t("ui.share.link_label"), made.url),
                   notice(t("ui.share.link_ready_protected"), "warn", role="status") if made.protected else None)
    return fragment(
        page_header(t("ui.share.form_link_title", client=traj.client.name), back=(f"#/traject/{traj.id}", traj.client.name)),
        h("p", {"class": "muted"}, t("ui.share.form_link_intro")),
        tabs,
        result,
        action_form("share-make-link", h("div", {"class": "card"},
            h("h2", {}, spec.title),
            field(t("ui.share.first_name"), text_input("name", share.first_name(traj.client.name), field_id="share-name",
                                                       maxlength=share.MAX_NAME), t("ui.share.first_name_hint")),
            questions,
            h("label", {"class": "check"}, h("input", {"type": "checkbox", "name": "protect", "value": "1",
                                                       "id": "share-protect"}), t("ui.share.protect")),
            h("p", {"class": "hint"}, t("ui.share.protect_hint")),
            button(t("ui.share.make_link"), None, button_type="submit")),
            data={"trajectory": traj.id, "form": form_id}),
        h("p", {}, h("a", {"href": f"#/traject/{traj.id}/antwoordcode"}, t("ui.share.answer_entry"))))


def on_make_link(app, data, values):
    outcome = app.run(sharing.make_form_link, data.get("trajectory"), data["form"], app_url=_app_url(),
                      name=values.get("name", ""), question_ids=inputs.choices(values, "question"),
                      protected=inputs.checked(values, "protect"))
    if not outcome.ok:
        return
    app.state.share_link = outcome.value
    app.refresh()
    box = by_id("share-form-link")
    if box:
        box.focus()


# --- answer codes --------------------------------------------------------------------------

def render_answer(app, traj_id):
    traj = app.trajectories.get(traj_id)
    if traj is None:
        return app.not_found()
    pending = app.state.share_answers
    preview = None
    if pending is not None and pending.traj_id == traj.id:
        spec = form(pending.form_id)
        record = traj.forms.get(pending.form_id)
        items = [h("div", {"class": "answer"}, h("dt", {}, q.label),
                   h("dd", {}, str(pending.answers[q.id]) if q.id in pending.answers else t("ui.share.preview_empty")))
                 for q in spec.questions if q.id in pending.answers]
        preview = h("section", {"class": "card answer-preview", "aria-labelledby": "answers-h"},
                    h("h2", {"id": "answers-h"}, t("ui.share.preview_title", form=spec.title)),
                    h("dl", {"class": "answers"}, items),
                    notice(t("ui.share.preview_replace"), "warn", role="none") if record and record.answers else None,
                    h("div", {"class": "row"},
                      button(t("ui.share.apply"), "share-apply-answers", data={"trajectory": traj.id}),
                      button(t("ui.share.cancel"), "share-cancel-answers", kind="secondary",
                             data={"trajectory": traj.id})))
    return fragment(
        page_header(t("ui.share.code_title"), back=(f"#/traject/{traj.id}", traj.client.name)),
        h("p", {"class": "muted"}, t("ui.share.code_intro")),
        preview,
        None if preview else action_form("share-check-code", h("div", {"class": "card"},
            field(t("ui.share.code_label"), textarea("code", "", field_id="share-code", rows=5,
                                                     maxlength=share.MAX_CODE_CHARS)),
            h("div", {"class": "field"},
              h("label", {"for": "share-code-file"}, t("ui.share.code_file")),
              h("input", {"type": "file", "id": "share-code-file", "accept": ".txt,.json,text/plain",
                          "data-action": "share-code-file"})),
            field(t("ui.share.passphrase"), text_input("passphrase", "", input_type="password", field_id="share-passphrase",
                                                       autocomplete="off")),
            button(t("ui.share.check_code"), None, button_type="submit")),
            data={"trajectory": traj.id}))


async def on_code_file(app, data, values, element=None):
    files = element.files if element is not None else None
    if not files or files.length == 0:
        return
    file = files.item(0)
    box = by_id("share-code")
    if file.size > share.MAX_CODE_CHARS:
        app.flash(t("ui.share.error.too_large"), "error")
        app.refresh(keep_form=True)
        return
    if box:
        box.value = (await file.arrayBuffer()).to_bytes().decode("utf-8", "replace")


def _u8(data):
    array = js.Uint8Array.new(len(data))
    array.assign(data)
    return array


def _obj(mapping):
    return to_js(mapping, dict_converter=js.Object.fromEntries)


async def _open_sealed(sealed, passphrase):
    """AES-GCM decryption with a PBKDF2 key, in the browser's Web Crypto."""
    subtle = js.crypto.subtle
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    material = await subtle.importKey("raw", _u8(secret), "PBKDF2", False, to_js(["deriveKey"]))
    key = await subtle.deriveKey(
        _obj({"name": "PBKDF2", "salt": _u8(sealed.salt), "iterations": share.PBKDF2_ITERATIONS, "hash": "SHA-256"}),
        material, _obj({"name": "AES-GCM", "length": 256}), False, to_js(["decrypt"]))
    plain = await subtle.decrypt(_obj({"name": "AES-GCM", "iv": _u8(sealed.iv)}), key, _u8(sealed.ciphertext))
    return plain.to_bytes()


async def on_check_code(app, data, values, element=None):
    traj = app.trajectories.get(data.get("trajectory"))
    if traj is None:
        return

    def fail(text):
        app.state.share_answers = None
        app.flash(text, "error")
        app.refresh(keep_form=True)

    try:
        body = share.split_code(values.get("code", ""))
    except TrajectError as exc:
        return fail(_error_text(exc))
    if isinstance(body, share.SealedCode):
        passphrase = values.get("passphrase", "")
        if not passphrase:
            return fail(t("ui.share.error.no_passphrase"))
        if not getattr(js, "crypto", None) or not getattr(js.crypto, "subtle", None):
            return fail(t("ui.share.error.crypto"))
        try:
            body = await _open_sealed(body, passphrase)
        except Exception:  # a wrong passphrase or a changed code: GCM refuses to decrypt
            return fail(t("ui.share.error.wrong_passphrase"))
    try:
        received = share.read_answer_body(body, app.trajectories, link_secret(app.uow))
    except TrajectError as exc:
        return fail(_error_text(exc))
    if received.traj_id != traj.id:
        return fail(t("ui.share.error.wrong_trajectory", client=app.trajectories[received.traj_id].client.name))
    app.state.share_answers = received
    app.refresh()


def on_apply_answers(app, data, values):
    pending = app.state.share_answers
    traj = app.trajectories.get(data.get("trajectory"))
    if pending is None or traj is None or pending.traj_id != traj.id:
        return
    if app.run(service_forms.apply_client_answers, traj.id, pending.form_id, pending.answers).ok:
        app.state.share_answers = None
        app.flash(t("ui.share.applied", form=form(pending.form_id).title), "info")
        app.navigate(f"#/traject/{traj.id}/formulier/{FORM_SLUGS[pending.form_id]}")


def on_cancel_answers(app, data, values):
    app.state.share_answers = None
    app.refresh()


ACTIONS = {"share-copy": on_copy, "share-template-download": on_template_download,
           "share-template-file": on_template_file, "share-add-template": on_add_template,
           "share-make-link": on_make_link, "share-code-file": on_code_file, "share-check-code": on_check_code,
           "share-apply-answers": on_apply_answers, "share-cancel-answers": on_cancel_answers}
