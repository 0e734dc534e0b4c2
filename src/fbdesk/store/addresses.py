"""A team workspace's address, checked before anything connects: what a person typed."""

from __future__ import annotations

SCHEMES = ("postgresql://", "postgres://")


def problem(address: str) -> str | None:
    """What keeps ``address`` from naming a team workspace (None: nothing); a password in
    it is refused, so it is never kept with the workspace or in the recent list."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    if not address.startswith(SCHEMES):
        return "A server address starts with postgresql:// (postgresql://host/database)."
    try:
        parts = conninfo_to_dict(address)
    except ProgrammingError as exc:
        return f"This is not a server address ({exc})."
    if parts.get("password"):
        return ("Leave the password out of the address: give it in PGPASSWORD, ~/.pgpass or a "
                "service file.")  # fmt: skip
    if not parts.get("dbname") and not parts.get("service"):
        return "Name the database: postgresql://host/database."
    return None


def connect_again(ws) -> bool:
    """Make a team workspace's own connection again when it was lost (the server restarted,
    the network dropped); whether it had to. Nothing is retried: what was not committed was
    refused with a message when it was asked for."""
    from contextlib import suppress

    import psycopg

    from fbdesk.store.server import connect

    try:
        ws.conn.raw.execute("SELECT 1")
        return False
    except psycopg.Error:
        pass
    old, ws.conn.raw = ws.conn.raw, connect(ws.address)
    with suppress(psycopg.Error):
        old.close()
    return True
