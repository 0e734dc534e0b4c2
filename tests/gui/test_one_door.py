"""One door to the workspace: a write asked for while another runs waits its turn and is
saved; nothing meets another transaction, nothing is lost, no false message."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from fbdesk.ui.main_window import STEPS


def test_a_decision_saved_during_an_import_waits_and_is_kept(qtbot, demo_window, tmp_path):
    w = demo_window("Prioritize", lambda w: w.prioritize_page.ranking is not None)
    p = w.prioritize_page
    big = tmp_path / "big survey.csv"
    big.write_text("comment,rating,date\n" + "".join(
        f"item {i} the export is slow,{i % 5 + 1},2026-09-{i % 28 + 1:02d}\n"
        for i in range(20_000)))  # fmt: skip
    before = w.session.ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0]
    w.importer.import_files([str(big)])
    qtbot.waitUntil(lambda: w.importer.mapping_dialog is not None, timeout=60_000)
    w.importer.mapping_dialog.import_button.click()
    # The import holds its transaction: it has begun writing rows.
    qtbot.waitUntil(lambda: w.import_page.progress.value() > 0, timeout=60_000)
    assert w.runner.labels()[0] == "Importing"
    w.steps.setCurrentRow(STEPS.index("Prioritize"))
    p.table.selectRow(0)
    key = p.current_key()
    p.state.setCurrentText("planned")
    p.note.setPlainText("Cache the checkout totals")
    p.save.click()
    assert "waits for “Importing” to end; it is saved then" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: w.runner.idle and p.ranking.row(key)["status"] == "planned",
                    timeout=120_000)  # fmt: skip
    assert not [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert w.statusBar().currentMessage().startswith("Decision saved: ")
    conn = w.session.ws.conn
    assert conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == before + 20_000
    assert p.ranking.row(key)["decision"] == "Cache the checkout totals"
    w.undo_stack.undo()  # the decision is one undoable step, like any other
    qtbot.waitUntil(lambda: w.runner.idle and p.ranking.row(key)["status"] == "proposed",
                    timeout=60_000)  # fmt: skip
