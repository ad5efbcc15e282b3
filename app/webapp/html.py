"""Safe HTML building: every text is escaped, so coach or import data is never markup.

``h("p", {"class": "x"}, "text", child)`` returns a :class:`Markup` string. Strings
passed as children or attribute values are always escaped; only ``Markup`` (built by
``h`` itself) passes through unchanged. Event handlers are never written as attributes
(the CSP forbids them); the app uses one delegated listener and ``data-action``. Outside text
that could change the direction of the text around it is isolated in ``<bdi>``.
"""

from html import escape

from traject.bidi import needs_isolation

VOID = frozenset({"input", "br", "hr", "img", "meta", "link"})
RAW_TEXT = frozenset({"textarea", "title", "option"})  # text only: no <bdi> (a textarea keeps its value exact)


class Markup(str):
    """A string that is already safe HTML."""


class Page(Markup):
    """The markup of a whole screen together with its named parts (``parts``: name -> Markup
    or None, in page order); the markup must follow from the parts alone. A part meant to be
    replaced on its own is one element with ``data-part="<name>"``; when the same screen is
    shown again, ``App.show`` replaces only the parts that changed instead of the whole screen."""

    parts = None


_NAMES = {}  # attribute name as written in Python -> in HTML, for names already checked


def _attr_name(name):
    html_name = _NAMES.get(name)
    if html_name is None:
        if name.startswith("on"):
            raise ValueError("inline event handlers are not allowed")
        html_name = _NAMES[name] = name.rstrip("_").replace("_", "-")
    return html_name


def _text_html(text, isolate):
    """Escaped ``text``; inside ``<bdi>`` when it could turn the page's text around it
    (right-to-left letters, bidi controls: :func:`traject.bidi.needs_isolation`)."""
    if isolate and needs_isolation(text):
        return "<bdi>" + escape(text, quote=False) + "</bdi>"  # its end also ends what the text left open
    return escape(text, quote=False)


def _children_html(children, isolate=True):
    out = []
    for child in children:
        if isinstance(child, str):
            out.append(child if isinstance(child, Markup) else _text_html(child, isolate))
        elif child is None or child is False:
            continue
        elif isinstance(child, (list, tuple)):
            out.append(_children_html(child, isolate))
        else:
            out.append(escape(str(child), quote=False))
    return "".join(out)


def h(tag, attrs=None, *children):
    """Build one element. ``attrs`` values of None/False are left out."""
    parts = ["<", tag]
    if attrs:
        for name, value in attrs.items():
            if value is None or value is False:
                continue
            if value is True:
                parts += (" ", _attr_name(name))
            else:
                parts += (" ", _attr_name(name), '="', escape(str(value), quote=True), '"')
    if tag in VOID:
        parts.append(">")
        return Markup("".join(parts))
    parts += (">", _children_html(children, tag not in RAW_TEXT), "</", tag, ">")
    return Markup("".join(parts))


def fragment(*children):
    return Markup(_children_html(children))


def page(markup, parts):
    """A :class:`Page`: ``markup`` (built from ``parts``) that knows its parts."""
    result = Page(markup)
    result.parts = parts
    return result
