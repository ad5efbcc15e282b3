"""Plain data classes of the domain. Behaviour lives in the other modules.

Dates are ``datetime.date``; created/updated timestamps are ISO strings passed in by the
caller ("now"), so everything is deterministic and JSON-friendly.
"""

import os
from dataclasses import dataclass, field

from .practice import DEFAULT_START_TIME, AppointmentDefaults, ContractTerms, Practice

# Allowed values (stored as plain strings, shown in Dutch via the catalogue).
PHASES = ("voorbereiding", "start", "start_werk", "werk", "afronding")
MAIN_PHASES = ("voorbereiding", "start", "werk", "afronding")
ROLES = ("intake", "regular", "midterm", "closing_single", "closing_first", "closing_last")
CLOSING_ROLES = ("closing_single", "closing_first", "closing_last")
FREQUENCIES = ("weekly", "biweekly", "monthly", "custom")
CLOSING_VARIANTS = ("one_90", "two_60")
TRAJECTORY_STATUSES = ("active", "paused", "completed", "stopped")
END_REASONS = ("", "completed", "closed_early", "no_click", "dropped_out")
SESSION_STATUSES = ("planned", "held", "cancelled", "no_show", "moved")
PENDING_STATUSES = ("planned", "moved")
HOMEWORK_STATUSES = ("open", "done", "dropped")
SCORE_MOMENTS = ("intake", "midterm", "end", "session")
FOLLOWUP_KINDS = ("mail", "checkin")
FOLLOWUP_STATUSES = ("open", "done", "skipped")
EVENT_KINDS = (
    "created", "note", "session_recorded", "rescheduled", "session_added", "session_removed",
    "extended", "closed_early", "completed", "paused", "resumed", "no_click",
    "contact_attempt", "frequency_changed", "dropped_out", "followup_started",
    # issue 14: the history records every change
    "edited", "goal_added", "score_recorded", "homework_added", "homework_status", "form_saved",
    "answers_imported", "reopened", "goal_reached_early", "undone",
)


def new_id():
    """A random 32-character hex id (like uuid4().hex, without importing uuid)."""
    return os.urandom(16).hex()


def main_phase(phase):
    """Session 2 of the default template is 'Start/Werk'; it belongs to the Start phase."""
    return "start" if phase == "start_werk" else phase


@dataclass
class Client:
    name: str
    email: str = ""
    phone: str = ""


@dataclass
class SessionNotes:
    """Fixed structure of the session notes."""
    opening: str = ""
    kern: str = ""
    afsluiting: str = ""
    takeaway: str = ""  # wat neemt de cliënt mee


@dataclass
class SessionCheck:
    """The 2-3 minute check at the end of every session."""
    how_was_it: str = ""
    take_away: str = ""
    open_topics: str = ""


@dataclass
class Session:
    id: str
    number: int  # 0 = preparation (intake + contract); 1..n = the planned sessions
    phase: str
    role: str = "regular"
    focus: str = ""
    homework: str = ""
    duration_minutes: int = 60
    planned_date: object = None  # date; for session 0 the due date of sending the intake
    status: str = "planned"
    notes: SessionNotes = field(default_factory=SessionNotes)
    check: SessionCheck = field(default_factory=SessionCheck)
    start_time: str = DEFAULT_START_TIME  # "HH:MM" local (Europe/Amsterdam) wall-clock time

    @property
    def is_pending(self):
        return self.status in PENDING_STATUSES

    @property
    def is_midterm(self):
        return self.role == "midterm"

    @property
    def is_closing(self):
        return self.role in CLOSING_ROLES


@dataclass
class Score:
    date: object  # date
    moment: str  # intake | midterm | end | session
    value: int  # 1..10
    session_number: object = None  # int when moment == "session"


@dataclass
class Goal:
    id: str
    title: str
    specific: str = ""
    measurable: str = ""
    acceptable: str = ""
    realistic: str = ""
    time_bound: str = ""
    scores: list = field(default_factory=list)


@dataclass
class Homework:
    id: str
    text: str
    due_date: object = None  # date or None
    status: str = "open"
    session_id: object = None  # id of the session in which it was given, or None


@dataclass
class FormRecord:
    answers: dict
    updated_at: str


@dataclass
class FollowUp:
    kind: str  # mail | checkin
    due_date: object  # date
    status: str = "open"


@dataclass
class Event:
    date: object  # date
    kind: str
    note: str = ""


@dataclass
class Trajectory:
    id: str
    client: Client
    coaching_question: str
    start_date: object  # date of session 1
    frequency: str
    closing_variant: str
    created_at: str
    updated_at: str
    frequency_days: object = None  # int for "custom"
    status: str = "active"
    revision: int = 0
    planned_sessions: int = 0  # counts sessions 1..n (not session 0)
    sessions: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    homework: list = field(default_factory=list)
    forms: dict = field(default_factory=dict)  # form id -> FormRecord
    evaluation_questions: list = field(default_factory=list)  # chosen ids from the bank
    followup_mail_days: int = 7
    followup_checkin_months: int = 3
    followups: list = field(default_factory=list)
    ended_on: object = None  # date
    end_reason: str = ""
    agreements: str = ""
    referral_note: str = ""
    template_id: str = ""
    template_name: str = ""
    done_actions: list = field(default_factory=list)  # keys of due actions marked done
    events: list = field(default_factory=list)

    def session(self, session_id):
        for item in self.sessions:
            if item.id == session_id:
                return item
        return None

    def session_by_number(self, number):
        for item in self.sessions:
            if item.number == number:
                return item
        return None

    @property
    def regular_sessions(self):
        """Sessions 1..n (everything except the preparation, session 0)."""
        return [s for s in self.sessions if s.number >= 1]

    @property
    def is_closed(self):
        return self.status in ("completed", "stopped")


@dataclass
class TemplateSession:
    number: int
    phase: str
    role: str = "regular"
    focus: str = ""
    homework: str = ""
    duration_minutes: int = 60


@dataclass
class Template:
    id: str
    name: str
    closing_variant: str
    sessions: list = field(default_factory=list)
    builtin: bool = False

    @property
    def planned_sessions(self):
        return len([s for s in self.sessions if s.number >= 1])


@dataclass
class Settings:
    coach_name: str = ""
    default_template_id: str = "default8"
    default_frequency: str = "biweekly"
    default_closing_variant: str = "two_60"
    followup_mail_days: int = 7
    followup_checkin_months: int = 3
    ui: dict = field(default_factory=dict)  # free key -> str/int/bool/None, for the app
    practice: Practice = field(default_factory=Practice)
    appointments: AppointmentDefaults = field(default_factory=AppointmentDefaults)
    contract: ContractTerms = field(default_factory=ContractTerms)
    message_texts: dict = field(default_factory=dict)  # message kind -> {"subject": str, "body": str}
