"""A team workspace on a PostgreSQL server: set one up, and copy a workspace between a file
and a server (``store/server.py``, ``store/team_copy.py``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from fbdesk.domain.errors import FbdeskError
from fbdesk.services.edits import Labels
from fbdesk.store import server, team_copy, versions
from fbdesk.store.workspace import Workspace


def is_address(where: str) -> bool:
    """Whether ``where`` names a server (``postgresql://…``) rather than a file."""
    return server.is_address(where)


def init(address: str) -> list[str]:
    """Create the workspace's tables and the roles ``fbdesk_assessor`` and ``fbdesk_viewer``
    on the server at ``address``; returns what was done, in sentences."""
    return server.init(address)


def copy(source: str, dest: str) -> tuple[str, str]:
    """Copy a workspace from a file to a server or from a server to a new file; returns the
    direction in words and the digest of every table's content, equal on both sides."""
    if server.is_address(source) and not server.is_address(dest):
        return "server to file", team_copy.server_to_file(source, Path(dest))
    if server.is_address(dest) and not server.is_address(source):
        path = Path(source)
        if not path.is_file():
            raise FbdeskError("There is no workspace here", "Check the path", file=source)
        return "file to server", team_copy.file_to_server(path, dest)
    raise FbdeskError("Copy from a file to a server or from a server to a file",
                      "Name one workspace file and one postgresql:// address")  # fmt: skip


def item_versions(ws: Workspace, item_ids: list[int] | None = None) -> dict[int, int]:
    """The version of items a team workspace has written (the ones a label write must have
    read, ``LabelCommand.seen``); empty for a workspace file, which keeps none."""
    return versions.of_items(ws.conn, item_ids) if ws.versioned else {}


def listen(address: str) -> versions.Listener:
    """A listener told the items others change on the team workspace at ``address``, within
    moments of each change committing (``changed(timeout)``)."""
    return versions.Listener(address)


def watch(address: str, poll: float = 2.0) -> versions.Watcher:
    """What a window watches on the team workspace at ``address``: ``changes(timeout)`` gives
    the items others changed (told as they commit, and looked for every ``poll`` seconds)."""
    return versions.Watcher(address, poll)


def is_team(ws: Workspace) -> bool:
    """Whether ``ws`` is a team workspace (its items carry versions)."""
    return bool(ws.versioned)


def reconnect(ws: Workspace) -> bool:
    """Connect the workspace again after its connection was lost, where the store can;
    whether it did."""
    if not ws.versioned:
        return False
    again = getattr(ws, "reconnect", None)
    if again is not None:
        again()
        return True
    from fbdesk.store import addresses

    return addresses.connect_again(ws)


class OwnSaves:
    """The versions one window's own saves moved each item through: the window read version
    3, saved (4), saved again (5) — its second save, and the undo of both, read 3 but know
    4 and 5 as their own, so they are no conflict. Someone else's version is never taken
    for one's own. Used on the workspace's thread only."""

    def __init__(self) -> None:
        self._next: dict[tuple[int, int], int] = {}  # (item, version read) → version saved

    def latest(self, item_id: int, seen: int | None) -> int | None:
        while seen is not None and (item_id, seen) in self._next:
            seen = self._next[(item_id, seen)]
        return seen

    def saved(self, item_id: int, seen: int | None, now: int | None) -> None:
        if seen is not None and now is not None:
            self._next[(item_id, seen)] = now


@dataclass(frozen=True)
class Versioned:
    """A label edit (``edits.Labels``) on a team workspace whose versions read follow the
    window's own saves (:class:`OwnSaves`); its undo is one too."""

    edit: Labels
    own: OwnSaves

    @property
    def item_ids(self) -> tuple[int, ...]:
        return self.edit.item_ids

    def apply(self, ws: Workspace) -> Versioned:
        rebased = Labels(tuple(replace(c, seen=self.own.latest(c.item_id, c.seen))
                               for c in self.edit.changes))  # fmt: skip
        inverse = rebased.apply(ws)
        read = {c.item_id: c.seen for c in reversed(rebased.changes)}  # an item's first
        for c in inverse.changes:
            self.own.saved(c.item_id, read.get(c.item_id), c.seen)
        return Versioned(inverse, self.own)


def address_problem(address: str) -> str | None:
    """What keeps ``address`` (as typed) from naming a team workspace; None: nothing."""
    from fbdesk.store import addresses

    return addresses.problem(address)
