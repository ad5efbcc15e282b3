"""Two tabs saved the same trajectory: the coach chooses which version stays."""

from traject.messages import t
from traject.services import transfer


def on_keep_mine(app, data, values):
    mine, app.conflict = app.conflict, None
    if mine is None:
        return
    outcome = app.run(transfer.keep_mine, mine)
    if not outcome.ok:
        app.conflict = mine
        return
    app.flash(t("ui.conflict.kept_mine"), "info")
    app.refresh()


def on_load_theirs(app, data, values):
    mine, app.conflict = app.conflict, None
    if mine is not None:
        transfer.take_theirs(app.uow, mine.id)
    app.flash(t("ui.conflict.loaded_theirs"), "info")
    app.refresh()


def on_download_mine(app, data, values):
    if app.conflict is not None:
        app.download_file(transfer.version_file(app.clock(), app.conflict))


ACTIONS = {"conflict-mine": on_keep_mine, "conflict-theirs": on_load_theirs, "conflict-download": on_download_mine}
