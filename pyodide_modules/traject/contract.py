"""The coaching contract: its content built from the coach's settings and one trajectory.

The method puts the contract in the preparation (session 0), next to the intake: sessions,
payment, cancellation and confidentiality are agreed before the coaching starts. Fields the
coach has not filled in are ``None``: the printed contract shows a line to fill in by hand.
"""

from dataclasses import dataclass, field

from .drafts import long_date
from .messages import t
from .practice import format_price

BLANK = None


@dataclass
class Section:
    """One numbered article: a title, labelled rows (value None: a blank line) and paragraphs."""
    title: str
    rows: list = field(default_factory=list)  # (label, value or None)
    paragraphs: list = field(default_factory=list)


def _or_blank(value):
    value = str(value).strip() if value is not None else ""
    return value or BLANK


def _frequency(traj):
    return t("frequency." + traj.frequency, days=traj.frequency_days or "")


def _period(traj):
    dated = [s.planned_date for s in traj.regular_sessions if s.planned_date is not None]
    if not dated:
        return BLANK
    return t("contract.period_value", start=long_date(min(dated)), end=long_date(max(dated)))


def _typical_duration(traj):
    lengths = [s.duration_minutes for s in traj.regular_sessions if not s.is_closing]
    return max(set(lengths), key=lengths.count) if lengths else 60


def _price_rows(traj, terms):
    price = format_price(terms.price_cents)
    rows = [(t("contract.price_" + terms.price_basis), t("contract.euro", amount=price) if price else BLANK)]
    if terms.price_basis == "session" and terms.price_cents is not None:
        total = format_price(terms.price_cents * traj.planned_sessions)
        rows.append((t("contract.price_total", sessions=traj.planned_sessions), t("contract.euro", amount=total)))
    days = terms.payment_days
    rows.append((t("contract.payment_term"), t("contract.days", days=days) if days is not None else BLANK))
    return rows


def contract_sections(traj, settings):
    """The articles of the contract for ``traj`` as :class:`Section` objects, in order."""
    practice, terms = settings.practice, settings.contract
    closing = t("contract.closing_" + traj.closing_variant)
    hours = terms.cancellation_hours
    return [
        Section(t("contract.parties"), [
            (t("contract.coach"), _or_blank(settings.coach_name)),
            (t("contract.practice"), _or_blank(practice.name)),
            (t("contract.contact"), _or_blank(" · ".join(x for x in (practice.email, practice.phone, practice.website) if x))),
            (t("contract.kvk"), _or_blank(practice.kvk_number)),
            (t("contract.client"), _or_blank(traj.client.name)),
            (t("contract.client_contact"), _or_blank(" · ".join(x for x in (traj.client.email, traj.client.phone) if x))),
        ]),
        Section(t("contract.question"), [(t("contract.question_label"), _or_blank(traj.coaching_question))]),
        Section(t("contract.sessions"), [
            (t("contract.number"), str(traj.planned_sessions)),
            (t("contract.frequency"), _frequency(traj)),
            (t("contract.duration"), t("contract.minutes", minutes=_typical_duration(traj))),
            (t("contract.closing"), closing),
            (t("contract.period"), _period(traj)),
        ], [t("contract.sessions_text")]),
        Section(t("contract.price"), _price_rows(traj, terms)),
        Section(t("contract.cancellation"), [
            (t("contract.cancel_hours"), t("contract.hours", hours=hours) if hours is not None else BLANK),
        ], [t("contract.cancellation_text")]),
        Section(t("contract.confidentiality"), [], [terms.confidentiality or t("contract.confidentiality_text")]),
        Section(t("contract.data"), [], [t("contract.data_text")]),
        Section(t("contract.ending"), [], [t("contract.ending_text"),
                                           terms.unused_sessions or t("contract.unused_text")]),
    ]
