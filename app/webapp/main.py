"""Start-up of the app in the browser: load stored data, bind events, show the route."""

import asyncio
import inspect

import js

from traject.messages import t

from . import routes
from .app import App
from .dom import by_id, form_values, listen


def _action_element(event):
    target = event.target
    return target.closest("[data-action]") if hasattr(target, "closest") else None


def _dataset(element):
    dataset = element.dataset
    return {str(key): str(getattr(dataset, key)) for key in js.Object.keys(dataset)}


def _run(app, name, data, values, element=None):
    handler = routes.ACTIONS.get(name)
    if handler is None:
        return None
    if inspect.iscoroutinefunction(handler):
        return asyncio.ensure_future(handler(app, data, values, element))
    return handler(app, data, values)


def bind(app):
    view = by_id("view")

    def on_click(event):
        element = _action_element(event)
        if not element or element.tagName not in ("BUTTON", "A"):
            return
        if element.getAttribute("type") == "submit":
            return  # handled by the form's submit event
        event.preventDefault()
        _run(app, element.dataset.action, _dataset(element), {})

    def on_submit(event):
        form = event.target
        action = form.dataset.action if form.tagName == "FORM" else None
        if not action:
            return
        event.preventDefault()
        submitter = event.submitter or None
        values = form_values(form, submitter)
        _run(app, action, _dataset(form), values)

    def on_change(event):
        element = event.target
        if element.tagName == "INPUT" and element.type == "file" and element.dataset.action:
            return _run(app, element.dataset.action, _dataset(element), {}, element)
        if element.tagName == "SELECT" and element.form and element.form.dataset.action == "filter":
            element.form.requestSubmit()
        return None

    listen(view, "click", on_click)
    listen(view, "submit", on_submit)
    listen(view, "change", on_change)
    listen(js.window, "hashchange", lambda event: routes.render_current(app))


def start():
    root = js.document.documentElement
    try:
        app = App()
        app.routes = routes
        bind(app)
        routes.render_current(app)
        by_id("boot").hidden = True
        by_id("view").hidden = False
        root.setAttribute("data-app-ready", "true")
    except Exception as exc:  # a fatal start-up error must reach the coach in Dutch
        import traceback

        js.console.error("Traject start-up failed:\n" + traceback.format_exc())
        js.trajectBootFail(f"{type(exc).__name__}: {exc}")
