"""Screenshots of the window on the demo workspace, for the README: docs/*.png.

Run: QT_QPA_PLATFORM=offscreen uv run python docs/screenshots.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent


def settle(app, window) -> None:
    """Let the step's background work start, finish and paint."""
    import time

    start = time.monotonic()
    while time.monotonic() - start < 60:
        app.processEvents()
        time.sleep(0.02)
        if window.worker is None and time.monotonic() - start > 1:
            break
    for _ in range(10):
        app.processEvents()


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from fbdesk.resources import resource_path
    from fbdesk.services.classify import classify
    from fbdesk.services.demo import write_demo, write_demo_files
    from fbdesk.services.importing import plan_import
    from fbdesk.store.workspace import Workspace
    from fbdesk.ui.main_window import MainWindow
    from fbdesk.ui.mapping_dialog import MappingDialog

    app = QApplication([])
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.fbdesk"
        write_demo(path)
        with Workspace.open(path) as ws:
            classify(ws)
        window = MainWindow(path)
        window.resize(1400, 820)
        window.show()
        while window.ws is None:  # it paints first, then opens the workspace
            app.processEvents()
        for row, name in enumerate(["import", "review"]):
            window.steps.setCurrentRow(row)
            if name == "review":
                window.review_page.table.selectRow(2)
            app.processEvents()
            window.grab().save(str(HERE / f"{name}.png"))
        window.cycle.setCurrentIndex(0)  # all cycles: the whole half-year
        for row, name in ((2, "correlate"), (3, "prioritize")):
            window.steps.setCurrentRow(row)
            settle(app, window)
            window.grab().save(str(HERE / f"{name}.png"))
        window.close()
        files = write_demo_files(Path(tmp))
        dialog = MappingDialog(
            [plan_import(files["feedback"][0]), plan_import(files["feedback"][1])]
        )
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(HERE / "mapping.png"))
        dialog.close()


if __name__ == "__main__":
    main()
