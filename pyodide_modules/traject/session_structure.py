"""The time blocks of a session, as the method gives them (DOMAIN.md, "Session structure").

- Session 1 (60 min): getting acquainted 10, discussing the intake 20, main goals 15,
  explaining the way of working 10, practical agreements 5 minutes. Session 1 is not yet deep
  coaching.
- A single 90-minute closing session: opening 5, evaluation 25, borging 25, afsluiting 20,
  buffer 15 minutes.
- Every other session: opening 5-10, kern 40-45, afsluiting 5-10 minutes.
"""

from dataclasses import dataclass

from .messages import t

FIRST_SESSION_BLOCKS = (("kennismaken", 10, 10), ("intake", 20, 20), ("doelen", 15, 15),
                        ("werkwijze", 10, 10), ("afspraken", 5, 5))
CLOSING_90_BLOCKS = (("opening", 5, 5), ("evaluatie", 25, 25), ("borging", 25, 25),
                     ("afsluiting", 20, 20), ("buffer", 15, 15))
STANDARD_BLOCKS = (("opening", 5, 10), ("kern", 40, 45), ("afsluiting", 5, 10))


@dataclass(frozen=True)
class Block:
    """One block of a session: catalogue key part, Dutch name and minutes (a range when
    ``min_minutes`` < ``max_minutes``)."""
    key: str
    name: str
    min_minutes: int
    max_minutes: int

    @property
    def minutes_text(self):
        """"10" or "5–10" (en dash), for "… minuten"."""
        if self.min_minutes == self.max_minutes:
            return str(self.min_minutes)
        return f"{self.min_minutes}–{self.max_minutes}"


def session_blocks(session):
    """The blocks of ``session`` (a Session: uses ``number`` and ``role``) in order. Session
    0 (the preparation) has no blocks: an empty list."""
    if session.number < 1:
        return []
    if session.number == 1:
        rows = FIRST_SESSION_BLOCKS
    elif session.role == "closing_single":
        rows = CLOSING_90_BLOCKS
    else:
        rows = STANDARD_BLOCKS
    return [Block(key, t("session_block." + key), low, high) for key, low, high in rows]
