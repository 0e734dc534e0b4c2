"""Helpers for tests: snapshots of a workspace's content to prove it did not change."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def content_digest(path: Path) -> str:
    """A digest of every table's rows, independent of page layout."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]  # fmt: skip
        for t in tables:
            h.update(t.encode())
            for row in conn.execute(f"SELECT * FROM {t} ORDER BY 1"):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        conn.close()


def fetch(path: Path, sql: str, args: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()
