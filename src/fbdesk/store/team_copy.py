"""Copy a workspace between a file and a server, losslessly: every row of every table, checked
by a digest of every table's content on both sides.

File → server: into a database that holds no workspace yet (its tables are created) or an
empty one. Server → file: into a new file, written under a temporary name and moved into place
once it is whole. Either way the copy is one transaction: all of it or nothing.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import suppress
from pathlib import Path

from fbdesk.domain.errors import WorkspaceError
from fbdesk.domain.temporaries import sweep_stale
from fbdesk.store import dialect, server_schema
from fbdesk.store.workspace import Workspace


def digest(ws: Workspace) -> str:
    """A digest of every table's rows (the workspace's own tables, both engines alike), each
    table in the order of its key: equal digests, equal content."""
    keys = dialect.primary_keys()
    h = hashlib.sha256()
    for table in sorted(dialect.tables()):
        h.update(table.encode())
        order = ", ".join(keys[table]) or "1"
        for row in ws.conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def _rows(ws: Workspace, table: str) -> tuple[list[str], list[tuple]]:
    cursor = ws.conn.execute(f"SELECT * FROM {table}")
    return [d[0] for d in cursor.description], [tuple(r) for r in cursor.fetchall()]


def file_to_server(source: Path, address: str) -> str:
    """Copy the workspace file ``source`` into the database at ``address``; returns the digest
    both now share."""
    from fbdesk.store.server import TeamWorkspace

    with Workspace.open(source) as src, TeamWorkspace.open(address, create=True) as dst:
        held = [t for t in dialect.tables() if t != "meta"
                and dst.conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()]  # fmt: skip
        if held:
            raise WorkspaceError(
                f"The workspace on the server is not empty ({', '.join(held[:3])} hold rows); "
                "nothing was copied", "Copy into a new database", file=str(dst.path))  # fmt: skip
        with dst.transaction() as conn:
            conn.execute("DELETE FROM meta")
            cursor = conn.raw.cursor()
            for table in dialect.tables():
                names, rows = _rows(src, table)
                if not rows:
                    continue
                columns = ", ".join(names)
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            server_schema.renumber(conn)
            return _same(src, dst)  # checked before it is committed


def server_to_file(address: str, dest: Path) -> str:
    """Copy the workspace at ``address`` into the new file ``dest``; returns the digest both
    now share."""
    from fbdesk.store.server import TeamWorkspace

    dest = Path(dest)
    if dest.exists():
        raise WorkspaceError("A file of that name is there already; nothing was copied",
                             "Name a new file", file=str(dest))  # fmt: skip
    if not dest.parent.is_dir():
        raise WorkspaceError("The folder does not exist", file=str(dest))
    sweep_stale(dest.parent)
    tmp = dest.with_name(f".{dest.name}.copy-{os.getpid()}")
    try:
        with (TeamWorkspace.open(address) as src, Workspace.open(tmp, create=True) as dst,
              dst.transaction() as conn):  # fmt: skip
            conn.execute("DELETE FROM meta")
            for table in dialect.tables():
                names, rows = _rows(src, table)
                if rows:
                    marks = ",".join("?" * len(names))
                    conn.executemany(
                        f"INSERT INTO {table}({', '.join(names)}) VALUES ({marks})", rows
                    )
            same = _same(src, dst)
        os.replace(tmp, dest)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    return same


def _same(src: Workspace, dst: Workspace) -> str:
    mine, theirs = digest(src), digest(dst)
    if mine != theirs:
        raise WorkspaceError(f"The copy differs from its source (digest {theirs[:12]}, source "
                             f"{mine[:12]})", "Report this; the source was not changed",
                             file=str(dst.path))  # fmt: skip
    return mine
