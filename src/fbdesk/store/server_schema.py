"""A team workspace's tables on the server: made by ``fbdesk team init``, and brought forward
by it when an older fbdesk made them. The migrations are the workspace file's, written for
PostgreSQL (``dialect.migration``), all run in one transaction: the server's schema is the old
one or the new one, never half of each."""

from __future__ import annotations

from fbdesk.domain.errors import WorkspaceError
from fbdesk.store import dialect, schema
from fbdesk.store.workspace import now_iso


def version_of(conn) -> int | None:
    """The schema version of the workspace on the server; None where there is none."""
    found = conn.execute("SELECT to_regclass('fbdesk_schema') IS NOT NULL").fetchone()[0]
    if not found:
        return None
    row = conn.execute("SELECT version FROM fbdesk_schema").fetchone()
    return row[0] if row else None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def create(conn, shown: str) -> bool:
    """Create the workspace's tables unless they are there; whether they were created."""
    import psycopg

    if version_of(conn) is not None:
        return False
    try:
        with conn.raw.transaction():
            for statement in dialect.postgres_schema():
                conn.raw.execute(statement)
            conn.execute("INSERT INTO fbdesk_schema(version) VALUES (?)", (schema.SCHEMA_VERSION,))
            conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?)", (now_iso(),))
    except psycopg.Error as exc:
        raise WorkspaceError(f"The workspace could not be created on the server "
                             f"({_first_line(exc)}); nothing was created",
                             "Connect as the database's owner", file=shown) from exc  # fmt: skip
    return True


def migrate(conn, shown: str) -> int | None:
    """Bring an older workspace on the server to this fbdesk's schema, in one transaction (the
    owner's: the tables are theirs); returns the version it was at, None when it was current.
    The functions the queries use are made again too (a newer fbdesk may have changed them)."""
    import psycopg

    try:
        with conn.raw.transaction():
            conn.raw.execute("LOCK TABLE fbdesk_schema IN ACCESS EXCLUSIVE MODE")
            version = version_of(conn)
            if version is None:
                return None
            if version > schema.SCHEMA_VERSION:
                raise WorkspaceError(
                    f"The workspace on the server is at schema {version}, newer than this "
                    f"fbdesk's ({schema.SCHEMA_VERSION}); nothing was changed",
                    "Use the fbdesk that made it, or a newer one", file=shown)  # fmt: skip
            for statement in dialect.SERVER_FUNCTIONS:
                conn.raw.execute(statement)
            if version == schema.SCHEMA_VERSION:
                return None
            for step in range(version, schema.SCHEMA_VERSION):
                for statement in dialect.migration(step):
                    conn.raw.execute(statement)
            renumber(conn)
            conn.execute("UPDATE fbdesk_schema SET version = ?", (schema.SCHEMA_VERSION,))
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES "
                         "('schema_migrated_at', ?)", (now_iso(),))  # fmt: skip
    except psycopg.Error as exc:
        raise WorkspaceError(f"The workspace on the server could not be brought to schema "
                             f"{schema.SCHEMA_VERSION} ({_first_line(exc)}); nothing was changed",
                             "Run fbdesk team init as the database's owner",
                             file=shown) from exc  # fmt: skip
    return version


def identity_columns() -> dict[str, str]:
    """Tables whose key the server numbers by itself, with that column."""
    out = {}
    for statement in dialect.postgres_schema():
        if "IDENTITY" in statement:
            table = statement.split()[2].strip('"')
            out[table] = dialect.primary_keys()[table][0]
    return out


def renumber(conn) -> None:
    """Each self-numbering key continues after the largest there (rows a migration or a copy
    wrote with their numbers given)."""
    for table, column in identity_columns().items():
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                     f"max({column})) FROM {table} HAVING max({column}) IS NOT NULL")  # fmt: skip
