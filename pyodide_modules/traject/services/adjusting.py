"""Services: adjusting a running trajectory per client (issue 14) — rhythm, closing variant,
the plan of a session, the mid-term evaluation, notes after closing, reopening, the options
when a goal is reached early and a follow-up trajectory. The rules live in
:mod:`traject.adjust`; each service validates its arguments, runs one unit of work and
returns what changed."""

from datetime import date

from .. import adjust as rules
from ..errors import FieldError
from ..model import CLOSING_VARIANTS, Session, SessionCheck, SessionNotes, Trajectory
from ..templates import find_template
from .clock import Clock
from .trajectories import check_frequency
from .unit_of_work import UnitOfWork

DURATION = (10, 240)  # minutes of one session


def change_rhythm(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, frequency: str,
                  frequency_days: int | None = None, replan: bool) -> Trajectory:
    """Another frequency (or custom interval in days). ``replan``: the still-planned sessions
    get new dates in the new rhythm (the first keeps its date); otherwise all dates stay.
    Raises FieldError('frequency'/'frequency_days'), DomainError('closed')."""
    check_frequency(frequency, frequency_days)
    with uow.transaction("ui.undo.rhythm", clock) as tx:
        return rules.change_rhythm(tx.trajectory(trajectory_id), frequency, today=clock.today(),
                                   frequency_days=frequency_days if frequency == "custom" else None, replan=replan)


def change_closing_variant(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, variant: str) -> Trajectory:
    """One closing session of 90 minutes or two of 60 (DOMAIN.md, 'Closing'). Raises
    FieldError('closing_variant'), DomainError('closing_already_held'/'closed')."""
    if variant not in CLOSING_VARIANTS:
        raise FieldError("closing_variant", "error.choice_field")
    with uow.transaction("ui.undo.closing", clock) as tx:
        return rules.change_closing_variant(tx.trajectory(trajectory_id), variant, today=clock.today())


def edit_session_plan(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str, *, focus: str,
                      homework: str, duration_minutes: int | None) -> Session:
    """A session's focus, homework text and duration (10-240 minutes). Raises
    FieldError('duration_minutes'), DomainError('closed')."""
    if duration_minutes is None or not DURATION[0] <= duration_minutes <= DURATION[1]:
        raise FieldError("duration_minutes", "error.duration", min=DURATION[0], max=DURATION[1])
    with uow.transaction("ui.undo.session_plan", clock) as tx:
        return rules.edit_session_plan(tx.trajectory(trajectory_id), session_id, today=clock.today(), focus=focus,
                                       homework=homework, duration_minutes=duration_minutes)


def move_midterm(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str) -> Session:
    """Make this planned work session the mid-term evaluation. Raises DomainError."""
    with uow.transaction("ui.undo.midterm", clock) as tx:
        return rules.move_midterm(tx.trajectory(trajectory_id), session_id, today=clock.today())


def save_session_notes(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str, *, notes: SessionNotes,
                       check: SessionCheck) -> Session:
    """Save a session's notes and check without changing its status (also after closing)."""
    with uow.transaction("ui.undo.session", clock) as tx:
        return rules.edit_session_notes(tx.trajectory(trajectory_id), session_id, notes=notes, check=check,
                                        today=clock.today())


def record_session_confirmed(uow: UnitOfWork, clock: Clock, trajectory_id: str, session_id: str, *, status: str,
                             notes: SessionNotes | None = None, check: SessionCheck | None = None,
                             closing_confirmed: bool) -> Session:
    """:func:`services.sessions.record_session`, but marking the last planned session held
    (which completes the trajectory) needs ``closing_confirmed``; else
    FieldError('closing_confirmed') ("Dit rondt het traject af")."""
    from .sessions import record_session

    traj = uow.get(trajectory_id)
    if rules.completes_trajectory(traj, session_id, status) and not closing_confirmed:
        raise FieldError("closing_confirmed", "ui.carry.closing_confirm_needed")
    return record_session(uow, clock, trajectory_id, session_id, status=status, notes=notes, check=check)


def reopen(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, reason: str) -> Trajectory:
    """Reopen a closed trajectory; the reason goes into its history. Raises FieldError('reason'),
    DomainError('not_closed')."""
    if not reason:
        raise FieldError("reason", "error.field_required")
    with uow.transaction("ui.undo.reopened", clock) as tx:
        return rules.reopen(tx.trajectory(trajectory_id), reason, today=clock.today())


def goal_reached_early(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, option: str, note: str = "",
                       goal_titles: list | None = None, extra_sessions: int | None = None, agreements: str = "",
                       frequency: str = "monthly", frequency_days: int | None = None, confirmed: bool) -> Trajectory:
    """Goal reached early: ``close`` (close earlier), ``new_goals`` (add goals and sessions) or
    ``maintenance`` (a lower frequency). Raises FieldError('confirm'/'option'/'goal_titles'/
    'frequency'), ValidationError."""
    if not confirmed:
        raise FieldError("confirm", "ui.situation.error_confirm")
    if option not in rules.EARLY_OPTIONS:
        raise FieldError("option", "error.choice_field")
    if option == "new_goals" and not [t for t in (goal_titles or []) if t.strip()]:
        raise FieldError("goal_titles", "ui.carry.error_goal_titles")
    if option == "maintenance":
        check_frequency(frequency, frequency_days)
    with uow.transaction("ui.undo.situation", clock) as tx:
        return rules.goal_reached_early(tx.trajectory(trajectory_id), option, today=clock.today(), note=note,
                                        goal_titles=goal_titles or (), extra_sessions=extra_sessions or 0,
                                        agreements=agreements, frequency=frequency, frequency_days=frequency_days)


def start_follow_up(uow: UnitOfWork, clock: Clock, trajectory_id: str, *, template_id: str, start_date: date | None,
                    coaching_question: str = "") -> Trajectory:
    """A new trajectory for the same client after a closed one (client details copied, notes
    not). Raises FieldError('template_id'/'start_date'), DomainError('not_closed')."""
    template = find_template(template_id, uow.templates)
    if template is None:
        raise FieldError("template_id", "ui.new.error_template")
    if start_date is None:
        raise FieldError("start_date", "error.field_required")
    previous = uow.get(trajectory_id)
    with uow.transaction("ui.undo.created", clock) as tx:
        traj = rules.follow_up_trajectory(previous, template, start_date, coaching_question, now=clock.stamp(),
                                          today=clock.today())
        return tx.add(traj)
