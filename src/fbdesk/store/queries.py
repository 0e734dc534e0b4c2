"""Read-only questions asked of a workspace."""

from __future__ import annotations

import sqlite3


def cycles(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute(
        """SELECT c.id, c.name, c.period_start, c.period_end,
                  (SELECT count(*) FROM feedback f WHERE f.cycle_id = c.id)
           FROM cycle c ORDER BY coalesce(c.period_start, 9e18), c.name"""
    ).fetchall()
    return [
        {"id": r[0], "name": r[1], "period_start": r[2], "period_end": r[3], "feedback": r[4]}
        for r in rows
    ]


def feedback_kinds(conn: sqlite3.Connection, cycle: int) -> dict[str, int]:
    """Items of a cycle per kind of source (survey, tickets, app_reviews)."""
    return dict(conn.execute("SELECT kind, count(*) FROM feedback WHERE cycle_id = ? GROUP BY "
                             "kind ORDER BY kind", (cycle,)).fetchall())  # fmt: skip


def feedback_products(conn: sqlite3.Connection, cycle: int) -> dict[tuple[str, str], int]:
    """Items of a cycle per kind of source and product area as the export states it ('' when
    it states none)."""
    rows = conn.execute("SELECT kind, coalesce(product_area, ''), count(*) FROM feedback WHERE "
                        "cycle_id = ? GROUP BY 1, 2 ORDER BY 1, 2", (cycle,)).fetchall()  # fmt: skip
    return {(kind, area): n for kind, area, n in rows}


def cycle_id(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT id FROM cycle WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def feedback_count(conn: sqlite3.Connection, cycle: int | None = None) -> int:
    if cycle is None:
        return conn.execute("SELECT count(*) FROM feedback").fetchone()[0]
    return conn.execute("SELECT count(*) FROM feedback WHERE cycle_id = ?", (cycle,)).fetchone()[0]


def metric_series(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute(
        """SELECT s.id, s.name, s.area, s.unit, count(p.ts), min(p.ts), max(p.ts), s.kind
           FROM metric_series s LEFT JOIN metric_point p ON p.series_id = s.id
           GROUP BY s.id ORDER BY s.name, s.area"""
    ).fetchall()
    keys = ["id", "name", "area", "unit", "points", "first", "last", "kind"]
    return [dict(zip(keys, r, strict=True)) for r in rows]


def metric_series_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM metric_series").fetchone()[0]


def sources(conn: sqlite3.Connection, cycle: int | None = None) -> list[dict]:
    sql = """SELECT s.id, s.file_name, s.kind, s.format, s.header_shape, s.sheet, s.encoding,
                    s.sha256, s.rows_read, s.rows_imported, s.rows_duplicate, s.rows_skipped,
                    s.imported_at, c.name
             FROM source s LEFT JOIN cycle c ON c.id = s.cycle_id"""
    args: tuple = ()
    if cycle is not None:
        sql += " WHERE s.id IN (SELECT DISTINCT source_id FROM feedback WHERE cycle_id = ?)"
        args = (cycle,)
    keys = ["id", "name", "kind", "format", "header_shape", "sheet", "encoding", "sha256",
            "rows_read", "rows_imported", "rows_duplicate", "rows_skipped", "imported_at",
            "cycle"]  # fmt: skip
    return [dict(zip(keys, r, strict=True)) for r in conn.execute(sql + " ORDER BY s.id", args)]


def satisfaction(conn: sqlite3.Connection, cycle: int | None = None) -> dict:
    where, args = ("WHERE cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    row = conn.execute(
        f"""SELECT avg(csat), count(csat), count(nps),
                   sum(CASE WHEN nps >= 9 THEN 1 ELSE 0 END),
                   sum(CASE WHEN nps <= 6 THEN 1 ELSE 0 END),
                   count(DISTINCT coalesce(customer_id, customer_email, external_id,
                                           '#' || id))
            FROM feedback {where}""",
        args,
    ).fetchone()
    nps = None
    if row[2]:
        nps = 100.0 * ((row[3] or 0) - (row[4] or 0)) / row[2]
    return {"csat_mean": row[0], "csat_n": row[1], "nps": nps, "nps_n": row[2],
            "respondents": row[5]}  # fmt: skip


def survey_respondents(conn: sqlite3.Connection, cycle: int | None = None) -> int:
    """Distinct respondents per cycle (one who answered in two cycles counts in each, as the
    invitations do)."""
    where, args = ("AND cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    return conn.execute(
        f"""SELECT count(DISTINCT cycle_id || ':' ||
                   coalesce(customer_id, lower(customer_email), external_id, CAST(id AS TEXT)))
            FROM feedback WHERE kind = 'survey' {where}""",
        args,
    ).fetchone()[0]


def invited(conn: sqlite3.Connection, cycle: int | None = None) -> int:
    where, args = ("WHERE cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    return conn.execute(
        f"SELECT count(DISTINCT cycle_id || ':' || coalesce(customer_id, email)) "
        f"FROM invitation {where}",
        args,
    ).fetchone()[0]


def processing_times(conn: sqlite3.Connection, cycle: int | None = None) -> dict:
    """Per item, seconds from submitted (or received) to first classified and to reviewed
    (the first of the assessor's labels in force), as lists."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    rows = conn.execute(
        f"""SELECT coalesce(f.submitted, f.received_at), f.received_at, f.classified_at,
                   (SELECT min(l.labelled_at) FROM assessor_label l WHERE l.item_id = f.id)
            FROM feedback f {where}""",
        args,
    ).fetchall()
    return {
        "to_classified": [c - r for _s, r, c, _l in rows if c is not None and r is not None],
        "to_reviewed": [lab - s for s, _r, _c, lab in rows if lab is not None and s is not None],
        # of those reviewed, how long each waited before its export reached fbdesk
        "to_received": [r - s for s, r, _c, lab in rows
                        if lab is not None and s is not None and r is not None],
        "items": len(rows),
    }


def source_periods(conn: sqlite3.Connection, cycle: int | None = None) -> list[dict]:
    """Per imported file: what it holds (feedback items, invitations or metric points) in the
    cycle (all cycles when None) and the first and last time in it (None when undated)."""
    where, args = ("AND f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    rows = conn.execute(
        f"""SELECT s.id, s.file_name, s.kind,
                   (SELECT count(*) FROM feedback f WHERE f.source_id = s.id {where}),
                   (SELECT min(coalesce(f.submitted, f.received_at)) FROM feedback f
                     WHERE f.source_id = s.id {where}),
                   (SELECT max(coalesce(f.submitted, f.received_at)) FROM feedback f
                     WHERE f.source_id = s.id {where}),
                   (SELECT count(*) FROM invitation i WHERE i.source_id = s.id
                     {where.replace("f.", "i.")}),
                   (SELECT count(*) FROM metric_series m WHERE m.source_id = s.id),
                   (SELECT min(p.ts) FROM metric_point p JOIN metric_series m
                     ON m.id = p.series_id WHERE m.source_id = s.id),
                   (SELECT max(p.ts) FROM metric_point p JOIN metric_series m
                     ON m.id = p.series_id WHERE m.source_id = s.id)
            FROM source s ORDER BY s.id""",
        args * 4,
    ).fetchall()
    out = []
    for sid, name, kind, items, first, last, invited, series, m_first, m_last in rows:
        if series:
            out.append({"id": sid, "name": name, "kind": kind, "holds": "metrics",
                        "count": series, "first": m_first, "last": m_last})  # fmt: skip
        elif invited:
            out.append({"id": sid, "name": name, "kind": kind, "holds": "invitations",
                        "count": invited, "first": None, "last": None})  # fmt: skip
        elif items or cycle is None:
            out.append({"id": sid, "name": name, "kind": kind, "holds": "feedback",
                        "count": items, "first": first, "last": last})  # fmt: skip
    return out


def classified_count(conn: sqlite3.Connection) -> int:
    (n,) = conn.execute("SELECT count(*) FROM classification").fetchone()
    return n


def mark_demo(conn: sqlite3.Connection) -> None:
    """Mark the workspace as the demo (the window says so)."""
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('demo', 'yes')")


def item_texts(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, tuple[str | None, str]]:
    """Per item, its title and text."""
    rows = conn.execute(f"SELECT id, title, text FROM feedback WHERE id IN "
                        f"({','.join('?' * len(item_ids))})", item_ids)  # fmt: skip
    return {item_id: (title, text) for item_id, title, text in rows}


def most_common(conn: sqlite3.Connection, column: str, limit: int = 50) -> list[str]:
    """The values of a feedback column (``segment`` or ``plan``), most items first."""
    if column not in ("segment", "plan"):
        raise ValueError(f"not a column to count: {column!r}")
    rows = conn.execute(
        f"SELECT {column}, count(*) FROM feedback WHERE coalesce({column}, '') != '' "
        f"GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT ?", (limit,))  # fmt: skip
    return [value for value, _count in rows]
