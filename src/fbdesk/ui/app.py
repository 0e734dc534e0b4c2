"""Start the window."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("fbdesk.qt")


def _qt_to_log(mode, context, message: str) -> None:
    """Qt's own messages go to the log file: a windowed app has no console to print them on."""
    from PySide6.QtCore import QtMsgType

    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)  # fmt: skip
    log.log(level, "%s", message)
    if mode == QtMsgType.QtFatalMsg and sys.stderr is not None:
        # Qt stops the process after this one (no display, a platform plugin that cannot
        # load): whoever started fbdesk from a terminal must see why, not only the log.
        print(f"fbdesk: the window cannot open: {message}", file=sys.stderr, flush=True)


def last_workspace() -> Path | None:
    """The workspace opened last, if it is still there: the window opens on it."""
    from PySide6.QtCore import QSettings

    value = QSettings("fbdesk", "fbdesk").value("recent", [])
    recent = [value] if isinstance(value, str) else list(value or [])
    return next((Path(p) for p in recent if Path(p).is_file()), None)


def run(workspace: Path | str | None = None) -> int:
    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from fbdesk.resources import resource_path
    from fbdesk.ui.main_window import MainWindow

    qInstallMessageHandler(_qt_to_log)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("fbdesk")
    app.setOrganizationName("fbdesk")
    with contextlib.suppress(FileNotFoundError):
        app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    window = MainWindow(workspace if workspace is not None else last_workspace())
    window.show()
    quit_after = os.environ.get("FBDESK_QUIT_AFTER")  # smoke tests of installed builds
    if quit_after:
        shot = os.environ.get("FBDESK_SCREENSHOT")

        def finish() -> None:
            if shot:
                window.grab().save(shot)
            window.close()

        QTimer.singleShot(int(float(quit_after) * 1000), finish)
    return app.exec()
