"""Small JSON settings of a workspace, one row per name in the ``setting`` table."""

from __future__ import annotations

import json
import sqlite3


def get(conn: sqlite3.Connection, name: str) -> dict:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (name,)).fetchone()
    return json.loads(row[0]) if row else {}


def put(conn: sqlite3.Connection, name: str, data: dict) -> None:
    conn.execute("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)",
                 (name, json.dumps(data, sort_keys=True)))  # fmt: skip
