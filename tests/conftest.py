"""Shared fixtures. Qt runs offscreen; nothing here reaches the network."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"  # real public exports, with their sources and licences
EXPORTS = DATA / "exports"
METRICS = DATA / "metrics"
LABELED = DATA / "labeled"

# Every file a test opens must be inside the checkout (or a temporary or system folder): a
# fresh clone has nothing beside it. The audit hook sees every open() of this process.
OPENED_BESIDE: list[str] = []
_BESIDE = os.path.dirname(REPO) + os.sep
_ALLOWED = (str(REPO) + os.sep, tempfile.gettempdir() + os.sep, str(Path.home()) + os.sep)


def _watch_opens(event: str, args: tuple) -> None:
    if event == "open" and isinstance(args[0], str | os.PathLike):
        path = os.path.abspath(os.fspath(args[0]))
        if path.startswith(_BESIDE) and not path.startswith(_ALLOWED):
            OPENED_BESIDE.append(path)


sys.addaudithook(_watch_opens)


def pytest_sessionfinish(session, exitstatus):
    if OPENED_BESIDE:
        print("\nfiles opened beside the checkout (a fresh clone has none):", *OPENED_BESIDE[:10],
              sep="\n  ")  # fmt: skip
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def real_data() -> Path:
    return DATA


@pytest.fixture
def ws_path(tmp_path) -> Path:
    return tmp_path / "test.fbdesk"


@pytest.fixture
def ws(ws_path):
    from fbdesk.store.workspace import Workspace

    workspace = Workspace.open(ws_path, create=True)
    yield workspace
    workspace.close()


@pytest.fixture(params=["file", "server"])
def engine_ws(request, ws_path):
    """A new, empty workspace on each engine in turn: a file, then a new database on the test
    server (``pg_url``), opened by its address as the database's owner."""
    from fbdesk.store.workspace import Workspace

    where = ws_path if request.param == "file" else request.getfixturevalue("pg_url")
    workspace = Workspace.open(where, create=True)
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """The app's data folder (logs, demo) lives in a temporary folder during tests."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))


@pytest.fixture(autouse=True)
def nobody_chosen(monkeypatch):
    """No test inherits the person another test chose (``Workspace.person`` is the process's)."""
    from fbdesk.store.workspace import Workspace

    monkeypatch.setattr(Workspace, "person", "")


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    """The demo workspace (classified, as ``fbdesk demo`` writes it), written once per test run;
    copy it to change it."""
    from fbdesk.services.demo import write_demo

    return write_demo(tmp_path_factory.mktemp("demo") / "demo.fbdesk")


@pytest.fixture
def demo_ws(demo_master, tmp_path):
    """A private copy of the classified demo workspace, open."""
    import shutil

    from fbdesk.store.workspace import Workspace

    path = tmp_path / "demo.fbdesk"
    shutil.copyfile(demo_master, path)
    workspace = Workspace.open(path)
    yield workspace
    workspace.close()


# ------------------------------------------------------------ a PostgreSQL server (team tests)


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server of this run's own (Debian's ``postgresql`` package), on a Unix socket
    in a temporary folder; skipped where no server is installed, except in CI, which installs
    one (``.ci/run``) and where a missing server fails."""
    from tests.pg_server import Server, find_bindir

    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("no PostgreSQL server (initdb, pg_ctl) is installed; .ci/run installs "
                        "Debian's postgresql package")  # fmt: skip
        pytest.skip("no PostgreSQL server installed (apt-get install postgresql)")
    server = Server(bindir)
    try:
        yield server
    finally:
        server.stop()


_databases = iter(range(1, 10**6))


@pytest.fixture
def pg_url(pg_server) -> str:
    """The address of a new, empty database on the test server (dropped after the test)."""
    import psycopg

    name = f"ws_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_server.url(name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def demo_on_server(pg_server, demo_master) -> str:
    """The demo workspace copied once to the test server, as a template database."""
    import psycopg

    from fbdesk.store import team_copy

    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE demo_template")
    team_copy.file_to_server(demo_master, pg_server.url("demo_template"))
    return "demo_template"


@pytest.fixture(params=["file", "server"])
def demo_engine_ws(request, demo_master, tmp_path):
    """The classified demo workspace, open, on each engine in turn: a private copy of the file,
    then a new database on the test server made from the same content."""
    import shutil

    import psycopg

    from fbdesk.store.workspace import Workspace

    if request.param == "file":
        path = tmp_path / "demo.fbdesk"
        shutil.copyfile(demo_master, path)
        workspace = Workspace.open(path)
        yield workspace
        workspace.close()
        return
    pg_server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("demo_on_server")
    name = f"demo_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    workspace = Workspace.open(pg_server.url(name))
    yield workspace
    workspace.close()
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
