"""What the review table shows, read with sqlite3 alone: plain columns, no pandas.

The window's first view of a workspace is this table; it is read before any of the heavy
libraries is loaded, so opening a workspace shows its feedback at once.
"""

from __future__ import annotations

import json
import sqlite3

LABEL_FIELDS = ("sentiment", "themes", "primary_theme", "area", "urgency")

# Per item the label in force: the assessor's where given, else the automatic one.
IN_FORCE = """
    coalesce(ls.value, c.sentiment_label) AS sentiment,
    coalesce(lt.value, c.themes) AS themes,
    coalesce(lp.value, c.primary_theme) AS primary_theme,
    coalesce(la.value, c.area) AS area,
    coalesce(lu.value, c.urgency) AS urgency,
    c.confidence, coalesce(c.language, '') AS language, c.item_id IS NOT NULL AS classified,
    (ls.item_id IS NOT NULL OR lt.item_id IS NOT NULL OR lp.item_id IS NOT NULL
     OR la.item_id IS NOT NULL OR lu.item_id IS NOT NULL) AS reviewed"""
IN_FORCE_JOINS = """
    LEFT JOIN classification c ON c.item_id = f.id
    LEFT JOIN assessor_label ls ON ls.item_id = f.id AND ls.field = 'sentiment'
    LEFT JOIN assessor_label lt ON lt.item_id = f.id AND lt.field = 'themes'
    LEFT JOIN assessor_label lp ON lp.item_id = f.id AND lp.field = 'primary_theme'
    LEFT JOIN assessor_label la ON la.item_id = f.id AND la.field = 'area'
    LEFT JOIN assessor_label lu ON lu.item_id = f.id AND lu.field = 'urgency'"""

REVIEW_COLUMNS = ("id", "text", "submitted", "csat", "source", "source_row", "customer_id",
                  "channel", "sentiment", "themes", "primary_theme", "area", "urgency",
                  "confidence", "reviewed", "app_version", "language")  # fmt: skip


def _columns(cursor: sqlite3.Cursor) -> dict[str, list]:
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return {name: [] for name in names}
    return {name: list(values) for name, values in zip(names, zip(*rows, strict=True),
                                                       strict=True)}  # fmt: skip


def review_rows(conn: sqlite3.Connection, cycle: int | None = None) -> dict[str, list]:
    """The review table's columns (``REVIEW_COLUMNS``), one entry per item of ``cycle`` (all
    when None) in the order of their ids, with the labels in force."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    cursor = conn.execute(
        f"""SELECT f.id, coalesce(f.title || '. ', '') || f.text AS text, f.submitted, f.csat,
                   s.file_name AS source, f.source_row, f.customer_id, f.channel,
                   {IN_FORCE}, coalesce(trim(f.app_version), '') AS app_version
            FROM feedback f JOIN source s ON s.id = f.source_id {IN_FORCE_JOINS}
            {where} ORDER BY f.id""",
        args,
    )  # fmt: skip
    columns = _columns(cursor)
    columns.pop("classified", None)
    columns["reviewed"] = [bool(v) for v in columns["reviewed"]]
    return columns


def in_force(conn: sqlite3.Connection, item_ids: list[int]) -> list[dict]:
    """The labels in force for a few items (after an edit or its undo), one dict per item."""
    if not item_ids:
        return []
    marks = ",".join("?" * len(item_ids))
    cursor = conn.execute(
        f"SELECT f.id, {IN_FORCE} FROM feedback f {IN_FORCE_JOINS} WHERE f.id IN ({marks})",
        tuple(int(i) for i in item_ids),
    )  # fmt: skip
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["reviewed"] = bool(row["reviewed"])
        row["classified"] = bool(row["classified"])
    return rows


def why(conn: sqlite3.Connection, item_id: int) -> dict | None:
    """How an item was classified (rules, phrases, learned model), and when it was received,
    classified and reviewed."""
    row = conn.execute(
        "SELECT why, method, confidence, urgency_reason FROM classification WHERE item_id = ?",
        (item_id,),
    ).fetchone()
    if not row:
        return None
    data = json.loads(row[0])
    data.update({"method": row[1], "confidence": row[2], "urgency_reason": row[3]})
    times = conn.execute(
        """SELECT f.submitted, f.received_at, f.classified_at,
                  (SELECT min(labelled_at) FROM assessor_label l WHERE l.item_id = f.id)
           FROM feedback f WHERE f.id = ?""",
        (item_id,),
    ).fetchone()
    data["submitted"], data["received_at"], data["classified_at"], data["reviewed_at"] = times
    data["assessor"] = dict(conn.execute(
        "SELECT field, value FROM assessor_label WHERE item_id = ? ORDER BY field", (item_id,)))  # fmt: skip
    return data


def saved_taxonomy(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT json FROM taxonomy ORDER BY version DESC LIMIT 1").fetchone()
    return row[0] if row else None
