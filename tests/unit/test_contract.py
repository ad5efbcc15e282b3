"""The coaching contract's content (traject.contract)."""

from datetime import date

from traject.contract import BLANK, contract_sections
from traject.model import Settings
from traject.templates import default_template
from traject.trajectory import new_trajectory

NOW = "2026-03-01T10:00:00+01:00"


def make():
    return new_trajectory(default_template(), "Anna de Vries", "Meer rust in mijn werk", date(2026, 3, 17),
                          "biweekly", now=NOW, email="anna@example.org", duration_minutes=75)


def rows(sections):
    return {label: value for section in sections for label, value in section.rows}


def test_empty_settings_leave_blank_lines():
    found = rows(contract_sections(make(), Settings()))
    assert found["Coach"] is BLANK and found["Praktijk"] is BLANK and found["KvK-nummer"] is BLANK
    assert found["Tarief per sessie"] is BLANK
    assert found["Kosteloos afzeggen tot"] == "24 uur voor de afspraak"
    assert found["Cliënt"] == "Anna de Vries" and found["Waar de coaching over gaat"] == "Meer rust in mijn werk"


def test_filled_contract():
    settings = Settings(coach_name="Carmen Koers")
    settings.practice.name, settings.practice.kvk_number = "Praktijk Koers", "12345678"
    settings.contract.price_cents, settings.contract.payment_days = 9550, None
    settings.contract.confidentiality = "Eigen tekst over geheimhouding."
    sections = contract_sections(make(), settings)
    found = rows(sections)
    assert found["Tarief per sessie"] == "€ 95,50" and found["Totaal voor 8 sessies"] == "€ 764,00"
    assert found["Betalen binnen"] is BLANK
    assert found["Aantal sessies"] == "8" and found["Duur per sessie"] == "75 minuten"
    assert found["Ritme"] == "Eens per twee weken"
    assert found["Geplande periode"] == "van dinsdag 17 maart 2026 tot en met dinsdag 23 juni 2026"
    assert found["Afronding"] == "twee afsluitende sessies van 60 minuten"
    texts = [p for s in sections for p in s.paragraphs]
    assert "Eigen tekst over geheimhouding." in texts
    assert [s.title for s in sections] == ["Partijen", "Coachingvraag", "Sessies", "Kosten en betaling",
                                           "Afzeggen en verplaatsen", "Vertrouwelijkheid", "Gegevens",
                                           "Tussentijds stoppen"]


def test_price_for_the_whole_trajectory_has_no_total():
    settings = Settings()
    settings.contract.price_cents, settings.contract.price_basis = 120000, "trajectory"
    found = rows(contract_sections(make(), settings))
    assert found["Prijs voor het hele traject"] == "€ 1.200,00"
    assert not any(label.startswith("Totaal") for label in found)
