"""Services: create a trajectory, change its client details and coaching question, delete it."""

from datetime import date

from ..errors import FieldError, ValidationError
from ..model import CLOSING_VARIANTS, FREQUENCIES, Trajectory
from ..templates import find_template
from ..trajectory import new_trajectory
from .clock import Clock
from .unit_of_work import UnitOfWork

CUSTOM_DAYS = (1, 365)  # the custom interval in days; the file format accepts the same range


def check_frequency(frequency, frequency_days):
    """Raise FieldError unless ``frequency`` is one of model.FREQUENCIES and, for 'custom',
    ``frequency_days`` is an int in CUSTOM_DAYS (source: DOMAIN.md, 'Frequentie')."""
    if frequency not in FREQUENCIES:
        raise FieldError("frequency", "error.choice_field")
    if frequency == "custom" and (frequency_days is None or not CUSTOM_DAYS[0] <= frequency_days <= CUSTOM_DAYS[1]):
        raise FieldError("frequency_days", "error.custom_days", min=CUSTOM_DAYS[0], max=CUSTOM_DAYS[1])


def _collect(*checks):
    """Run every check, and raise one ValidationError with all their field problems."""
    problems = []
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)


def _required(value, name):
    def check():
        if not value:
            raise FieldError(name, "error.field_required")
    return check


def create_trajectory(uow: UnitOfWork, clock: Clock, *, template_id: str, client_name: str, start_date: date,
                      frequency: str, frequency_days: int | None = None, closing_variant: str | None = None,
                      coaching_question: str = "", email: str = "", phone: str = "") -> Trajectory:
    """Plan and store a new trajectory from a built-in or own template.

    ``closing_variant``: one of model.CLOSING_VARIANTS, or None for the template's own.
    Follow-up offsets come from the settings. Raises ValidationError keyed by field
    (client_name, start_date, template_id, frequency, frequency_days, closing_variant).
    """
    template = find_template(template_id, uow.templates)

    def template_known():
        if template is None:
            raise FieldError("template_id", "ui.new.error_template")

    def variant_known():
        if closing_variant is not None and closing_variant not in CLOSING_VARIANTS:
            raise FieldError("closing_variant", "error.choice_field")

    _collect(_required(client_name, "client_name"), _required(start_date, "start_date"), template_known,
             lambda: check_frequency(frequency, frequency_days), variant_known)
    with uow.transaction("ui.undo.created", clock) as tx:
        traj = new_trajectory(template, client_name, coaching_question, start_date, frequency, closing_variant,
                              now=clock.stamp(), frequency_days=frequency_days if frequency == "custom" else None,
                              email=email, phone=phone,
                              followup_mail_days=uow.settings.followup_mail_days,
                              followup_checkin_months=uow.settings.followup_checkin_months)
        return tx.add(traj)


def change_client(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, client_name: str, email: str = "",
                  phone: str = "", coaching_question: str = "") -> Trajectory:
    """Change the client's name, e-mail and phone and the coaching question (the method sharpens
    it after the intake). Raises ValidationError (client_name empty or too long)."""
    _collect(_required(client_name, "client_name"))
    with uow.transaction("ui.undo.details", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        traj.client.name, traj.client.email, traj.client.phone = client_name, email, phone
        traj.coaching_question = coaching_question
        return traj


def delete_trajectory(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, confirmed: bool) -> None:
    """Delete a trajectory for good (undo can bring it back during the visit). Raises
    FieldError('confirm') unless ``confirmed``; NotFoundError when it does not exist."""
    if not confirmed:
        raise FieldError("confirm", "ui.situation.error_confirm")
    with uow.transaction("ui.undo.deleted", clock) as tx:
        tx.remove(trajectory_id)
