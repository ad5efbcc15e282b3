"""The coach's own practice: contact details, appointment defaults, contract terms and the
texts of the client messages. These are parts of ``Settings`` (kept in every backup).

Times of day are ``"HH:MM"`` strings (24-hour clock, local wall-clock time in the
Netherlands); :func:`parse_time` is the one strict reader. Amounts are whole euro cents.
"""

import re
from dataclasses import dataclass, field

PRICE_BASES = ("session", "trajectory")
LIBERATION_DAY_RULES = ("lustrum", "yearly")
MESSAGE_KINDS = ("intake", "contract", "midterm", "evaluation", "followup_mail", "checkin", "dropout")
DEFAULT_START_TIME = "10:00"
DEFAULT_DURATION = 60
DEFAULT_REMINDERS = (1440, 60)  # one day and one hour before the start
REMINDER_CHOICES = (15, 30, 60, 120, 1440, 2880)
MAX_REMINDERS = 3
MAX_REMINDER_MINUTES = 60 * 24 * 28
MAX_PRICE_CENTS = 10_000_000  # 100 000 euro
MAX_CANCELLATION_HOURS = 24 * 14
MAX_PAYMENT_DAYS = 365
MAX_SUBJECT = 300
MAX_BODY = 20000

_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


@dataclass
class Practice:
    """How clients reach the coach. The coach's own name is ``Settings.coach_name``."""
    name: str = ""  # practice name
    email: str = ""
    phone: str = ""
    website: str = ""
    kvk_number: str = ""  # Kamer van Koophandel: 8 digits


@dataclass
class AppointmentDefaults:
    start_time: str = DEFAULT_START_TIME
    duration_minutes: int = DEFAULT_DURATION
    weekday: object = None  # 0 = Monday .. 6 = Sunday; None: the weekday of the chosen start date
    reminder_minutes: list = field(default_factory=lambda: list(DEFAULT_REMINDERS))
    liberation_day: str = "lustrum"  # 5 May a day off every year, or only every fifth year


@dataclass
class ContractTerms:
    price_cents: object = None  # None: a blank line to fill in on the contract
    price_basis: str = "session"  # per session or for the whole trajectory
    payment_days: object = 14  # payment term in days after the invoice
    cancellation_hours: object = 24  # free cancellation until this many hours before the start
    confidentiality: str = ""  # empty: the standard text of the catalogue
    unused_sessions: str = ""  # empty: the standard text of the catalogue


def parse_time(value):
    """``"HH:MM"`` (00:00-23:59) -> (hours, minutes), or None for anything else."""
    if not isinstance(value, str):
        return None
    found = _TIME.fullmatch(value)
    return (int(found.group(1)), int(found.group(2))) if found else None


def time_minutes(value):
    """Minutes after midnight of an ``"HH:MM"`` time. Raises ValueError when invalid."""
    parsed = parse_time(value)
    if parsed is None:
        raise ValueError(value)
    return parsed[0] * 60 + parsed[1]


def end_time(start, duration_minutes):
    """``"HH:MM"`` at which an appointment from ``start`` lasting ``duration_minutes`` ends
    (wraps past midnight)."""
    total = (time_minutes(start) + duration_minutes) % 1440
    return f"{total // 60:02d}:{total % 60:02d}"


def format_price(cents):
    """Dutch notation without currency sign: 9500 -> "95,00"; None -> ""."""
    if cents is None:
        return ""
    euros, rest = divmod(cents, 100)
    whole = f"{euros:,}".replace(",", ".")
    return f"{whole},{rest:02d}"


# ------------------------------------------------------------------- JSON form

def practice_to_dict(p):
    return {"name": p.name, "email": p.email, "phone": p.phone, "website": p.website, "kvk_number": p.kvk_number}


def appointments_to_dict(a):
    return {"start_time": a.start_time, "duration_minutes": a.duration_minutes, "weekday": a.weekday,
            "reminder_minutes": list(a.reminder_minutes), "liberation_day": a.liberation_day}


def contract_to_dict(c):
    return {"price_cents": c.price_cents, "price_basis": c.price_basis, "payment_days": c.payment_days,
            "cancellation_hours": c.cancellation_hours, "confidentiality": c.confidentiality,
            "unused_sessions": c.unused_sessions}


def message_texts_to_dict(texts):
    return {kind: {"subject": texts[kind]["subject"], "body": texts[kind]["body"]}
            for kind in MESSAGE_KINDS if kind in texts}


PRACTICE_FIELDS = ("name", "email", "phone", "website", "kvk_number")
APPOINTMENT_FIELDS = ("start_time", "duration_minutes", "weekday", "reminder_minutes", "liberation_day")
CONTRACT_FIELDS = ("price_cents", "price_basis", "payment_days", "cancellation_hours", "confidentiality",
                   "unused_sessions")
MESSAGE_TEXT_FIELDS = ("subject", "body")
SETTINGS_PART_FIELDS = ("practice", "appointments", "contract", "message_texts")


def read_practice(c, d, p, join):
    """Read the ``practice`` object of the settings with Checker ``c`` (see codec)."""
    path = join(p, "practice")
    data = d.get("practice")
    if not c.fields(data, path, PRACTICE_FIELDS):
        return Practice()
    return Practice(c.text(data, "name", path, 200), c.text(data, "email", path, 254), c.text(data, "phone", path, 50),
                    c.text(data, "website", path, 200), c.text(data, "kvk_number", path, 20))


def read_appointments(c, d, p, join, index):
    path = join(p, "appointments")
    data = d.get("appointments")
    if not c.fields(data, path, APPOINTMENT_FIELDS):
        return AppointmentDefaults()
    start = data.get("start_time")
    if parse_time(start) is None:
        c.fail(join(path, "start_time"), "time", value=str(start)[:40])
        start = DEFAULT_START_TIME
    reminders_path = join(path, "reminder_minutes")
    reminders = c.array(data, "reminder_minutes", path, MAX_REMINDERS)
    for i, value in enumerate(reminders):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_REMINDER_MINUTES:
            c.fail(index(reminders_path, i), "range", value=str(value)[:40], min=1, max=MAX_REMINDER_MINUTES)
    c.unique([(i, v) for i, v in enumerate(reminders) if isinstance(v, int)], reminders_path, "")
    return AppointmentDefaults(start, c.integer(data, "duration_minutes", path, 15, 240),
                               c.integer(data, "weekday", path, 0, 6, nullable=True),
                               [v for v in reminders if isinstance(v, int) and not isinstance(v, bool)],
                               c.choice(data, "liberation_day", path, LIBERATION_DAY_RULES))


def read_contract(c, d, p, join):
    path = join(p, "contract")
    data = d.get("contract")
    if not c.fields(data, path, CONTRACT_FIELDS):
        return ContractTerms()
    return ContractTerms(c.integer(data, "price_cents", path, 0, MAX_PRICE_CENTS, nullable=True),
                         c.choice(data, "price_basis", path, PRICE_BASES),
                         c.integer(data, "payment_days", path, 0, MAX_PAYMENT_DAYS, nullable=True),
                         c.integer(data, "cancellation_hours", path, 0, MAX_CANCELLATION_HOURS, nullable=True),
                         c.text(data, "confidentiality", path, MAX_BODY), c.text(data, "unused_sessions", path, MAX_BODY))


def read_message_texts(c, d, p, join):
    path = join(p, "message_texts")
    texts = {}
    for kind, value in c.mapping(d, "message_texts", p, len(MESSAGE_KINDS)).items():
        kind_path = join(path, str(kind)[:40])
        if kind not in MESSAGE_KINDS:
            c.fail(kind_path, "choice", value=str(kind)[:40], options=", ".join(MESSAGE_KINDS))
        elif c.fields(value, kind_path, MESSAGE_TEXT_FIELDS):
            texts[kind] = {"subject": c.text(value, "subject", kind_path, MAX_SUBJECT),
                           "body": c.text(value, "body", kind_path, MAX_BODY)}
    return texts
