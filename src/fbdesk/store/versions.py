"""Per-item versions of a team workspace: every write of an item's labels raises its version
by one, and a write made on an older reading than the item's version is refused, with who
changed it since and what. (A workspace file has one writer at a time and keeps none.)"""

from __future__ import annotations

from fbdesk.domain.errors import FbdeskError
from fbdesk.store.workspace import now_iso

CHANNEL = "fbdesk_items"  # the items whose labels someone changed, as each change commits


class VersionConflict(FbdeskError):
    """Someone changed the item after the writer read it; nothing was written."""

    def __init__(self, item_id: int, by: str, what: str, mine: str) -> None:
        super().__init__(
            f"Item {item_id} was changed by {by or 'someone'} since you read it ({what}); your "
            f"change ({mine}) was not saved",
            "Their change is shown now; make yours again if it still holds")  # fmt: skip
        self.item_id, self.by, self.change, self.mine = item_id, by, what, mine


def claim(conn, item_id: int, seen: int | None, by: str, what: str) -> int:
    """Take the item for this transaction's write: refused (:class:`VersionConflict`) when its
    version is newer than ``seen`` (None: written whatever it holds); returns its new version.
    The row is locked until the transaction ends, so two writers of one item take turns."""
    conn.execute("INSERT OR IGNORE INTO item_version(item_id, version, changed_by, changed_at, "
                 "what) VALUES (?, 0, '', '', '')", (item_id,))  # fmt: skip
    version, changed_by, changed = conn.execute(
        "SELECT version, changed_by, what FROM item_version WHERE item_id = ? FOR UPDATE",
        (item_id,)).fetchone()  # fmt: skip
    if seen is not None and version > seen:
        raise VersionConflict(item_id, changed_by, changed, what)
    conn.execute("UPDATE item_version SET version = ?, changed_by = ?, changed_at = ?, what = ? "
                 "WHERE item_id = ?", (version + 1, by, now_iso(), what, item_id))  # fmt: skip
    # Told to every listener once the transaction commits (never if it is rolled back).
    conn.execute("SELECT pg_notify(?, ?)", (CHANNEL, str(item_id)))
    return version + 1


def of_items(conn, item_ids: list[int] | None = None) -> dict[int, int]:
    """The version of each item written at least once (an item never written is at 0)."""
    if item_ids is None:
        return dict(conn.execute("SELECT item_id, version FROM item_version").fetchall())
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    return dict(conn.execute(f"SELECT item_id, version FROM item_version WHERE item_id IN "
                             f"({marks})", tuple(int(i) for i in item_ids)).fetchall())  # fmt: skip


class Listener:
    """Told the items others change on a team workspace, as their changes commit (the server's
    LISTEN/NOTIFY), on a connection of its own."""

    def __init__(self, address: str) -> None:
        from fbdesk.store.server import connect

        self.raw = connect(address)
        self.raw.execute(f"LISTEN {CHANNEL}")

    def changed(self, timeout: float) -> list[int]:
        """The items changed since last asked, waiting up to ``timeout`` seconds for the first
        and taking those that come with it."""
        items: list[int] = []
        for note in self.raw.notifies(timeout=timeout, stop_after=1):
            items.append(int(note.payload))
        for note in self.raw.notifies(timeout=0.05):
            items.append(int(note.payload))
        return sorted(set(items))

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Watcher:
    """What a window watches on a team workspace, on a connection of its own: the items others
    change, told as each change commits (LISTEN/NOTIFY) and, every ``poll`` seconds, found by
    a cheap look at the items' versions — which is all there is where notifications do not
    come (a pooler that drops them, a LISTEN refused). A lost connection is a
    :class:`~fbdesk.domain.errors.WorkspaceError`, never a hang or a traceback."""

    def __init__(self, address: str, poll: float = 2.0) -> None:
        import psycopg

        from fbdesk.store.server import connect

        self.address, self.poll = address, poll
        self.raw = connect(address)
        try:
            self.raw.execute(f"LISTEN {CHANNEL}")
            self.listening = True
        except psycopg.Error:  # notifications refused: polling alone tells
            self.listening = False
        try:
            self._mark = self._fingerprint()
            self._known = self._versions()
        except BaseException:
            self.raw.close()
            raise
        self._polled = _clock()
        self._told = False  # a notification came since the last poll

    def _fingerprint(self) -> tuple:
        return tuple(self.raw.execute("SELECT count(*), coalesce(sum(version), 0) "
                                      "FROM item_version").fetchone())  # fmt: skip

    def _versions(self) -> dict[int, int]:
        return dict(self.raw.execute("SELECT item_id, version FROM item_version").fetchall())

    def changes(self, timeout: float) -> list[int]:
        """The items changed since last asked, waiting up to ``timeout`` seconds."""
        import psycopg

        from fbdesk.store.server import _server_error, shown

        items: set[int] = set()
        try:
            if self.listening:
                for note in self.raw.notifies(timeout=timeout, stop_after=1):
                    items.add(int(note.payload))
                for note in self.raw.notifies(timeout=0.05):
                    items.add(int(note.payload))
            else:
                import time

                time.sleep(timeout)
            self._told = self._told or bool(items)
            if _clock() - self._polled >= self.poll:
                items |= self._look()
        except psycopg.Error as exc:
            raise _server_error(exc, "", shown(self.address)) from exc
        return sorted(items)

    def _look(self) -> set[int]:
        """Every ``poll`` seconds: when the versions moved and no notification said so, the
        items whose version is not the one seen last."""
        self._polled = _clock()
        mark = self._fingerprint()
        if mark == self._mark:
            self._told = False
            return set()
        self._mark = mark
        if self._told and self.listening:  # the notifications told of it
            self._told = False
            return set()
        self._told = False
        now = self._versions()
        moved = {i for i, v in now.items() if self._known.get(i) != v}
        self._known = now
        return moved

    def close(self) -> None:
        from contextlib import suppress

        with suppress(Exception):
            self.raw.close()


def _clock() -> float:
    import time

    return time.monotonic()


def last_change(conn, item_id: int) -> tuple[str, str, str] | None:
    """Who last changed the item's labels on a team workspace, what, and when (None: nobody)."""
    row = conn.execute("SELECT changed_by, what, changed_at FROM item_version WHERE item_id = ? "
                       "AND version > 0", (item_id,)).fetchone()  # fmt: skip
    return None if row is None else (row[0], row[1], row[2])
