"""What the window asks of a workspace: open it, list its cycles and sources, say why an item
got its labels, and which labels are in force for some items."""

from __future__ import annotations

from pathlib import Path

from fbdesk.store import queries
from fbdesk.store.workspace import Workspace


def open_workspace(path: Path, create: bool = False, keep_backup: bool = False) -> Workspace:
    return Workspace.open(path, create=create, keep_backup=keep_backup)


def location_warning(path: Path) -> str | None:
    from fbdesk.store.workspace import location_warning as warning

    return warning(path)


def local_copy(path: Path) -> Path:
    """A copy of the workspace at ``path`` in the user's own data folder (on the local disk),
    made with SQLite's backup API; the original is not changed. Returns the copy's path."""
    import datetime as dt

    from platformdirs import user_data_dir

    folder = Path(user_data_dir("fbdesk", appauthor=False)) / "Local copies"
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / path.name
    if dest.exists():
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H%M%S")
        dest = folder / f"{path.stem} ({stamp}){path.suffix}"
    from fbdesk.store.workspace import copy_file

    copy_file(path, dest)
    try:
        Workspace.open(dest).close()  # the copy passes every check (and gets today's schema)
    except Exception:
        dest.unlink(missing_ok=True)
        raise
    return dest


def setting_notices(ws: Workspace) -> list[str]:
    """What fbdesk will do instead of what a setting edited outside it asks for (a target
    that is not a number falls back to its default…), each said once; empty when all is well."""
    import logging

    from fbdesk.services.alerts import AlertSettings
    from fbdesk.store import improvements, settings

    said: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage() not in said:
                said.append(record.getMessage())

    handler = Collect(logging.WARNING)
    settings.notice.addHandler(handler)
    try:
        for name in ("kpi_targets", "invited_counts"):
            settings.numbers(ws.conn, name)
        improvements.weights(ws.conn)
        improvements.value_weights(ws.conn)
        AlertSettings.load(ws)
    finally:
        settings.notice.removeHandler(handler)
    return said


def has_sound_backup(path: Path) -> bool:
    from fbdesk.store.workspace import newest_sound_backup

    return newest_sound_backup(path) is not None


def recover(path: Path) -> Path:
    """A copy of the newest backup of the damaged workspace at ``path`` that passes its
    integrity check, written beside it as ``NAME (recovered DATE).fbdesk``; the damaged file
    is left as it is. Returns the copy's path."""
    import datetime as dt
    import shutil

    from fbdesk.domain.errors import WorkspaceError
    from fbdesk.io.atomic import replacing
    from fbdesk.store.workspace import newest_sound_backup

    kept = newest_sound_backup(path)
    if kept is None:
        raise WorkspaceError("No sound backup of this workspace was found",
                             "Look for an older copy of the file", file=str(path))  # fmt: skip
    stamp = dt.datetime.fromtimestamp(kept.stat().st_mtime).strftime("%Y-%m-%d %H%M")
    dest = path.with_name(f"{path.stem} (recovered {stamp}){path.suffix}")
    n = 2
    while dest.exists():
        dest = path.with_name(f"{path.stem} (recovered {stamp}, {n}){path.suffix}")
        n += 1
    with replacing(dest, "The recovered copy") as tmp:
        shutil.copyfile(kept, tmp)
    Workspace.open(dest).close()  # it opens (and is brought to this version's schema)
    return dest


def cycles(ws: Workspace) -> list[dict]:
    return queries.cycles(ws.conn)


def sources(ws: Workspace) -> list[dict]:
    return queries.sources(ws.conn)
