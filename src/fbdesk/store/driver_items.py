"""What the key drivers read: every item's ratings, area and words."""

from __future__ import annotations

import sqlite3

import pandas as pd


def ratings(conn: sqlite3.Connection, cycle: int | None) -> pd.DataFrame:
    """Per item of ``cycle`` (every cycle with None): ``id``, ``csat``, ``nps`` (NaN where
    not rated), ``product_area`` as imported and ``text``."""
    where, args = ("WHERE cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    frame = pd.read_sql_query(
        f"SELECT id, csat, nps, product_area, text FROM feedback {where} ORDER BY id",
        conn, params=args,
    )  # fmt: skip
    for col in ("csat", "nps"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    return frame
