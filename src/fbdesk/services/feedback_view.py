"""The feedback as the window first shows it: the review table's columns, the labels in force
of a few items, why an item got its labels, and the names of the taxonomy — all read with
sqlite3 alone, so a workspace's feedback is on screen before pandas and the rest are loaded."""

from __future__ import annotations

import json

from fbdesk.store import review_rows
from fbdesk.store.workspace import Workspace


def read_review(ws: Workspace, cycle: int | None = None) -> dict[str, list]:
    """What the review table shows: its columns, one entry per item, labels in force."""
    return review_rows.review_rows(ws.conn, cycle)


def labels_in_force(ws: Workspace, item_ids: list[int]) -> list[dict]:
    """The labels now in force for some items (after an edit, its undo, or learning)."""
    return review_rows.in_force(ws.conn, item_ids)


def explain(ws: Workspace, item_id: int) -> dict | None:
    """How ``item_id`` was classified and when it was received, classified and reviewed."""
    return review_rows.why(ws.conn, item_id)


def taxonomy_json(ws: Workspace) -> str:
    """The workspace's taxonomy (the shipped one until the assessor edits it), as JSON text."""
    saved = review_rows.saved_taxonomy(ws.conn)
    return saved if saved else default_taxonomy_json()


def default_taxonomy_json() -> str:
    from fbdesk.resources import resource_path

    return json.dumps(json.loads(resource_path("taxonomy.json").read_text(encoding="utf-8")),
                      ensure_ascii=False)  # fmt: skip


def taxonomy_choices(ws: Workspace) -> dict[str, list[tuple[str, str]]]:
    """(id, name) of the themes, areas and urgency categories, read from the taxonomy's JSON
    without building its phrase rules (no stemming, no nltk: cheap enough for the window)."""
    data = json.loads(taxonomy_json(ws))
    return {
        "themes": [(t["id"], t.get("name", t["id"])) for t in data["themes"]],
        "areas": [(a, a) for a in data.get("areas", {})],
        "urgency": [(u["id"], u.get("name", u["id"])) for u in data.get("urgency", [])],
    }
