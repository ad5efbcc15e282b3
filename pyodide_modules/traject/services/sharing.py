"""Service: a form link for the client (signed with the coach's secret)."""

from dataclasses import dataclass

from .. import share
from .clock import Clock
from .settings import ensure_link_secret
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class FormLink:
    """A client form link: the URL to send, the first name it greets and whether it is protected."""
    trajectory_id: str
    form_id: str
    url: str
    name: str
    protected: bool


def make_form_link(uow: UnitOfWork, clock: Clock, trajectory_id: str, form_id: str, *, app_url: str, name: str,
                   question_ids: list, protected: bool) -> FormLink:
    """A link to ``form_id`` for the client of ``trajectory_id`` with the chosen questions; the
    signing secret is made (and stored) on first use. Raises TrajectError (share.py) for a
    name or question choice the client page could not show."""
    traj = uow.get(trajectory_id)
    secret = ensure_link_secret(uow, clock)
    payload = share.form_link_payload(traj.id, form_id, name, question_ids, secret, protected=protected)
    return FormLink(traj.id, form_id, share.form_link(app_url, payload), payload["name"], payload["p"] == 1)
