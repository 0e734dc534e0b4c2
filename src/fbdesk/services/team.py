"""A team workspace on a PostgreSQL server: set one up, and copy a workspace between a file
and a server (``store/server.py``, ``store/team_copy.py``)."""

from __future__ import annotations

from pathlib import Path

from fbdesk.domain.errors import FbdeskError
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
