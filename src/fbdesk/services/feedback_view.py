"""The feedback as the window first shows it: the review table's columns, the labels in force
of a few items, why an item got its labels, and the names of the taxonomy — all read with
sqlite3 alone, so a workspace's feedback is on screen before pandas and the rest are loaded."""

from __future__ import annotations

import json

from fbdesk.store import assignments, review_rows
from fbdesk.store.workspace import Workspace


def read_review(ws: Workspace, cycle: int | None = None) -> dict[str, list]:
    """What the review table shows: its columns, one entry per item, labels in force; and
    for the workspace's person, ``mine`` (the item is in their queue), ``blind`` (they code it
    blind: its labels are their own, none preset, no confidence) and ``twice`` (two others code
    it blind: its label waits for their reconciliation)."""
    seen = _versions(ws)  # read before the labels: a change in between is a conflict, not lost
    columns = review_rows.review_rows(ws.conn, cycle)
    if seen is not None:
        columns["version"] = [seen.get(i, 0) for i in columns["id"]]
    mine = set(assignments.queue(ws.conn, ws.person, cycle)) if ws.person else set()
    columns["mine"] = [i in mine for i in columns["id"]]
    _blind(ws, columns)
    return columns


def _versions(ws: Workspace, item_ids: list[int] | None = None) -> dict[int, int] | None:
    """On a team workspace, the version of each item written (what a label write must have
    read, ``LabelCommand.seen``); None for a workspace file."""
    if not ws.versioned:
        return None
    from fbdesk.store import versions

    return versions.of_items(ws.conn, item_ids)


def _blind(ws: Workspace, columns: dict[str, list]) -> None:
    """Put the person's own labels (or none) on the rows they code blind; ``blind`` says which."""
    blind = set(assignments.blind_items(ws.conn, ws.person)) if ws.person else set()
    columns["blind"] = [i in blind for i in columns["id"]]
    twice = set(assignments.blind_items(ws.conn)) - blind  # coded blind by two others
    columns["twice"] = [i in twice for i in columns["id"]]
    if not blind:
        return
    own = assignments.own_labels(ws.conn, sorted(blind), ws.person)
    for at, item in enumerate(columns["id"]):
        if item in blind:
            mine = own.get(item, {})
            for field in review_rows.LABEL_FIELDS:
                if field in columns:
                    columns[field][at] = mine.get(field)
            columns["confidence"][at] = None
            columns["reviewed"][at] = bool(mine)


def labels_in_force(ws: Workspace, item_ids: list[int]) -> list[dict]:
    """The labels now in force for some items (after an edit, its undo, or learning); on an
    item the person codes blind, their own labels."""
    seen = _versions(ws, item_ids)
    found = review_rows.in_force(ws.conn, item_ids)
    if seen is not None:
        for row in found:
            row["version"] = seen.get(row["id"], 0)
    if found and ws.person:
        columns = {key: [row[key] for row in found] for key in found[0]}
        _blind(ws, columns)
        found = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(),
                                                                          strict=True)]  # fmt: skip
    return found


def explain(ws: Workspace, item_id: int) -> dict | None:
    """How ``item_id`` was classified and when it was received, classified and reviewed; on
    an item the person codes blind, nothing of the model's labels: ``{"blind": True}``."""
    if ws.person and ws.person in assignments.coders(ws.conn, item_id):
        return {"blind": True}
    why = review_rows.why(ws.conn, item_id)
    if why is not None and ws.versioned:  # on a team workspace: who changed it last, and what
        from fbdesk.store import versions

        why["changed"] = versions.last_change(ws.conn, item_id)
    return why


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
