"""The settings of an import, so that nothing is lost (issue 14, "nothing lost at restore").

Export -> delete all site data -> import gives back everything (services.transfer):
trajectories with their revision numbers as they were, own templates and the settings,
including the secret that signs client form links (``settings.ui["share_secret"]``). Without that secret, answers to
links sent before a restore or a move to another device could not be checked.

Settings on import
- ``replace``: the imported settings as they are (their secret signs new links); the secret
  in use until now stays accepted for answers to links made with it.
- ``merge``: the current settings stay (coach name, defaults, the secret for new links);
  ``ui`` values the current settings lack are taken from the file, and the imported secret is
  accepted for answers too.
Accepted older secrets are kept in ``settings.ui["share_secrets_accepted"]`` as one text of
comma-separated secrets (``ui`` values are plain scalars).
"""

import copy

SECRET_KEY = "share_secret"
ACCEPTED_KEY = "share_secrets_accepted"
IMPORT_MODES = ("merge", "replace")
MAX_ACCEPTED = 20


def _valid_secret(value):
    return isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def accepted_secrets(settings):
    """Every secret whose answers are accepted: the current one first, then older/imported
    ones (no duplicates, only well-formed 32-hex-digit secrets)."""
    ui = settings.ui if settings is not None else {}
    found = [ui.get(SECRET_KEY)] + str(ui.get(ACCEPTED_KEY) or "").split(",")
    return list(dict.fromkeys(s for s in found if _valid_secret(s)))


def _with_accepted(settings, extra):
    result = copy.deepcopy(settings)
    current = result.ui.get(SECRET_KEY)
    others = [s for s in accepted_secrets(result) + [s for s in extra if _valid_secret(s)] if s != current]
    others = list(dict.fromkeys(others))[:MAX_ACCEPTED]
    if others:
        result.ui[ACCEPTED_KEY] = ",".join(others)
    else:
        result.ui.pop(ACCEPTED_KEY, None)
    return result


def import_settings(current, imported, mode):
    """The settings after an import in ``mode`` ("merge" or "replace"); neither argument is
    changed. Raises ValueError for an unknown mode."""
    if mode not in IMPORT_MODES:
        raise ValueError(mode)
    if mode == "replace":
        return _with_accepted(imported, accepted_secrets(current))
    merged = copy.deepcopy(current)
    for key, value in imported.ui.items():
        if key not in merged.ui and key != ACCEPTED_KEY:
            merged.ui[key] = value
    return _with_accepted(merged, accepted_secrets(imported))
