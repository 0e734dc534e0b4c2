"""A workspace received from someone else opens without reading the folders it names."""

from __future__ import annotations

from fbdesk.store.workspace import Workspace
from fbdesk.ui.main_window import MainWindow
from tests.services.test_automation import aged, survey_csv


def test_opening_a_received_workspace_imports_nothing_until_allowed(qtbot, tmp_path,
                                                                    monkeypatch):  # fmt: skip
    here = tmp_path / "cwd"
    (here / "private").mkdir(parents=True)
    aged_file = here / "private" / "salaries.csv"
    aged_file.write_text(survey_csv([("S1", "salary 90k", 3)]))
    aged(aged_file)
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "pulse.csv").write_text(survey_csv([("P1", "Checkout is slow", 2)]))
    aged(exports / "pulse.csv")
    monkeypatch.chdir(here)
    path = tmp_path / "received.fbdesk"
    with Workspace.open(path, create=True) as ws, ws.transaction():
        for f in ("private", str(exports)):
            ws.conn.execute("INSERT INTO inbox_folder(path, added_at) VALUES (?, 'then')", (f,))

    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.session.ws is not None, timeout=10_000)
    qtbot.waitUntil(lambda: w.runner.idle, timeout=30_000)
    for _ in range(3):  # the window's looks: a file is taken once two looks agree it settled
        w.inbox.look()
        qtbot.waitUntil(lambda: w.runner.idle, timeout=30_000)
    assert w.session.ws.conn.execute("SELECT count(*) FROM source").fetchone()[0] == 0
    panel = w.inbox.panel
    texts = [panel.folders.item(i).text() for i in range(panel.folders.count())]
    assert any(t.startswith(f"Not watched: {exports}") for t in texts), texts
    assert any(t.startswith("Not watched: private") for t in texts), texts
    assert not panel.allow.isHidden()

    row = next(i for i, t in enumerate(texts) if str(exports) in t)
    panel.folders.setCurrentRow(row)
    panel.allow.click()
    qtbot.waitUntil(lambda: w.runner.idle and w.session.ws.conn.execute(
        "SELECT count(*) FROM source").fetchone()[0] == 1, timeout=60_000)  # fmt: skip
    [name] = [n for (n,) in w.session.ws.conn.execute("SELECT file_name FROM source")]
    assert name == "pulse.csv"
