"""The main window: it assembles the parts — the session, the runner, a controller per step,
the side bar of steps, the top bar, the menus from one table, the status bar — and opens the
workspace once it has painted. Behaviour lives in the controllers."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QSize, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fbdesk.ui import fonts
from fbdesk.ui.actions import STEPS, Menus
from fbdesk.ui.controller import Context
from fbdesk.ui.flow_layout import flow_bar, labelled
from fbdesk.ui.icons import icon
from fbdesk.ui.runner import Runner
from fbdesk.ui.session import Session

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, workspace: Path | None = None) -> None:
        super().__init__()
        fonts.install()  # before any text is laid out: feedback comes in every script
        self.settings = QSettings("fbdesk", "fbdesk")
        _choose_person()
        self.session = Session(self)
        self.runner = Runner(self.session, self)
        self.undo_stack = QUndoStack(self)
        self.setAcceptDrops(True)
        self.setMinimumSize(1000, 640)
        self.setWindowIcon(icon("fbdesk"))
        self._assemble()
        self._menus()
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._title()
        # Paint first, then open: the window appears at once, the data a moment later.
        self._pending_open = (None if workspace is None else workspace
                              if str(workspace).startswith(("postgresql://", "postgres://"))
                              else Path(workspace))  # fmt: skip
        if self._pending_open is not None:
            QTimer.singleShot(1000, self._open_pending)  # in case no paint ever comes

    def _assemble(self) -> None:
        from fbdesk.ui.correlate_controller import CorrelateController
        from fbdesk.ui.import_controller import ImportController
        from fbdesk.ui.inbox_controller import InboxController
        from fbdesk.ui.overview_controller import OverviewController
        from fbdesk.ui.prioritize_controller import PrioritizeController
        from fbdesk.ui.releases_controller import ReleasesController
        from fbdesk.ui.report_controller import ReportController
        from fbdesk.ui.review_controller import ReviewController
        from fbdesk.ui.team_status import TeamStatus
        from fbdesk.ui.workspace_controller import WorkspaceController

        ctx = Context(self.session, self.runner, self.undo_stack, self, self.say, self.error,
                      self.show_step)  # fmt: skip
        self.review = ReviewController(ctx)  # first to hear of a change: its table is read first
        self.workspace = WorkspaceController(ctx, self.settings)
        self.team = TeamStatus(ctx)  # after Review: others' changes read in the same order
        self.releases = ReleasesController(ctx)
        self.workspace.releases_requested.connect(self.releases.open)
        self.importer = ImportController(
            ctx, self.workspace.new, lambda new: self.inbox.notify(new)
        )
        self.correlate = CorrelateController(ctx)
        self.prioritize = PrioritizeController(ctx)
        self.report = ReportController(ctx)
        self.controllers = {"Import": self.importer, "Review": self.review,
                            "Correlate": self.correlate, "Prioritize": self.prioritize,
                            "Report": self.report}  # fmt: skip
        self.overview = OverviewController(ctx, self.controllers)
        self.controllers["Overview"] = self.overview
        self.inbox = InboxController(ctx, self, self.importer.import_files, self.show_items)
        self.import_page, self.review_page = self.importer.page, self.review.page
        self.correlate_page, self.prioritize_page = self.correlate.page, self.prioritize.page
        self.report_page, self.cycle, self.kpis = (
            self.report.page,
            self.workspace.cycle,
            self.workspace.kpis,
        )
        self._wire()

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.pages = QStackedWidget()
        for n, step in enumerate(STEPS):
            item = QListWidgetItem(icon(step.lower()), f"{n}  {step}" if n else step)
            item.setToolTip(f"{step} (Ctrl+{n})")
            self.steps.addItem(item)
            self.pages.addWidget(self.controllers[step].page)
        self.steps.setIconSize(QSize(20, 20))
        self.steps.setAccessibleName("Steps")
        self.steps.setFixedWidth(160)
        self.steps.currentRowChanged.connect(self._step_shown)
        # The KPIs go onto a line of their own when the window (or what the Inbox leaves of it)
        # is too narrow for them beside the cycle: never squeezed over each other.
        top_bar, top = flow_bar()
        top.addWidget(labelled("Cycle:", self.cycle))
        for widget in (self.workspace.compare, self.workspace.targets, self.kpis,
                       self.inbox.button):  # fmt: skip
            top.addWidget(widget)
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addWidget(self.pages, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addWidget(top_bar)
        outer.addWidget(self.team.banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.status_progress = QProgressBar()
        self.status_progress.setMaximumWidth(220)
        self.status_progress.setVisible(False)
        self.statusBar().addPermanentWidget(self.status_progress)
        self.statusBar().addPermanentWidget(self.team.label)
        self.importer.page.last_folder = str(self.settings.value("last_folder", "") or "")
        self.steps.setCurrentRow(0)

    def _wire(self) -> None:
        r, o = self.review.page, self.overview.page
        for button in (r.classify, r.classify_now):
            button.clicked.connect(self.review.classify_again)
        r.link.clicked.connect(lambda: self.review.link_dialog(self.prioritize_page.ranking))
        r.discover.clicked.connect(self.review.discover_themes)
        r.edit_taxonomy.clicked.connect(self.review.edit_taxonomy)
        o.classify_requested.connect(self.review.classify_again)
        o.targets_requested.connect(self.workspace.targets_dialog)
        o.open_requested.connect(self.workspace.open)
        self.session.changed.connect(lambda _c: self._title())
        self.runner.busy_changed.connect(self._busy)
        self.runner.progressed.connect(self._progress)
        self.runner.failed.connect(self.error)
        self.runner.waiting.connect(lambda text: self.say(text, 8000))

    def _menus(self) -> None:
        """The menus, from the one table of actions (``ui/actions.py``)."""
        self.menus = Menus(self)

    # ------------------------------------------------------------------ the parts speak

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._pending_open is not None:
            QTimer.singleShot(0, self._open_pending)
        return super().event(event)

    def _open_pending(self) -> None:
        path, self._pending_open = self._pending_open, None
        if path is not None:
            self.open_workspace(path)

    def open_workspace(self, path: Path | str, create: bool = False) -> None:
        self.workspace.open_workspace(path, create)

    def show_step(self, name: str) -> None:
        self.steps.setCurrentRow(STEPS.index(name))

    def _step_shown(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        for n, step in enumerate(STEPS):
            self.controllers[step].set_shown(n == row)

    def show_items(self, ids: list[int], why: str = "") -> None:
        """The Review step showing only ``ids`` (an alert's items), across cycles if needed."""
        if ids:
            self.review.show_only(ids, why)
            self.show_step("Review")

    def find(self) -> None:
        self.show_step("Review")
        self.review_page.search.setFocus()

    def say(self, text: str, ms: int = 8000) -> None:
        self.statusBar().showMessage(text, ms)

    def error(self, message: str) -> None:
        log.warning("shown to the user: %s", message)
        if any(b.isVisible() and b.text() == message
               for b in self.findChildren(QMessageBox, "errorBox")):  # fmt: skip
            return  # said once while it is on screen (a read failing again on others' changes)
        box = QMessageBox(QMessageBox.Icon.Warning, "fbdesk", message, parent=self)
        box.setObjectName("errorBox")
        box.open()

    def _busy(self, on: bool) -> None:
        self.status_progress.setVisible(on)
        self.status_progress.setValue(0)
        if not on and self.statusBar().currentMessage() == getattr(self, "_step_text", None):
            self.statusBar().clearMessage()  # a step of work done, not what came of it

    def _progress(self, fraction: float, text: str) -> None:
        self.status_progress.setValue(int(fraction * 100))
        self.statusBar().showMessage(text)
        self._step_text = text

    def _title(self) -> None:
        from fbdesk.services.queues import current

        who = self.session.person or current() or "nobody chosen (File ▸ Work As…)"
        self.setWindowTitle(f"{self.session.name} — fbdesk — {who}")

    def work_as(self, name: str | None = None) -> None:
        """Choose who makes the edits on this computer (remembered); the undo stack is
        emptied, as undo takes back one's own edits only, and Review is read again: the items
        the person codes blind show their own labels."""
        from PySide6.QtWidgets import QInputDialog

        from fbdesk.domain.errors import FbdeskError
        from fbdesk.services.queues import current, remember, work_as
        from fbdesk.ui.session import Changes

        if name is None:
            name, ok = QInputDialog.getText(self, "Work as", "Your name, recorded with every "
                                            "label, decision and taxonomy edit:",
                                            text=current())  # fmt: skip
            if not ok:
                return
        try:
            name = remember(name)
        except FbdeskError as exc:
            self.error(exc.message)
            return
        if name == current():
            return
        work_as(name)
        self.undo_stack.clear()
        self._title()
        if self.session.is_open:
            self.session.notify(Changes(labels=True))
        self.say(f"Edits are now made by {name}")

    def about(self) -> None:
        from fbdesk import __version__

        QMessageBox.about(self, "About fbdesk", f"<h3>fbdesk {__version__}</h3><p>Customer-"
                          "feedback assessment, offline.</p>")  # fmt: skip

    def open_logs(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from fbdesk.applog import log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    # ------------------------------------------------------------------ drops and closing

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.show_step("Import")
            self.importer.import_files(files)

    def closeEvent(self, event) -> None:
        running = self.runner.long_writes()
        if running and not self._quit_anyway(running[0]):
            event.ignore()
            return
        self.inbox.stop()
        self.team.stop()
        self.runner.close()  # cancels what runs, closes the workspace on its thread
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("last_folder", self.importer.page.last_folder)
        super().closeEvent(event)

    def _quit_anyway(self, task: str) -> bool:
        """Asked when the window closes during an import, classifying or learning."""
        box = QMessageBox(QMessageBox.Icon.Question, "fbdesk",
                          f"“{task}” is still running. Quit now?", parent=self)  # fmt: skip
        box.setInformativeText("It stops, and nothing of it is kept: the workspace stays as it "
                               "was before it, and you can do it again later. The edits you made "
                               "meanwhile are saved first.")  # fmt: skip
        quit_ = box.addButton("Quit", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton("Keep working", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is quit_


def _choose_person() -> None:
    """Who makes the edits: ``--as`` (set before the window), else the person chosen on this
    computer (File ▸ Work As… chooses and remembers one)."""
    from fbdesk.services.queues import choose_remembered

    choose_remembered()
