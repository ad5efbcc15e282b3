"""Unit tests of the pure-Python domain package ``traject``.

Run from the repository root: ``python -m pytest tests/unit``.
"""

import os
import sys
from datetime import date

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "pyodide_modules"))

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("traject", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "traject"))

import traject  # noqa: E402

NOW = "2026-03-01T10:00:00+01:00"


@pytest.fixture
def make_traj():
    """Factory: a new trajectory from a built-in template (default: the 8-session one)."""

    def make(template=None, start="2026-03-25", frequency="biweekly", closing_variant=None, **kwargs):
        kwargs.setdefault("now", NOW)
        return traject.new_trajectory(template or traject.default_template(), "Anna de Vries",
                                      "Meer rust in mijn werk", start, frequency, closing_variant, **kwargs)

    return make


def hold_sessions(traj, up_to, today=date(2026, 1, 1)):
    """Mark sessions 0..up_to as held."""
    for session in list(traj.sessions):
        if session.number <= up_to:
            traject.record_session(traj, session.id, "held", today=today)
