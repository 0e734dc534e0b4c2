"""What a window watches on a team workspace: others' changes told as they commit, found by
the two-second look where no notification comes, and a lost connection said in words."""

from __future__ import annotations

import time

import psycopg
import pytest

from fbdesk.domain.errors import WorkspaceError
from fbdesk.services import team
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.store.workspace import Workspace
from tests.pg_server import first_item, login


def _until(watcher, item: int, seconds: float) -> float:
    """Seconds until ``watcher`` tells of ``item`` (fails after ``seconds``)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if item in watcher.changes(timeout=0.2):
            return time.monotonic() - started
    raise AssertionError(f"item {item} was not told within {seconds} s")


def test_a_change_is_told_as_it_commits(pg_server, shared):
    ann = login(pg_server, shared, "ann", "fbdesk_assessor")
    watcher = team.watch(shared, poll=60)  # no look: the notification alone tells
    try:
        assert watcher.listening
        with Workspace.open(ann) as ws:
            item = first_item(ws)
            apply_all(ws, [LabelCommand(item, "area", "Search")])
        assert _until(watcher, item, 2.0) < 2.0
    finally:
        watcher.close()


def test_without_notifications_the_look_every_two_seconds_finds_the_change(pg_server, shared):
    ann = login(pg_server, shared, "ann", "fbdesk_assessor")
    watcher = team.watch(shared, poll=2.0)
    watcher.listening = False  # as where notifications never come (a pooler drops them)
    try:
        with Workspace.open(ann) as ws:
            item = first_item(ws)
            apply_all(ws, [LabelCommand(item, "area", "Search")])
            apply_all(ws, [LabelCommand(item + 1, "area", "Billing")])
        told: set[int] = set()
        started = time.monotonic()
        while time.monotonic() - started < 2.5 and not {item, item + 1} <= told:
            told |= set(watcher.changes(timeout=0.2))
        assert told == {item, item + 1}
        assert watcher.changes(timeout=0.2) == []  # told once
    finally:
        watcher.close()


def test_a_lost_connection_is_a_message(pg_server, shared):
    watcher = team.watch(shared)
    try:
        with psycopg.connect(pg_server.url(), autocommit=True) as admin:
            pid = watcher.raw.info.backend_pid
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(WorkspaceError, match="connection to the server was lost"):
            for _ in range(10):
                watcher.changes(timeout=0.2)
    finally:
        watcher.close()
