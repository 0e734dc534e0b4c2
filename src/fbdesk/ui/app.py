"""Start the window."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path


def run(workspace: Path | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from fbdesk.resources import resource_path
    from fbdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("fbdesk")
    app.setOrganizationName("fbdesk")
    with contextlib.suppress(FileNotFoundError):
        app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    window = MainWindow(workspace)
    window.show()
    return app.exec()
