"""The settings form: every field accepted when valid, a Dutch message per wrong field, and
nothing changed when anything is wrong."""

import pytest

from traject.errors import ValidationError
from traject.model import Settings
from traject.practice import LIBERATION_DAY_RULES, PRICE_BASES, REMINDER_CHOICES
from traject.settings_form import read_settings_form, settings_form_values

GOOD = {
    "coach_name": "Carmen Koers", "practice_name": "Praktijk Koers", "practice_email": "carmen@koers.nl",
    "practice_phone": "+31 (0)6-12345678", "practice_website": "https://www.koers.nl/coaching",
    "practice_kvk": "12345678", "start_time": "09:30", "duration_minutes": "75", "weekday": "2",
    "reminder_1": "1440", "reminder_2": "60", "reminder_3": "", "liberation_day": "yearly",
    "price": "1.250,5", "price_basis": "trajectory", "payment_days": "30", "cancellation_hours": "48",
    "confidentiality": "Alles blijft tussen ons.", "unused_sessions": "Vervallen na een jaar.",
}


def test_a_full_form_is_read():
    result = read_settings_form(Settings(), GOOD)
    assert result.coach_name == "Carmen Koers" and result.practice.kvk_number == "12345678"
    assert result.practice.website == "https://www.koers.nl/coaching"
    assert (result.appointments.start_time, result.appointments.duration_minutes, result.appointments.weekday) == \
        ("09:30", 75, 2)
    assert result.appointments.reminder_minutes == [1440, 60]
    assert result.contract.price_cents == 125050 and result.contract.price_basis == "trajectory"
    assert (result.contract.payment_days, result.contract.cancellation_hours) == (30, 48)


def test_values_round_trip():
    result = read_settings_form(Settings(), GOOD)
    assert read_settings_form(Settings(), settings_form_values(result)) == result
    assert read_settings_form(Settings(), settings_form_values(Settings())) == Settings()


@pytest.mark.parametrize("name, options", [
    ("liberation_day", LIBERATION_DAY_RULES), ("price_basis", PRICE_BASES),
    ("reminder_1", ("",) + tuple(str(m) for m in REMINDER_CHOICES)), ("weekday", ("",) + tuple("0123456")),
])
def test_every_offered_choice_is_accepted(name, options):
    for option in options:
        read_settings_form(Settings(), {**GOOD, name: option, "reminder_2": "" if name == "reminder_1" else "60"})


@pytest.mark.parametrize("price, cents", [("95", 9500), ("95,5", 9550), ("95.50", 9550), ("€ 80", 8000),
                                          ("", None), ("1.000", 100000)])
def test_prices(price, cents):
    assert read_settings_form(Settings(), {**GOOD, "price": price}).contract.price_cents == cents


def test_the_same_reminder_twice_is_kept_once():
    result = read_settings_form(Settings(), {**GOOD, "reminder_1": "60", "reminder_2": "60", "reminder_3": "1440"})
    assert result.appointments.reminder_minutes == [1440, 60]


def test_empty_optional_fields_are_blank():
    values = {**GOOD, "practice_website": "", "practice_kvk": "", "payment_days": "", "cancellation_hours": "",
              "weekday": "", "reminder_1": "", "reminder_2": ""}
    result = read_settings_form(Settings(), values)
    assert result.contract.payment_days is None and result.contract.cancellation_hours is None
    assert result.appointments.weekday is None and result.appointments.reminder_minutes == []


@pytest.mark.parametrize("name, value, words", [
    ("practice_email", "carmen.koers.nl", "e-mailadres"), ("practice_phone", "12", "8 tot 15 cijfers"),
    ("practice_phone", "06-abc", "telefoonnummer"), ("practice_website", "koers", "webadres"),
    ("practice_kvk", "1234567", "8 cijfers"), ("start_time", "9.30", "UU:MM"), ("start_time", "24:00", "UU:MM"),
    ("duration_minutes", "10", "15 tot en met 240"), ("duration_minutes", "een uur", "heel getal"),
    ("weekday", "7", "0 tot en met 6"), ("reminder_3", "45", "Kies"),
    ("liberation_day", "nooit", "Kies"), ("price", "95 euro", "bedrag"), ("price", "-5", "bedrag"),
    ("price_basis", "uur", "Kies"), ("payment_days", "366", "0 tot en met 365"),
    ("cancellation_hours", "-1", "heel getal"), ("coach_name", "x" * 201, "te lang"),
])
def test_each_bad_field_gets_its_own_dutch_message_and_nothing_changes(name, value, words):
    settings = Settings(coach_name="Oud")
    before = settings_form_values(settings)
    with pytest.raises(ValidationError) as info:
        read_settings_form(settings, {**GOOD, name: value})
    (problem,) = info.value.problems
    assert problem.path == name and words in problem.message
    assert settings_form_values(settings) == before


def test_all_problems_at_once():
    with pytest.raises(ValidationError) as info:
        read_settings_form(Settings(), {**GOOD, "practice_email": "x", "start_time": "", "price": "gratis"})
    assert [p.path for p in info.value.problems] == ["practice_email", "start_time", "price"]
