"""Dutch as a coach reads it: dates ("2 dec. 2026", "2 dec. 2026 om 10:04"), numbers with a
decimal comma ("+4,0") and real singular/plural forms ("1 actie", "3 acties") instead of
"actie(s)". Texts come from the catalogue: a plural word has two keys, ``plural.<word>.one``
and ``plural.<word>.other``, both with a ``{count}`` placeholder.
"""

from datetime import date, datetime

from .messages import t


def day_text(value):
    """``date`` -> "2 dec. 2026"; "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    months = t("ui.date.months").split(",")
    return f"{value.day} {months[value.month - 1]} {value.year}"


def moment_text(value):
    """A local ``datetime`` (or an ISO date-time string, shown in its own offset) ->
    "2 dec. 2026 om 10:04"; a bare date gives only the day; "" for None or unreadable text.
    The caller converts to the coach's local time first (the browser layer knows it)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return ""
    if not isinstance(value, datetime):
        return day_text(value) if isinstance(value, date) else ""
    return t("dutch.moment", day=day_text(value), time=f"{value.hour:02d}:{value.minute:02d}")


def decimal(value, places=1, signed=False):
    """A number with a decimal comma: ``decimal(4, signed=True)`` -> "+4,0",
    ``decimal(-1.25, 2)`` -> "-1,25". Minus is the hyphen-minus, as coaches type it."""
    text = f"{value:{'+' if signed else ''}.{places}f}"
    return text.replace(".", ",")


def plural(count, word):
    """"1 actie" / "3 acties" for ``word`` "action" (keys ``plural.action.one`` and
    ``plural.action.other``). ``count`` is an int; 0 takes the plural form, as in Dutch."""
    form = "one" if count == 1 else "other"
    return t(f"plural.{word}.{form}", count=count)


def frequency_label(frequency, days=None):
    """The Dutch name of a frequency: "Elke week" …; ``custom`` with ``days`` gives
    "Elke 10 dagen", without (a choice in a form) "Anders: eigen aantal dagen"."""
    if frequency == "custom":
        return t("frequency.custom", days=days) if days else t("frequency.custom_choice")
    return t("frequency." + frequency)
