"""A team workspace after its server restarts or stops: the next read or change connects again
by itself (once); a change lost before it was committed is made again on the new connection,
one whose commit was under way is never made again blindly; a stopped server is a message
within moments, never a hang."""

from __future__ import annotations

import time

import psycopg
import pytest

from fbdesk.domain.errors import WorkspaceError
from fbdesk.services import team
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.store import review_rows, versions
from fbdesk.store.server import ConnectionLost
from fbdesk.store.workspace import Workspace
from tests.pg_server import first_item, login


def labels_written(url: str, item: int) -> list[tuple]:
    """The label changes ann made to ``item``, as the audit trail holds them."""
    with psycopg.connect(url) as raw:
        return raw.execute("SELECT actor, action FROM audit WHERE entity_id = %s AND action = "
                           "'label' AND actor = 'ann' ORDER BY id", (str(item),)).fetchall()  # fmt: skip


def test_after_a_server_restart_reads_and_changes_go_on_by_themselves(pg_server, shared):
    ann_url = login(pg_server, shared, "ann", "fbdesk_assessor")
    with Workspace.open(ann_url) as ann:
        item = first_item(ann)
        rows = review_rows.review_rows(ann.conn)
        pg_server.restart()
        assert review_rows.review_rows(ann.conn) == rows  # a read: connected again, once
        assert not ann.connection_lost
        pg_server.restart()
        apply_all(ann, [LabelCommand(item, "area", "Search", seen=0)])  # a change, too
        assert not ann.connection_lost
        assert team.item_versions(ann, [item]) == {item: 1}
    assert labels_written(shared, item) == [("ann", "label")]


def test_a_change_lost_before_its_commit_is_made_once_more(pg_server, shared, monkeypatch):
    ann_url = login(pg_server, shared, "ann", "fbdesk_assessor")
    real, claims = versions.claim, []

    def claim_then_drop(conn, *args, **kwargs):
        claims.append(conn.raw.info.backend_pid)
        done = real(conn, *args, **kwargs)
        if len(claims) == 1:  # the server drops the session in the middle of the change
            with psycopg.connect(pg_server.url(), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (claims[0],))
        return done

    monkeypatch.setattr(versions, "claim", claim_then_drop)
    with Workspace.open(ann_url) as ann:
        item = first_item(ann)
        undo = apply_all(ann, [LabelCommand(item, "sentiment", "negative", seen=0),
                               LabelCommand(item, "area", "Search", seen=0)])  # fmt: skip
        assert len(claims) == 2 and claims[0] != claims[1]  # made again, on a new session
        assert team.item_versions(ann, [item]) == {item: 1}  # once: the first never committed
        in_force = review_rows.in_force(ann.conn, [item])[0]
        assert (in_force["sentiment"], in_force["area"]) == ("negative", "Search")
        assert len(undo) == 2
    assert labels_written(shared, item) == [("ann", "label")] * 2


def test_a_change_whose_commit_was_under_way_is_not_made_again(shared):
    class LostAtCommit:  # the server's answer to COMMIT never arrives
        def __init__(self, raw):
            self.wrapped, self.begun = raw, 0

        def execute(self, sql, *args):
            if sql == "BEGIN":
                self.begun += 1
            if sql == "COMMIT":
                self.wrapped.close()
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            return self.wrapped.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.wrapped, name)

    with Workspace.open(shared) as ws:
        item = first_item(ws)
        lost = LostAtCommit(ws.conn.raw)
        ws.conn.raw = lost
        with pytest.raises(WorkspaceError, match="whether it was saved is not known") as info:
            apply_all(ws, [LabelCommand(item, "area", "Search")])
        assert "look before making the change again" in info.value.message
        assert not isinstance(info.value, ConnectionLost)
        assert lost.begun == 1  # not made again
        assert ws.connection_lost
        # The next read connects again, and shows whether it was saved (here: it was not).
        assert review_rows.in_force(ws.conn, [item])[0]["area"] != "Search"
        assert not ws.connection_lost


def test_a_stopped_server_is_a_message_at_once_and_the_workspace_reconnects(pg_server,
                                                                             shared):  # fmt: skip
    ann_url = login(pg_server, shared, "ann", "fbdesk_assessor")
    with Workspace.open(ann_url) as ann:
        item = first_item(ann)
        pg_server.halt()
        try:
            start = time.perf_counter()
            with pytest.raises(ConnectionLost, match="connection to the server was lost"):
                review_rows.review_rows(ann.conn)
            assert ann.connection_lost
            with pytest.raises(ConnectionLost, match="nothing was changed"):
                apply_all(ann, [LabelCommand(item, "area", "Search")])
            with pytest.raises(ConnectionLost):
                ann.reconnect()
            assert time.perf_counter() - start < 5.0  # a message, not a wait
            assert ann.connection_lost
        finally:
            pg_server.start()
        ann.reconnect()
        assert not ann.connection_lost
        assert team.item_versions(ann, [item]) == {}  # nothing was changed
        apply_all(ann, [LabelCommand(item, "area", "Search")])
        assert review_rows.in_force(ann.conn, [item])[0]["area"] == "Search"
