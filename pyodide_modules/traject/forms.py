"""Forms with their questions, the bank of 25 evaluation questions, and answer validation.

A question has an id, a kind (text, scale = whole number 1-10, checkbox = true/false) and a
Dutch label from the catalogue (``form.<form>.<question>``). A trajectory stores answers per
form id in ``traj.forms`` as FormRecord(answers={question_id: value}, updated_at).
"""

from dataclasses import dataclass
from types import MappingProxyType

from .errors import NotFoundError, ValidationError, problem
from .messages import t
from .model import FormRecord

KINDS = ("text", "scale", "checkbox")
MAX_ANSWER_CHARS = 20000
BANK_GROUPS = ("terugkijkend", "reflecterend", "borgend", "afsluitend", "feedback")
BANK_FORM_ID = "evaluation_questions"


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    questions: tuple

    def question(self, question_id):
        for question in self.questions:
            if question.id == question_id:
                return question
        return None


_FORM_QUESTIONS = {
    "intake": (
        ("coaching_question", "text"), ("background", "text"), ("expectations", "text"),
        ("desired_result", "text"), ("motivation", "scale"), ("previous_coaching", "text"),
        ("practical", "text"),
    ),
    "contract": (
        ("sessions", "checkbox"), ("payment", "checkbox"), ("cancellation", "checkbox"),
        ("confidentiality", "checkbox"),
    ),
    "midterm": (
        ("on_track", "text"), ("goal_still_relevant", "text"), ("works_well", "text"),
        ("could_improve", "text"), ("adjust_trajectory", "text"),
    ),
    "evaluation": (
        ("goal_at_start", "text"), ("goal_reached", "scale"), ("main_changes", "text"),
        ("insight", "text"), ("most_valuable", "text"), ("could_be_better", "text"),
    ),
    "borging": (
        ("main_change", "text"), ("relapse_situations", "text"), ("relapse_strategy", "text"),
        ("accountability_person", "text"), ("self_check_in_3_months", "text"),
    ),
    "afsluiting": (
        ("acknowledge_relationship", "checkbox"), ("celebrate_successes", "checkbox"),
        ("lessons_named", "checkbox"), ("door_open", "checkbox"), ("followup_agreed", "checkbox"),
        ("explicit_goodbye", "checkbox"),
    ),
    # Labels for the short check after every session (answers are stored on the session).
    "session_check": (("how_was_it", "text"), ("take_away", "text"), ("open_topics", "text")),
}

# Forms whose answers are stored in traj.forms (session_check lives on each session).
STORED_FORM_IDS = ("intake", "contract", "midterm", "evaluation", "borging", "afsluiting", BANK_FORM_ID)


def bank_question_ids(group=None):
    groups = (group,) if group else BANK_GROUPS
    return [f"{g}_{i}" for g in groups for i in range(1, 6)]


def _bank_kind(question_id):
    return "scale" if question_id == "terugkijkend_2" else "text"


def form(form_id):
    """The Form with Dutch title and labels; NotFoundError for an unknown id."""
    if form_id == BANK_FORM_ID:
        questions = tuple(Question(q, _bank_kind(q), t("bank." + q)) for q in bank_question_ids())
        return Form(form_id, t("form.evaluation_questions.title"), questions)
    if form_id not in _FORM_QUESTIONS:
        raise NotFoundError(t("word.form"), form_id)
    questions = tuple(Question(q, kind, t(f"form.{form_id}.{q}")) for q, kind in _FORM_QUESTIONS[form_id])
    return Form(form_id, t(f"form.{form_id}.title"), questions)


# question id -> kind per stored form, for validation (no Dutch labels needed)
_KINDS = {form_id: MappingProxyType(dict(questions)) for form_id, questions in _FORM_QUESTIONS.items()}
_KINDS[BANK_FORM_ID] = MappingProxyType({q: _bank_kind(q) for q in bank_question_ids()})
BANK_QUESTION_IDS = frozenset(bank_question_ids())


def question_kinds(form_id):
    """{question id: kind} of a form (read-only); KeyError for an unknown id."""
    return _KINDS[form_id]


def all_forms():
    return [form(form_id) for form_id in list(_FORM_QUESTIONS) + [BANK_FORM_ID]]


def question_bank():
    """The 25 evaluation questions as {group: [Question, ...]} in the order of the source."""
    bank = form(BANK_FORM_ID)
    return {g: [bank.question(q) for q in bank_question_ids(g)] for g in BANK_GROUPS}


def _answer_problem(kind, value):
    """(code, params) of the problem when ``value`` does not fit a question of ``kind``, else
    None (the message is only made for a problem: most answers are fine)."""
    if kind == "text":
        if not isinstance(value, str):
            return "type_string", {}
        if len(value) > MAX_ANSWER_CHARS:
            return "too_long", {"length": len(value), "max": MAX_ANSWER_CHARS}
    elif kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int):
            return "type_scale", {}
        if not 1 <= value <= 10:
            return "range", {"value": value, "min": 1, "max": 10}
    elif kind == "checkbox" and not isinstance(value, bool):
        return "type_bool", {}
    return None


def check_answers(form_id, answers, path="answers"):
    """Problems for an answers dict of a stored form (unknown questions, wrong kinds)."""
    if form_id not in STORED_FORM_IDS:
        return [problem(path, "unknown_form", value=form_id)]
    if not isinstance(answers, dict):
        return [problem(path, "not_object")]
    kinds = _KINDS[form_id]
    problems = []
    for question_id, value in answers.items():
        kind = kinds.get(question_id) if isinstance(question_id, str) else None
        if kind is None:
            problems.append(problem(f"{path}.{question_id}", "unknown_question", value=question_id))
        else:
            found = _answer_problem(kind, value)
            if found is not None:
                problems.append(problem(f"{path}.{question_id}", found[0], **found[1]))
    return problems


CLOSING_FORMS = ("evaluation", "borging", "afsluiting")


def form_editable(traj, form_id):
    """True when the form can still be changed: always while the trajectory runs; after it
    closed only the forms of the closing itself (evaluation, borging plan, afsluiting), which
    are filled in at or after the last session (DOMAIN.md, 'Afronding')."""
    return not traj.is_closed or form_id in CLOSING_FORMS


def set_form_answers(traj, form_id, answers, *, now, merge=True):
    """Store answers for one form (validated first; nothing changes when invalid).
    With ``merge`` the given answers are added to the existing ones."""
    problems = check_answers(form_id, answers, f"forms.{form_id}.answers")
    if problems:
        raise ValidationError(problems)
    existing = traj.forms.get(form_id)
    combined = dict(existing.answers) if (merge and existing) else {}
    combined.update(answers)
    traj.forms[form_id] = FormRecord(combined, now)
    return traj.forms[form_id]


def choose_evaluation_questions(traj, question_ids):
    """Store the coach's selection from the bank of 25 (order kept, duplicates refused)."""
    valid = set(bank_question_ids())
    problems = [problem(f"evaluation_questions[{i}]", "unknown_question", value=q)
                for i, q in enumerate(question_ids) if q not in valid]
    seen = set()
    for i, q in enumerate(question_ids):
        if q in seen:
            problems.append(problem(f"evaluation_questions[{i}]", "duplicate_id", value=q))
        seen.add(q)
    if problems:
        raise ValidationError(problems)
    traj.evaluation_questions = list(question_ids)
