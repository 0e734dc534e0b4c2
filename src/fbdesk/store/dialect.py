"""The thin layer that lets the store's SQL, written for SQLite, run on PostgreSQL.

One schema definition serves both engines: the server's tables are the ones a new workspace
file gets (its migrations, run in memory), with SQLite's types written as PostgreSQL's. One
set of queries serves both: a statement is written once, with ``?`` marks, and
:func:`to_postgres` rewrites it for psycopg (``%s`` marks, ``INSERT OR REPLACE`` as an upsert
on the table's key). A statement that uses what only SQLite has is not rewritten: it fails
on the server with the server's message.

A few of SQLite's own functions the queries use (``json_extract``, ``json_each``,
``json_quote``, ``json_array_length``, ``group_concat``) are made on the server under the same
names (:data:`SERVER_FUNCTIONS`, created with the tables and again by ``fbdesk team init``), so
that the one statement runs on both engines. ``json_extract`` answers text on the server (a
JSON number too): a statement that needs a number casts it, ``CAST(… AS REAL)``, which
:func:`to_postgres` writes as PostgreSQL's ``DOUBLE PRECISION``.

Nothing here is used by a workspace file: SQLite is spoken to with ``sqlite3`` directly, as
before.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache, lru_cache

from fbdesk.store import schema

# Tables only a team workspace has: the schema version (a file keeps it in ``user_version``)
# and each item's version, which refuses a write made on an older reading of the item.
TEAM_TABLES = (
    "CREATE TABLE fbdesk_schema (version BIGINT NOT NULL)",
    """CREATE TABLE item_version (
        item_id    BIGINT PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
        version    BIGINT NOT NULL,
        changed_by TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        what       TEXT NOT NULL
    )""",
)

# SQLite's functions the store's statements use, with SQLite's names and answers (JSON paths
# as SQLite writes them: $.a.b, $.a."quoted key", $[0]).
SERVER_FUNCTIONS = (
    r"""CREATE OR REPLACE FUNCTION fbdesk_json_path(path TEXT) RETURNS TEXT[]
        LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT coalesce(array_agg(CASE WHEN m[1] IS NOT NULL THEN m[1]::json #>> '{}'
                                       ELSE coalesce(m[2], m[3]) END ORDER BY n), '{}')
        FROM regexp_matches(path, '\.("(?:[^"\\]|\\.)*")|\.([^.\[]+)|\[(\d+)\]', 'g')
             WITH ORDINALITY AS t(m, n) $$""",
    """CREATE OR REPLACE FUNCTION json_extract(doc TEXT, path TEXT) RETURNS TEXT
        LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT doc::jsonb #>> fbdesk_json_path(path) $$""",
    """CREATE OR REPLACE FUNCTION json_quote(value TEXT) RETURNS TEXT
        LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(to_json(value)::text, 'null') $$""",
    """CREATE OR REPLACE FUNCTION json_array_length(doc TEXT, path TEXT) RETURNS BIGINT
        LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT CASE WHEN jsonb_typeof(doc::jsonb #> fbdesk_json_path(path)) = 'array'
                    THEN jsonb_array_length(doc::jsonb #> fbdesk_json_path(path)) END $$""",
    """CREATE OR REPLACE FUNCTION json_each(doc TEXT, path TEXT DEFAULT '$')
        RETURNS TABLE(key TEXT, value TEXT) LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT CASE WHEN jsonb_typeof(j) = 'array' THEN (e.n - 1)::text ELSE e.k END,
               e.v #>> '{}'
        FROM (SELECT doc::jsonb #> fbdesk_json_path(path) AS j) AS d
        CROSS JOIN LATERAL (
            SELECT NULL::text AS k, a.v, a.n FROM jsonb_array_elements(
                CASE WHEN jsonb_typeof(d.j) = 'array' THEN d.j ELSE '[]' END)
                WITH ORDINALITY AS a(v, n)
            UNION ALL
            SELECT o.key, o.value, 0 FROM jsonb_each(
                CASE WHEN jsonb_typeof(d.j) = 'object' THEN d.j ELSE '{}' END) AS o
        ) AS e $$""",
    """CREATE OR REPLACE FUNCTION fbdesk_concat_step(acc TEXT, value TEXT, sep TEXT)
        RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value
                    ELSE acc || sep || value END $$""",
    """CREATE OR REPLACE FUNCTION fbdesk_concat_step(acc TEXT, value TEXT)
        RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT fbdesk_concat_step(acc, value, ',') $$""",
    """CREATE OR REPLACE AGGREGATE group_concat(TEXT, TEXT) (
        SFUNC = fbdesk_concat_step, STYPE = TEXT)""",
    """CREATE OR REPLACE AGGREGATE group_concat(TEXT) (
        SFUNC = fbdesk_concat_step, STYPE = TEXT)""",
)


@cache
def _file_schema(version: int = schema.SCHEMA_VERSION) -> tuple[tuple[str, str, str], ...]:
    """(type, name, sql) of every table and index of a new workspace file (at ``version``), in
    creation order."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in schema.MIGRATIONS[:version]:
            conn.executescript(script)
        return tuple(conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall())  # fmt: skip
    finally:
        conn.close()


def tables() -> list[str]:
    """The workspace's tables (both engines), parents before the tables that refer to them."""
    return [name for kind, name, _ in _file_schema() if kind == "table"]


def _column_types(sql: str) -> str:
    sql = re.sub(r"\)\s*WITHOUT ROWID\s*$", ")", sql.strip(), flags=re.IGNORECASE)
    # A key that numbers rows by itself (SQLite's rowid) numbers them on the server too; a
    # key that refers to another table's is given, never numbered.
    sql = re.sub(r"\bINTEGER PRIMARY KEY\b(?!\s+REFERENCES)",
                 "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", sql)  # fmt: skip
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    return re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)


@cache
def postgres_schema(version: int = schema.SCHEMA_VERSION) -> tuple[str, ...]:
    """The statements that create a team workspace's tables and indexes on PostgreSQL (as
    they were at schema ``version``)."""
    return tuple(_column_types(sql) for _, _, sql in _file_schema(version)) + TEAM_TABLES + \
        SERVER_FUNCTIONS


def migration(step: int) -> list[str]:
    """The file migration ``step`` (0 is the first) as statements for PostgreSQL: its tables
    and columns with PostgreSQL's types, the rest as :func:`to_postgres` writes it."""
    out = []
    for statement in (s.strip() for s in schema.MIGRATIONS[step].split(";")):
        if not statement:
            continue
        if re.match(r"(CREATE|ALTER)\s", statement, re.IGNORECASE):
            out.append(_column_types(statement))
        else:
            out.append(to_postgres(statement).replace("%%", "%"))
    return out


@cache
def primary_keys() -> dict[str, tuple[str, ...]]:
    """Each table's key columns (what ``INSERT OR REPLACE`` replaces on)."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in schema.MIGRATIONS:
            conn.executescript(script)
        keys = {}
        for name in tables():
            info = conn.execute(f"PRAGMA table_info({name})").fetchall()
            keys[name] = tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5])
        return keys
    finally:
        conn.close()


_QUOTED = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
_REPLACE = re.compile(
    r"^\s*INSERT\s+OR\s+(REPLACE|IGNORE)\s+INTO\s+(\w+)\s*\(([^)]*)\)(.*)$",
    re.IGNORECASE | re.DOTALL,
)

_RETURNING = re.compile(r"^(.*?)\s*(RETURNING\s+[\w\s,]+)?$", re.IGNORECASE | re.DOTALL)
_CREATE = re.compile(r"^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TABLE\b", re.IGNORECASE)
_REAL = re.compile(r"\bAS\s+REAL\s*\)", re.IGNORECASE)


@lru_cache(maxsize=2048)  # statements with a mark per item come in many lengths
def to_postgres(sql: str) -> str:
    """``sql``, written for SQLite, as psycopg runs it on PostgreSQL."""
    parts = _QUOTED.split(sql.replace("%", "%%"))  # psycopg reads % everywhere, quotes too
    for i in range(0, len(parts), 2):  # a ? outside quotes is a mark
        parts[i] = parts[i].replace("?", "%s")
    sql = "".join(parts)
    sql = _REAL.sub("AS DOUBLE PRECISION)", sql)  # SQLite's REAL is eight bytes
    if _CREATE.match(sql):  # a table made on the way (a temporary one): the schema's types
        return _column_types(sql)
    shape = _REPLACE.match(sql)
    if shape is None:
        return sql
    how, table, columns, rest = shape.groups()
    rest, returning = _RETURNING.match(rest.rstrip().rstrip(";")).groups()
    returning = f" {returning}" if returning else ""
    names = [c.strip() for c in columns.split(",")]
    head = f"INSERT INTO {table}({columns}){rest}"
    keys = primary_keys().get(table, ())
    if how.upper() == "IGNORE" or not keys:
        return head + " ON CONFLICT DO NOTHING" + returning
    updates = [n for n in names if n not in keys]
    if not updates:
        return head + f" ON CONFLICT ({', '.join(keys)}) DO NOTHING" + returning
    sets = ", ".join(f"{n} = EXCLUDED.{n}" for n in updates)
    return head + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}" + returning
