"""An edit goes on the undo stack only once it is saved: one that fails leaves the stack as it
was and says why; an undo that fails puts the stack back where it was."""

from __future__ import annotations


def opened(demo_window):
    w = demo_window("Prioritize", lambda w: w.prioritize_page.ranking is not None)
    said: list[str] = []
    w.runner.failed.connect(said.append)
    return w, said


def stack_state(w) -> tuple:
    s = w.undo_stack
    return s.count(), s.index(), s.undoText(), s.redoText()


def test_a_failing_edit_leaves_the_undo_stack_as_it_was(qtbot, demo_window):
    w, said = opened(demo_window)
    p = w.prioritize_page
    p.table.selectRow(0)
    key = p.current_key()
    p.state.setCurrentText("planned")
    p.note.setPlainText("Cache the checkout totals")
    p.save.click()  # one good edit first: the stack is not empty
    qtbot.waitUntil(lambda: w.runner.idle and w.undo_stack.count() == 1, timeout=60_000)
    before = stack_state(w)
    assert before[2].startswith("Decide on ")
    status = w.session.ws.conn.execute("SELECT status FROM improvement WHERE key = ?",
                                       (key,)).fetchone()  # fmt: skip

    w.prioritize.decide(key, {"title": "Checkout", "status": "thinking about it"})
    qtbot.waitUntil(lambda: w.runner.idle and bool(said), timeout=60_000)
    assert len(said) == 1 and said[0].startswith("Unknown status 'thinking about it'")
    assert stack_state(w) == before  # nothing pushed: Undo still undoes the good edit
    assert w.session.ws.conn.execute("SELECT status FROM improvement WHERE key = ?",
                                     (key,)).fetchone() == status  # fmt: skip

    w.undo_stack.undo()  # and it does
    qtbot.waitUntil(lambda: w.runner.idle and p.ranking.row(key)["status"] == "proposed",
                    timeout=60_000)  # fmt: skip
    assert len(said) == 1


def test_an_undo_that_fails_puts_the_stack_back(qtbot, demo_window):
    w, said = opened(demo_window)
    p = w.prioritize_page
    p.table.selectRow(0)
    key = p.current_key()
    p.state.setCurrentText("declined")
    p.note.setPlainText("Not this quarter")
    p.save.click()
    qtbot.waitUntil(lambda: w.runner.idle and w.undo_stack.count() == 1, timeout=60_000)
    qtbot.waitUntil(lambda: p.ranking.row(key)["status"] == "declined", timeout=60_000)
    before = stack_state(w)

    w.session.ws.read_only = True  # the undo's transaction is refused
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.runner.idle and bool(said), timeout=60_000)
    assert said[0].startswith("Not undone: ") and "read-only" in said[0]
    qtbot.waitUntil(lambda: stack_state(w) == before, timeout=10_000)  # Undo is offered again
    assert w.session.ws.conn.execute("SELECT status FROM improvement WHERE key = ?",
                                     (key,)).fetchone() == ("declined",)  # fmt: skip

    w.session.ws.read_only = False
    w.undo_stack.undo()  # now it is undone, once
    qtbot.waitUntil(lambda: w.runner.idle and p.ranking.row(key)["status"] == "proposed",
                    timeout=60_000)  # fmt: skip
    assert w.undo_stack.index() == 0 and len(said) == 1
    w.undo_stack.redo()
    qtbot.waitUntil(lambda: w.runner.idle and p.ranking.row(key)["status"] == "declined",
                    timeout=60_000)  # fmt: skip
