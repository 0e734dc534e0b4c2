"""What the Correlate step reads and remembers: feedback with its labels in force, metric
points, which areas a metric serves, and the assessor's verdict on findings."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd

from fbdesk.domain.language import NOT_SCORED
from fbdesk.store import driver_items, settings
from fbdesk.store.classification import effective
from fbdesk.store.frames import read_frame


def feedback_signals(conn: sqlite3.Connection, cycle: int | None) -> pd.DataFrame:
    """Per item: time, area (mapped column, else the label in force), CSAT, NPS, sentiment
    score, negative (1/0, NaN when unclassified) and theme ids."""
    where, args = ("WHERE f.cycle_id = ?", (cycle,)) if cycle is not None else ("", ())
    items = read_frame(
        f"""SELECT f.id, coalesce(f.submitted, f.received_at) AS ts, f.csat, f.nps,
                   f.product_area, c.sentiment AS score
            FROM feedback f LEFT JOIN classification c ON c.item_id = f.id {where}
            ORDER BY f.id""",
        conn, args,
    )  # fmt: skip
    labels = effective(conn, cycle)[["id", "sentiment", "themes", "area"]]
    items = items.merge(labels, on="id", how="left")
    mapped = items["product_area"].where(items["product_area"].fillna("") != "")
    items["area"] = mapped.fillna(items["area"]).fillna("")
    label = items["sentiment"]
    # An item in a language the sentiment rules cannot read has no sentiment to correlate.
    unread = label.isna() | (label == NOT_SCORED)
    items["negative"] = np.where(unread, np.nan, (label == "negative").astype(float))
    items["sentiment"] = np.where(label == NOT_SCORED, np.nan, items["score"].astype(float))
    split = items["themes"].astype("object").where(items["themes"].notna(), "")
    items["themes"] = [[t for t in (x.strip() for x in v.split(";")) if t] if v else []
                       for v in split.astype(str)]  # fmt: skip
    for col in ("ts", "csat", "nps"):
        items[col] = items[col].astype(float)
    return items[["id", "ts", "area", "csat", "nps", "sentiment", "negative", "themes"]]


def metric_points(conn: sqlite3.Connection, series_id: int) -> tuple[np.ndarray, np.ndarray]:
    rows = np.array(
        conn.execute(
            "SELECT ts, value FROM metric_point WHERE series_id = ? ORDER BY ts", (series_id,)
        ).fetchall(),
        dtype=float,
    ).reshape(-1, 2)
    return rows[:, 0], rows[:, 1]


def links(conn: sqlite3.Connection) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for sid, area in conn.execute("SELECT series_id, area FROM metric_link ORDER BY area"):
        out.setdefault(sid, []).append(area)
    return out


def set_links(conn: sqlite3.Connection, series_id: int, areas: list[str]) -> list[str]:
    """Replace the areas a series serves; returns the previous ones."""
    before = links(conn).get(series_id, [])
    conn.execute("DELETE FROM metric_link WHERE series_id = ?", (series_id,))
    conn.executemany("INSERT INTO metric_link(series_id, area) VALUES (?, ?)",
                     [(series_id, a) for a in dict.fromkeys(areas)])  # fmt: skip
    return before


def finding_states(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    return {k: (s, t) for k, s, t in conn.execute("SELECT key, state, text FROM finding_state")}


def set_finding_state(conn: sqlite3.Connection, key: str, state: str | None, text: str) -> None:
    from fbdesk.store.workspace import now_iso

    if state:
        conn.execute("INSERT OR REPLACE INTO finding_state(key, state, text, updated_at) "
                     "VALUES (?,?,?,?)", (key, state, text, now_iso()))  # fmt: skip
    else:
        conn.execute("DELETE FROM finding_state WHERE key = ?", (key,))


def data_fingerprint(conn: sqlite3.Connection) -> str:
    """A value that changes whenever anything the correlations read changes: items, their
    labels (automatic or the assessor's), metric points, the areas metrics serve, the taxonomy."""
    row = conn.execute(
        """SELECT (SELECT count(*) FROM feedback), (SELECT max(id) FROM feedback),
                  (SELECT count(*) FROM classification),
                  (SELECT max(classified_at) FROM classification),
                  (SELECT count(*) FROM assessor_label),
                  (SELECT max(labelled_at) FROM assessor_label),
                  (SELECT count(*) FROM metric_point),
                  (SELECT sum(ts) FROM metric_point),
                  (SELECT sum(value) FROM metric_point),
                  (SELECT count(*) FROM metric_link),
                  (SELECT coalesce(group_concat(series_id || '=' || area), '')
                     FROM (SELECT * FROM metric_link ORDER BY series_id, area) AS links),
                  (SELECT max(version) FROM taxonomy)"""
    ).fetchone()
    # Numbers written here, not by the engine (each writes a float its own way): a workspace
    # copied between a file and a server keeps what was computed for it.
    parts = ["0" if v is None else repr(v) if isinstance(v, float) else str(v) for v in row]
    return "|".join(":".join(parts[a:b]) for a, b in ((0, 2), (2, 4), (4, 6), (6, 9), (9, 11),
                                                       (11, 12)))  # fmt: skip


EVIDENCE = "technical_evidence"


def cached_evidence(conn: sqlite3.Connection, fingerprint: str) -> dict | None:
    """The evidence stored for data with this fingerprint, or None when the data changed."""
    kept = settings.get(conn, EVIDENCE)
    evidence = kept.get("evidence") if kept.get("fingerprint") == fingerprint else None
    return evidence if isinstance(evidence, dict) else None


def save_evidence(conn: sqlite3.Connection, fingerprint: str, evidence: dict) -> None:
    settings.put(conn, EVIDENCE, {"fingerprint": fingerprint, "evidence": evidence})


PACK = "pack_correlation"
KEPT_SETTINGS = (EVIDENCE, PACK, driver_items.KEPT)  # results kept there, not settings


def change_fingerprint(conn: sqlite3.Connection) -> str:
    """A value that changes with anything a correlation or a finding reads: the data (see
    :func:`data_fingerprint`), every change the audit trail records (an edit, a decision, a
    link, a setting) and every setting's value, even one written outside fbdesk."""
    import hashlib

    audit = conn.execute("SELECT count(*) || ':' || coalesce(max(id), 0) FROM audit").fetchone()
    digest = hashlib.sha256()
    marks = ",".join("?" * len(KEPT_SETTINGS))
    for key, value in conn.execute(
        f"SELECT key, value FROM setting WHERE key NOT IN ({marks}) ORDER BY key", KEPT_SETTINGS
    ):
        digest.update(f"{key}\x1f{value}\x1e".encode())
    return f"{data_fingerprint(conn)}|{audit[0]}|{digest.hexdigest()}"


def kept_pack(conn: sqlite3.Connection, key: str) -> dict | None:
    """The pack's correlation kept under ``key``, or None when none is kept for it."""
    kept = settings.get(conn, PACK)
    value = kept.get("value") if kept.get("key") == key else None
    return value if isinstance(value, dict) else None


def keep_pack(conn: sqlite3.Connection, key: str, value: dict) -> None:
    settings.put(conn, PACK, {"key": key, "value": value})
