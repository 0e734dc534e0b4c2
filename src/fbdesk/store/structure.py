"""What a workspace of a given schema version holds — its tables with their columns, keys and
checks, its indexes, triggers and views — read through SQLite's PRAGMAs and compared with what
the migrations up to that version create. A workspace whose structure differs was not written
by fbdesk: an extra index on an expression runs on every write, a trigger runs code, a missing
table fails later. Stored SQL text is not compared (``ALTER TABLE`` rewrites it), except for the
bodies of CHECK constraints, which no PRAGMA lists.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache

from fbdesk.store import schema

# Tables SQLite itself keeps (statistics for the query planner): data, never code.
_SQLITE_OWN = frozenset({"sqlite_stat1", "sqlite_stat4"})


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
    return {(t, n): tbl for t, n, tbl in rows if n not in _SQLITE_OWN}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _checks(sql: str | None) -> tuple[str, ...]:
    """The bodies of the CHECK constraints in a CREATE TABLE statement, blanks collapsed."""
    if not sql:
        return ()
    out, i = [], 0
    text = re.sub(
        r"'(?:[^']|'')*'", lambda m: m.group().replace("(", "\0").replace(")", "\1"), sql
    )  # fmt: skip  (parentheses inside string literals do not nest)
    for m in re.finditer(r"\bCHECK\s*\(", text, re.I):
        if m.start() < i:
            continue
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        out.append(" ".join(sql[m.end() : j - 1].split()).lower())
        i = j
    return tuple(sorted(out))


def read(conn: sqlite3.Connection) -> dict[str, object]:
    """The structure of the database on ``conn``, as comparable plain data."""
    found: dict[str, object] = {}
    objects = _objects(conn)
    tables = {n for (t, n) in objects if t == "table"}
    kinds = {r[1]: (r[2], r[4], r[5]) for r in conn.execute("PRAGMA main.table_list")}
    for table in sorted(tables):
        q = _quote(table)
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                           (table,)).fetchone()[0]  # fmt: skip
        found[f"table {table!r}"] = (
            kinds.get(table),
            tuple(conn.execute(f"PRAGMA main.table_xinfo({q})").fetchall()),
            tuple(conn.execute(f"PRAGMA main.foreign_key_list({q})").fetchall()),
            _checks(sql),
        )
        for _seq, index, unique, origin, partial in conn.execute(f"PRAGMA main.index_list({q})"):
            cols = tuple(conn.execute(f"PRAGMA main.index_xinfo({_quote(index)})").fetchall())
            found[f"index {index!r} on {table}"] = (unique, origin, partial, cols)
    for (kind, name), table in objects.items():
        if kind in ("trigger", "view"):
            found[f"{kind} {name!r}"] = table
        elif kind == "index" and f"index {name!r} on {table}" not in found:
            found[f"index {name!r} on {table}"] = "unlisted"
    return found


@cache
def expected(version: int) -> dict[str, object]:
    """The structure the migrations up to ``version`` create."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in schema.MIGRATIONS[:version]:
            conn.executescript(script)
        return read(conn)
    finally:
        conn.close()


@cache
def tolerated(version: int) -> dict[str, object]:
    """Objects an earlier build created at or before ``version`` that today's migrations no
    longer create (``schema.EARLIER_OBJECTS``), with their structure."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in schema.MIGRATIONS[:version]:
            conn.executescript(script)
        for at, statements in schema.EARLIER_OBJECTS.items():
            if at <= version:
                for sql in statements:
                    conn.execute(sql)
        base = expected(version)
        return {k: v for k, v in read(conn).items() if k not in base}
    finally:
        conn.close()


def late_tables(version: int) -> set[str]:
    """Tables a workspace of ``version`` may lack because its migration gained them later."""
    return {t for at, tables in schema.LATE_TABLES.items() if at <= version for t in tables}


def _table_of(key: str) -> str:
    """The table a structure key belongs to (``table 'x'``, ``index 'i' on x``)."""
    return key.split("'")[1] if key.startswith("table") else key.rsplit(" on ", 1)[-1]


def late_statements(conn: sqlite3.Connection, version: int) -> list[str]:
    """The CREATE TABLE statements of the late tables this workspace lacks."""
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    out = []
    for at, tables in schema.LATE_TABLES.items():
        if at > version:
            continue
        for statement in schema.MIGRATIONS[at - 1].split(";"):
            words = statement.split()
            if words[:2] == ["CREATE", "TABLE"] and words[2] in tables and words[2] not in have:
                out.append(statement.strip())
    return out


def _described(key: str, shape: object) -> str:
    if key.startswith("index") and isinstance(shape, tuple):
        _unique, _origin, partial, cols = shape
        if any(c[1] == -2 for c in cols):
            return f"{key} (on an expression)"
        if partial:
            return f"{key} (partial)"
    return key


def differences(conn: sqlite3.Connection, version: int) -> list[str]:
    """How the structure on ``conn`` differs from what schema ``version`` holds; empty when it
    is exactly that. Nothing of the database's own SQL is run to find out."""
    found, wanted, earlier = read(conn), expected(version), tolerated(version)
    out = [f"{_described(k, v)} that fbdesk did not create" for k, v in found.items()
           if k not in wanted and earlier.get(k) != v]  # fmt: skip
    late = late_tables(version)
    wanted = {k: v for k, v in wanted.items() if _table_of(k) not in late or k in found}
    gone = sorted(k.split("'")[1] for k in wanted if k.startswith("table") and k not in found)
    if gone:
        out.append("tables missing: " + ", ".join(gone))
    out += [f"{k} is missing" for k in wanted if k not in found and not k.startswith("table")
            and k.rsplit(" on ", 1)[-1] not in gone]  # fmt: skip
    out += [f"{_described(k, found[k])} is not as fbdesk made it" for k in wanted
            if k in found and found[k] != wanted[k]]  # fmt: skip
    return out


def unsafe_object(exc: sqlite3.DatabaseError) -> str | None:
    """The object SQLite refused to load because it calls a function a schema may not call
    (``trusted_schema`` is off), described for a message; None for any other error."""
    m = re.search(r"malformed database schema \((.*?)\) - unsafe use of (\S+)", str(exc))
    return None if m is None else f"{m[1]!r} calling {m[2]}, that fbdesk did not create"
