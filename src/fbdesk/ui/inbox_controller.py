"""What the window does without being asked: watch the inbox folders, import what arrives,
raise alerts (a badge in the window, a notification from the system tray)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QSystemTrayIcon, QToolButton

from fbdesk.domain.errors import FbdeskError
from fbdesk.ui.controller import Context
from fbdesk.ui.icons import icon
from fbdesk.ui.inbox_panel import InboxPanel
from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes

log = logging.getLogger(__name__)

LOOK_EVERY_MS = 4000  # a second look is what tells a settled file from one still growing


class InboxController(QObject):
    """``import_files`` and ``show_items`` are what the panel's buttons ask of other steps."""

    def __init__(self, ctx: Context, window, import_files, show_items) -> None:
        super().__init__(window)
        self.ctx, self.session, self.runner = ctx, ctx.session, ctx.runner
        self._show_items = show_items
        self.previous: dict[str, tuple[int, float]] = {}  # touched on the runner's thread only
        self.folders: list[str] = []
        self._looking = False
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
        p.show_items.connect(lambda ids, why: self._show_items(ids, why))
        p.alert_state.connect(self._set_state)
        p.import_waiting.connect(import_files)
        p.ignore_waiting.connect(self._ignore)
        p.watch_folder.connect(self.watch)
        p.settings_changed.connect(self._save_settings)
        p.unwatch_folder.connect(self._unwatch)
        self._set_badge(0)
        self.session.changed.connect(self._changed)

    # ---------------------------------------------------------------- state

    def _changed(self, changes: Changes) -> None:
        if changes.workspace:
            self.previous.clear()
            self.timer.start()
        if changes.workspace or changes.items or changes.labels or changes.settings:
            QTimer.singleShot(0, self.refresh)  # after what the steps asked for

    def refresh(self) -> None:
        """Read the alerts, the watched folders and the files waiting, on the runner."""

        def read(ws, _progress):
            from fbdesk.services import alerts as alert_service  # on the workspace's thread
            from fbdesk.services import inbox

            return (alert_service.alerts(ws), alert_service.AlertSettings.load(ws).__dict__.copy(),
                    inbox.folders(ws), inbox.waiting(ws), inbox.asked(ws))  # fmt: skip

        self.runner.run(Op(read, latest="inbox", quiet=True).success(self._show))

    def _show(self, read) -> None:
        found, settings, folders, waiting, asked = read
        self.panel.settings = settings
        self.panel.show_alerts(found)
        self.panel.show_inbox(folders, waiting, asked)
        self._set_badge(sum(1 for a in found if a["state"] == "new"), len(waiting))
        self.folders = [str(f) for f in folders]
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        there = [str(f) for f in folders if f.is_dir()]
        if there:
            self.watcher.addPaths(there)

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
        """Import what has settled in the watched folders, in the background, in its turn.
        False when there is nothing to look at (or a look is already on its way)."""
        from fbdesk.services import alerts as alert_service
        from fbdesk.services import inbox

        if not self.session.is_open or not self.folders or self._looking:
            return False
        from fbdesk.services.classify import classify

        previous = self.previous

        def work(ws, progress):
            try:
                ready, run = inbox.look(ws, previous=previous)
            except (OSError, FbdeskError) as exc:
                log.warning("inbox look failed: %s", exc)
                return None
            if not ready:
                return None
            done = inbox.take(ws, ready, run, progress.part(0, 0.5))
            if done.imported:
                classify(ws, progress=progress.part(0.5, 0.95))
            from fbdesk.services.workspace import cycles

            return done, alert_service.check(ws), cycles(ws)

        self._looking = True
        self.runner.run(Op(work, "Looking in the inbox folders", quiet=True)
                        .success(self._taken).failure(self._look_failed))  # fmt: skip
        return True

    def _look_failed(self, message: str) -> None:
        self._looking = False
        self.ctx.error(message)

    def _taken(self, result) -> None:
        self._looking = False
        if result is None:
            return
        run, new, cycles = result
        stamp = time.strftime("%H:%M")
        self.panel.status.setText(f"Last import from the inbox at {stamp}: {run.summary()}.")
        self.ctx.say(f"Inbox: {run.summary()}", 15000)
        self.session.set_cycles(cycles, keep=True)
        self.session.notify(Changes(items=bool(run.imported), labels=bool(run.imported),
                                    cycle=True, settings=True))  # fmt: skip
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
            self.refresh()

    # ---------------------------------------------------------------- the panel's requests

    def _write(self, fn, label: str, then=None) -> None:
        op = Op(fn, label, changes=Changes(settings=True), typed=True)
        if then is not None:
            op.success(lambda _r: then())
        self.runner.run(op)

    def watch(self, folder: str) -> None:
        from fbdesk.services import inbox

        self._write(lambda ws, _p: inbox.watch(ws, folder), "Watching a folder",
                    lambda: QTimer.singleShot(0, self.look))  # fmt: skip

    def _unwatch(self, folder: str) -> None:
        from fbdesk.services import inbox

        self._write(lambda ws, _p: inbox.unwatch(ws, Path(folder)), "Forgetting a folder")

    def _ignore(self, paths: list[str]) -> None:
        from fbdesk.services import inbox

        def ignore(ws, _progress) -> None:
            for p in paths:
                inbox.ignore(ws, p)

        self._write(ignore, "Ignoring files")

    def _save_settings(self, values: dict) -> None:
        from fbdesk.services import alerts as alert_service

        self._write(lambda ws, _p: alert_service.AlertSettings(**values).save(ws),
                    "Saving the alert settings")  # fmt: skip

    def _set_state(self, alert_ids: list[int], state: str) -> None:
        from fbdesk.services import alerts as alert_service

        self._write(lambda ws, _p: alert_service.set_state(ws, alert_ids, state),
                    "Keeping the alerts' state")  # fmt: skip

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()
