"""Traject: the domain of a structured coaching trajectory (pure Python, stdlib only).

Runs unchanged under CPython 3.11+ and Pyodide. All Dutch text comes from
``messages_nl.json`` via :func:`t`. Dates are ``datetime.date`` (or ``YYYY-MM-DD`` strings
where noted); timestamps ("now") are ISO strings passed in by the caller.

Public API
----------
Model (traject.model): Trajectory, Session, SessionNotes, SessionCheck, Client, Goal, Score,
    Homework, FormRecord, FollowUp, Event, Template, TemplateSession, Settings
Messages: t(key, **params), catalogue()
Templates: default_template(), short_template(), extended_template(), builtin_templates(),
    find_template(id, own_templates), make_template(name, sessions, closing_variant, template_id),
    copy_template(template, name)
Creating and adjusting: new_trajectory(template, client_name, coaching_question, start_date,
    frequency, closing_variant, *, now, ...), add_session, remove_session, update_session,
    record_session, reschedule_session, validate_trajectory(traj)
Planning rules: plan_dates, step_date, midterm_number, closing_numbers, intake_due
Progress: progress(traj) -> Progress, current_phase(traj)
Goals: add_goal, record_score, goal_progress -> GoalProgress, goals_progress
Homework: add_homework -> (homework, warning), set_homework_status, homework_warning, open_homework
Forms: form(id), all_forms(), question_bank(), set_form_answers, choose_evaluation_questions,
    check_answers
Follow-up: start_followup, set_followup_offsets, set_followup_status
Special situations: extend, close_early, pause, resume, no_click, drop_out, change_frequency
Due actions: due_actions(trajectories, today, horizon_days=None) -> [DueAction], mark_done, unmark_done
Figures: practice_figures(trajectories) -> PracticeFigures
Files: to_json(traj, exported_at), from_json(data), export_backup(trajs, templates, settings, *,
    exported_at), import_backup(data) -> Backup, load_backup_text(text), load_trajectory_text(text),
    dumps(data), CURRENT_VERSION
Storage: TrajectoryRepository, InMemoryRepository, KeyValueStore, DictStore, KeyValueRepository,
    UnreadableEntry
Errors: TrajectError, ValidationError (.problems: [Problem(path, code, message)]), DomainError,
    NotFoundError, ConflictError, CorruptEntryError
"""

from .backup import (CURRENT_VERSION, Backup, dumps, export_backup, from_json, import_backup, load_backup_text,
                     load_trajectory_text, to_json)
from .due import DueAction, due_actions, mark_done, unmark_done
from .errors import (ConflictError, CorruptEntryError, DomainError, NotFoundError, Problem, TrajectError,
                     ValidationError)
from .figures import PracticeFigures, practice_figures
from .followup import set_followup_offsets, set_followup_status, start_followup
from .forms import all_forms, check_answers, choose_evaluation_questions, form, question_bank, set_form_answers
from .goals import GoalProgress, add_goal, goal_progress, goals_progress, record_score
from .homework import add_homework, homework_warning, open_homework, set_homework_status
from .messages import catalogue, t
from .model import (Client, Event, FollowUp, FormRecord, Goal, Homework, Score, Session, SessionCheck,
                    SessionNotes, Settings, Template, TemplateSession, Trajectory)
from .planning import closing_numbers, intake_due, midterm_number, plan_dates, step_date
from .progress import Progress, current_phase, progress
from .repository import (DictStore, InMemoryRepository, KeyValueRepository, KeyValueStore, TrajectoryRepository,
                         UnreadableEntry)
from .situations import change_frequency, close_early, drop_out, extend, no_click, pause, resume
from .templates import (builtin_templates, copy_template, default_template, extended_template, find_template,
                        make_template, short_template)
from .trajectory import (add_session, new_trajectory, record_session, remove_session, reschedule_session,
                         update_session)
from .trajectory import validate as validate_trajectory

__all__ = [
    "add_goal", "add_homework", "add_session", "all_forms", "Backup", "builtin_templates", "catalogue",
    "change_frequency", "check_answers", "choose_evaluation_questions", "Client", "close_early",
    "closing_numbers", "ConflictError", "copy_template", "CorruptEntryError", "current_phase",
    "CURRENT_VERSION", "default_template", "DictStore", "DomainError", "drop_out", "due_actions", "DueAction",
    "dumps", "Event", "export_backup", "extend", "extended_template", "find_template", "FollowUp", "form",
    "FormRecord", "from_json", "Goal", "goal_progress", "GoalProgress", "goals_progress", "Homework",
    "homework_warning", "import_backup", "InMemoryRepository", "intake_due", "KeyValueRepository",
    "KeyValueStore", "load_backup_text", "load_trajectory_text", "make_template", "mark_done",
    "midterm_number", "new_trajectory", "no_click", "NotFoundError", "open_homework", "pause", "plan_dates",
    "practice_figures", "PracticeFigures", "Problem", "Progress", "progress", "question_bank", "record_score",
    "record_session", "remove_session", "reschedule_session", "resume", "Score", "Session", "SessionCheck",
    "SessionNotes", "set_followup_offsets", "set_followup_status", "set_form_answers", "set_homework_status",
    "Settings", "short_template", "start_followup", "step_date", "t", "Template", "TemplateSession",
    "to_json", "TrajectError", "Trajectory", "TrajectoryRepository", "unmark_done", "UnreadableEntry",
    "update_session", "validate_trajectory", "ValidationError",
]
