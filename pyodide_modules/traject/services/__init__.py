"""The service layer: one function per coach action.

Every service takes the :class:`UnitOfWork` (what the app read, over the repository), a
:class:`Clock` (the coach's now; nothing here reads the wall clock) and typed arguments
(dates as ``date``, numbers as ``int``). It either stores all of its changes or none, and
raises :class:`~traject.errors.TrajectError` with Dutch text; a
:class:`~traject.errors.ValidationError` carries ``fields`` ({form field: message}) so a view
shows each message next to its field. Views only convert form text (:mod:`.inputs`), call
one service and render.

Modules: trajectories (create, client details, delete), sessions, goals (goals and scores),
homework, care (due actions, follow-up), forms, situations, templates, settings, transfer
(files, import, tab conflicts, unreadable entries).
"""

from .clock import Clock
from .unit_of_work import UnitOfWork

__all__ = ["Clock", "UnitOfWork"]
