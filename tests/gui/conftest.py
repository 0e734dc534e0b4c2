"""A window on a private copy of the demo workspace, on a chosen step."""

from __future__ import annotations

import shutil

import pytest

from fbdesk.ui.main_window import STEPS, MainWindow
from tests.conftest import EXPORTS

DESKTOP = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"


@pytest.fixture
def forum_month(tmp_path):
    """A workspace of a real forum month (1,329 Thunderbird desktop questions), classified."""
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.store.workspace import Workspace

    path = tmp_path / "forum.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [DESKTOP])
        classify(ws)
    return path


@pytest.fixture
def demo_window(qtbot, demo_master, tmp_path):
    """Returns ``open(step)``: the window on the demo, showing ``step`` once its work is done."""

    def open_on(step: str, ready=lambda w: True, all_cycles: bool = False) -> MainWindow:
        path = tmp_path / "demo.fbdesk"
        shutil.copyfile(demo_master, path)
        w = MainWindow(path)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: w.session.ws is not None, timeout=10_000)
        if all_cycles:
            w.cycle.setCurrentIndex(0)
        w.steps.setCurrentRow(STEPS.index(step))
        qtbot.waitUntil(lambda: w.runner.idle and ready(w), timeout=60_000)
        return w

    return open_on


@pytest.fixture(autouse=True)
def collect_on_the_main_thread():
    """Windows closed by a test are freed here, on the main thread. Left to a later
    collection, Qt objects held in reference cycles (signal connections to lambdas) can be
    freed on a worker thread, where PySide waits for the main thread that waits for it."""
    yield
    import gc

    gc.collect()
