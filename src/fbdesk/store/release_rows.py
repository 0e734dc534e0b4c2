"""What the workspace keeps about releases: the release list (version, date, notes), the app
versions seen in feedback, and which metric series measure usage."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd

from fbdesk.store.frames import read_frame


def releases(conn: sqlite3.Connection) -> list[tuple[str, float, str]]:
    """(version, released as epoch seconds, notes), oldest first."""
    return [tuple(r) for r in conn.execute(
        "SELECT version, released, notes FROM release ORDER BY released, version")]  # fmt: skip


def put_releases(conn: sqlite3.Connection, rows: list[tuple[str, float, str]]) -> None:
    """Make the release list exactly ``rows``."""
    from fbdesk.store.workspace import now_iso

    conn.execute("DELETE FROM release")
    conn.executemany("INSERT INTO release(version, released, notes, added_at) VALUES (?,?,?,?)",
                     [(v, float(d), n, now_iso()) for v, d, n in rows])  # fmt: skip


def item_times(conn: sqlite3.Connection) -> pd.DataFrame:
    """Every item's id, cycle name and time (submitted, else received; NaN when undated)."""
    frame = read_frame(
        """SELECT f.id, c.name AS cycle, coalesce(f.submitted, f.received_at) AS ts,
                  f.app_version
           FROM feedback f JOIN cycle c ON c.id = f.cycle_id ORDER BY f.id""", conn)  # fmt: skip
    frame["ts"] = frame["ts"].astype(float)
    return frame


def app_versions(conn: sqlite3.Connection) -> list[tuple[str, int, float | None, float | None]]:
    """(version, items, first time seen, median time seen) of every app version in feedback."""
    rows = conn.execute(
        """SELECT app_version, coalesce(submitted, received_at) FROM feedback
           WHERE app_version IS NOT NULL AND trim(app_version) != ''""").fetchall()  # fmt: skip
    by: dict[str, list[float]] = {}
    for version, ts in rows:
        by.setdefault(str(version).strip(), []).append(np.nan if ts is None else float(ts))
    out = []
    for version, times in by.items():
        t = np.array(times)
        t = t[~np.isnan(t)]
        out.append((version, len(times), float(t.min()) if len(t) else None,
                    float(np.median(t)) if len(t) else None))  # fmt: skip
    return out


def series_kinds(conn: sqlite3.Connection) -> dict[int, str]:
    """Each metric series' kind: 'technical' or 'usage'."""
    return dict(conn.execute("SELECT id, kind FROM metric_series"))


def set_series_kind(conn: sqlite3.Connection, series_id: int, kind: str) -> None:
    conn.execute("UPDATE metric_series SET kind = ? WHERE id = ?", (kind, series_id))
