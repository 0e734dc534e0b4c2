"""Review queues and blind double coding: which assessor has which item, and each coder's own
labels of an item two people code blind.

A double-coded item has two ``queue_item`` rows with ``double = 1``. Until it is reconciled —
until it has a label in force (``assessor_label``) — its coders' labels live in
``coder_label`` only, so neither the labels in force nor learning read them: the item keeps
the model's labels.
"""

from __future__ import annotations

import sqlite3
import time

from fbdesk.store.review_rows import LABEL_FIELDS

# Items coded blind by two people and not reconciled yet.
BLIND = """q.double = 1
           AND NOT EXISTS (SELECT 1 FROM assessor_label l WHERE l.item_id = q.item_id)"""


def to_split(conn: sqlite3.Connection, cycle: int | None) -> list[tuple[int, str, str]]:
    """The items of ``cycle`` (all when None) nobody has reviewed nor has in a queue, each with
    its primary theme in force and its source's file name: (item_id, theme, source)."""
    where, args = ("AND f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    rows = conn.execute(
        f"""SELECT f.id, coalesce(c.primary_theme, ''), s.file_name
            FROM feedback f JOIN source s ON s.id = f.source_id
            LEFT JOIN classification c ON c.item_id = f.id
            WHERE NOT EXISTS (SELECT 1 FROM assessor_label x WHERE x.item_id = f.id)
              AND NOT EXISTS (SELECT 1 FROM queue_item q WHERE q.item_id = f.id) {where}
            ORDER BY f.id""",
        args,
    )  # fmt: skip
    return [(int(i), str(t), str(s)) for i, t, s in rows]


def assign(conn: sqlite3.Connection, rows: list[tuple[int, str, bool]], by: str) -> None:
    """Put items in queues: (item_id, person, double-coded)."""
    from fbdesk.store.workspace import now_iso

    at = now_iso()
    conn.executemany(
        "INSERT OR REPLACE INTO queue_item(item_id, person, double, assigned_at, assigned_by) "
        "VALUES (?, ?, ?, ?, ?)",
        [(int(i), p, int(bool(d)), at, by) for i, p, d in rows],
    )


def unassign(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    conn.executemany("DELETE FROM queue_item WHERE item_id = ? AND person = ?",
                     [(int(i), p) for i, p in rows])  # fmt: skip


def queue(conn: sqlite3.Connection, person: str, cycle: int | None = None) -> list[int]:
    """The items in ``person``'s queue (of ``cycle``; all when None)."""
    where, args = ("AND f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    rows = conn.execute(
        f"""SELECT q.item_id FROM queue_item q JOIN feedback f ON f.id = q.item_id
            WHERE q.person = ? {where} ORDER BY q.item_id""",
        (person, *args),
    )  # fmt: skip
    return [i for (i,) in rows]


def coders(conn: sqlite3.Connection, item_id: int) -> tuple[str, ...]:
    """The people coding ``item_id`` blind while it is not reconciled (none otherwise)."""
    rows = conn.execute(f"SELECT q.person FROM queue_item q WHERE q.item_id = ? AND {BLIND} "
                        "ORDER BY q.person", (item_id,))  # fmt: skip
    return tuple(p for (p,) in rows)


def blind_items(conn: sqlite3.Connection, person: str | None = None) -> list[int]:
    """Items coded blind and not reconciled (those ``person`` codes, when given)."""
    rows = conn.execute(f"""SELECT DISTINCT q.item_id FROM queue_item q
                            WHERE {BLIND} AND (CAST(? AS TEXT) IS NULL OR q.person = ?) ORDER BY q.item_id""",
                        (person, person))  # fmt: skip
    return [i for (i,) in rows]


def coder_label(conn: sqlite3.Connection, item_id: int, person: str,
                field: str) -> tuple[str | None, float, str] | None:  # fmt: skip
    """``person``'s own label of ``field`` of a double-coded item, when it was set and by whom
    (the coder), or None."""
    row = conn.execute("SELECT value, labelled_at, person FROM coder_label WHERE item_id = ? "
                       "AND person = ? AND field = ?", (item_id, person, field)).fetchone()  # fmt: skip
    return None if row is None else (row[0], row[1], row[2])


def set_coder_label(conn: sqlite3.Connection, item_id: int, person: str, field: str,
                    value: str | None, at: float | None = None) -> None:  # fmt: skip
    if field not in LABEL_FIELDS:
        raise ValueError(f"unknown label field {field!r}")
    if value is None:
        conn.execute("DELETE FROM coder_label WHERE item_id = ? AND person = ? AND field = ?",
                     (item_id, person, field))  # fmt: skip
        return
    conn.execute("INSERT OR REPLACE INTO coder_label(item_id, person, field, value, labelled_at) "
                 "VALUES (?, ?, ?, ?, ?)",
                 (item_id, person, field, value, time.time() if at is None else at))  # fmt: skip


def own_labels(conn: sqlite3.Connection, item_ids: list[int], person: str) -> dict[int, dict]:
    """``person``'s own labels of double-coded items: item → {field: value}."""
    out: dict[int, dict] = {}
    if not item_ids:
        return out
    marks = ",".join("?" * len(item_ids))
    for item, field, value in conn.execute(
            f"SELECT item_id, field, value FROM coder_label WHERE person = ? "
            f"AND item_id IN ({marks})", (person, *[int(i) for i in item_ids])):  # fmt: skip
        out.setdefault(item, {})[field] = value
    return out


def double_coded(conn: sqlite3.Connection, cycle: int | None) -> list[tuple]:
    """Every double-coded item of ``cycle`` (all when None), one row per item and coder and
    field the coder set: (item_id, person, field, value, model's value, reconciled)."""
    where, args = ("AND f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    return conn.execute(
        f"""SELECT q.item_id, q.person, cl.field, cl.value,
                   CASE cl.field WHEN 'sentiment' THEN c.sentiment_label
                                 WHEN 'themes' THEN c.themes
                                 WHEN 'primary_theme' THEN c.primary_theme
                                 WHEN 'area' THEN c.area ELSE c.urgency END,
                   EXISTS (SELECT 1 FROM assessor_label l WHERE l.item_id = q.item_id)
            FROM queue_item q JOIN feedback f ON f.id = q.item_id
            JOIN coder_label cl ON cl.item_id = q.item_id AND cl.person = q.person
            LEFT JOIN classification c ON c.item_id = q.item_id
            WHERE q.double = 1 {where} ORDER BY q.item_id, q.person, cl.field""",
        args,
    ).fetchall()  # fmt: skip


def progress(conn: sqlite3.Connection, cycle: int | None) -> list[tuple[str, int, int, int]]:
    """Per person with a queue: (person, items assigned, items done, of them coded blind).
    A single-coded item is done once it has a label in force, a double-coded one once the
    person labelled it (or it was reconciled)."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    rows = conn.execute(
        f"""SELECT q.person, count(*),
                   sum(CASE WHEN EXISTS (SELECT 1 FROM assessor_label l
                                         WHERE l.item_id = q.item_id)
                         OR (q.double = 1 AND EXISTS (SELECT 1 FROM coder_label cl
                             WHERE cl.item_id = q.item_id AND cl.person = q.person))
                       THEN 1 ELSE 0 END),
                   sum(q.double)
            FROM queue_item q JOIN feedback f ON f.id = q.item_id {where}
            GROUP BY q.person ORDER BY q.person""",
        args,
    )  # fmt: skip
    return [(p, int(n), int(d or 0), int(b or 0)) for p, n, d, b in rows]


def people(conn: sqlite3.Connection) -> list[str]:
    """Everyone the workspace names: with a queue, or who made a label."""
    rows = conn.execute("""SELECT person FROM queue_item UNION SELECT labelled_by
                           FROM assessor_label WHERE labelled_by != '' ORDER BY 1""")  # fmt: skip
    return [p for (p,) in rows]


def texts(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, str]:
    """The words of some items (title and text)."""
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    return dict(conn.execute(f"SELECT id, coalesce(title || '. ', '') || text FROM feedback "
                             f"WHERE id IN ({marks})", [int(i) for i in item_ids]))  # fmt: skip
