"""Dutch message catalogue.

Every user-facing Dutch text lives in ``messages_nl.json`` next to this module (keys such as
``phase.werk`` or ``error.missing``; values may contain ``{placeholders}``). The browser layer
loads the same file for its own ``ui.*`` texts.
"""

import json
import os

from .bidi import isolate

_CATALOGUE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "messages_nl.json")
_catalogue = None


def catalogue():
    """Return the whole catalogue (a dict of key -> Dutch text), loading it once."""
    global _catalogue
    if _catalogue is None:
        with open(_CATALOGUE_PATH, encoding="utf-8") as handle:
            _catalogue = json.load(handle)
    return _catalogue


def has(key):
    return key in catalogue()


def t(_key, **params):
    """Dutch text for ``key`` with ``{placeholders}`` filled in from ``params``.

    An unknown key raises KeyError: that is a programming error, caught by the tests. Text
    parameters that could turn the sentence around (right-to-left letters, bidi controls) are
    isolated (:func:`traject.bidi.isolate`).
    """
    text = catalogue()[_key]
    if not params:
        return text
    return text.format(**{name: isolate(value) if isinstance(value, str) else value for name, value in params.items()})
