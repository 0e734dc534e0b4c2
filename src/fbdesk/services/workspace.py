"""What the window asks of a workspace: open it, list its cycles and sources, say why an item
got its labels, and which labels are in force for some items."""

from __future__ import annotations

from pathlib import Path

from fbdesk.store import classification as labels
from fbdesk.store import queries
from fbdesk.store.workspace import Workspace


def open_workspace(path: Path, create: bool = False, keep_backup: bool = False) -> Workspace:
    return Workspace.open(path, create=create, keep_backup=keep_backup)


def cycles(ws: Workspace) -> list[dict]:
    return queries.cycles(ws.conn)


def sources(ws: Workspace) -> list[dict]:
    return queries.sources(ws.conn)


def explain(ws: Workspace, item_id: int) -> dict | None:
    return labels.why(ws.conn, item_id)


def labels_in_force(ws: Workspace, item_ids: list[int]):
    return labels.effective_items(ws.conn, item_ids)
