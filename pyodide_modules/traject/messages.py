"""Dutch message catalogue.

Every user-facing Dutch text lives in ``messages_nl.json`` next to this module (keys such as
``phase.werk`` or ``error.missing``; values may contain ``{placeholders}``). The browser layer
loads the same file for its own ``ui.*`` texts.
"""

import json
import os

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

    An unknown key raises KeyError: that is a programming error, caught by the tests.
    """
    text = catalogue()[_key]
    return text.format(**params) if params else text
