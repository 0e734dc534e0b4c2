"""Writing imported records into an open transaction of a workspace."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pandas as pd

from fbdesk.domain.mapping import ImportReport
from fbdesk.domain.metric_kind import kind_of
from fbdesk.store.workspace import now_iso

FEEDBACK_COLUMNS = [
    "cycle_id", "source_id", "source_row", "dedupe_key", "kind", "external_id", "text", "title",
    "submitted", "rating", "rating_low", "rating_high", "csat", "nps", "customer_id",
    "customer_email", "customer_name", "segment", "plan", "arr", "channel", "product_area",
    "ticket_status", "topic", "tags", "app_version", "language", "extra_json", "received_at",
]  # fmt: skip


def column_values(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    """Columns as Python lists with ``None`` for missing values, ready for executemany."""
    out = []
    for c in columns:
        s = frame[c]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            values = s.tolist()
            out.append([None if v is None or v != v else v for v in values])
        elif pd.api.types.is_float_dtype(s.dtype):
            arr = s.to_numpy(dtype=float)
            obj = arr.astype(object)
            obj[np.isnan(arr)] = None
            out.append(obj.tolist())
        else:
            out.append(s.tolist())
    return out


def ensure_cycle(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT id FROM cycle WHERE name = ?", (name,)).fetchone()
    if row:
        return row[0]
    cur = conn.execute("INSERT INTO cycle(name, created_at) VALUES (?, ?) RETURNING id",
                       (name, now_iso()))  # fmt: skip
    return int(cur.fetchone()[0])


def widen_cycle_period(conn: sqlite3.Connection, cycle_id: int, start: float | None,
                       end: float | None) -> None:  # fmt: skip
    """Extend a cycle's period to include [start, end] (the dates of newly imported items)."""
    if start is None or end is None or start != start or end != end:
        return
    conn.execute(
        """UPDATE cycle SET
               period_start = CASE WHEN period_start IS NULL OR ? < period_start THEN ?
                                   ELSE period_start END,
               period_end = CASE WHEN period_end IS NULL OR ? > period_end THEN ?
                                 ELSE period_end END
           WHERE id = ?""",
        (start, start, end, end, cycle_id),
    )


def insert_source(conn: sqlite3.Connection, report: ImportReport, cycle_id: int | None,
                  sha256: str, encoding: str | None, signature: str, mapping: dict) -> int:  # fmt: skip
    cur = conn.execute(
        """INSERT INTO source(cycle_id, file_name, sha256, kind, format, header_shape, sheet,
               encoding, signature, mapping_json, rows_read, rows_imported, rows_duplicate,
               rows_skipped, skipped_json, notices_json, imported_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,0,0,0,0,'[]','[]',?) RETURNING id""",
        (cycle_id, report.file, sha256, report.kind.value, report.format, report.shape,
         report.sheet, encoding, signature, json.dumps(mapping), now_iso()),
    )  # fmt: skip
    return int(cur.fetchone()[0])


def earlier_source(conn: sqlite3.Connection, sha256: str, source_id: int) -> int | None:
    """The first source before ``source_id`` with the same content, if any."""
    row = conn.execute("SELECT min(id) FROM source WHERE sha256 = ? AND id < ?",
                       (sha256, source_id)).fetchone()  # fmt: skip
    return row[0]


def drop_unused_source(conn: sqlite3.Connection, source_id: int) -> bool:
    """Remove a source nothing was imported from; False (and kept) when anything refers to it."""
    for table in ("feedback", "ticket_reply", "invitation", "metric_series", "inbox_file"):
        if conn.execute(f"SELECT 1 FROM {table} WHERE source_id = ? LIMIT 1",
                        (source_id,)).fetchone():  # fmt: skip
            return False
    conn.execute("DELETE FROM source WHERE id = ?", (source_id,))
    return True


def finish_source(conn: sqlite3.Connection, report: ImportReport) -> None:
    conn.execute(
        """UPDATE source SET rows_read=?, rows_imported=?, rows_duplicate=?, rows_skipped=?,
               skipped_json=?, notices_json=? WHERE id=?""",
        (report.rows_read, report.rows_imported, report.rows_duplicate, report.rows_skipped,
         json.dumps([[s.row, s.reason] for s in report.skipped[:10000]]),
         json.dumps(report.notices), report.source_id),
    )  # fmt: skip


def _insert_many(conn: sqlite3.Connection, table: str, columns: list[str], rows) -> int:
    before = conn.total_changes
    sql = (
        f"INSERT OR IGNORE INTO {table}({', '.join(columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    conn.executemany(sql, rows)
    return conn.total_changes - before


def insert_feedback(conn: sqlite3.Connection, frame: pd.DataFrame) -> int:
    # Columns empty in every row are left to their default (NULL): binding fewer values is
    # most of the cost of a large import.
    columns = [c for c in FEEDBACK_COLUMNS if c == "text" or frame[c].notna().any()]
    return _insert_many(conn, "feedback", columns,
                        zip(*column_values(frame, columns), strict=True))  # fmt: skip


def complete_truncated(conn: sqlite3.Connection, frame: pd.DataFrame, source_id: int
                       ) -> list[tuple[int, int, int]]:  # fmt: skip
    """Items imported before whose text the same item in ``frame`` continues (a row cut off
    when its export was read mid-write): their text becomes the longer one. Returns
    (item id, characters before, characters now) per item completed."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming(dedupe_key INTEGER PRIMARY KEY, "
                 "text TEXT NOT NULL)")  # fmt: skip
    try:
        conn.executemany("INSERT OR IGNORE INTO incoming(dedupe_key, text) VALUES (?, ?)",
                         zip(*column_values(frame, ["dedupe_key", "text"]), strict=True))  # fmt: skip
        found = conn.execute(
            """SELECT f.id, length(f.text), i.text FROM feedback f
               JOIN incoming i ON i.dedupe_key = f.dedupe_key
               WHERE f.source_id != ? AND length(i.text) > length(f.text)
                 AND substr(i.text, 1, length(f.text)) = f.text""",
            (source_id,),
        ).fetchall()
        for item, _, text in found:
            conn.execute("UPDATE feedback SET text = ? WHERE id = ?", (text, item))
    finally:
        conn.execute("DELETE FROM incoming")
    return [(item, before, len(text)) for item, before, text in found]


def insert_replies(conn: sqlite3.Connection, frame: pd.DataFrame, source_id: int) -> int:
    frame = frame.assign(source_id=source_id)
    cols = ["source_id", "dedupe_key", "ticket_id", "created", "author", "text"]
    return _insert_many(conn, "ticket_reply", cols, zip(*column_values(frame, cols), strict=True))


def insert_invitations(conn: sqlite3.Connection, frame: pd.DataFrame, source_id: int,
                       cycle_id: int) -> int:  # fmt: skip
    frame = frame.assign(source_id=source_id, cycle_id=cycle_id)
    cols = ["cycle_id", "source_id", "dedupe_key", "customer_id", "email", "channel", "invited"]
    return _insert_many(conn, "invitation", cols, zip(*column_values(frame, cols), strict=True))


def insert_metrics(
    conn: sqlite3.Connection, frame: pd.DataFrame, source_id: int
) -> tuple[int, list[str]]:
    """Points of every series in ``frame``; an existing point at the same time is kept."""
    inserted, names = 0, []
    for (name, area), part in frame.groupby(["name", "area"], sort=False):
        unit = str(part["unit"].iloc[0]) if len(part) else ""
        row = conn.execute(
            "SELECT id FROM metric_series WHERE name = ? AND area = ?", (name, area)
        ).fetchone()
        if row:
            series_id = row[0]
        else:
            series_id = conn.execute(
                "INSERT INTO metric_series(name, area, unit, source_id, kind) VALUES (?,?,?,?,?) "
                "RETURNING id", (name, area, unit, source_id, kind_of(str(name), unit)),
            ).fetchone()[0]  # fmt: skip
        names.append(f"{name} [{area}]" if area else str(name))
        ts = part["ts"].to_numpy(dtype=float).tolist()
        values = part["value"].to_numpy(dtype=float).tolist()
        inserted += _insert_many(
            conn, "metric_point", ["series_id", "ts", "value"],
            zip([series_id] * len(ts), ts, values, strict=True),
        )  # fmt: skip
    return inserted, names


def remember_mapping(conn: sqlite3.Connection, signature: str, mapping: dict) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO mapping_memory(signature, mapping_json, updated_at) VALUES (?,?,?)",
        (signature, json.dumps(mapping), now_iso()),
    )


def remembered_mapping(conn: sqlite3.Connection, signature: str) -> dict | None:
    row = conn.execute(
        "SELECT mapping_json FROM mapping_memory WHERE signature = ?", (signature,)
    ).fetchone()
    return json.loads(row[0]) if row else None
