"""A team workspace: the same tables on a PostgreSQL server, opened by its address
(``postgresql://host/db``), where several assessors work at once.

The address carries no password: the usual PostgreSQL ways supply it (``PGPASSWORD``,
``~/.pgpass``, a service file), and TLS is used when the server offers it (libpq's default).
The person recorded beside every change is the server's session user, never a typed name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from fbdesk.domain.errors import FbdeskError, WorkspaceError
from fbdesk.store import dialect, schema, server_schema
from fbdesk.store.workspace import Workspace

SCHEMES = ("postgresql://", "postgres://")
ASSESSOR, VIEWER = "fbdesk_assessor", "fbdesk_viewer"
# What an assessor writes: labels, decisions, the taxonomy (and the classifications a taxonomy
# edit or a learning step replaces), queues, pack notes, and the audit trail of all of them.
ASSESSOR_WRITES = ("assessor_label", "coder_label", "item_version", "audit", "improvement",
                   "improvement_merge", "improvement_hand", "improvement_link", "notified",
                   "taxonomy", "classification", "classification_version", "queue_item",
                   "pack_note", "finding_state")  # fmt: skip
_PASSWORD_HINT = ("Leave the password out of the address: give it in PGPASSWORD, ~/.pgpass or a "
                  "service file, so it is never kept with the workspace or its recent list")  # fmt: skip


def is_address(where: object) -> bool:
    """Whether ``where`` names a workspace on a server rather than a file."""
    return isinstance(where, str) and where.startswith(SCHEMES)


def shown(address: str) -> str:
    """The address as messages show it (user, host, database; never a password)."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(address)
    except ProgrammingError:
        return "the server address"
    host = parts.get("host") or "localhost"
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"postgresql://{user}{host}/{parts.get('dbname', '')}"


class ConnectionLost(WorkspaceError):
    """The connection to the server was lost before anything was committed: nothing was
    changed, and the change may be made again on a new connection."""


_READS = ("SELECT", "VALUES", "SHOW")


class ServerConnection:
    """A psycopg connection that takes the store's statements as they are written for SQLite
    (``dialect.to_postgres``) and answers like ``sqlite3``'s: cursors with ``fetchone``,
    ``fetchall``, ``description`` and iteration.

    A connection the server dropped (a restart, a network cut) is made again by itself, once,
    for a read outside a change; inside a change the loss is :class:`ConnectionLost`, for the
    change to be made again whole (``TeamWorkspace.retrying``). ``lost`` tells whether the
    connection is lost now (the window shows it)."""

    def __init__(self, raw, address: str = "") -> None:
        self.raw = raw
        self.address = address
        self.total_changes = 0  # rows inserted, updated or deleted, as sqlite3 counts them
        self.in_change = False  # a transaction is open: a loss is the transaction's
        self.lost = False

    def execute(self, sql: str, args: tuple | list = ()):
        return self._run(sql, lambda cursor: cursor.execute(dialect.to_postgres(sql),
                                                           tuple(args)))  # fmt: skip

    def executemany(self, sql: str, rows):
        rows = [tuple(r) for r in rows]
        return self._run(sql, lambda cursor: cursor.executemany(dialect.to_postgres(sql), rows))

    def _run(self, sql: str, call):
        import psycopg

        if self.raw.closed and not self.in_change:  # known lost, nothing sent yet: connect
            self.reconnect()
        for attempt in (1, 2):
            try:
                cursor = self.raw.cursor()
                call(cursor)
            except psycopg.OperationalError as exc:
                if not self.raw.closed:  # the server answered: a refusal, not a loss
                    raise _server_error(exc, "", shown(self.address)) from exc
                self.lost = True
                read = sql.lstrip()[:6].upper().startswith(_READS)
                if attempt == 2 or self.in_change or not read:
                    raise _lost(exc, shown(self.address)) from exc
                self.reconnect()
                continue
            self._count(sql, cursor)
            return cursor
        raise AssertionError("unreachable")

    def reconnect(self) -> None:
        """A new connection in place of this one (closed first); :class:`ConnectionLost` when
        the server cannot be reached."""
        with suppress(Exception):
            self.raw.close()
        try:
            self.raw = connect(self.address)
        except WorkspaceError as exc:
            self.lost = True
            raise _lost(exc, shown(self.address)) from exc
        self.lost = False

    def _count(self, sql: str, cursor) -> None:
        if cursor.rowcount > 0 and sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.total_changes += cursor.rowcount

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def _numbers_as_sqlite_gives_them():
    """A loader of PostgreSQL's ``numeric`` (what ``sum`` of integers and ``avg`` answer) that
    gives what SQLite gives: an int for a whole number, else a float, never a Decimal."""
    from psycopg.types.numeric import NumericLoader

    class Loader(NumericLoader):
        def load(self, data):
            value = super().load(data)
            if value.is_finite() and value == value.to_integral_value() \
                    and value.as_tuple().exponent >= 0:  # fmt: skip
                return int(value)
            return float(value)

    return Loader


def connect(address: str):
    """A psycopg connection (autocommit: transactions are explicit) to ``address``."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(address)
    except psycopg.ProgrammingError as exc:
        raise WorkspaceError(f"This is not a server address ({exc})",
                             "Write it as postgresql://host/database") from exc  # fmt: skip
    if parts.get("password"):
        raise WorkspaceError("The address holds a password", _PASSWORD_HINT, file=shown(address))
    try:
        # A dead network is found out: connecting gives up after 5 s, and an open connection
        # whose server stopped answering is dropped within about 30 s (TCP keepalives and
        # tcp_user_timeout; a Unix socket learns of it at once).
        raw = psycopg.connect(address, autocommit=True, connect_timeout=5, keepalives=1,
                              keepalives_idle=10, keepalives_interval=5, keepalives_count=3,
                              tcp_user_timeout=30000)  # fmt: skip
        raw.adapters.register_loader("numeric", _numbers_as_sqlite_gives_them())
        return raw
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WorkspaceError(
            f"The server could not be reached or refused the connection ({first})",
            "Check the address, that the server runs, and your password (PGPASSWORD, "
            "~/.pgpass or a service file)", file=shown(address)) from exc  # fmt: skip


def _lost(exc: Exception, address: str) -> ConnectionLost:
    first = (str(getattr(exc, "message", "") or exc).strip().splitlines()
             or [type(exc).__name__])[0]  # fmt: skip
    return ConnectionLost(f"The connection to the server was lost ({first}); nothing was "
                          "changed", "Check the network and that the server runs, then try "
                          "again", file=address)  # fmt: skip


def _server_error(exc: Exception, person: str, address: str) -> WorkspaceError:
    import psycopg

    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return WorkspaceError(
            f"The server refused the change: {person} may not write this ({first}); nothing "
            "was changed", f"Ask whoever runs the server to grant you the role {ASSESSOR}",
            file=address)  # fmt: skip
    if isinstance(exc, psycopg.OperationalError):
        return WorkspaceError(f"The connection to the server was lost ({first}); nothing was "
                              "changed", "Check the network and that the server runs, then "
                              "try again", file=address)  # fmt: skip
    return WorkspaceError(f"The server refused the change ({first}); nothing was changed",
                          file=address)  # fmt: skip


class TeamWorkspace(Workspace):
    """A workspace on a PostgreSQL server; every change goes through :meth:`transaction`, and
    a label's write claims the item's version (``store/versions.py``)."""

    versioned = True

    def __init__(self, address: str, conn: ServerConnection, person: str) -> None:
        super().__init__(shown(address), conn)  # type: ignore[arg-type]
        self.address = address
        self.person = person

    @property
    def connection_lost(self) -> bool:
        """Whether the connection to the server is lost now (the last attempt to reach it
        failed); the next read or change tries again, as does :meth:`reconnect`."""
        return self.conn.lost

    def reconnect(self) -> None:
        """Connect to the server again now; :class:`ConnectionLost` (a message) when it cannot
        be reached."""
        self.conn.reconnect()

    def retrying(self, write):
        """``write()`` (which makes one change through :meth:`transaction`), made once more on
        a new connection when the connection was lost before the change was committed. A
        change whose commit was under way when the connection went is never made again: it
        may have been saved."""
        try:
            return write()
        except ConnectionLost:
            if self._depth:
                raise
            return write()

    def kept(self, key: tuple, compute):
        """Computed each time: others write the workspace too, so nothing read is kept."""
        return compute()

    @classmethod
    def open(cls, path, create: bool = False, keep_backup: bool = False) -> TeamWorkspace:
        address = str(path)
        raw = connect(address)
        try:
            conn = ServerConnection(raw, address)
            if create:
                server_schema.create(conn, shown(address))
            version = server_schema.version_of(conn)
            if version is None:
                raise WorkspaceError("There is no fbdesk workspace in this database",
                                     "Create one with: fbdesk team init ADDRESS",
                                     file=shown(address))  # fmt: skip
            if version < schema.SCHEMA_VERSION:
                raise WorkspaceError(
                    f"The workspace on the server is at schema {version}, older than this "
                    f"fbdesk's ({schema.SCHEMA_VERSION}); nothing was changed", "Ask the "
                    "database's owner to run: fbdesk team init ADDRESS (it brings the "
                    "workspace up to date)", file=shown(address))  # fmt: skip
            if version > schema.SCHEMA_VERSION:
                raise WorkspaceError(
                    f"The workspace on the server is at schema {version}, newer than this "
                    f"fbdesk's ({schema.SCHEMA_VERSION}); nothing was changed", "Use a newer "
                    "fbdesk", file=shown(address))  # fmt: skip
            person = conn.execute("SELECT session_user").fetchone()[0]
        except BaseException:
            raw.close()
            raise
        return cls(address, conn, person)

    @contextmanager
    def transaction(self) -> Iterator[ServerConnection]:
        """One atomic change on the server: all of it is committed, or none of it."""
        import psycopg

        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        self.conn.in_change = True
        try:
            yield self.conn
        except psycopg.Error as exc:
            with suppress(psycopg.Error):
                self.conn.raw.execute("ROLLBACK")
            if self.conn.raw.closed:  # the server rolls back what a dropped session began
                self.conn.lost = True
                raise _lost(exc, str(self.path)) from exc
            raise _server_error(exc, self.person, str(self.path)) from exc
        except BaseException:
            with suppress(psycopg.Error):
                self.conn.raw.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0
            self.conn.in_change = False
        try:
            self.conn.raw.execute("COMMIT")
        except psycopg.OperationalError as exc:  # the server may have committed it, or not
            self.conn.lost = self.conn.raw.closed
            raise WorkspaceError(
                "The connection to the server was lost while the change was being saved; "
                "whether it was saved is not known", "Open the workspace again and look "
                "before making the change again", file=str(self.path)) from exc  # fmt: skip
        except psycopg.Error as exc:
            raise _server_error(exc, self.person, str(self.path)) from exc

    def _begin(self) -> None:
        """BEGIN, on a new connection where the one there was dropped (a BEGIN that met a
        dropped connection did nothing: it is sent again once, on the new one)."""
        import psycopg

        for attempt in (1, 2):
            try:
                if self.conn.raw.closed:
                    self.conn.reconnect()
                self.conn.raw.execute("BEGIN")
                return
            except psycopg.OperationalError as exc:
                if not self.conn.raw.closed:
                    raise _server_error(exc, self.person, str(self.path)) from exc
                self.conn.lost = True
                if attempt == 2:
                    raise _lost(exc, str(self.path)) from exc
            except psycopg.Error as exc:
                raise _server_error(exc, self.person, str(self.path)) from exc

    def save_as(self, dest):
        raise FbdeskError("A team workspace is copied to a file with: fbdesk team copy "
                          "ADDRESS FILE")  # fmt: skip

    def check(self) -> list[str]:
        return []  # the server keeps its own integrity; nothing of SQLite's to check


def init(address: str) -> list[str]:
    """Create the workspace's tables on the server (unless there) and the two roles, with what
    each may do granted by the server: ``fbdesk_assessor`` reads everything and writes labels,
    decisions and the taxonomy; ``fbdesk_viewer`` reads. Returns what was done, in sentences."""
    import psycopg
    from psycopg import sql

    raw = connect(address)
    done = []
    try:
        conn = ServerConnection(raw)
        made = server_schema.create(conn, shown(address))
        done.append("created the workspace's tables" if made else "the tables were there")
        if not made:
            was = server_schema.migrate(conn, shown(address))
            if was is not None:
                done.append(f"brought the workspace from schema {was} to {schema.SCHEMA_VERSION}")
        try:
            with raw.transaction():
                for role in (ASSESSOR, VIEWER):
                    exists = raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                         (role,)).fetchone()  # fmt: skip
                    if not exists:
                        raw.execute(f"CREATE ROLE {role} NOLOGIN")
                        done.append(f"created the role {role}")
                database = raw.execute("SELECT current_database()").fetchone()[0]
                quoted = sql.Identifier(database).as_string(raw)
                raw.execute(f"GRANT CONNECT ON DATABASE {quoted} TO {ASSESSOR}, {VIEWER}")
                raw.execute(f"GRANT USAGE ON SCHEMA public TO {ASSESSOR}, {VIEWER}")
                raw.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ASSESSOR}, {VIEWER}")
                raw.execute(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(ASSESSOR_WRITES)} "
                            f"TO {ASSESSOR}")  # fmt: skip
                raw.execute(f"GRANT UPDATE (classified_at) ON feedback TO {ASSESSOR}")
                raw.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {ASSESSOR}")
        except psycopg.Error as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise WorkspaceError(f"The roles could not be set up ({first}); no role was made",
                                 "Run it as a user who may create roles (CREATEROLE)",
                                 file=shown(address)) from exc  # fmt: skip
        done.append(f"granted {ASSESSOR} reading everything and writing labels, decisions and "
                    f"the taxonomy, and {VIEWER} reading")  # fmt: skip
    finally:
        raw.close()
    return done
