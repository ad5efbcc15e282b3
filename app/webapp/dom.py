"""Small helpers around the browser DOM (the only module besides main that touches ``js``)."""

import js
from pyodide.ffi import create_once_callable, create_proxy, to_js

from .html import Markup

_proxies = []  # keep event-listener proxies alive for the page's lifetime


def by_id(element_id):
    return js.document.getElementById(element_id)


def set_html(element, markup):
    """Put escaped markup (built by ``html.h``) into an element."""
    if not isinstance(markup, Markup):
        raise TypeError("only Markup built by html.h may become HTML")
    element.innerHTML = markup


def replace_parts(container, old, new, always=()):
    """Bring ``container``, which shows the named parts ``old`` (name -> markup or None), to
    the parts ``new`` by replacing only the elements ``[data-part=<name>]`` whose markup
    differs (and those named in ``always``). Returns False, with nothing changed, when that
    cannot give the same result as rendering ``new`` from scratch: other parts, a part that
    appears or disappears, or a changed part without its own element."""
    if list(old) != list(new):
        return False
    targets = []
    for name, markup in new.items():
        if markup == old[name] and name not in always:
            continue
        if markup is None or old[name] is None:
            return False
        element = container.querySelector(f'[data-part="{name}"]')
        if not element:  # JS null
            return False
        targets.append((element, markup))
    for element, markup in targets:
        element.outerHTML = markup
    return True


def listen(target, event_name, handler):
    proxy = create_proxy(handler)
    _proxies.append(proxy)
    target.addEventListener(event_name, proxy)


def form_values(form, submitter=None):
    """All fields of a form (and the clicked submit button's name/value) as a dict;
    fields that occur more than once become lists."""
    values = {}
    data = js.FormData.new(form, submitter) if submitter is not None else js.FormData.new(form)
    entries = data.entries()
    for pair in entries:
        key, value = str(pair[0]), pair[1]
        value = value if isinstance(value, str) else ""
        if key in values:
            existing = values[key]
            values[key] = existing + [value] if isinstance(existing, list) else [existing, value]
        else:
            values[key] = value
    return values


def download(filename, text, mime="application/json"):
    """Offer ``text`` (or bytes) as a file download (nothing leaves the browser).

    The text goes to JavaScript as UTF-8 bytes in one copy (``Uint8Array``): much faster
    for a large backup than turning it into a JS string first (``to_js([text])``), which
    the Blob would then encode as UTF-8 again."""
    blob = js.Blob.new(to_js([to_bytes_array(text)]), to_js({"type": mime}, dict_converter=js.Object.fromEntries))
    url = js.URL.createObjectURL(blob)
    link = js.document.createElement("a")
    link.href = url
    link.download = filename
    js.document.body.appendChild(link)
    link.click()
    link.remove()
    js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(url)), 10_000)


def to_bytes_array(text):
    """``text`` (str, as UTF-8, or bytes) as a JS ``Uint8Array``, in one copy."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    array = js.Uint8Array.new(len(data))
    array.assign(data)
    return array


def is_standalone():
    """True when the page runs as an installed app (its own window or home-screen icon)."""
    return bool(js.window.matchMedia("(display-mode: standalone)").matches)


def set_hash(route):
    js.location.hash = route


def replace_hash(route):
    """Change the URL's fragment without a new history entry and without a hashchange."""
    js.history.replaceState(None, "", route)


def reveal(selector):
    """Scroll the first element matching ``selector`` into view (when there is one)."""
    element = js.document.querySelector(selector)
    if element:
        element.scrollIntoView()


def focus_main():
    main = by_id("app")
    if main:
        main.focus()


def show_field_errors(form, errors):
    """Put each message of ``errors`` ({field name: Dutch text}) next to the form's control
    of that name (``aria-invalid``, ``aria-describedby``), after removing earlier ones.
    Returns the messages that name no control in ``form`` (to show above the form)."""
    for old in form.querySelectorAll(".field-error"):
        old.remove()
    for control in form.querySelectorAll("[aria-invalid]"):
        control.removeAttribute("aria-invalid")
    leftover = []
    for name, message in errors.items():
        control = form.querySelector(f'[name="{js.CSS.escape(name)}"]') if name else None
        if not control:
            leftover.append(message)
            continue
        note = js.document.createElement("p")
        note.className = "field-error"
        note.id = "error-" + name
        note.textContent = message
        box = control.closest(".field") or control.closest("fieldset")
        if box:
            box.append(note)
        else:  # a checkbox in its label: the message goes right under that label
            (control.closest("label") or control).after(note)
        control.setAttribute("aria-invalid", "true")
        control.setAttribute("aria-describedby", note.id)
    return leftover

def open_link(url):
    """Follow ``url`` as if the coach clicked a link to it (used for ``mailto:`` links, which
    the browser hands to the coach's own mail program; nothing is sent by the page)."""
    link = js.document.createElement("a")
    link.href = url
    link.rel = "noopener"
    js.document.body.appendChild(link)
    link.click()
    link.remove()
