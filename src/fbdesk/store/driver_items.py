"""What the key drivers read: every item's ratings, area and words."""

from __future__ import annotations

import sqlite3

import pandas as pd

from fbdesk.store import settings
from fbdesk.store.frames import read_frame

KEPT = "key_drivers"
KEPT_MOST = 4  # models of so many sets of items (an outcome, a cycle) are kept


def ratings(conn: sqlite3.Connection, cycle: int | None) -> pd.DataFrame:
    """Per item of ``cycle`` (every cycle with None): ``id``, ``csat``, ``nps`` (NaN where
    not rated), ``product_area`` as imported and ``text``."""
    where, args = ("WHERE cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    frame = read_frame(
        f"SELECT id, csat, nps, product_area, text FROM feedback {where} ORDER BY id",
        conn, args,
    )  # fmt: skip
    for col in ("csat", "nps"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    return frame


def kept_models(conn: sqlite3.Connection, digest: str) -> dict | None:
    """The key drivers' models kept for the items, ratings and themes of ``digest``."""
    value = settings.get(conn, KEPT).get(digest)
    return value if isinstance(value, dict) else None


def keep_models(conn: sqlite3.Connection, digest: str, value: dict) -> None:
    """Keep ``value`` for ``digest`` beside the newest others (``KEPT_MOST`` in all)."""
    kept = settings.get(conn, KEPT)
    order = [k for k in kept.get("order", []) if isinstance(k, str) and k != digest
             and isinstance(kept.get(k), dict)][-(KEPT_MOST - 1):]  # fmt: skip
    settings.put(conn, KEPT, {"order": [*order, digest], **{k: kept[k] for k in order},
                              digest: value})  # fmt: skip


def forget_models(conn: sqlite3.Connection) -> None:
    settings.remove(conn, KEPT)
