"""How much the browser's storage holds, and so how large an import may be: stated once here.

localStorage holds :data:`STORAGE_QUOTA_CHARS` characters (UTF-16 code units, keys and values
together) per site in Chromium, Firefox and Safari (measured by ``make bench``: writing until
``QuotaExceededError``). Traject stores each trajectory compressed; an export is indented JSON,
about 14 times larger than what it takes in storage (measured on ``bench/generate.py``'s
realistic trajectories: 1,000 take 2,211,362 characters stored and 30,679,945 exported). So a
full storage (about 2,370 trajectories) exports to about 73 million characters, and the import
limit :data:`MAX_IMPORT_CHARS` is the quota times :data:`EXPORT_EXPANSION` (14 measured, 20 with
margin): whatever the app can store, it can export and import again. Whether an import really
fits is checked exactly, before anything is written (:func:`check_fits`), from the encoded
entries and the space the store reports free. Figures: docs/ontwikkelaars/veiligheid.md.
"""

from .errors import TrajectError
from .messages import t

STORAGE_QUOTA_CHARS = 5_242_880  # 5 Mi characters per site
EXPORT_EXPANSION = 20  # export characters per stored character: 13.9 measured, with margin
MAX_IMPORT_CHARS = STORAGE_QUOTA_CHARS * EXPORT_EXPANSION


class CapacityError(TrajectError):
    """An import (or another write of many entries) does not fit in the store; nothing was
    written. ``needed`` and ``free`` are characters; ``fits`` how many of the entries would."""

    def __init__(self, needed, free, count, fits):
        self.needed, self.free, self.count, self.fits = needed, free, count, fits
        super().__init__(t("error.does_not_fit", needed=_thousands(needed), free=_thousands(max(free, 0)),
                           quota=_thousands(STORAGE_QUOTA_CHARS), count=count, fits=fits))


def _thousands(number):
    return f"{number:,}".replace(",", ".")


def check_fits(entries, current, free):
    """Raise :class:`CapacityError` unless writing ``entries`` fits.

    :param entries: ``[(key, text), …]`` about to be written (the trajectories of an import).
    :param current: function key -> the text stored under it now, or None.
    :param free: characters the store can still take (None: the store does not know, no check).
    Replacing an entry frees what it took, so only the growth counts.
    """
    if free is None:
        return
    growth = []
    for key, text in entries:
        old = current(key)
        growth.append(len(key) + len(text) - (len(key) + len(old) if old is not None else 0))
    needed = sum(growth)
    if needed <= free:
        return
    fits, room = 0, free
    for size in growth:
        if size > room:
            break
        room -= size
        fits += 1
    raise CapacityError(needed, free, len(entries), fits)
