"""What the window does without being asked: watch the inbox folders, import what arrives,
raise alerts (a badge in the window, a notification from the system tray)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QSystemTrayIcon, QToolButton

from fbdesk.domain.errors import FbdeskError
from fbdesk.services import alerts as alert_service
from fbdesk.services import inbox
from fbdesk.ui.icons import icon
from fbdesk.ui.inbox_panel import InboxPanel

log = logging.getLogger(__name__)

LOOK_EVERY_MS = 4000  # a second look is what tells a settled file from one still growing


class InboxController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.previous: dict[str, tuple[int, float]] = {}
        self.panel = InboxPanel()
        self.dock = QDockWidget("Inbox and alerts", window)
        self.dock.setObjectName("inboxDock")
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(420)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.button = QToolButton(window)
        self.button.setObjectName("alertButton")
        self.button.setAccessibleName("Inbox and alerts")
        self.button.setToolTip("Inbox and alerts: files arriving in watched folders, urgent "
                               "feedback and jumps in complaints")  # fmt: skip
        self.button.setIcon(icon("import"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setCheckable(True)
        self.button.toggled.connect(self.dock.setVisible)
        self.dock.visibilityChanged.connect(self.button.setChecked)
        self.timer = QTimer(self)
        self.timer.setInterval(LOOK_EVERY_MS)
        self.timer.timeout.connect(self.look)
        self.watcher = QFileSystemWatcher(self)
        self.soon = QTimer(self)  # a folder changed: look shortly (a burst of changes, once)
        self.soon.setSingleShot(True)
        self.soon.setInterval(1500)
        self.soon.timeout.connect(self.look)
        self.watcher.directoryChanged.connect(self.soon.start)
        self.tray = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon("fbdesk"), self)
            self.tray.setToolTip("fbdesk")
            self.tray.messageClicked.connect(self.open)
            self.tray.show()
        p = self.panel
        p.show_items.connect(self._show_items)
        p.alert_state.connect(self._set_state)
        p.import_waiting.connect(self.window.import_files)
        p.ignore_waiting.connect(self._ignore)
        p.watch_folder.connect(self.watch)
        p.settings_changed.connect(self._save_settings)
        p.unwatch_folder.connect(self._unwatch)
        self._set_badge(0)

    # ---------------------------------------------------------------- state

    def workspace_opened(self) -> None:
        self.previous.clear()
        self._watch_paths()
        self.refresh()
        self.timer.start()

    def _watch_paths(self) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        ws = self.window.ws
        folders = [str(f) for f in inbox.folders(ws) if f.is_dir()] if ws is not None else []
        if folders:
            self.watcher.addPaths(folders)

    def refresh(self) -> None:
        ws = self.window.ws
        if ws is None or self.window.worker is not None:
            return
        found = alert_service.alerts(ws)
        self.panel.settings = alert_service.AlertSettings.load(ws).__dict__.copy()
        self.panel.show_alerts(found)
        waiting = inbox.waiting(ws)
        self.panel.show_inbox(inbox.folders(ws), waiting, inbox.asked(ws))
        self._set_badge(sum(1 for a in found if a["state"] == "new"), len(waiting))

    def _set_badge(self, new_alerts: int, waiting: int = 0) -> None:
        parts = [f"{new_alerts} alert{'s' if new_alerts != 1 else ''}"] if new_alerts else []
        if waiting:
            parts.append(f"{waiting} waiting")
        self.button.setText(" · ".join(parts) or "Inbox")
        self.button.setProperty("alerting", bool(new_alerts))
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)

    def open(self) -> None:
        self.dock.show()
        self.dock.raise_()

    # ---------------------------------------------------------------- looking

    def look(self) -> bool:
        """Import what has settled in the watched folders, in the background. False when
        there was nothing to do (or other work is running: the next look will do it)."""
        ws = self.window.ws
        if ws is None or self.window.worker is not None or not inbox.folders(ws):
            return False
        try:
            ready, run = inbox.look(ws, previous=self.previous)
        except (OSError, FbdeskError) as exc:
            log.warning("inbox look failed: %s", exc)
            return False
        if not ready:
            return False
        from fbdesk.services.classify import classify

        def work(progress):
            done = inbox.take(ws, ready, run, progress.part(0, 0.5))
            if done.imported:
                classify(ws, progress=progress.part(0.5, 0.95))
            return done, alert_service.check(ws)

        self.window._run(work, self._taken)
        return True

    def _taken(self, result) -> None:
        run, new = result
        stamp = time.strftime("%H:%M")
        self.panel.status.setText(f"Last import from the inbox at {stamp}: {run.summary()}.")
        self.window.statusBar().showMessage(f"Inbox: {run.summary()}", 15000)
        if run.imported:
            self.window._load_cycles(keep=True)
        self.notify(new)

    def notify(self, new: list[dict]) -> None:
        """Tell the assessor about new alerts: the badge, and the tray where there is one."""
        if new and self.tray is not None:
            first = new[0]
            more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
            icon_kind = QSystemTrayIcon.MessageIcon.Warning
            self.tray.showMessage(f"fbdesk: {first['title']}{more}", first["detail"], icon_kind,
                                  15000)  # fmt: skip
        if new:
            log.info("alerts raised: %s", "; ".join(a["title"] for a in new))
        QTimer.singleShot(0, self.refresh)  # once the worker that found them is gone

    # ---------------------------------------------------------------- the panel's requests

    def watch(self, folder: str) -> None:
        try:
            inbox.watch(self.window.ws, folder)
        except FbdeskError as exc:
            self.window._error(exc.message)
            return
        self._watch_paths()
        self.refresh()
        QTimer.singleShot(0, self.look)

    def _unwatch(self, folder: str) -> None:
        inbox.unwatch(self.window.ws, Path(folder))
        self._watch_paths()
        self.refresh()

    def _ignore(self, paths: list[str]) -> None:
        for p in paths:
            inbox.ignore(self.window.ws, p)
        self.refresh()

    def _save_settings(self, values: dict) -> None:
        alert_service.AlertSettings(**values).save(self.window.ws)
        self.refresh()

    def _set_state(self, alert_ids: list[int], state: str) -> None:
        alert_service.set_state(self.window.ws, alert_ids, state)
        self.refresh()

    def _show_items(self, ids: list[int], why: str) -> None:
        self.window.show_items(ids, why)
