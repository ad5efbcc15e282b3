"""Services: the coach's own templates (built-in ones cannot change)."""

import re

from ..errors import FieldError, NotFoundError, Problem, ValidationError
from ..messages import t
from ..model import Template, new_id
from ..templates import copy_template as copy_rows
from ..templates import find_template, make_template
from .clock import Clock
from .unit_of_work import UnitOfWork


_ROW_PATH = re.compile(r"^template\.sessions\[(\d+)\]\.(\w+)$")


def _row_problem(item):
    """A problem of row i's field x as the form's field ``row<i>_<x>``; others as they are."""
    found = _ROW_PATH.match(item.path)
    if found is None:
        return Problem("closing_variant" if item.path == "template.closing_variant" else item.path, item.code,
                       item.message)
    return Problem(f"row{found.group(1)}_{found.group(2)}", item.code, item.message)


def _own_index(templates, template_id):
    for index, template in enumerate(templates):
        if template.id == template_id:
            return index
    raise NotFoundError(t("word.template"), template_id)


def save_template(uow: UnitOfWork, clock: Clock, *, template_id: str | None, name: str, rows: list,
                  closing_variant: str) -> Template:
    """Create (``template_id`` None) or replace an own template. ``rows``: dicts with phase, role,
    focus, homework (in order; row 0 is the preparation). Raises FieldError('name') or
    ValidationError whose paths name the row's field as ``row<i>_<field>``."""
    if not name:
        raise FieldError("name", "ui.templates.error_name")
    sessions = [dict(row, number=i, duration_minutes=90 if row.get("role") == "closing_single" else 60)
                for i, row in enumerate(rows)]
    try:
        template = make_template(name, sessions, closing_variant, template_id)
    except ValidationError as exc:
        raise ValidationError([_row_problem(p) for p in exc.problems]) from None
    with uow.transaction("ui.undo.template", clock) as tx:
        own = tx.templates()
        own[:] = [tpl for tpl in own if tpl.id != template.id] + [template]
        return template


def copy_template(uow: UnitOfWork, clock: Clock, source_id: str) -> Template:
    """An own, editable copy of any template (built-in or own), named 'Kopie van …'."""
    source = find_template(source_id, uow.templates)
    if source is None:
        raise NotFoundError(t("word.template"), source_id)
    template = copy_rows(source, t("ui.templates.copy_name", name=source.name), new_id())
    with uow.transaction("ui.undo.template", clock) as tx:
        tx.templates().append(template)
        return template


def add_template(uow: UnitOfWork, clock: Clock, template: Template) -> Template:
    """Keep a template received from a colleague (link or file, already checked) as an own one."""
    with uow.transaction("ui.undo.template", clock) as tx:
        tx.templates().append(template)
        return template


def delete_template(uow: UnitOfWork, clock: Clock, template_id: str, *, confirmed: bool) -> None:
    """Delete an own template; trajectories made from it keep their sessions."""
    if not confirmed:
        raise FieldError("confirm", "ui.situation.error_confirm")
    with uow.transaction("ui.undo.template_deleted", clock) as tx:
        own = tx.templates()
        del own[_own_index(own, template_id)]
