"""The operation runner: one thread runs every operation in turn; the latest recomputation
wins; a write asked for while another runs waits and says so; errors come back as messages."""

from __future__ import annotations

import threading

from fbdesk.domain.errors import FbdeskError
from fbdesk.ui.runner import Op, Runner
from fbdesk.ui.session import Changes, Session


def runner(qtbot) -> Runner:
    r = Runner(Session())
    r.setParent(None)
    return r


def test_operations_run_in_turn_on_one_thread(qtbot):
    r = runner(qtbot)
    threads, order = set(), []

    def op(n):
        def fn(_ws, _progress):
            threads.add(threading.get_ident())
            return n

        return Op(fn, needs_workspace=False).success(order.append)

    for n in range(5):
        r.run(op(n))
    qtbot.waitUntil(lambda: r.idle, timeout=10_000)
    assert order == [0, 1, 2, 3, 4]
    assert len(threads) == 1 and threading.get_ident() not in threads
    r.close()


def test_the_latest_recomputation_wins(qtbot):
    r = runner(qtbot)
    gate, shown = threading.Event(), []
    r.run(Op(lambda _ws, _p: gate.wait(5), needs_workspace=False))  # something running
    for n in range(3):
        r.run(Op(lambda _ws, _p, n=n: n, latest="rank", needs_workspace=False)
              .success(shown.append))  # fmt: skip
    gate.set()
    qtbot.waitUntil(lambda: r.idle, timeout=10_000)
    assert shown == [2]
    r.close()


def test_a_write_waits_for_the_running_operation_and_says_so(qtbot):
    r = runner(qtbot)
    gate, said, saved = threading.Event(), [], []
    r.waiting.connect(said.append)
    r.run(Op(lambda _ws, _p: gate.wait(5), "Importing", needs_workspace=False))
    r.run(Op(lambda _ws, _p: "kept", "Decide on Checkout", changes=Changes(decisions=True),
             needs_workspace=False).success(saved.append))  # fmt: skip
    assert said == ["“Decide on Checkout” waits for “Importing” to end; it is saved then"]
    assert saved == []
    gate.set()
    qtbot.waitUntil(lambda: r.idle, timeout=10_000)
    assert saved == ["kept"]
    r.close()


def test_an_error_comes_back_as_its_message_and_the_session_hears_of_changes(qtbot):
    r = runner(qtbot)
    failed, heard = [], []
    r.failed.connect(failed.append)
    r.session.changed.connect(heard.append)

    def refuse(_ws, _progress):
        raise FbdeskError("The disk is full", "Free some space and save again")

    r.run(Op(refuse, needs_workspace=False))
    r.run(Op(lambda _ws, _p: None, changes=Changes(labels=True, item_ids=(3,)),
             needs_workspace=False))  # fmt: skip
    qtbot.waitUntil(lambda: r.idle, timeout=10_000)
    assert len(failed) == 1 and "The disk is full" in failed[0]
    assert heard == [Changes(labels=True, item_ids=(3,))]
    r.close()


def test_cancel_stops_the_running_operation(qtbot):
    r = runner(qtbot)
    failed = []

    def long(_ws, progress):
        while True:
            progress.step(0.5, "working")

    op = r.run(Op(long, needs_workspace=False).failure(failed.append))
    qtbot.waitUntil(lambda: op.progress.fraction > 0, timeout=10_000)
    r.cancel_running()
    qtbot.waitUntil(lambda: r.idle, timeout=10_000)
    assert failed and "nothing was changed" in failed[0].lower()
    r.close()
