"""What learning from the assessor's labels reads and writes: the items nobody has reviewed,
the labels the models give them, and the report of how often the models were right."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from fbdesk.domain.language import NOT_SCORED
from fbdesk.store.classification import ORIGIN


@dataclass(frozen=True)
class Unreviewed:
    """An item nobody has reviewed, with what the rules gave it."""

    id: int
    title: str | None
    text: str | None
    csat: float | None
    origin: str  # the kind of export and the channel
    area_from: str | None  # how the rules found the area ("mapped column": the customer's own)
    themes: str | None
    primary_theme: str | None
    area: str | None
    scored: bool = True  # whether the rules could read its sentiment (its language)


def unreviewed(conn: sqlite3.Connection, cycle: int | None,
               only: list[int] | None) -> list[Unreviewed]:  # fmt: skip
    """The classified items nobody has reviewed, of ``cycle`` (all when None), or only those
    of ``only``."""
    cursor = conn.execute(
        f"""SELECT f.id, f.title, f.text, f.csat, {ORIGIN} AS origin,
                   json_extract(c.why, '$.area') AS area_from, c.themes, c.primary_theme, c.area,
                   c.sentiment_label != ? AS scored
            FROM feedback f JOIN classification c ON c.item_id = f.id
            WHERE NOT EXISTS (SELECT 1 FROM assessor_label l WHERE l.item_id = f.id)
              AND (CAST(? AS INTEGER) IS NULL OR f.cycle_id = ?)
              AND (CAST(? AS TEXT) IS NULL
                   OR f.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)))
            ORDER BY f.id""",
        (NOT_SCORED, cycle, cycle, *[None if only is None else json.dumps(only)] * 2),
    )  # fmt: skip
    names = [d[0] for d in cursor.description]
    return [Unreviewed(**dict(zip(names, row, strict=True))) for row in cursor]


@dataclass(frozen=True)
class Learned:
    """What the models give one item; None keeps what it has."""

    item_id: int
    sentiment: float | None
    sentiment_label: str | None
    primary_theme: str | None
    themes: str | None
    confidence: float | None
    area: str | None
    area_from: str | None
    why: str  # JSON: the labels learned and the words that weighed most


def save_learned(conn: sqlite3.Connection, rows: list[Learned]) -> None:
    """Store what was learned: each value given replaces the item's, and its reasons keep
    where its area came from and what was learned (merged here, not by the engine's JSON)."""
    if not rows:
        return
    ids = json.dumps([r.item_id for r in rows])
    reasons = dict(conn.execute("SELECT item_id, why FROM classification WHERE item_id IN "
                                "(SELECT CAST(value AS INTEGER) FROM json_each(?))", (ids,)))  # fmt: skip
    merged = []
    for r in rows:
        why = json.loads(reasons.get(r.item_id) or "{}")
        why["area"] = r.area_from if r.area_from is not None else why.get("area")
        why["learned"] = json.loads(r.why)
        merged.append((r.sentiment, r.sentiment_label, r.primary_theme, r.themes, r.confidence,
                       r.area, json.dumps(why, separators=(",", ":"), ensure_ascii=False), r.item_id))  # fmt: skip
    conn.executemany(
        """UPDATE classification SET
             sentiment = coalesce(?, sentiment),
             sentiment_label = coalesce(?, sentiment_label),
             primary_theme = coalesce(?, primary_theme),
             themes = coalesce(?, themes),
             confidence = coalesce(?, confidence),
             area = coalesce(?, area),
             why = ?,
             method = 'learned'
           WHERE item_id = ?""",
        merged,
    )


def save_model_quality(conn: sqlite3.Connection, report: dict) -> None:
    """What the assessor is told about the models' accuracy, until the next full learning."""
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('model_quality', ?)",
                 (json.dumps(report),))  # fmt: skip


def reviewed_among(conn: sqlite3.Connection, item_ids: list[int]) -> set[int]:
    """Those of ``item_ids`` the assessor has labelled."""
    rows = conn.execute("SELECT DISTINCT item_id FROM assessor_label WHERE item_id IN "
                        "(SELECT CAST(value AS INTEGER) FROM json_each(?))", (json.dumps(item_ids),))  # fmt: skip
    return {i for (i,) in rows}


def words_of(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, str]:
    """The words of ``item_ids`` (title and text), as the review table shows them."""
    rows = conn.execute("SELECT id, coalesce(title || '. ', '') || text FROM feedback WHERE id "
                        "IN (SELECT CAST(value AS INTEGER) FROM json_each(?))", (json.dumps(item_ids),))  # fmt: skip
    return dict(rows.fetchall())
