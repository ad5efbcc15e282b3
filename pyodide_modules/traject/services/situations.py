"""Services: the special situations of the method (DOMAIN.md, 'Bijzondere situaties'): extend,
close early, pause and resume, no click, drop-out, another frequency."""

from datetime import date

from .. import situations as rules
from ..errors import FieldError
from ..model import Trajectory
from .clock import Clock
from .trajectories import check_frequency
from .unit_of_work import UnitOfWork

DROP_OUT_CHOICES = ("contact",) + rules.DROP_OUT_CHOICES


def _confirmed(confirmed):
    if not confirmed:
        raise FieldError("confirm", "ui.situation.error_confirm")


def _apply(uow, clock, trajectory_id, rule, *args, **kwargs):
    """Run the domain ``rule`` on the trajectory in one unit of work; returns the trajectory."""
    with uow.transaction("ui.undo.situation", clock) as tx:
        traj = tx.trajectory(trajectory_id)
        rule(traj, *args, today=clock.today(), **kwargs)
        return traj


def extend(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, extra_sessions: int | None, agreements: str,
           confirmed: bool) -> Trajectory:
    """Add sessions before the closing, with the new agreements."""
    _confirmed(confirmed)
    return _apply(uow, clock, trajectory_id, rules.extend, extra_sessions if extra_sessions is not None else 0,
                  agreements)


def close_early(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, note: str, confirmed: bool) -> Trajectory:
    """Close now because the goal was reached; the follow-up starts."""
    _confirmed(confirmed)
    return _apply(uow, clock, trajectory_id, rules.close_early, note=note)


def pause(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, note: str, confirmed: bool) -> Trajectory:
    """Pause the trajectory (planned sessions are kept, nothing is due)."""
    _confirmed(confirmed)
    return _apply(uow, clock, trajectory_id, rules.pause, note=note)


def resume(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, next_date: date, confirmed: bool) -> Trajectory:
    """Resume a paused trajectory; the pending sessions are planned from ``next_date``."""
    _confirmed(confirmed)
    return _apply(uow, clock, trajectory_id, rules.resume, next_date)


def no_click(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, referral_note: str, confirmed: bool) -> Trajectory:
    """Stop because coach and client do not click, with the referral that was given."""
    _confirmed(confirmed)
    return _apply(uow, clock, trajectory_id, rules.no_click, referral_note=referral_note)


def drop_out(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, contact_date: date, note: str, choice: str,
             next_date: date, frequency: str | None = None, frequency_days: int | None = None,
             confirmed: bool) -> Trajectory:
    """Record contact after a client dropped out, and what was agreed (DROP_OUT_CHOICES):
    only the contact, pause, continue at another frequency (then ``frequency``), or close."""
    _confirmed(confirmed)
    if choice not in DROP_OUT_CHOICES:
        raise FieldError("choice", "error.choice_field")
    if choice == "frequency":
        check_frequency(frequency, frequency_days)
    return _apply(uow, clock, trajectory_id, rules.drop_out, contact_date=contact_date, note=note,
                  choice=None if choice == "contact" else choice, next_date=next_date,
                  frequency=frequency if choice == "frequency" else None,
                  frequency_days=frequency_days if frequency == "custom" else None)


def change_frequency(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, frequency: str,
                     frequency_days: int | None, next_date: date | None, confirmed: bool) -> Trajectory:
    """Plan the pending sessions at another frequency from ``next_date``."""
    _confirmed(confirmed)
    check_frequency(frequency, frequency_days)
    return _apply(uow, clock, trajectory_id, rules.change_frequency, frequency,
                  frequency_days=frequency_days if frequency == "custom" else None, next_date=next_date)
