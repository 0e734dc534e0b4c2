"""An assessor's fbdesk killed in the middle of a change on a team workspace: what it had
committed stays, what it had not is gone whole, and nothing it held stops the others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from fbdesk.services.review import LabelCommand, apply_all
from fbdesk.store import review_rows
from fbdesk.store.workspace import Workspace
from tests.pg_server import login

CLIENT = textwrap.dedent("""
    import sys, time
    from fbdesk.services.review import LabelCommand, apply_all
    from fbdesk.store.workspace import Workspace

    address, saved, cut = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ws = Workspace.open(address)
    apply_all(ws, [LabelCommand(saved, "sentiment", "negative")])
    with ws.transaction():
        apply_all(ws, [LabelCommand(cut, "sentiment", "positive"),
                       LabelCommand(cut, "urgency", "urgent")])
        print("inside", flush=True)
        time.sleep(120)
""")


def _labels(ws, item: int) -> dict:
    (row,) = review_rows.in_force(ws.conn, [item])
    return row


def test_a_client_killed_mid_change_loses_nothing_it_committed(shared, pg_server):
    ann = login(pg_server, shared, "ann", "fbdesk_assessor")
    bob = login(pg_server, shared, "bob", "fbdesk_assessor")
    with Workspace.open(bob) as ws:
        ids = review_rows.review_rows(ws.conn)["id"]
        saved, cut = ids[4], ids[5]
        cut_before = _labels(ws, cut)
    client = subprocess.Popen([sys.executable, "-c", CLIENT, ann, str(saved), str(cut)],
                              stdout=subprocess.PIPE, text=True, env=os.environ.copy())  # fmt: skip
    try:
        assert client.stdout.readline().strip() == "inside"
        os.kill(client.pid, signal.SIGKILL)
        client.wait(timeout=30)
    finally:
        if client.poll() is None:
            client.kill()
    with Workspace.open(bob) as ws:
        assert _labels(ws, saved).get("sentiment") == "negative"  # committed before the kill
        assert _labels(ws, cut) == cut_before  # the change under way: none of it
        started = time.monotonic()
        apply_all(ws, [LabelCommand(cut, "sentiment", "neutral")])  # its locks are gone
        assert time.monotonic() - started < 10
        assert _labels(ws, cut).get("sentiment") == "neutral"
        who = ws.conn.execute("SELECT changed_by FROM item_version WHERE item_id = ?",
                              (saved,)).fetchone()  # fmt: skip
        assert who == ("ann",)
