"""What the assessment pack reads beside the figures: the names to mask, the period, the
sentiment of each theme's sentences, the quotes, and how often the automatic labels agreed with
the assessor's."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import pandas as pd

from fbdesk.store.frames import read_frame


def customer_names(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute(
        "SELECT DISTINCT customer_name FROM feedback WHERE customer_name IS NOT NULL "
        "ORDER BY customer_name")]  # fmt: skip


def customer_ids(conn: sqlite3.Connection) -> list[str]:
    return [cid for (cid,) in conn.execute(
        "SELECT DISTINCT customer_id FROM feedback WHERE customer_id IS NOT NULL "
        "ORDER BY customer_id")]  # fmt: skip


def submitted_range(
    conn: sqlite3.Connection, cycle: int | None
) -> tuple[float | None, float | None]:
    """When the first and the last item of ``cycle`` (all when None) were submitted."""
    where, args = ("WHERE cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    first, last = conn.execute(f"SELECT min(submitted), max(submitted) FROM feedback {where}",
                               args).fetchone()  # fmt: skip
    return first, last


def aspect_sentiment(conn: sqlite3.Connection, cycle: int | None) -> dict[str, float]:
    """Per theme, the mean sentiment of the sentences that mention it, kept in the
    classification's reasons, read by the engine's JSON functions and averaged here, item by
    item in their order, so that both engines add them up alike."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    sums: dict[str, list[float]] = {}
    for theme, value in conn.execute(
            f"""SELECT je.key, CAST(json_extract(je.value, '$.sentiment') AS REAL)
                FROM classification c JOIN feedback f ON f.id = c.item_id,
                     json_each(c.why, '$.themes') AS je {where}
                ORDER BY c.item_id""", args):  # fmt: skip
        total = sums.setdefault(theme, [0.0, 0])
        if value is not None:
            total[0] += value
            total[1] += 1
    return {theme: total / n if n else None for theme, (total, n) in sums.items()}


def theme_quotes(conn: sqlite3.Connection, item_ids: list[int], theme: str) -> pd.DataFrame:
    """The comments of ``item_ids`` of a readable length, with how clearly each is for or
    against ``theme`` (``text``, ``strength``)."""
    return read_frame(
        """SELECT f.text, abs(coalesce(CAST(json_extract(c.why, '$.themes.' || json_quote(?)
                                        || '.sentiment') AS REAL), c.sentiment)) AS strength
           FROM feedback f JOIN classification c ON c.item_id = f.id
           WHERE f.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))
             AND length(f.text) BETWEEN 20 AND 260 ORDER BY f.id""",
        conn, (theme, json.dumps([int(i) for i in item_ids])))  # fmt: skip


@dataclass(frozen=True)
class Agreement:
    """One label of the assessor's beside the automatic one it confirmed or corrected."""

    field: str
    assessor: str | None
    automatic: str | None


def label_agreement(conn: sqlite3.Connection) -> list[Agreement]:
    """The assessor's sentiment and primary theme labels beside the automatic ones."""
    cursor = conn.execute(
        """SELECT l.field, l.value AS assessor,
                  CASE l.field WHEN 'sentiment' THEN c.sentiment_label ELSE c.primary_theme END
                      AS automatic
           FROM assessor_label l JOIN classification c ON c.item_id = l.item_id
           WHERE l.field IN ('sentiment', 'primary_theme')""")  # fmt: skip
    names = [d[0] for d in cursor.description]
    return [Agreement(**dict(zip(names, row, strict=True))) for row in cursor]
