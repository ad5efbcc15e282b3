"""Start-up of the app in the browser: load stored data, bind events, show the route."""

import asyncio
import inspect

import js
from pyodide.ffi import create_once_callable, create_proxy

from traject.messages import t

from . import routes, snapshot
from .app import App
from .dom import by_id, form_values, listen


def _action_element(event):
    target = event.target
    return target.closest("[data-action]") if hasattr(target, "closest") else None


def _dataset(element):
    dataset = element.dataset
    return {str(key): str(getattr(dataset, key)) for key in js.Object.keys(dataset)}


def _run(app, name, data, values, element=None):
    """Run the handler of ``data-action=name``. Any exception it lets through (a bug) reaches
    the coach as a Dutch message; the services have already put storage back."""
    handler = routes.ACTIONS.get(name)
    if handler is None:
        return None
    if inspect.iscoroutinefunction(handler):
        return asyncio.ensure_future(_guarded_async(app, handler(app, data, values, element)))
    try:
        return handler(app, data, values)
    except Exception as exc:  # noqa: BLE001 - shown in Dutch, with the detail behind a toggle
        app.failed(exc)
        return None


async def _guarded_async(app, coroutine):
    try:
        return await coroutine
    except Exception as exc:  # noqa: BLE001 - as in _run
        app.failed(exc)
        return None


def _typing_in(element):
    return element is not None and (element.tagName in ("INPUT", "TEXTAREA", "SELECT")
                                    or bool(element.isContentEditable))


def bind(app):
    view = by_id("view")

    def touch(event):
        """Remember the part of the page the coach uses: a re-render replaces it even when
        its markup did not change, so typed text, open details and focus go as before."""
        target = event.target
        part = target.closest("[data-part]") if hasattr(target, "closest") else None
        if part:
            app.touched.add(str(part.dataset.part))

    def on_click(event):
        app.ensure_loaded()
        touch(event)
        element = _action_element(event)
        if not element or element.tagName not in ("BUTTON", "A"):
            return
        if element.getAttribute("type") == "submit":
            return  # handled by the form's submit event
        event.preventDefault()
        app.state.form = element.form or None
        _run(app, element.dataset.action, _dataset(element), {})

    def on_status_click(event):
        element = _action_element(event)
        if element and element.dataset.action == "undo":
            app.ensure_loaded()
            app.undo()

    def on_key(event):
        """Ctrl+Z (Cmd+Z) outside a text field takes back the last change of this visit."""
        if (str(event.key).lower() == "z" and (event.ctrlKey or event.metaKey) and not event.shiftKey
                and not event.altKey and not _typing_in(js.document.activeElement)):
            event.preventDefault()
            app.ensure_loaded()
            app.undo()

    def on_submit(event):
        app.ensure_loaded()
        form = event.target
        action = form.dataset.action if form.tagName == "FORM" else None
        if not action:
            return
        event.preventDefault()
        submitter = event.submitter or None
        values = form_values(form, submitter)
        app.state.form = form
        _run(app, action, _dataset(form), values)

    def on_change(event):
        app.ensure_loaded()
        element = event.target
        if element.tagName == "INPUT" and element.type == "file" and element.dataset.action:
            return _run(app, element.dataset.action, _dataset(element), {}, element)
        if element.tagName == "SELECT" and element.form and element.form.dataset.action == "filter":
            element.form.requestSubmit()
        return None

    def on_input(event):
        touch(event)
        if event.target.tagName in ("INPUT", "TEXTAREA", "SELECT") and event.target.type != "search":
            app.dirty = True

    def on_storage(event):
        """Another tab changed our data: show it, unless the coach is typing here."""
        key = str(event.key) if event.key else ""
        if event.key and (not key.startswith(app.repo.prefix) or key == snapshot.KEY):
            return  # another app on the same origin, or only the overview snapshot
        if not app.loaded:
            return  # start-up loads it all in a moment, and draws the overview again if it differs
        snapshot.schedule(app)  # the stored overview follows what this tab shows
        if app.dirty or app.conflict is not None:
            app.flash(t("ui.tabs.changed_elsewhere"), "warn")
            app.refresh(keep_form=True)
            return
        app.reload()
        app.refresh()

    def on_hash_change(event):
        app.ensure_loaded()
        routes.render_current(app)

    def on_before_unload(event):
        if app.dirty:
            event.preventDefault()
            event.returnValue = ""

    listen(view, "click", on_click)
    listen(view, "submit", on_submit)
    listen(view, "change", on_change)
    listen(view, "input", on_input)
    listen(view, "focusin", touch)
    listen(js.window, "storage", on_storage)
    listen(js.window, "beforeunload", on_before_unload)
    # app/update.js asks this before switching to a new version (it saves what is typed first).
    js.window.trajectHasUnsaved = create_proxy(lambda: bool(app.dirty))
    listen(js.window, "hashchange", on_hash_change)
    listen(by_id("save-status"), "click", on_status_click)
    listen(js.document, "keydown", on_key)


async def request_persistent_storage(app):
    """Ask the browser not to clear our storage under pressure; remember the answer."""
    storage = getattr(js.navigator, "storage", None)
    if not storage or not hasattr(storage, "persist"):
        app.persisted = False
        return
    granted = await storage.persisted()
    if not granted:
        granted = await storage.persist()
    app.persisted = bool(granted)
    status = by_id("persist-status")
    if status:
        status.textContent = t("ui.storage.persisted" if app.persisted else "ui.storage.not_persisted")


def _on_overview():
    return routes.parse(str(js.location.hash)) == ([], {})


def _keeps_painted_overview(root):
    """boot.js painted the stored overview and found it current (same build, day and data),
    and the route is still the overview: it is what Python would draw."""
    return root.hasAttribute("data-overview-current") and _on_overview()


def finish_loading(app):
    """After a start on the painted overview: read the stored data, and draw the overview
    again only if it differs from the painted one (the coach keeps focus and scroll)."""
    app.ensure_loaded()
    if not _on_overview():
        return  # the coach moved on; that route was drawn from the loaded data
    if str(routes.resolve(app, [], {})) != snapshot.stored_html():
        routes.render_current(app)
    else:
        snapshot.after_render(app, [], {})


def start():
    root = js.document.documentElement
    try:
        keep = _keeps_painted_overview(root)
        app = App(load=not keep)
        app.routes = routes
        bind(app)
        if keep:
            routes.mark_nav([])
            js.setTimeout(create_once_callable(lambda: finish_loading(app)), 0)
        else:
            routes.render_current(app)
        by_id("boot").hidden = True
        by_id("view").hidden = False
        root.setAttribute("data-app-ready", "true")
        asyncio.ensure_future(request_persistent_storage(app))
    except Exception as exc:  # a fatal start-up error must reach the coach in Dutch
        import traceback

        js.console.error("Traject start-up failed:\n" + traceback.format_exc())
        js.trajectBootFail(f"{type(exc).__name__}: {exc}")
