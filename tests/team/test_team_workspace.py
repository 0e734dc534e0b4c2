"""A team workspace on a real PostgreSQL server the tests start themselves (``pg_server``):
opening it by address, the Review rows read alike on both engines, labels saved with
per-item versions, the roles' grants enforced by the server, and the copy file → server → file
with equal digests."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from fbdesk.cli import main
from fbdesk.domain.errors import FbdeskError, WorkspaceError
from fbdesk.services import team
from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.store import review_rows, team_copy
from fbdesk.store.versions import VersionConflict
from fbdesk.store.workspace import Workspace
from tests.helpers import content_digest
from tests.pg_server import first_item, login


def test_an_address_opens_a_team_workspace_and_says_what_is_missing(pg_url):
    with pytest.raises(WorkspaceError, match="no fbdesk workspace in this database") as info:
        Workspace.open(pg_url)
    assert "fbdesk team init" in info.value.message
    with pytest.raises(WorkspaceError, match="holds a password") as info:
        Workspace.open("postgresql://ann:secret@localhost/q3")
    assert "secret" not in info.value.message
    with Workspace.open(pg_url, create=True) as ws:
        assert ws.versioned and ws.person == "fbdesk"  # the server's session user
        assert review_rows.review_rows(ws.conn)["id"] == []


def test_the_copy_goes_to_the_server_and_back_with_equal_digests(source, pg_url, tmp_path):
    there = team_copy.file_to_server(source, pg_url)
    back = tmp_path / "back.fbdesk"
    assert team_copy.server_to_file(pg_url, back) == there
    assert content_digest(back) == content_digest(source)  # every row of every table
    with Workspace.open(source) as a, Workspace.open(back) as b:
        assert team_copy.digest(a) == team_copy.digest(b) == there
    with pytest.raises(WorkspaceError, match="not empty"):  # a second copy would mix them
        team_copy.file_to_server(source, pg_url)
    with pytest.raises(WorkspaceError, match="there already"):
        team_copy.server_to_file(pg_url, back)


def test_the_review_rows_are_the_same_on_both_engines(source, shared):
    with Workspace.open(source) as file, Workspace.open(shared) as server:
        rows = review_rows.review_rows(file.conn)
        assert len(rows["id"]) == 36
        assert review_rows.review_rows(server.conn) == rows
        item = rows["id"][3]
        for ws in (file, server):
            apply_all(ws, [LabelCommand(item, "sentiment", "negative"),
                           LabelCommand(item, "themes", "billing")])  # fmt: skip
        assert review_rows.review_rows(server.conn) == review_rows.review_rows(file.conn)
        assert review_rows.in_force(server.conn, [item]) == review_rows.in_force(file.conn,
                                                                                 [item])  # fmt: skip


def test_a_label_is_saved_by_the_session_user_never_a_typed_name(shared, monkeypatch):
    monkeypatch.setattr(Workspace, "person", "Typed Name")
    with Workspace.open(shared) as ws:
        item = first_item(ws)
        apply_all(ws, [LabelCommand(item, "area", "Checkout")])
        by = ws.conn.execute("SELECT labelled_by FROM assessor_label WHERE item_id = ? AND "
                             "field = 'area'", (item,)).fetchone()[0]  # fmt: skip
        actor = ws.conn.execute("SELECT actor FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert by == actor == "fbdesk"
        assert team.item_versions(ws, [item]) == {item: 1}


def test_a_write_on_an_older_reading_is_refused_naming_who_changed_what(pg_server, shared):
    ann_url = login(pg_server, shared, "ann", "fbdesk_assessor")
    bob_url = login(pg_server, shared, "bob", "fbdesk_assessor")
    with Workspace.open(ann_url) as ann, Workspace.open(bob_url) as bob:
        item = first_item(ann)
        seen = team.item_versions(bob, [item]).get(item, 0)  # both read the item at 0
        undo = apply_all(ann, [LabelCommand(item, "sentiment", "negative", seen=seen)])
        with pytest.raises(VersionConflict) as info:
            apply_all(bob, [LabelCommand(item, "sentiment", "positive", seen=seen)])
        assert info.value.message.startswith(
            f"Item {item} was changed by ann since you read it (sentiment set to 'negative'); "
            "your change (sentiment set to 'positive') was not saved"
        )
        assert review_rows.in_force(bob.conn, [item])[0]["sentiment"] == "negative"
        history = bob.conn.execute("SELECT actor, action FROM audit WHERE entity_id = ? "
                                   "ORDER BY id", (str(item),)).fetchall()  # fmt: skip
        assert history[-2:] == [("ann", "label"), ("bob", "label refused")]
        # Read again, bob's change goes through; ann's undo then meets his, and is refused.
        seen = team.item_versions(bob, [item])[item]
        apply_all(bob, [LabelCommand(item, "sentiment", "positive", seen=seen)])
        with pytest.raises(VersionConflict, match="changed by bob since you read it "
                           r"\(sentiment set to 'positive'\)"):  # fmt: skip
            apply_all(ann, undo)
        assert review_rows.in_force(ann.conn, [item])[0]["sentiment"] == "positive"
        assert team.item_versions(ann, [item]) == {item: 2}


def test_two_writers_of_one_item_at_once_one_wins_one_is_told(pg_server, shared):
    urls = [login(pg_server, shared, name, "fbdesk_assessor") for name in ("ann", "bob")]
    spaces = [Workspace.open(url) for url in urls]
    item = first_item(spaces[0])
    outcome: dict[str, str] = {}
    start = threading.Barrier(2)

    def write(ws, value):
        start.wait()
        try:
            apply_all(ws, [LabelCommand(item, "urgency", value, seen=0)])
            outcome[ws.person] = "saved"
        except VersionConflict as exc:
            outcome[ws.person] = exc.by

    threads = [threading.Thread(target=write, args=(ws, v))
               for ws, v in zip(spaces, ("outage", "data loss"), strict=True)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    try:
        winner = next(p for p, o in outcome.items() if o == "saved")
        loser = next(p for p in outcome if p != winner)
        assert outcome[loser] == winner  # told who changed it
        assert team.item_versions(spaces[0], [item]) == {item: 1}
        written = spaces[0].conn.execute("SELECT labelled_by FROM assessor_label WHERE "
                                         "item_id = ? AND field = 'urgency'", (item,)).fetchone()  # fmt: skip
        assert written == (winner,)
    finally:
        for ws in spaces:
            ws.close()


def test_a_viewers_write_is_refused_by_the_server(pg_server, shared):
    viewer = login(pg_server, shared, "vera", "fbdesk_viewer")
    assessor = login(pg_server, shared, "ann", "fbdesk_assessor")
    with Workspace.open(viewer) as ws:
        item = first_item(ws)
        assert len(review_rows.review_rows(ws.conn)["id"]) == 36  # a viewer reads
        before = review_rows.in_force(ws.conn, [item])
        assert before[0]["sentiment"] != "positive"
        with pytest.raises(WorkspaceError, match="server refused the change: vera may not "
                           "write this") as info:  # fmt: skip
            apply_all(ws, [LabelCommand(item, "sentiment", "positive")])
        assert "fbdesk_assessor" in info.value.message
        assert review_rows.in_force(ws.conn, [item]) == before
    # Not the app: the server itself refuses the viewer's statement.
    with psycopg.connect(viewer) as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("UPDATE assessor_label SET value = 'x'")
    with Workspace.open(assessor) as ws:
        apply_all(ws, [LabelCommand(item, "sentiment", "positive")])
        assert review_rows.in_force(ws.conn, [item])[0]["sentiment"] == "positive"
        with (pytest.raises(WorkspaceError, match="ann may not write"),  # the owner's: imports
              ws.transaction() as conn):  # fmt: skip
            conn.execute("DELETE FROM feedback WHERE id = ?", (item,))


def test_team_commands_on_the_command_line(source, pg_url, tmp_path, capsys):
    assert main(["team", "init", pg_url]) == 0
    out = capsys.readouterr().out
    assert "created the workspace's tables" in out and "fbdesk_viewer reading" in out
    assert main(["team", "init", pg_url]) == 0  # again: nothing lost, nothing doubled
    assert "the tables were there" in capsys.readouterr().out
    assert main(["team", "copy", str(source), pg_url]) == 0
    assert "copied file to server; every table's content matches" in capsys.readouterr().out
    back = tmp_path / "back.fbdesk"
    assert main(["team", "copy", pg_url, str(back)]) == 0
    assert content_digest(back) == content_digest(source)
    assert main(["team", "copy", str(source), str(back)]) == 2
    assert "one postgresql:// address" in capsys.readouterr().err
    assert main(["team", "init", "q3.fbdesk"]) == 2
    assert "not a server address" in capsys.readouterr().err


def test_a_server_that_is_not_there_gives_a_message(tmp_path):
    with pytest.raises(FbdeskError, match="could not be reached or refused"):
        Workspace.open(f"postgresql://nobody@/q3?host={tmp_path}")


def test_a_change_is_told_to_the_other_windows_as_it_commits(pg_server, shared):
    ann_url = login(pg_server, shared, "ann", "fbdesk_assessor")
    with team.listen(shared) as other, Workspace.open(ann_url) as ann:
        item = first_item(ann)
        assert other.changed(timeout=0.2) == []
        with pytest.raises(RuntimeError), ann.transaction():  # rolled back: nobody is told
            apply_all(ann, [LabelCommand(item, "area", "Search")])
            raise RuntimeError
        assert other.changed(timeout=0.5) == []
        start = time.perf_counter()
        apply_all(ann, [LabelCommand(item, "area", "Search"), LabelCommand(item + 1, "area",
                                                                            "Search")])  # fmt: skip
        assert other.changed(timeout=2.0) == [item, item + 1]
        assert time.perf_counter() - start < 2.0


def test_two_bulk_edits_of_the_same_items_in_opposite_orders_both_go_through(pg_server, shared):
    urls = [login(pg_server, shared, name, "fbdesk_assessor") for name in ("ann", "bob")]
    spaces = [Workspace.open(url) for url in urls]
    a = first_item(spaces[0])
    failures: list[str] = []
    start = threading.Barrier(2)

    def edit(ws, items):
        for round_ in range(10):
            start.wait()
            try:
                apply_all(ws, [LabelCommand(i, "area", f"{ws.person}-{round_}") for i in items])
            except FbdeskError as exc:  # a deadlock the server broke would land here
                failures.append(exc.message)

    threads = [threading.Thread(target=edit, args=(ws, items))
               for ws, items in zip(spaces, ([a, a + 1], [a + 1, a]), strict=True)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert failures == []
        assert team.item_versions(spaces[0], [a, a + 1]) == {a: 20, a + 1: 20}
    finally:
        for ws in spaces:
            ws.close()
