"""Copies of a workspace file: kept backups (the newest few, each checked), copies made with
SQLite's backup API, and the half-written copies a killed fbdesk left behind."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from fbdesk.domain.errors import WorkspaceError
from fbdesk.store import schema

if TYPE_CHECKING:
    from fbdesk.store.workspace import Workspace

SUFFIX = ".fbdesk"
BACKUPS_KEPT = 3


# Files SQLite writes beside a database while it changes it.
SIDE_FILES = ("-journal", "-wal", "-shm")


def backups(path: str | os.PathLike) -> list[Path]:
    """The kept copies of the workspace at ``path``, newest first."""
    path = Path(path)
    folder = backups_dir(path)
    if not folder.is_dir():
        return []
    # Not a glob pattern: a name may hold '[', '*' or '?'.
    return sorted((p for p in folder.iterdir()
                   if p.name.startswith(f"{path.stem}-") and p.name.endswith(SUFFIX)),
                  reverse=True)  # fmt: skip


def sound(path: Path) -> bool:
    """Whether a file opens as a workspace and passes SQLite's integrity check (read only)."""
    try:
        from fbdesk.store.workspace import uri

        conn = sqlite3.connect(uri(path, "ro"), uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            app = conn.execute("PRAGMA application_id").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return ok and app == schema.APPLICATION_ID


def newest_sound_backup(path: str | os.PathLike) -> Path | None:
    return next((b for b in backups(path) if sound(b)), None)

def copy_file(path: Path, dest: Path) -> Path:
    """Copy the workspace file at ``path`` to ``dest`` with SQLite's backup API through a
    read-only connection: the original is not changed (not even migrated). Written to a
    temporary name, then renamed."""
    from fbdesk.store.workspace import _connect

    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    try:
        source = _connect(path, "ro")
        try:
            _backup_to(source, tmp)
        finally:
            source.close()
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in SIDE_FILES)):
            with suppress(OSError):
                leftover.unlink()
        raise WorkspaceError(f"The copy could not be written ({exc}); nothing was written",
                             "Check free disk space and that the folder is writable",
                             file=str(dest)) from exc  # fmt: skip
    return dest


def _backup_to(conn: sqlite3.Connection, dest: Path) -> None:
    target = sqlite3.connect(dest)
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    with open(dest, "rb+") as fh:
        os.fsync(fh.fileno())


def backups_dir(path: Path) -> Path:
    return path.with_name(f".{path.name}-backups")


def _backup_due(path: Path, every: float = 86_400.0) -> bool:
    kept = sorted(backups_dir(path).glob(f"*{SUFFIX}"))
    return not kept or time.time() - kept[-1].stat().st_mtime > every


def backup(ws: Workspace) -> Path:
    """Keep a known-good copy beside the workspace; only the newest few are kept."""
    folder = backups_dir(ws.path)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    dest = folder / f"{ws.path.stem}-{stamp}{SUFFIX}"
    ws.save_as(dest)
    if not sound(dest):  # a copy that fails its own check is no backup: older ones stay
        with suppress(OSError):
            dest.unlink()
        raise WorkspaceError("The backup copy failed its integrity check and was removed",
                             "Check the disk", file=str(dest))  # fmt: skip
    for old in sorted(folder.glob(f"*{SUFFIX}"))[:-BACKUPS_KEPT]:
        with suppress(OSError):
            old.unlink()
    return dest
