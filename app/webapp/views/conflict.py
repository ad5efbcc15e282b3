"""Two tabs saved the same trajectory: the coach chooses which version stays."""

from traject.backup import dumps, to_json
from traject.errors import TrajectError
from traject.messages import t

from ..local_store import StoreWriteError

def on_keep_mine(app, data, values):
    mine, app.conflict = app.conflict, None
    if mine is None:
        return
    try:
        app.repo.save(mine, now=app.now(), force=True)
    except (StoreWriteError, TrajectError) as exc:
        app.conflict = mine
        app.flash(t("ui.save.failed", reason=str(exc)), "error")
        app.refresh(keep_form=True)
        return
    app.reload_trajectory(mine.id)
    app.flash(t("ui.conflict.kept_mine"), "info")
    app.refresh()


def on_load_theirs(app, data, values):
    mine, app.conflict = app.conflict, None
    if mine is not None:
        app.reload_trajectory(mine.id)
    app.flash(t("ui.conflict.loaded_theirs"), "info")
    app.refresh()


def on_download_mine(app, data, values):
    from ..dom import download

    if app.conflict is not None:
        mine = app.conflict
        download(f"traject-mijn-versie-{app.today().isoformat()}.json", dumps(to_json(mine, app.now())))


ACTIONS = {"conflict-mine": on_keep_mine, "conflict-theirs": on_load_theirs, "conflict-download": on_download_mine}
