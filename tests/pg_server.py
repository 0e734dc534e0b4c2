"""A throwaway PostgreSQL server for the tests: Debian's ``postgresql`` package, started in a
temporary folder, listening only on a Unix socket there (no TCP port, nothing on the network).

``initdb`` and ``postgres`` refuse to run as root; as root (here and in CI) they run as the
unprivileged user ``nobody`` through ``runuser``, and the folder is theirs.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    """The folder with ``initdb``, ``pg_ctl`` and ``postgres`` (newest version first)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
                        reverse=True)  # fmt: skip
    for folder in candidates:
        if all(os.access(Path(folder) / tool, os.X_OK) for tool in ("initdb", "pg_ctl")):
            return Path(folder)
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    return None


class Server:
    """A running server; ``url(db)`` names a database on it (the superuser is ``fbdesk``)."""

    SUPERUSER = "fbdesk"

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        # As root the server runs as nobody, who must reach the folder: /tmp, not a TMPDIR that
        # may sit in root's home.
        where = "/tmp" if self.as_root and os.path.isdir("/tmp") else None
        self.root = Path(tempfile.mkdtemp(prefix="fbdesk-pg-", dir=where))
        self.data = self.root / "data"
        if self.as_root:
            shutil.chown(self.root, "nobody")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.SUPERUSER,
                  "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.start()

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "start",
                  "-o", f"-k {self.root} -c listen_addresses= -F -c max_connections=40")  # fmt: skip

    def halt(self) -> None:
        """Stop the server as a crash or a restart does (every session dropped), keeping its
        data for :meth:`start`."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def restart(self) -> None:
        """Stop the server (every session dropped) and start it again on the same data."""
        self.halt()
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "nobody", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.root / "log"
            raise RuntimeError(f"{tool} failed: {done.stderr}"
                               + (log.read_text() if log.exists() else ""))  # fmt: skip

    def url(self, database: str = "postgres", user: str | None = None) -> str:
        return f"postgresql://{user or self.SUPERUSER}@/{database}?host={self.root}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def login(pg_server, url: str, name: str, role: str) -> str:
    """``url`` as the login ``name``, a member of ``role`` (made once per server)."""
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            conn.execute(f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    return url.replace(f"{pg_server.SUPERUSER}@", f"{name}@", 1)


def first_item(ws) -> int:
    return ws.conn.execute("SELECT min(id) FROM feedback").fetchone()[0]
