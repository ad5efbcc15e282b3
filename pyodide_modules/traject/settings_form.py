"""Reading the coach's settings form: text fields in, a validated copy of ``Settings`` out.

Every problem is reported against the form field it belongs to (``Problem.path`` is the field
name) with a Dutch message, all at once; nothing is changed when any field is wrong.

Fields: ``coach_name``, ``practice_name``, ``practice_email``, ``practice_phone``,
``practice_website``, ``practice_kvk``, ``start_time`` (HH:MM), ``duration_minutes``,
``weekday`` ("" or 0-6), ``reminder_1`` .. ``reminder_3`` ("" or minutes from
``REMINDER_CHOICES``), ``liberation_day``, ``price`` (euros, "95" or "95,50"), ``price_basis``,
``payment_days``, ``cancellation_hours``, ``confidentiality``, ``unused_sessions``.
"""

import copy
import re

from .errors import Problem, ValidationError
from .messages import t
from .practice import (LIBERATION_DAY_RULES, MAX_BODY, MAX_CANCELLATION_HOURS, MAX_PAYMENT_DAYS, MAX_PRICE_CENTS,
                       MAX_REMINDERS, PRICE_BASES, REMINDER_CHOICES, parse_time)

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE = re.compile(r"\+?[0-9 ()\-]+")
_WEBSITE = re.compile(r"(https?://)?[^\s/]+\.[^\s/]+(/\S*)?", re.IGNORECASE)
_PRICE = re.compile(r"([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)([,.]([0-9]{1,2}))?")
MAX_NAME = 200


class _Form:
    def __init__(self, values):
        self.values, self.problems = values, []

    def wrong(self, name, code, **params):
        self.problems.append(Problem(name, code, t("settings.error." + code, **params)))

    def text(self, name, max_len=MAX_NAME):
        value = str(self.values.get(name, "")).strip()
        if len(value) > max_len:
            self.wrong(name, "too_long", max=max_len)
        return value

    def matching(self, name, pattern, code, max_len=MAX_NAME):
        value = self.text(name, max_len)
        if value and not pattern.fullmatch(value):
            self.wrong(name, code)
        return value

    def number(self, name, low, high, *, optional=False):
        raw = str(self.values.get(name, "")).strip()
        if not raw and optional:
            return None
        if not raw.isdigit() or not low <= int(raw) <= high:
            self.wrong(name, "number", min=low, max=high)
            return None
        return int(raw)

    def choice(self, name, options):
        value = str(self.values.get(name, ""))
        if value not in options:
            self.wrong(name, "choice")
        return value


def _price_cents(form):
    raw = str(form.values.get("price", "")).strip().replace("€", "").strip()
    if not raw:
        return None
    found = _PRICE.fullmatch(raw)
    if not found:
        form.wrong("price", "price")
        return None
    euros = int(found.group(1).replace(".", ""))
    cents = int((found.group(4) or "0").ljust(2, "0"))
    total = euros * 100 + cents
    if total > MAX_PRICE_CENTS:
        form.wrong("price", "price")
        return None
    return total


def _phone(form):
    value = form.matching("practice_phone", _PHONE, "phone", 50)
    digits = sum(ch.isdigit() for ch in value)
    if value and _PHONE.fullmatch(value) and not 8 <= digits <= 15:
        form.wrong("practice_phone", "phone")
    return value


def _reminders(form):
    chosen = []
    for i in range(1, MAX_REMINDERS + 1):
        name = f"reminder_{i}"
        raw = str(form.values.get(name, "")).strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) not in REMINDER_CHOICES:
            form.wrong(name, "choice")
        elif int(raw) not in chosen:  # the same reminder chosen twice is kept once
            chosen.append(int(raw))
    return sorted(chosen, reverse=True)


def read_settings_form(settings, values):
    """A copy of ``settings`` with the form ``values`` (a dict of strings) applied. Raises
    ValidationError whose problems name the form fields, with Dutch messages."""
    form = _Form(values)
    result = copy.deepcopy(settings)
    result.coach_name = form.text("coach_name")
    practice = result.practice
    practice.name = form.text("practice_name")
    practice.email = form.matching("practice_email", _EMAIL, "email", 254)
    practice.phone = _phone(form)
    practice.website = form.matching("practice_website", _WEBSITE, "website")
    practice.kvk_number = form.matching("practice_kvk", re.compile(r"[0-9]{8}"), "kvk", 20)
    appointments = result.appointments
    start = str(values.get("start_time", "")).strip()
    if parse_time(start) is None:
        form.wrong("start_time", "time")
    else:
        appointments.start_time = start
    appointments.duration_minutes = form.number("duration_minutes", 15, 240) or appointments.duration_minutes
    appointments.weekday = form.number("weekday", 0, 6, optional=True)
    appointments.reminder_minutes = _reminders(form)
    appointments.liberation_day = form.choice("liberation_day", LIBERATION_DAY_RULES)
    contract = result.contract
    contract.price_cents = _price_cents(form)
    contract.price_basis = form.choice("price_basis", PRICE_BASES)
    contract.payment_days = form.number("payment_days", 0, MAX_PAYMENT_DAYS, optional=True)
    contract.cancellation_hours = form.number("cancellation_hours", 0, MAX_CANCELLATION_HOURS, optional=True)
    contract.confidentiality = form.text("confidentiality", MAX_BODY)
    contract.unused_sessions = form.text("unused_sessions", MAX_BODY)
    if form.problems:
        raise ValidationError(form.problems)
    return result


def settings_form_values(settings):
    """The form values (strings) that show ``settings``; ``read_settings_form`` of these gives
    the same settings back."""
    a, c, p = settings.appointments, settings.contract, settings.practice
    reminders = list(a.reminder_minutes) + [""] * MAX_REMINDERS
    values = {
        "coach_name": settings.coach_name, "practice_name": p.name, "practice_email": p.email,
        "practice_phone": p.phone, "practice_website": p.website, "practice_kvk": p.kvk_number,
        "start_time": a.start_time, "duration_minutes": str(a.duration_minutes),
        "weekday": "" if a.weekday is None else str(a.weekday), "liberation_day": a.liberation_day,
        "price": "" if c.price_cents is None else f"{c.price_cents // 100},{c.price_cents % 100:02d}",
        "price_basis": c.price_basis, "payment_days": "" if c.payment_days is None else str(c.payment_days),
        "cancellation_hours": "" if c.cancellation_hours is None else str(c.cancellation_hours),
        "confidentiality": c.confidentiality, "unused_sessions": c.unused_sessions,
    }
    for i in range(MAX_REMINDERS):
        values[f"reminder_{i + 1}"] = str(reminders[i])
    return values
