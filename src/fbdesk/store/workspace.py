"""Open, create, check and copy workspace files (one SQLite database per workspace)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from fbdesk.domain.errors import DamagedWorkspace, WorkspaceError
from fbdesk.domain.temporaries import sweep_stale
from fbdesk.store import schema, structure
from fbdesk.store.copies import (  # noqa: F401 (backups, backups_dir, copy_file: read from here)
    BACKUPS_KEPT,
    SIDE_FILES,
    SUFFIX,
    _backup_due,
    _backup_to,
    backup,
    backups,
    backups_dir,
    copy_file,
    newest_sound_backup,
    sound,
)
from fbdesk.store.location import shared_place
from fbdesk.store.settings import notice

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


def location_warning(path: str | os.PathLike) -> str | None:
    """Why the workspace at ``path`` is at risk where it lives (a synced folder, a network
    share), with what to do; None on a local disk or where nothing tells."""
    where = shared_place(path)
    if where is None:
        return None
    return (
        f"{Path(path).name} is in {where}. SQLite's file locking is unreliable there: "
        "another computer, or the sync client, writing the file at the same time can "
        "damage it. Work on a local copy and put it back (Save As) when you are done"
    )


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def uri(path: Path, mode: str) -> str:
    """A SQLite URI naming exactly ``path``: ``%``, ``?``, ``#`` and spaces in a name are
    escaped, so ``Q3 #2.fbdesk`` is that file and not ``Q3 `` with a fragment."""
    posix = Path(os.path.abspath(path)).as_posix()
    if not posix.startswith("/"):  # a Windows drive path: file:///C:/...
        posix = "/" + posix
    return f"file:{quote(posix, safe='/:')}?mode={mode}"


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        uri(path, mode),
        uri=True,
        isolation_level=None,  # transactions are explicit, see Workspace.transaction
        check_same_thread=False,  # one writer at a time is the services' rule, not sqlite's
        timeout=10.0,
    )
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = DELETE")  # not WAL: files live on shares and sync folders
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: large imports touch many pages


class Workspace:
    """An open workspace file. Every change goes through :meth:`transaction`.

    ``person`` is who makes the changes (the audit trail's actor, the name beside every label,
    decision and taxonomy version): the command line's ``--as``, or the person chosen once on
    this computer; set on the class it is everyone's default, on one workspace its own."""

    person: str = ""
    versioned = False  # a file has one writer at a time; a server's items carry versions

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.read_only = read_only
        # Results read from this workspace worth keeping while it is unchanged, each keyed with
        # ``conn.total_changes``: the services' cache, which lives and ends with the workspace.
        self.memo: dict = {}
        self._depth = 0  # transactions open: one inside another is part of it

    def kept(self, key: tuple, compute):
        """What ``compute()`` gives for ``key``, computed once while the workspace writes nothing
        (any write, by anyone on this connection, makes the next question compute again)."""
        now = self.conn.total_changes
        changes, value = self.memo.get(key, (None, None))
        if changes != now:
            value = compute()
            # What was kept before a write can never be asked again: it goes now.
            self.memo = {k: v for k, v in self.memo.items() if v[0] == now}
            self.memo[key] = (self.conn.total_changes, value)
        return value

    def keep_result(self, write) -> bool:
        """Store a result worth keeping across processes (``write(conn)``, one transaction)
        that no result kept in :attr:`memo` reads, so those stay kept. False, and nothing
        stored, when the workspace is read-only, busy or inside another change."""
        from fbdesk.domain.errors import FbdeskError

        if self.read_only or self.conn.in_transaction:
            return False
        before = self.conn.total_changes
        try:
            with self.transaction() as conn:
                write(conn)
        except FbdeskError:
            return False
        after = self.conn.total_changes
        self.memo = {k: (after, v[1]) if v[0] == before else v for k, v in self.memo.items()}
        return True

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = False, keep_backup: bool = False
             ) -> Workspace:  # fmt: skip
        """Open (or create) a workspace. ``keep_backup`` (the window uses it) keeps a copy of a
        workspace that passed its checks, at most one a day, the newest three kept. A server
        address (``postgresql://host/db``) opens a team workspace (``store/server.py``)."""
        if isinstance(path, str) and path.startswith(("postgresql://", "postgres://")):
            from fbdesk.store.server import TeamWorkspace

            return TeamWorkspace.open(path, create=create)
        path = Path(path)
        if not path.exists():
            if not create:
                raise WorkspaceError(
                    "There is no workspace here", "Check the path, or create one", file=str(path)
                )
            _create(path)
        _refuse_foreign_file(path)
        try:
            conn = _connect(path, "rw")
            _configure(conn)
        except UnicodeDecodeError as exc:  # SQLite's message quotes the damaged bytes
            raise _with_backup_hint(DamagedWorkspace(
                "The workspace is damaged (its list of tables is unreadable)", _RESTORE_HINT,
                file=str(path)), path) from exc  # fmt: skip
        except sqlite3.DatabaseError as exc:
            unsafe = structure.unsafe_object(exc)
            if unsafe:  # SQLite refused to load an object calling a function: crafted
                raise WorkspaceError(_not_as_made([unsafe], None), _FOREIGN_HINT,
                                     file=str(path)) from exc  # fmt: skip
            if not isinstance(exc, sqlite3.OperationalError):  # malformed, not a database
                raise _with_backup_hint(DamagedWorkspace(
                    f"The workspace is damaged ({exc})", _RESTORE_HINT, file=str(path)),
                    path) from exc  # fmt: skip
            raise WorkspaceError(
                f"The workspace cannot be opened ({exc})",
                "Check that the folder is writable and the file not locked by another program",
                file=str(path),
            ) from exc
        ws = cls(path, conn)
        try:
            ws._validate()
            ws._migrate()
        except DamagedWorkspace as exc:
            conn.close()
            raise _with_backup_hint(exc, path) from exc
        except UnicodeDecodeError as exc:
            conn.close()
            raise _with_backup_hint(DamagedWorkspace(
                "The workspace is damaged (unreadable text in its structure)", _RESTORE_HINT,
                file=str(path)), path) from exc  # fmt: skip
        except Exception:
            conn.close()
            raise
        warning = location_warning(path)
        if warning is not None:
            notice.warning("%s", warning)
        if keep_backup and _backup_due(path):
            try:
                backup(ws)
            except WorkspaceError:
                log.warning("could not keep a backup of %s", path, exc_info=True)
        return ws

    def _validate(self) -> None:
        with _tolerant_text(self.conn):
            self._validate_file()

    def _validate_file(self) -> None:
        name = str(self.path)
        try:
            app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DamagedWorkspace(
                f"The workspace is damaged ({exc})", _RESTORE_HINT, file=name
            ) from exc
        if app_id != schema.APPLICATION_ID:
            raise WorkspaceError(
                "This is a SQLite database of another program, not an fbdesk workspace",
                "Open a .fbdesk file made by fbdesk",
                file=name,
            )
        if version > schema.SCHEMA_VERSION:
            raise WorkspaceError(
                f"The workspace was written by a newer fbdesk (schema {version}; this version "
                f"reads up to {schema.SCHEMA_VERSION})",
                "Update fbdesk to open it; the file was not changed",
                file=name,
            )
        # The structure first: SQLite's own checks may evaluate a crafted index or constraint.
        try:
            foreign = structure.differences(self.conn, version)
        except sqlite3.DatabaseError as exc:
            unsafe = structure.unsafe_object(exc)
            if unsafe:  # SQLite refused to load an object calling a function: crafted
                raise WorkspaceError(_not_as_made([unsafe], version), _FOREIGN_HINT,
                                     file=name) from exc  # fmt: skip
            raise DamagedWorkspace(
                f"The workspace is damaged ({exc})", _RESTORE_HINT, file=name
            ) from exc
        if foreign:
            raise WorkspaceError(_not_as_made(foreign, version), _FOREIGN_HINT, file=name)
        try:
            result = self.conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise DamagedWorkspace(
                f"The workspace is damaged ({exc})", _RESTORE_HINT, file=name
            ) from exc
        if result != [("ok",)]:
            raise DamagedWorkspace(
                "The workspace is damaged: " + "; ".join(r[0] for r in result[:3]),
                _RESTORE_HINT,
                file=name,
            )

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == schema.SCHEMA_VERSION:
            late = structure.late_statements(self.conn, version)
            if late:  # tables its version gained after an earlier build wrote the file
                backup(self)
                with self.transaction():
                    for statement in late:
                        self.conn.execute(statement)
            return
        if version > 0:
            backup(self)
        with self.transaction():
            for step in range(version, schema.SCHEMA_VERSION):
                for statement in _statements(schema.MIGRATIONS[step]):
                    self.conn.execute(statement)
            self.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
            self.conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_migrated_at', ?)",
                (now_iso(),),
            )
        log.info("workspace %s migrated from schema %d", self.path, version)

    # ---------------------------------------------------------------- writing

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change: all of it is committed, or (on any error) none of it. A transaction
        opened inside another is part of it (an edit made of smaller ones is still one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        if self.read_only:
            raise WorkspaceError("The workspace is open read-only", file=str(self.path))
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _write_error(exc, self.path) from exc
        self._depth = 1
        try:
            yield self.conn
        except sqlite3.OperationalError as exc:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise _write_error(exc, self.path) from exc
        except BaseException:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise WorkspaceError(
                f"The change could not be saved ({exc}); nothing was changed",
                "Check free disk space and that the folder is writable",
                file=str(self.path),
            ) from exc

    def audit(
        self, action: str, entity: str, entity_id: object, detail: dict, actor: str | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit(at, actor, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)",
            (now_iso(), actor or self.person or "assessor", action, entity, None if entity_id is None else str(entity_id),
             json.dumps(detail, ensure_ascii=False, default=str)),
        )  # fmt: skip

    # ---------------------------------------------------------------- copies and checks

    def save_as(self, dest: str | os.PathLike) -> Path:
        """Copy the workspace to ``dest`` with SQLite's backup API, atomically."""
        dest = Path(dest)
        sweep_stale(dest.parent)
        tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
        try:
            _backup_to(self.conn, tmp)
            os.replace(tmp, dest)
        except (sqlite3.Error, OSError) as exc:
            for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in SIDE_FILES)):
                with suppress(OSError):
                    leftover.unlink()
            raise WorkspaceError(
                f"The copy could not be written ({exc}); nothing was written",
                "Check free disk space and that the folder is writable",
                file=str(dest),
            ) from exc
        return dest

    def check(self) -> list[str]:
        """Problems found by a full integrity and foreign-key check; empty when healthy."""
        with _tolerant_text(self.conn):
            return self._problems()

    def _problems(self) -> list[str]:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        try:
            foreign = structure.differences(self.conn, version)
        except sqlite3.DatabaseError as exc:
            unsafe = structure.unsafe_object(exc)
            if not unsafe:
                raise
            foreign = [unsafe]
        if foreign:  # SQLite's integrity check would evaluate a crafted index: not run
            return foreign
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [p for p in problems if p != "ok"]
        for row in self.conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"row {row[1]} of {row[0]} refers to a missing {row[2]}")
        return problems

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _write_error(exc: sqlite3.OperationalError, path: Path) -> WorkspaceError:
    text = str(exc)
    if "full" in text:
        what, hint = "The disk is full", "Free some space, then try again"
    elif "readonly" in text or "read-only" in text:
        what, hint = "The workspace is read-only", "Save a copy where you can write (Save As)"
    elif "locked" in text or "busy" in text:
        what, hint = "Another program is using the workspace", "Close it there, then try again"
    else:
        what, hint = f"The workspace could not be written ({text})", "Check the disk and folder"
    return WorkspaceError(what + "; nothing was changed", hint, file=str(path))


_RESTORE_HINT = (
    "Restore it from a backup (fbdesk keeps copies beside it, in the hidden '-backups' folder)"
)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


@contextmanager
def _tolerant_text(conn: sqlite3.Connection) -> Iterator[None]:
    """While checking a possibly damaged file, text that is not UTF-8 (a scribbled page, or a
    check message quoting one) is shown with replacement characters instead of failing."""
    conn.text_factory = lambda b: b.decode("utf-8", "replace")
    try:
        yield
    finally:
        conn.text_factory = str


def _with_backup_hint(exc: DamagedWorkspace, path: Path) -> DamagedWorkspace:
    kept = newest_sound_backup(path)
    if kept is None:
        return exc
    when = dt.datetime.fromtimestamp(kept.stat().st_mtime).strftime("%d %b %Y %H:%M")
    return DamagedWorkspace(
        exc.what,
        f"A copy from {when} passed its integrity check: open a copy of it (the window offers "
        f"to; on the command line: fbdesk recover). The damaged file was not changed",
        file=exc.file,
    )


def _refuse_foreign_file(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise WorkspaceError(f"The file cannot be read ({exc})", file=str(path)) from exc
    if not head.startswith(SQLITE_MAGIC):
        raise WorkspaceError(
            "This file is not an fbdesk workspace"
            + (" (it is empty)" if not head else " (it is not a database at all)"),
            "Open a .fbdesk file made by fbdesk",
            file=str(path),
        )
    if len(head) < 100:
        raise _with_backup_hint(
            DamagedWorkspace("The workspace is truncated", _RESTORE_HINT, file=str(path)), path
        )
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != schema.APPLICATION_ID:
        raise WorkspaceError(
            "This is a SQLite database of another program, not an fbdesk workspace",
            "Open a .fbdesk file made by fbdesk",
            file=str(path),
        )


_FOREIGN_HINT = "Open it only if you trust its origin, and only after restoring its structure"


def _not_as_made(foreign: list[str], version: int | None) -> str:
    shown = "; ".join(foreign[:5]) + (f"; and {len(foreign) - 5} more" if len(foreign) > 5 else "")
    which = "its schema version" if version is None else f"schema version {version}"
    only_missing = all("missing" in f for f in foreign)
    why = ("fbdesk cannot work without them" if only_missing else "objects fbdesk did not "
           "create or changed could run code or slow down every change")  # fmt: skip
    return (f"The workspace's structure is not the one fbdesk gives {which} ({shown}); it "
            f"was not opened, because {why}")  # fmt: skip


def _create(path: Path) -> None:
    """Write a new empty workspace to a temporary name, then move it into place."""
    if not path.parent.exists():
        raise WorkspaceError("The folder does not exist", file=str(path))
    sweep_stale(path.parent)
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        conn = _connect(tmp, "rwc")
        try:
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            _configure(conn)
            conn.execute("BEGIN IMMEDIATE")
            for script in schema.MIGRATIONS:
                for statement in _statements(script):
                    conn.execute(statement)
            conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?)", (now_iso(),))
            conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.replace(tmp, path)
    except (sqlite3.Error, OSError) as exc:
        with suppress(OSError):
            tmp.unlink()
        raise WorkspaceError(
            f"The workspace could not be created ({exc})",
            "Check free disk space and that the folder is writable",
            file=str(path),
        ) from exc
