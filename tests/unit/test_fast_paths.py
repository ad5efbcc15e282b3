"""The import's shortcuts agree exactly with the strict code they stand in for.

``forms.question_kinds`` replaces building the Dutch form to look up a question's kind.
"""

from traject.forms import STORED_FORM_IDS, form, question_kinds


def test_question_kinds_are_those_of_the_forms():
    for form_id in STORED_FORM_IDS:
        assert dict(question_kinds(form_id)) == {q.id: q.kind for q in form(form_id).questions}
