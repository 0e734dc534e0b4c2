"""Watched folders, the files seen in them, alerts and their settings."""

from __future__ import annotations

import json
import sqlite3
import time

import pandas as pd

from fbdesk.store import settings
from fbdesk.store.frames import read_frame
from fbdesk.store.workspace import now_iso

# ------------------------------------------------------------------ inbox


def folders(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT path FROM inbox_folder ORDER BY path")]


def add_folder(conn: sqlite3.Connection, path: str) -> bool:
    before = conn.total_changes
    conn.execute("INSERT OR IGNORE INTO inbox_folder(path, added_at) VALUES (?, ?)",
                 (path, now_iso()))  # fmt: skip
    return conn.total_changes > before


def remove_folder(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("DELETE FROM inbox_folder WHERE path = ?", (path,))


def seen_files(conn: sqlite3.Connection) -> dict[str, tuple[int, float, str, str]]:
    """Per path: (size, mtime, sha256, state) when the file was last dealt with."""
    rows = conn.execute("SELECT path, size, mtime, sha256, state FROM inbox_file")
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def record_file(conn: sqlite3.Connection, path: str, size: int, mtime: float, sha256: str,
                state: str, reason: str = "", source_id: int | None = None) -> None:  # fmt: skip
    conn.execute(
        """INSERT OR REPLACE INTO inbox_file(path, size, mtime, sha256, state, reason, source_id,
               seen_at) VALUES (?,?,?,?,?,?,?,?)""",
        (path, size, mtime, sha256, state, reason, source_id, now_iso()),
    )


def imported_hashes(conn: sqlite3.Connection) -> set[str]:
    """The content hashes of every file ever imported, by hand or from a watched folder."""
    return {r[0] for r in conn.execute("SELECT sha256 FROM source")}


def waiting_files(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute(
        "SELECT path, reason, seen_at FROM inbox_file WHERE state = 'waiting' ORDER BY seen_at"
    )
    return [{"path": r[0], "reason": r[1], "seen_at": r[2]} for r in rows]


# ------------------------------------------------------------------ alerts


def alert_settings(conn: sqlite3.Connection) -> dict:
    return settings.get(conn, "alerts")


def save_alert_settings(conn: sqlite3.Connection, data: dict) -> None:
    settings.put(conn, "alerts", data)


def unalerted_urgent(conn: sqlite3.Connection, submitted_after: float) -> pd.DataFrame:
    """Items submitted (or, undated, received) after ``submitted_after`` whose label in force
    is urgent and that no alert covers yet."""
    return read_frame(
        """SELECT f.id, coalesce(lu.value, c.urgency) AS urgency, c.urgency_reason AS reason,
                  f.text, f.title, coalesce(f.submitted, f.received_at) AS ts
           FROM feedback f
           LEFT JOIN classification c ON c.item_id = f.id
           LEFT JOIN assessor_label lu ON lu.item_id = f.id AND lu.field = 'urgency'
           LEFT JOIN alerted_item a ON a.item_id = f.id
           WHERE a.item_id IS NULL AND coalesce(f.submitted, f.received_at) > ?
             AND coalesce(lu.value, c.urgency) IS NOT NULL
             AND coalesce(lu.value, c.urgency) != ''
           ORDER BY f.id""",
        conn, (submitted_after,),
    )  # fmt: skip


def add_alert(conn: sqlite3.Connection, key: str, kind: str, title: str, detail: str,
              item_ids: list[int], cover: bool = True) -> int | None:  # fmt: skip
    """Store an alert unless one with ``key`` exists; returns its id when new. With ``cover``
    its items count as alerted (an urgent item is then not alerted again)."""
    cur = conn.execute(
        """INSERT OR IGNORE INTO alert(key, kind, title, detail, item_ids, created_at)
           VALUES (?,?,?,?,?,?) RETURNING id""",
        (key, kind, title, detail, json.dumps([int(i) for i in item_ids]), time.time()),
    )
    row = cur.fetchone()
    if row is None:  # one with this key was there
        return None
    alert_id = int(row[0])
    if not cover:
        return alert_id
    conn.executemany("INSERT OR IGNORE INTO alerted_item(item_id, alert_id) VALUES (?, ?)",
                     [(int(i), alert_id) for i in item_ids])  # fmt: skip
    return alert_id


def alerts(conn: sqlite3.Connection, include_dismissed: bool = False) -> list[dict]:
    where = "" if include_dismissed else "WHERE state != 'dismissed'"
    rows = conn.execute(
        f"""SELECT id, key, kind, title, detail, item_ids, created_at, state FROM alert {where}
            ORDER BY created_at DESC, id DESC"""
    )
    return [
        {"id": r[0], "key": r[1], "kind": r[2], "title": r[3], "detail": r[4],
         "item_ids": json.loads(r[5]), "created_at": r[6], "state": r[7]}
        for r in rows
    ]  # fmt: skip


def set_alert_state(conn: sqlite3.Connection, alert_ids: list[int], state: str) -> None:
    conn.executemany("UPDATE alert SET state = ? WHERE id = ?",
                     [(state, int(i)) for i in alert_ids])  # fmt: skip


def negative_by_theme(conn: sqlite3.Connection, since: float) -> pd.DataFrame:
    """Negative items submitted after ``since``: id, time, and the themes in force."""
    return read_frame(
        """SELECT f.id, coalesce(f.submitted, f.received_at) AS ts,
                  coalesce(lt.value, c.themes) AS themes
           FROM feedback f
           JOIN classification c ON c.item_id = f.id
           LEFT JOIN assessor_label ls ON ls.item_id = f.id AND ls.field = 'sentiment'
           LEFT JOIN assessor_label lt ON lt.item_id = f.id AND lt.field = 'themes'
           WHERE coalesce(ls.value, c.sentiment_label) = 'negative'
             AND coalesce(f.submitted, f.received_at) > ?
           ORDER BY f.id""",
        conn, (since,),
    )  # fmt: skip


def latest_received(conn: sqlite3.Connection) -> float | None:
    row = conn.execute("SELECT max(received_at) FROM feedback").fetchone()
    return row[0]


def ignore_file(conn: sqlite3.Connection, path: str) -> None:
    """Stop listing a waiting file (until it changes)."""
    conn.execute("UPDATE inbox_file SET state = 'ignored' WHERE path = ?", (path,))


def file_reason(conn: sqlite3.Connection, path: str) -> str:
    """Why a file in a watched folder waits for a person ("" when it does not)."""
    row = conn.execute("SELECT reason FROM inbox_file WHERE path = ?", (path,)).fetchone()
    if row is None:
        return ""
    (reason,) = row
    return reason


def items_in_area(conn: sqlite3.Connection, area: str, start: float, end: float) -> list[int]:
    """Items of product area ``area`` (as imported, else as labelled) dated in [start, end)."""
    rows = conn.execute(
        """SELECT f.id FROM feedback f
           LEFT JOIN classification c ON c.item_id = f.id
           LEFT JOIN assessor_label la ON la.item_id = f.id AND la.field = 'area'
           WHERE lower(coalesce(nullif(f.product_area, ''), la.value, c.area)) = lower(?)
             AND coalesce(f.submitted, f.received_at) >= ?
             AND coalesce(f.submitted, f.received_at) < ?
           ORDER BY f.id""",
        (area, start, end),
    )  # fmt: skip
    return [r[0] for r in rows]
