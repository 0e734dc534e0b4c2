"""What the assessment pack reads beyond the other steps: the files its figures rest on, the
cycle's satisfaction measures, quote candidates, and the assessor's own words for the pack
(summary, comments, pinned and left-out quotes and sections, stored per cycle)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from fbdesk.domain.language import NOT_SCORED

NOTE_KINDS = ("summary", "finding", "improvement", "quote", "section")
NOTE_STATES = ("", "pinned", "left out")
# How a help desk says a ticket is done: its status, or an "is solved" flag mapped as status.
SOLVED_WORDS = ("solved", "resolved", "closed", "done", "fixed", "true", "yes", "1", "1.0")


def files(conn: sqlite3.Connection, cycle: int | None) -> list[dict]:
    """Every file the cycle's figures rest on — its feedback, its invitations, and the metric
    series correlated with it — with rows, the dates it covers, and its SHA-256."""
    fb = ("WHERE cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    spans: dict[int, tuple] = {}
    for sid, n, lo, hi in conn.execute(
        f"""SELECT source_id, count(*), min(coalesce(submitted, received_at)),
                   max(coalesce(submitted, received_at)) FROM feedback {fb[0]}
            GROUP BY source_id""", fb[1]):  # fmt: skip
        spans[sid] = (n, lo, hi)
    for sid, n, lo, hi in conn.execute(
        f"SELECT source_id, count(*), min(invited), max(invited) FROM invitation {fb[0]} "
        "GROUP BY source_id", fb[1]):  # fmt: skip
        spans[sid] = (n, lo, hi)
    for sid, n, lo, hi in conn.execute(
        """SELECT s.source_id, count(*), min(p.ts), max(p.ts) FROM metric_series s
           JOIN metric_point p ON p.series_id = s.id WHERE s.source_id IS NOT NULL
           GROUP BY s.source_id"""):  # fmt: skip
        spans[sid] = (n, lo, hi)
    if not spans:
        return []
    rows = conn.execute(
        f"""SELECT id, file_name, kind, sha256 FROM source
            WHERE id IN ({",".join("?" * len(spans))}) ORDER BY id""", tuple(spans)).fetchall()  # fmt: skip
    return [{"name": name, "kind": kind, "sha256": sha, "rows": spans[sid][0],
             "first": spans[sid][1], "last": spans[sid][2]}
            for sid, name, kind, sha in rows]  # fmt: skip


def satisfaction(conn: sqlite3.Connection, cycle: int | None) -> dict:
    """The cycle's NPS (promoters − detractors, in points) and mean CSAT, each with its n;
    how many items record their language and how many of those are English; how many items
    carry a help-desk status and how many of those are solved."""
    where, args = ("WHERE cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    solved = ",".join("?" * len(SOLVED_WORDS))
    is_english = ("lower(trim(language)) IN ('en', 'english') OR lower(trim(language)) LIKE "
                  "'en-%' OR lower(trim(language)) LIKE 'en\\_%' ESCAPE '\\'")  # fmt: skip
    row = conn.execute(
        f"""SELECT count(nps), {_true_count("nps >= 9")}, {_true_count("nps <= 6")}, count(csat),
                   avg(csat), count(nullif(trim(language), '')), {_true_count(is_english)},
                   count(nullif(trim(ticket_status), '')),
                   {_true_count(f"lower(trim(ticket_status)) IN ({solved})")}, count(*)
            FROM feedback {where}""", (*SOLVED_WORDS, *SOLVED_WORDS, *args)).fetchone()  # fmt: skip
    n_nps, promoters, detractors, n_csat, csat, n_lang, english, n_status, n_solved, n = row
    return {"nps": (100.0 * ((promoters or 0) - (detractors or 0)) / n_nps) if n_nps else None,
            "nps_n": n_nps, "csat": csat, "csat_n": n_csat,
            "language_n": n_lang, "english": english or 0,
            "status_n": n_status, "solved": n_solved or 0, "items": n}  # fmt: skip


def languages(conn: sqlite3.Connection, cycle: int | None) -> dict:
    """The languages the cycle's classified items were read in (``detected``: code → items,
    most first), how many items were classified, and how many hold the sentiment "not scored
    (language)" in force (the assessor's label, where given, counts)."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    rows = conn.execute(
        f"""SELECT c.language, count(*),
                   {_true_count("coalesce(ls.value, c.sentiment_label) = ?")}
            FROM feedback f JOIN classification c ON c.item_id = f.id
            LEFT JOIN assessor_label ls ON ls.item_id = f.id AND ls.field = 'sentiment'
            {where} GROUP BY 1 ORDER BY 2 DESC, 1""", (NOT_SCORED, NOT_SCORED, *args)).fetchall()  # fmt: skip
    return {"detected": {code: n for code, n, _ in rows if code is not None},
            "classified": sum(r[1] for r in rows), "not_scored": sum(r[2] or 0 for r in rows),
            "undetected": sum(n for code, n, _ in rows if code is None)}  # fmt: skip


def quote_candidates(conn: sqlite3.Connection, ids: list[int], theme: str):
    """Items of a theme with their text, date, source, and what matched the theme (its phrases
    and the sentiment of the sentences that matched, as read from JSON), as a data frame."""

    from fbdesk.store.frames import read_frame

    frame = read_frame(
        """SELECT f.id, f.text, coalesce(f.submitted, f.received_at) AS ts, s.file_name AS file,
                  f.kind, json_extract(c.why, '$.themes.' || json_quote(?)) AS matched,
                  c.sentiment
           FROM feedback f JOIN classification c ON c.item_id = f.id
                JOIN source s ON s.id = f.source_id
           WHERE f.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY f.id""",
        conn, (theme, json.dumps([int(i) for i in ids])))  # fmt: skip
    # What matched, read here from the JSON the engine gives (each engine writes it its way).
    frame["matched"] = [json.loads(m) if isinstance(m, str) else None for m in frame["matched"]]
    return frame


def _true_count(condition: str) -> str:
    """How many rows ``condition`` holds for, as SQLite sums a comparison (NULL where it is
    unknown for every row), written so that PostgreSQL, which sums no booleans, agrees."""
    return f"sum(CASE WHEN {condition} THEN 1 WHEN NOT ({condition}) THEN 0 END)"


def notes(conn: sqlite3.Connection, cycle: int) -> list[dict]:
    """The assessor's words for the pack of ``cycle``, by kind and key."""
    rows = conn.execute("SELECT kind, key, text, state FROM pack_note WHERE cycle_id = ? "
                        "ORDER BY kind, key", (cycle,)).fetchall()  # fmt: skip
    return [{"kind": k, "key": key, "text": text, "state": state}
            for k, key, text, state in rows]  # fmt: skip


def note(conn: sqlite3.Connection, cycle: int, kind: str, key: str) -> dict | None:
    row = conn.execute("SELECT text, state FROM pack_note WHERE cycle_id = ? AND kind = ? AND "
                       "key = ?", (cycle, kind, key)).fetchone()  # fmt: skip
    return {"kind": kind, "key": key, "text": row[0], "state": row[1]} if row else None


def put_note(conn: sqlite3.Connection, cycle: int, kind: str, key: str, text: str,
             state: str) -> None:  # fmt: skip
    """Store one note (an empty text and no state removes it); the caller holds the
    transaction."""
    if not text and not state:
        conn.execute("DELETE FROM pack_note WHERE cycle_id = ? AND kind = ? AND key = ?",
                     (cycle, kind, key))  # fmt: skip
        return
    conn.execute(
        """INSERT INTO pack_note(cycle_id, kind, key, text, state, updated_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(cycle_id, kind, key) DO UPDATE SET text = excluded.text,
               state = excluded.state, updated_at = excluded.updated_at""",
        (cycle, kind, key, text, state, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))  # fmt: skip
