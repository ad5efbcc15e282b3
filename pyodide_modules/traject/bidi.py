"""Text direction of outside text (a client's name, a template from a colleague, a file).

Such text may hold right-to-left letters or bidi control characters (U+202E, "right-to-left
override", turns everything after it around until its paragraph ends). Shown next to the app's
own text it must be *isolated*: on a page in ``<bdi>`` (see the browser layer's ``html.h``),
inside a sentence between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (:func:`isolate`,
used by :func:`traject.messages.t` for every text parameter). Where no isolation exists (a
calendar title, a file name) unmatched controls are removed (:func:`strip_unmatched`).
"""

import unicodedata

FSI, PDI = "\u2068", "\u2069"
_OPENERS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO: closed by PDF
_PDF = "\u202c"
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI: closed by PDI
_CONTROLS = _OPENERS | _ISOLATES | {_PDF, PDI}
_RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})


def needs_isolation(text):
    """True when ``text`` (str) could change the direction of the text around it: it holds a
    right-to-left letter, an Arabic number or a bidi control. Plain Latin text never does."""
    if text.isascii():
        return False
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def isolate(text):
    """``text`` between FSI and PDI when it needs it (:func:`needs_isolation`), else as is."""
    return FSI + text + PDI if needs_isolation(text) else text  # PDI also ends what ``text`` left open


def strip_unmatched(text):
    """``text`` without bidi controls that are not closed (or not opened) inside it, so it
    cannot reverse what follows it. Matched pairs (RLO … PDF, RLI … PDI) stay."""
    if text.isascii() or not any(ch in _CONTROLS for ch in text):
        return text
    keep = [True] * len(text)
    stack = []  # (index, kind) of open controls
    for i, ch in enumerate(text):
        if ch in _OPENERS or ch in _ISOLATES:
            stack.append((i, "isolate" if ch in _ISOLATES else "embed"))
        elif ch == _PDF or ch == PDI:
            kind = "isolate" if ch == PDI else "embed"
            if stack and stack[-1][1] == kind:
                stack.pop()
            else:
                keep[i] = False
    for i, _ in stack:
        keep[i] = False
    return "".join(ch for ch, kept in zip(text, keep) if kept)
