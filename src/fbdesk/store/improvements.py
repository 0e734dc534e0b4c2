"""Improvements, the decisions on them, who was told, and the scoring weights."""

from __future__ import annotations

import sqlite3

import pandas as pd

from fbdesk.store import dialect, settings
from fbdesk.store.frames import read_frame

DECISION_FIELDS = ("title", "effort", "confidence", "status", "decision", "owner",
                   "target_date", "shipped_at", "kind", "kind_reason", "recommendation",
                   "recommendation_reviewed")  # fmt: skip


def items(conn: sqlite3.Connection, cycle: int | None) -> pd.DataFrame:
    """Items with what scoring and closing the loop need; labels are joined by the caller."""
    where, args = ("WHERE cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    frame = read_frame(
        f"""SELECT id, cycle_id, coalesce(submitted, received_at) AS ts, text, csat,
                   coalesce(customer_id, lower(customer_email), external_id, 'item ' || id)
                       AS customer,
                   customer_id, customer_email, customer_name, arr, product_area, segment, plan,
                   app_version
            FROM feedback {where} ORDER BY id""",
        conn, args,
    )  # fmt: skip
    for col in ("ts", "csat", "arr"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    return frame


def improvements(conn: sqlite3.Connection) -> pd.DataFrame:
    return read_frame(f"SELECT key, {', '.join(DECISION_FIELDS)} FROM improvement ORDER BY key",
                      conn)  # fmt: skip


def save_improvement(conn: sqlite3.Connection, key: str, values: dict, by: str = "") -> dict:
    """Insert or update one improvement's fields (by the person ``by``); returns the previous
    values ({} if new)."""
    from fbdesk.store.workspace import now_iso

    row = conn.execute(f"SELECT {', '.join(DECISION_FIELDS)} FROM improvement WHERE key = ?",
                       (key,)).fetchone()  # fmt: skip
    before = dict(zip(DECISION_FIELDS, row, strict=True)) if row else {}
    merged = {**before, **values}
    merged.setdefault("title", key)
    cols = [f for f in DECISION_FIELDS if f in merged]
    conn.execute(
        f"""INSERT INTO improvement(key, {", ".join(cols)}, updated_at, updated_by)
            VALUES (?, {", ".join("?" * len(cols))}, ?, ?)
            ON CONFLICT(key) DO UPDATE SET {", ".join(f"{c} = excluded.{c}" for c in cols)},
                updated_at = excluded.updated_at, updated_by = excluded.updated_by""",
        (key, *[merged[c] for c in cols], now_iso(), by),
    )
    return before


def notified(conn: sqlite3.Connection) -> pd.DataFrame:
    return read_frame("SELECT improvement_key, customer, notified_at FROM notified "
                      "ORDER BY improvement_key, customer", conn)  # fmt: skip


def mark_notified(conn: sqlite3.Connection, key: str, customers: list[str]) -> int:
    from fbdesk.store.workspace import now_iso

    before = conn.total_changes
    conn.executemany("INSERT OR IGNORE INTO notified(improvement_key, customer, notified_at) "
                     "VALUES (?,?,?)", [(key, c, now_iso()) for c in customers])  # fmt: skip
    return conn.total_changes - before


def weights(conn: sqlite3.Connection) -> dict:
    return settings.numbers(conn, "score_weights")


def save_weights(conn: sqlite3.Connection, data: dict) -> None:
    settings.put(conn, "score_weights", data)


def value_weights(conn: sqlite3.Connection) -> dict:
    """``{"segment": {name: weight}, "plan": {…}}``, each weight a positive number."""
    raw = settings.get(conn, "value_weights")
    out: dict[str, dict[str, float]] = {}
    for column in ("segment", "plan"):
        table = raw.get(column, {})
        table = table if isinstance(table, dict) else {}
        values = {str(k): settings.number(v) for k, v in table.items()}
        if any(v is None or v <= 0 for v in values.values()) or not isinstance(
                raw.get(column, {}), dict):  # fmt: skip
            settings.notice.warning(
                "The workspace setting 'value_weights' holds %s weights "
                "that are not positive numbers; 1 is used for them",
                column,
            )
        out[column] = {k: v for k, v in values.items() if v is not None and v > 0}
    return out


def save_value_weights(conn: sqlite3.Connection, data: dict) -> None:
    settings.put(conn, "value_weights", data)


def merges(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, into_key FROM improvement_merge"))


def set_merge(conn: sqlite3.Connection, key: str, into: str | None) -> None:
    if into is None:
        conn.execute("DELETE FROM improvement_merge WHERE key = ?", (key,))
    else:
        conn.execute("INSERT OR REPLACE INTO improvement_merge(key, into_key) VALUES (?, ?)",
                     (key, into))  # fmt: skip


def hand_made(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Improvements the assessor made (added or split off): key → (theme, area)."""
    return {
        r[0]: (r[1], r[2]) for r in conn.execute("SELECT key, theme, area FROM improvement_hand")
    }


def add_hand_made(conn: sqlite3.Connection, key: str, theme: str, area: str) -> None:
    conn.execute("INSERT INTO improvement_hand(key, theme, area) VALUES (?, ?, ?)",
                 (key, theme, area))  # fmt: skip


def next_hand_key(conn: sqlite3.Connection) -> str:
    n = conn.execute("SELECT count(*) FROM improvement_hand").fetchone()[0]
    taken = set(hand_made(conn))
    while f"hand:{n + 1}" in taken:
        n += 1
    return f"hand:{n + 1}"


def remove_hand_made(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM improvement_hand WHERE key = ?", (key,))
    conn.execute("DELETE FROM improvement_link WHERE key = ?", (key,))
    conn.execute("DELETE FROM improvement WHERE key = ?", (key,))


def links(conn: sqlite3.Connection) -> pd.DataFrame:
    """Feedback linked to (linked = 1) or taken from (linked = 0) an improvement by hand."""
    return read_frame("SELECT key, item_id, linked FROM improvement_link ORDER BY key, item_id",
                      conn)  # fmt: skip


def set_links(conn: sqlite3.Connection, key: str, item_ids: list[int], linked: int | None) -> None:
    """Link (1), unlink (0) or forget the hand-made link (None) of items to ``key``."""
    if linked is None:
        conn.executemany("DELETE FROM improvement_link WHERE key = ? AND item_id = ?",
                         [(key, int(i)) for i in item_ids])  # fmt: skip
    else:
        conn.executemany("INSERT OR REPLACE INTO improvement_link(key, item_id, linked) "
                         "VALUES (?, ?, ?)", [(key, int(i), linked) for i in item_ids])  # fmt: skip


# What an improvement is made of, row by row, table by table: what an edit of it replaces and
# puts back. Rows are read and written by column name.
_ROWS = (("improvement", "key"), ("improvement_hand", "key"), ("improvement_merge", "key"),
         ("improvement_link", "key"), ("notified", "improvement_key"))  # fmt: skip


def improvement_rows(conn: sqlite3.Connection, keys: tuple[str, ...]) -> tuple:
    """Every stored row of the improvements ``keys``: ((table, ((column, value), …)), …)."""
    marks = ",".join("?" * len(keys))
    out = []
    for table, column in _ROWS:
        order = ", ".join(dialect.primary_keys()[table])
        cursor = conn.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks}) "
                              f"ORDER BY {order}", keys)  # fmt: skip
        names = [d[0] for d in cursor.description]
        out += [(table, tuple(zip(names, row, strict=True))) for row in cursor]
    return tuple(out)


def put_improvement_rows(conn: sqlite3.Connection, keys: tuple[str, ...], rows: tuple) -> None:
    """Make the stored rows of the improvements ``keys`` exactly ``rows`` (as read by
    :func:`improvement_rows`)."""
    marks = ",".join("?" * len(keys))
    for table, column in reversed(_ROWS):  # who was told, before what they were told about
        conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", keys)
    order = {table: n for n, (table, _) in enumerate(_ROWS)}
    for table, row in sorted(rows, key=lambda r: order[r[0]]):
        names = [name for name, _ in row]
        conn.execute(f"INSERT INTO {table}({', '.join(names)}) "
                     f"VALUES ({', '.join('?' * len(names))})", [v for _, v in row])  # fmt: skip
