"""Shared fixtures. Qt runs offscreen; nothing here reaches the network."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
EXPORTS = SHARED / "exports"
METRICS = SHARED / "metrics"
LABELED = SHARED / "labeled"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED.exists():
        pytest.fail(f"the shared data folder is missing: {SHARED}")
    return SHARED


@pytest.fixture
def ws_path(tmp_path) -> Path:
    return tmp_path / "test.fbdesk"


@pytest.fixture
def ws(ws_path):
    from fbdesk.store.workspace import Workspace

    workspace = Workspace.open(ws_path, create=True)
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """The app's data folder (logs, demo) lives in a temporary folder during tests."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    """The demo workspace, written and classified once per test run; copy it to change it."""
    from fbdesk.services.classify import classify
    from fbdesk.services.demo import write_demo
    from fbdesk.store.workspace import Workspace

    path = write_demo(tmp_path_factory.mktemp("demo") / "demo.fbdesk")
    with Workspace.open(path) as ws:
        classify(ws)
    return path


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
