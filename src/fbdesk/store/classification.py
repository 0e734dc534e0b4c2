"""Classification results and the assessor's labels in the workspace."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass

import pandas as pd

from fbdesk.store.frames import read_frame
from fbdesk.store.review_rows import IN_FORCE, IN_FORCE_JOINS, LABEL_FIELDS


def items_to_classify(conn: sqlite3.Connection, cycle: int | None) -> pd.DataFrame:
    """Every item of the cycle with what it was last classified from (``input_key``)."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    return read_frame(
        f"""SELECT f.id, f.text, f.title, f.product_area, c.input_key
            FROM feedback f LEFT JOIN classification c ON c.item_id = f.id {where}
            ORDER BY f.id""",
        conn, args,
    )  # fmt: skip


def save_classifications(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Rows of (item_id, input_key, sentiment, label, themes, primary, area, urgency, reason,
    confidence, method, why_json, language)."""
    now = time.time()
    conn.executemany(
        """INSERT OR REPLACE INTO classification(item_id, input_key, sentiment, sentiment_label,
               themes, primary_theme, area, urgency, urgency_reason, confidence, method, why,
               language, classified_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        [(*r, now) for r in rows],
    )
    conn.executemany("UPDATE feedback SET classified_at = ? WHERE id = ? AND classified_at IS NULL",
                     [(now, r[0]) for r in rows])  # fmt: skip


def set_label(conn: sqlite3.Connection, item_id: int, field: str, value: str | None,
              at: float | None = None, by: str = "") -> str | None:  # fmt: skip
    """Record the assessor's label (set ``at``, a time, or now, by the person ``by``); returns
    the previous one (None if there was none)."""
    if field not in LABEL_FIELDS:
        raise ValueError(f"unknown label field {field!r}")
    row = conn.execute(
        "SELECT value FROM assessor_label WHERE item_id = ? AND field = ?", (item_id, field)
    ).fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO assessor_label(item_id, field, value, labelled_at, labelled_by) "
        "VALUES (?,?,?,?,?)",
        (item_id, field, value, time.time() if at is None else at, by),
    )
    return row[0] if row else None


def label(conn: sqlite3.Connection, item_id: int,
          field: str) -> tuple[str | None, float, str] | None:  # fmt: skip
    """The assessor's label of ``field``, when it was set and by whom (None: there is none)."""
    row = conn.execute("SELECT value, labelled_at, labelled_by FROM assessor_label "
                       "WHERE item_id = ? AND field = ?", (item_id, field)).fetchone()  # fmt: skip
    if row is None:
        return None
    value, labelled_at, by = row
    return value, labelled_at, by


def taxonomy_rows(conn: sqlite3.Connection) -> tuple[tuple[int, str, str, str], ...]:
    """Every stored version of the taxonomy: (version, json, saved_at, saved_by)."""
    return tuple(tuple(r) for r in conn.execute(
        "SELECT version, json, saved_at, saved_by FROM taxonomy ORDER BY version"))  # fmt: skip


def put_taxonomy_rows(conn: sqlite3.Connection,
                      rows: tuple[tuple[int, str, str, str], ...]) -> None:  # fmt: skip
    """Make the stored versions of the taxonomy exactly ``rows``."""
    conn.execute("DELETE FROM taxonomy")
    conn.executemany("INSERT INTO taxonomy(version, json, saved_at, saved_by) "
                     "VALUES (?, ?, ?, ?)", rows)  # fmt: skip


def clear_label(conn: sqlite3.Connection, item_id: int, field: str) -> None:
    conn.execute("DELETE FROM assessor_label WHERE item_id = ? AND field = ?", (item_id, field))


def model_quality(conn: sqlite3.Connection) -> dict | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'model_quality'").fetchone()
    return json.loads(row[0]) if row else None


def has_labels(conn: sqlite3.Connection, at_least: int) -> bool:
    """Whether any one field has at least ``at_least`` labels from the assessor."""
    row = conn.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM assessor_label "
                       "WHERE value != '' GROUP BY field) AS counts").fetchone()  # fmt: skip
    return bool(row[0]) and row[0] >= at_least


ORIGIN = "f.kind || coalesce(' · ' || nullif(f.channel, ''), '')"


_AUTOMATIC = {"sentiment": "sentiment_label", "themes": "themes",
              "primary_theme": "primary_theme", "area": "area", "urgency": "urgency"}  # fmt: skip


def labels(conn: sqlite3.Connection, field: str) -> pd.DataFrame:
    """The assessor's labels for one field, with the text they label, its rating on 1…5,
    where it came from (the kind of export and the channel) and the automatic label the item
    holds (``automatic``: what the rules or a learned model read in it)."""
    if field not in _AUTOMATIC:
        raise ValueError(f"unknown label field {field!r}")
    return read_frame(
        f"""SELECT l.item_id, l.value, f.text, f.title, f.csat, {ORIGIN} AS origin,
                   c.{_AUTOMATIC[field]} AS automatic, c.item_id IS NOT NULL AS classified
            FROM assessor_label l JOIN feedback f ON f.id = l.item_id
            LEFT JOIN classification c ON c.item_id = l.item_id
            WHERE l.field = ? ORDER BY l.labelled_at""",
        conn, (field,),
    )  # fmt: skip


def effective(conn: sqlite3.Connection, cycle: int | None = None,
              item_ids: list[int] | None = None) -> pd.DataFrame:  # fmt: skip
    """Per item the label in force: the assessor's where given, else the automatic one
    (for a cycle, for some items, or for all)."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    if item_ids is not None:
        where = f"WHERE f.id IN ({','.join('?' * len(item_ids))})"
        args = tuple(int(i) for i in item_ids)
    return read_frame(f"SELECT f.id, {IN_FORCE} FROM feedback f {IN_FORCE_JOINS} {where} "
                      "ORDER BY f.id",
                             conn, args)  # fmt: skip


def save_taxonomy(conn: sqlite3.Connection, version: int, data: str, by: str = "") -> None:
    from fbdesk.store.workspace import now_iso

    conn.execute("INSERT OR REPLACE INTO taxonomy(version, json, saved_at, saved_by) "
                 "VALUES (?,?,?,?)", (version, data, now_iso(), by))  # fmt: skip


def label_states(conn: sqlite3.Connection, cycle: int | None = None) -> pd.DataFrame:
    """Per item its language (ISO 639-1, as detected); per label field: the automatic value
    (``auto_<field>``), whether a learned
    model gave it (``learned_<field>``), and the assessor's value where there is one
    (``assessor_<field>``, with ``has_<field>``); the automatic confidence, whether the item
    was classified at all, and who set its labels (``labelled_by``: their names, in order)."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    joins = "\n".join(
        f"LEFT JOIN assessor_label l_{f} ON l_{f}.item_id = f.id AND l_{f}.field = '{f}'"
        for f in LABEL_FIELDS
    )
    assessor = ",\n".join(
        f"l_{f}.value AS assessor_{f}, l_{f}.item_id IS NOT NULL AS has_{f}" for f in LABEL_FIELDS
    )
    theme = "c.method = 'learned' AND json_extract(c.why, '$.learned.primary_theme') IS NOT NULL"
    return read_frame(
        f"""SELECT f.id, c.item_id IS NOT NULL AS classified, c.confidence, c.language,
              c.sentiment_label AS auto_sentiment, c.themes AS auto_themes,
              c.primary_theme AS auto_primary_theme, c.area AS auto_area,
              c.urgency AS auto_urgency,
              CASE WHEN c.method = 'learned' AND (
                  json_extract(c.why, '$.learned.sentiment') IS NOT NULL
                  OR json_array_length(c.why, '$.learned.sentiment_words') > 0
                  OR 'sentiment' IN (SELECT value FROM json_each(c.why,
                                     '$.learned.same_text_labelled')))
                   THEN 1 ELSE 0 END AS learned_sentiment,
              CASE WHEN {theme} THEN 1 ELSE 0 END AS learned_themes,
              CASE WHEN {theme} THEN 1 ELSE 0 END AS learned_primary_theme,
              CASE WHEN json_extract(c.why, '$.area') = 'learned' THEN 1 ELSE 0 END
                  AS learned_area,
              0 AS learned_urgency,
              {assessor},
              (SELECT group_concat(by_, ', ') FROM (SELECT DISTINCT labelled_by AS by_
                   FROM assessor_label x WHERE x.item_id = f.id AND labelled_by != ''
                   ORDER BY labelled_by) AS who) AS labelled_by
            FROM feedback f
            LEFT JOIN classification c ON c.item_id = f.id
            {joins}
            {where} ORDER BY f.id""",
        conn, args,
    )  # fmt: skip


def item_details(conn: sqlite3.Connection, cycle: int | None = None) -> pd.DataFrame:
    """Every item of the cycle (all when None) with its cycle, source, date, rating and the
    customer's fields, as imported."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    return read_frame(
        f"""SELECT f.id, y.name AS cycle, s.file_name AS source, f.source_row, f.kind,
                   f.channel, f.external_id, f.submitted, f.title, f.text, f.csat, f.nps,
                   f.customer_id, f.customer_email, f.customer_name, f.segment, f.plan, f.arr
            FROM feedback f JOIN source s ON s.id = f.source_id
            JOIN cycle y ON y.id = f.cycle_id {where} ORDER BY f.id""",
        conn, args,
    )  # fmt: skip


_STATE = ("sentiment", "sentiment_label", "themes", "primary_theme", "area", "urgency",
          "urgency_reason", "confidence", "method", "why", "classified_at", "language")  # fmt: skip


def keep_versions(conn: sqlite3.Connection, item_ids: list[int] | None) -> int:
    """Keep the classifications of ``item_ids`` (of every classified item with None) as they
    are now, as one new step; returns it. Inside the caller's transaction, before it replaces
    them."""
    step = conn.execute("SELECT coalesce(max(step), 0) + 1 FROM classification_version"
                        ).fetchone()[0]  # fmt: skip
    cols = ", ".join(_STATE)
    which, args = ("WHERE item_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))", (json.dumps(item_ids),)) \
        if item_ids is not None else ("", ())  # fmt: skip
    conn.execute(f"""INSERT INTO classification_version(step, item_id, {cols})
                     SELECT ?, item_id, {cols} FROM classification {which}""",
                 (step, *args))  # fmt: skip
    return step


def version_items(conn: sqlite3.Connection, step: int) -> list[int]:
    """The items whose classification ``step`` keeps."""
    return [i for (i,) in conn.execute(
        "SELECT item_id FROM classification_version WHERE step = ? ORDER BY item_id", (step,))]  # fmt: skip


def set_input_keys(conn: sqlite3.Connection, keys: list[tuple[int, int]]) -> None:
    """Rows of (input_key, item_id): what each item's classification was made from."""
    conn.executemany("UPDATE classification SET input_key = ? WHERE item_id = ?", keys)


def swap_versions(conn: sqlite3.Connection, step: int) -> int:
    """Put the classifications kept as ``step`` back and keep the ones they replace in their
    place: done twice, everything is as it was. Returns the number of items."""
    conn.execute("DROP TABLE IF EXISTS swap")
    conn.execute(f"""CREATE TEMP TABLE swap AS SELECT c.item_id, {", ".join(f"c.{c}" for c in _STATE)}
                     FROM classification c JOIN classification_version v
                       ON v.item_id = c.item_id AND v.step = ?""", (step,))  # fmt: skip
    put = ", ".join(f"{c} = v.{c}" for c in _STATE)
    n = conn.execute(f"""UPDATE classification SET {put} FROM classification_version v
                         WHERE v.item_id = classification.item_id AND v.step = ?""",
                     (step,)).rowcount  # fmt: skip
    back = ", ".join(f"{c} = s.{c}" for c in _STATE)
    conn.execute(f"""UPDATE classification_version SET {back} FROM swap s
                     WHERE s.item_id = classification_version.item_id AND step = ?""",
                 (step,))  # fmt: skip
    conn.execute("DROP TABLE swap")
    return n


@dataclass(frozen=True)
class AutomaticLabels:
    """The labels the classifier gave an item."""

    item_id: int
    sentiment: str
    themes: str | None
    primary_theme: str | None
    area: str | None
    urgency: str | None


def unreviewed_labels(conn: sqlite3.Connection, item_ids: list[int],
                      threshold: float) -> list[AutomaticLabels]:  # fmt: skip
    """The automatic labels of those of ``item_ids`` nobody has reviewed whose confidence is at
    least ``threshold``."""
    if not item_ids:
        return []
    cursor = conn.execute(
        f"""SELECT c.item_id, c.sentiment_label AS sentiment, c.themes, c.primary_theme, c.area,
                   c.urgency
            FROM classification c WHERE c.confidence >= ? AND c.item_id IN
                 ({",".join("?" * len(item_ids))})
            AND NOT EXISTS (SELECT 1 FROM assessor_label l WHERE l.item_id = c.item_id)
            AND NOT EXISTS (SELECT 1 FROM queue_item q WHERE q.item_id = c.item_id
                            AND q.double = 1)""",
        (threshold, *item_ids),
    )  # fmt: skip
    names = [d[0] for d in cursor.description]
    return [AutomaticLabels(**dict(zip(names, row, strict=True))) for row in cursor]


def least_certain(conn: sqlite3.Connection, cycle: int | None, limit: int) -> list[int]:
    """Unreviewed items of ``cycle`` (all when None), least certain first."""
    where, args = ("AND f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    rows = conn.execute(
        f"""SELECT f.id FROM feedback f JOIN classification c ON c.item_id = f.id
            WHERE NOT EXISTS (SELECT 1 FROM assessor_label l WHERE l.item_id = f.id) {where}
            ORDER BY c.confidence ASC, f.id LIMIT ?""",
        (*args, limit),
    )  # fmt: skip
    return [item_id for (item_id,) in rows]
