"""Finding the items a sheet from outside names: by the id their source gave them, or by their
exact words."""

from __future__ import annotations

import json
import sqlite3


def by_external_id(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[int]]:
    """The items whose source id (as stored: a response id, a ticket id) is one of ``ids``."""
    out: dict[str, list[int]] = {}
    rows = conn.execute("SELECT trim(external_id), id FROM feedback WHERE trim(external_id) IN "
                        "(SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(ids),))  # fmt: skip
    for key, item in rows:
        out.setdefault(key, []).append(item)
    return out


def by_text(conn: sqlite3.Connection, texts: list[str]) -> dict[str, list[int]]:
    """The items whose text — or title and text, as the review table shows them — is exactly
    one of ``texts`` (blanks at the ends aside)."""
    out: dict[str, set[int]] = {}
    wanted = json.dumps(texts)
    for shown in ("trim(text)", "trim(coalesce(title || '. ', '') || text)"):
        rows = conn.execute(f"SELECT {shown}, id FROM feedback WHERE {shown} IN "
                            "(SELECT value FROM json_each(?))", (wanted,))  # fmt: skip
        for key, item in rows:
            out.setdefault(key, set()).add(item)
    return {k: sorted(v) for k, v in out.items()}
