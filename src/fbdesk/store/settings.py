"""Small JSON settings of a workspace, one row per name in the ``setting`` table.

A setting edited outside fbdesk may hold anything: text that is not JSON, a list, ``"abc"`` or
``NaN`` where a number belongs. Reading never fails on it: what is unusable is left out (the
default applies) and said once on the ``fbdesk.notice`` logger, which the command line prints.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3

notice = logging.getLogger("fbdesk.notice")


def get(conn: sqlite3.Connection, name: str) -> dict:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (name,)).fetchone()
    if not row:
        return {}
    try:
        data = json.loads(row[0])
    except (TypeError, ValueError):
        data = None
    if not isinstance(data, dict):
        notice.warning("The workspace setting %r is not readable; its defaults are used", name)
        return {}
    return data


def number(value: object) -> float | None:
    """``value`` as a finite number, or None (text, NaN, infinity, true/false, a list)."""
    if isinstance(value, bool):
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return out if math.isfinite(out) else None


def numbers(conn: sqlite3.Connection, name: str) -> dict[str, float]:
    """A setting whose values are numbers; an entry that is not a finite number is left out
    (its default applies), with a notice."""
    raw = get(conn, name)
    clean = {str(k): number(v) for k, v in raw.items()}
    bad = [f"{k}: {raw[k]!r}" for k, v in clean.items() if v is None]
    if bad:
        notice.warning("The workspace setting %r holds values that are not numbers (%s); the "
                       "defaults are used for them", name, ", ".join(bad))  # fmt: skip
    return {k: v for k, v in clean.items() if v is not None}


def put(conn: sqlite3.Connection, name: str, data: dict) -> None:
    conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)",
                 (name, json.dumps(data, sort_keys=True)))  # fmt: skip


def remove(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("DELETE FROM setting WHERE key = ?", (name,))
