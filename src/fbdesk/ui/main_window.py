"""The main window: the overview and five steps in a side bar, the cycle's KPIs on top, menus,
file drops."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QSize, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fbdesk import __version__
from fbdesk.domain.errors import DamagedWorkspace, FbdeskError
from fbdesk.ui import fonts
from fbdesk.ui.correlate_page import CorrelatePage
from fbdesk.ui.editors import SENTIMENTS, LabelDelegate
from fbdesk.ui.flow_layout import flow_bar, labelled
from fbdesk.ui.icons import icon
from fbdesk.ui.import_page import ImportPage
from fbdesk.ui.kpi_strip import KpiStrip
from fbdesk.ui.prioritize_page import PrioritizePage
from fbdesk.ui.report_page import ReportPage
from fbdesk.ui.review_page import ReviewPage
from fbdesk.ui.worker import Worker

log = logging.getLogger(__name__)
STEPS = ["Overview", "Import", "Review", "Correlate", "Prioritize", "Report"]  # numbered 1–5
ALL_CYCLES = "All cycles"


class MainWindow(QMainWindow):
    def __init__(self, workspace: Path | None = None) -> None:
        super().__init__()
        fonts.install()  # before any text is laid out: feedback comes in every script
        self.ws = None  # the open Workspace
        self._taxonomy: dict | None = None
        self.worker: Worker | None = None
        self.settings = QSettings("fbdesk", "fbdesk")
        self.undo_stack = QUndoStack(self)
        self.setAcceptDrops(True)
        self.setMinimumSize(1000, 640)
        self.setWindowIcon(icon("fbdesk"))

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        for n, step in enumerate(STEPS):
            item = QListWidgetItem(icon(step.lower()), f"{n}  {step}" if n else step)
            item.setToolTip(f"{step} (Ctrl+{n})")
            self.steps.addItem(item)
        self.steps.setIconSize(QSize(20, 20))
        self.steps.setAccessibleName("Steps")
        self.steps.setFixedWidth(160)
        self.pages = QStackedWidget()
        from fbdesk.ui.overview_controller import OverviewController

        self.overview = OverviewController(self)  # the page the window opens on
        self.pages.addWidget(self.overview.page)
        self.import_page = ImportPage()
        self.review_page = ReviewPage()
        self.review_page.explain = self._explain
        self.review_page.table.setItemDelegate(
            LabelDelegate(self.review_page.model.key, self._choices, self.review_page.table)
        )
        self.review_page.model.edit_requested.connect(self._edit)
        self.review_page.accept.clicked.connect(self._accept_shown)
        self.review_page.table.accept_row.connect(self._accept_row)
        self.review_page.table.theme_key.connect(self._theme_key)
        self.review_page.rescore.clicked.connect(self._retrain)
        self.review_page.link.clicked.connect(self._link_dialog)
        self.review_page.discover.clicked.connect(self.discover_themes)
        self.review_page.edit_taxonomy.clicked.connect(self.edit_taxonomy)
        self.review_page.classify.clicked.connect(self.overview.classify_again)
        self.review_page.classify_now.clicked.connect(self.overview.classify_again)
        self.corrections = 0
        self._learn_pending = False  # corrections asked for learning while a task was running
        self.pages.addWidget(self.import_page)
        self.pages.addWidget(self.review_page)
        self.correlate_page = CorrelatePage()
        self.correlate_page.recompute_requested.connect(self._correlate)
        self.correlate_page.state_requested.connect(self._finding_state)
        self.correlate_page.areas_requested.connect(self._series_areas)
        self._correlation_stale = True
        self._step_queued = False  # the step shown computes once the running work has ended
        self.pages.addWidget(self.correlate_page)
        self.prioritize_page = PrioritizePage()
        self.prioritize_page.undo_stack = self.undo_stack
        self.prioritize_page.changed.connect(self._decided)
        self.prioritize_page.error.connect(self._error)
        self.prioritize_page.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._ranking_stale = True
        self.pages.addWidget(self.prioritize_page)
        self.report_page = ReportPage()
        self.report_page.build_requested.connect(self.build_pack)
        self.pages.addWidget(self.report_page)
        self.steps.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.steps.currentRowChanged.connect(self._step_shown)

        self.cycle = QComboBox()
        self.cycle.setAccessibleName("Cycle")
        self.cycle.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.cycle.currentIndexChanged.connect(lambda _i: (self.refresh(), self._data_changed()))
        self.kpis = KpiStrip()
        # The KPIs go onto a line of their own when the window (or what the Inbox leaves of it)
        # is too narrow for them beside the cycle: never squeezed over each other.
        top_bar, top = flow_bar()
        top.addWidget(labelled("Cycle:", self.cycle))
        compare = QPushButton("Compare…")
        compare.setToolTip("Every cycle's KPIs and theme volumes side by side (Ctrl+Shift+C)")
        compare.clicked.connect(self.show_cycles)
        top.addWidget(compare)
        targets = QPushButton("Targets…")
        targets.setToolTip("KPI targets of this workspace, and the number of customers invited")
        targets.clicked.connect(self._targets_dialog)
        top.addWidget(targets)
        top.addWidget(self.kpis)
        from fbdesk.ui.inbox_controller import InboxController

        self.inbox = InboxController(self)
        top.addWidget(self.inbox.button)
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addWidget(self.pages, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addWidget(top_bar)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self._menus()
        self.status_progress = QProgressBar()
        self.status_progress.setMaximumWidth(220)
        self.status_progress.setVisible(False)
        self.statusBar().addPermanentWidget(self.status_progress)
        self.import_page.files_chosen.connect(self.import_files)
        self.import_page.last_folder = str(self.settings.value("last_folder", "") or "")
        self.import_page.cancel_requested.connect(self._cancel)
        self.steps.setCurrentRow(0)
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._update_title()
        # Paint first, then open: the window appears at once, the data a moment later.
        self._pending_open = Path(workspace) if workspace is not None else None
        if self._pending_open is not None:
            QTimer.singleShot(1000, self._open_pending)  # in case no paint ever comes

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._pending_open is not None:
            QTimer.singleShot(0, self._open_pending)
        return super().event(event)

    def _open_pending(self) -> None:
        path, self._pending_open = self._pending_open, None
        if path is not None:
            self.open_workspace(path)

    # ---------------------------------------------------------------- menus

    def _menus(self) -> None:
        file = self.menuBar().addMenu("&File")
        self._action(file, "&New Workspace…", QKeySequence.StandardKey.New, self._new)
        self._action(file, "&Open Workspace…", QKeySequence.StandardKey.Open, self._open)
        self.recent_menu = file.addMenu("Open &Recent")
        self._fill_recent()
        self._action(file, "Save &As…", QKeySequence.StandardKey.SaveAs, self._save_as)
        file.addSeparator()
        self._action(file, "&Import…", QKeySequence("Ctrl+I"), self.import_page._choose)
        self._action(file, "&Export Review Table…", QKeySequence("Ctrl+E"), self._export)
        file.addSeparator()
        self._action(file, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self._action(edit, "&Find", QKeySequence.StandardKey.Find, self._find)
        view = self.menuBar().addMenu("&View")
        for n, name in enumerate(STEPS):
            self._action(view, name, QKeySequence(f"Ctrl+{n}"),
                         lambda _=False, n=n: self.steps.setCurrentRow(n))  # fmt: skip
        view.addSeparator()
        self._action(view, "Inbox and &Alerts", QKeySequence("Ctrl+Shift+A"), self.inbox.open)
        self._action(view, "&Cycle over Cycle…", QKeySequence("Ctrl+Shift+C"), self.show_cycles)
        review = self.menuBar().addMenu("&Review")
        self._action(review, "&Classify Again", None, self.overview.classify_again)
        self._action(review, "&Learn from Labels", None, self._retrain)
        self._action(review, "&Discover Themes…", None, self.discover_themes)
        self._action(review, "&Taxonomy…", None, self.edit_taxonomy)
        help_ = self.menuBar().addMenu("&Help")
        self._action(help_, "&About fbdesk", None, self._about)
        self._action(help_, "Open &Log Folder", None, self._open_logs)

    def _action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            self.recent_menu.addAction(path, lambda p=path: self.open_workspace(Path(p)))
        self.recent_menu.setEnabled(bool(self._recent()))

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    # ---------------------------------------------------------------- workspace

    def open_workspace(self, path: Path, create: bool = False) -> bool:
        from fbdesk.services.workspace import open_workspace

        if not create:
            chosen = self._offer_local_copy(Path(path))
            if chosen is None:
                return False
            path = chosen
        try:
            ws = open_workspace(path, create=create, keep_backup=True)
        except DamagedWorkspace as exc:
            return self._offer_backup(Path(path), exc)
        except FbdeskError as exc:
            self._error(exc.message)
            return False
        for page in (self.review_page, self.correlate_page, self.prioritize_page, self.report_page):
            page.reset()  # nothing of the workspace open before stays on screen
        if self.ws is not None:
            self.ws.close()
        self.undo_stack.clear()
        self.ws = ws
        self._taxonomy = None  # theme, area and urgency names, read once per workspace
        recent = [str(path)] + [p for p in self._recent() if p != str(path)]
        self.settings.setValue("recent", recent[:8])
        self._fill_recent()
        self._load_cycles()
        self._update_title()
        self.inbox.workspace_opened()
        from fbdesk.services.workspace import setting_notices

        notices = setting_notices(ws)
        if notices:  # settings edited outside fbdesk: the defaults stand in, and it is said
            self.statusBar().showMessage(" ".join(f"{n}." for n in notices), 30000)
        from fbdesk.services.review import model_quality

        self.review_page.show_models(model_quality(ws))
        return True

    def _offer_local_copy(self, path: Path) -> Path | None:
        """A workspace in a synced folder or on a network share: offer to work on a local copy.
        Returns the path to open (the copy or the file itself), or None when cancelled."""
        from fbdesk.services.workspace import local_copy, location_warning

        warning = location_warning(path) if path.exists() else None
        if warning is None:
            return path
        buttons = (QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                   | QMessageBox.StandardButton.Cancel)  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Warning, "fbdesk", warning + ".", buttons, self)
        box.setObjectName("sharedBox")
        box.button(QMessageBox.StandardButton.Yes).setText("Work on a Local Copy")
        box.button(QMessageBox.StandardButton.No).setText("Open Where It Is")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.No:
            return path
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            copy = local_copy(path)
        except FbdeskError as err:
            self._error(err.message)
            return None
        self.statusBar().showMessage(f"Working on a local copy: {copy}. File ▸ Save As… puts it "
                                     "back when you are done.", 30000)  # fmt: skip
        return copy

    def _offer_backup(self, path: Path, exc: FbdeskError) -> bool:
        """A damaged workspace: offer to open a copy of its newest sound backup."""
        from fbdesk.services.workspace import has_sound_backup, recover

        if not has_sound_backup(path):
            self._error(exc.message)
            return False
        box = QMessageBox(QMessageBox.Icon.Warning, "fbdesk", exc.message,
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                          self)  # fmt: skip
        box.setObjectName("damagedBox")
        box.setInformativeText("Open a copy of the backup now? It is written beside the "
                               "damaged file, which stays as it is.")  # fmt: skip
        if box.exec() != QMessageBox.StandardButton.Open:
            return False
        try:
            copy = recover(path)
        except FbdeskError as err:
            self._error(err.message)
            return False
        self.statusBar().showMessage(f"Opened a copy of the backup: {copy.name}", 15000)
        return self.open_workspace(copy)

    def _load_cycles(self, keep: bool = False) -> None:
        """Fill the cycle chooser and show the latest cycle (or, with ``keep``, the one shown)."""
        shown = self.cycle.currentText()
        self.cycle.blockSignals(True)
        self.cycle.clear()
        self.cycle.addItem(ALL_CYCLES, None)
        if self.ws is not None:
            from fbdesk.services.workspace import cycles

            for c in cycles(self.ws):
                self.cycle.addItem(c["name"], c["id"])
            again = self.cycle.findText(shown) if keep and shown else -1
            self.cycle.setCurrentIndex(again if again >= 0 else self.cycle.count() - 1)
        self.cycle.blockSignals(False)
        self.refresh()
        self._data_changed()

    def refresh(self) -> None:
        from fbdesk.services import stats as stats_service
        from fbdesk.services.workspace import sources

        if self.ws is None or self.worker is not None:
            return
        from fbdesk.services.overview import pack_gaps
        from fbdesk.services.review import review_frame

        cycle = self.cycle.currentData()
        self.kpis.show_kpis(stats_service.kpis(self.ws, cycle))
        frame = review_frame(self.ws, cycle)
        self.review_page.model.theme_names = dict(self._choices("themes"))
        self.review_page.set_choices(self._choices("themes"),
                                     sorted({a for a in frame["area"] if isinstance(a, str) and a}))  # fmt: skip
        self.review_page.model.set_frame(frame)
        self.review_page.show_state(frame)
        self.report_page.show_gaps(pack_gaps(self.ws, cycle))
        self.import_page.show_sources(sources(self.ws))
        self.inbox.refresh()

    def show_items(self, ids: list[int], why: str = "") -> None:
        """The Review step showing only ``ids`` (an alert's items), across cycles if needed."""
        if self.ws is None or not ids:
            return
        shown = set(self.review_page.model.frame_ids())
        if not set(ids) <= shown and self.cycle.currentData() is not None:
            self.cycle.setCurrentIndex(0)  # all cycles
        self.steps.setCurrentRow(STEPS.index("Review"))
        self.review_page.show_only(ids, why)

    # ---------------------------------------------------------------- correlate

    def _data_changed(self) -> None:
        """Feedback, labels or the cycle changed: correlations and the ranking are recomputed
        when their step is shown."""
        self._correlation_stale = self._ranking_stale = True
        self.prioritize_page.ws = self.ws
        self._step_shown(self.steps.currentRow())

    def _step_shown(self, row: int) -> None:
        QTimer.singleShot(0, lambda: self._start_step(row))

    def _start_step(self, row: int) -> None:
        """Compute what the step shown needs, if it is stale: now, or once the running
        background work has ended (one task at a time)."""
        if row != self.steps.currentRow():
            return
        work = {STEPS.index("Overview"): (lambda: self.overview.stale, self.overview.compute),
                STEPS.index("Correlate"): (lambda: self._correlation_stale,
                                           lambda: self._correlate(self.correlate_page.grid_key())),
                STEPS.index("Prioritize"): (lambda: self._ranking_stale, self._prioritize)}  # fmt: skip
        stale, start = work.get(row, (lambda: False, None))
        if not stale():
            return
        if self.worker is None:
            start()
        elif not self._step_queued:
            self._step_queued = True
            self.worker.finished.connect(self._step_after_work)

    def _step_after_work(self) -> None:
        self._step_queued = False
        self._step_shown(self.steps.currentRow())

    def _prioritize(self) -> None:
        if self.ws is None:
            return
        if self.worker is not None:  # rank again once the running work is done
            self._ranking_stale = True
            if not getattr(self, "_rank_queued", False):
                self._rank_queued = True
                self.worker.finished.connect(self._queued_prioritize)
            return
        from fbdesk.services.prioritize import rank

        ws, cycle = self.ws, self.cycle.currentData()
        self._ranking_stale = False
        self._run(lambda _progress: rank(ws, cycle, evidence=True),
                  self.prioritize_page.show_ranking)  # fmt: skip

    def build_pack(self, path: str, options: dict) -> None:
        if self.ws is None or self.worker is not None:
            return
        from fbdesk.services.report import build_pack

        ws = self.ws
        cycle = self.cycle.currentText() if self.cycle.currentData() is not None else None
        self._run(lambda progress: build_pack(ws, path, cycle, progress=progress, **options),
                  self.report_page.built)  # fmt: skip

    def _targets_dialog(self) -> None:
        if self.ws is None:
            return
        from fbdesk.services import stats as stats_service
        from fbdesk.ui.targets_dialog import TargetsDialog

        cycle = self.cycle.currentData()
        name = self.cycle.currentText() if cycle is not None else None
        entered = stats_service.entered_invited(self.ws, name)
        dialog = TargetsDialog(stats_service.kpis(self.ws, cycle), name, entered, self)
        if dialog.exec() != TargetsDialog.DialogCode.Accepted:
            return
        try:
            stats_service.set_targets(self.ws, dialog.targets())
            if name is not None and dialog.invited.value() != entered:
                stats_service.set_invited(self.ws, name, dialog.invited.value())
        except FbdeskError as exc:
            self._error(exc.message)
        self.refresh()

    def discover_themes(self) -> None:
        """Proposed themes from the items no theme fits (or the theme the filter shows)."""
        if self.ws is None or self.worker is not None:
            return
        from fbdesk.services.discover import discover

        ws, cycle = self.ws, self.cycle.currentData()
        theme = self.review_page.theme.currentData() or None
        names = dict(self._choices("themes"))
        scope = f"the items of {names.get(theme, theme)}" if theme else "the items no theme fits"
        self._run(
            lambda _p: discover(ws, cycle, theme), lambda found: self._proposals(found, scope)
        )

    def _proposals(self, found: list, scope: str) -> None:
        from fbdesk.ui.discovery_dialog import DiscoveryDialog

        self.discovery_dialog = DiscoveryDialog(found, scope, self)
        self.discovery_dialog.accepted_proposal.connect(self._accept_theme)
        self.discovery_dialog.open()

    def _accept_theme(self, row: int, name: str, phrases: list) -> None:
        if self.worker is not None:
            return
        from fbdesk.services.discover import accept

        ws, proposal = self.ws, self.discovery_dialog.proposals[row]

        def done(theme_id: str) -> None:
            self._taxonomy = None  # theme names are read again
            self.discovery_dialog._discard()
            self.statusBar().showMessage(f"Theme {name!r} added; every item was classified "
                                         "again", 15000)  # fmt: skip
            self._data_changed()

        self._run(lambda progress: accept(ws, proposal, name, phrases, progress), done)

    def edit_taxonomy(self) -> None:
        """Edit the themes, areas and urgency kinds; saving classifies every item again."""
        if self.ws is None:
            return
        import json

        from fbdesk.services.classify import check_taxonomy, default_taxonomy_json, taxonomy_json
        from fbdesk.ui.taxonomy_dialog import TaxonomyDialog

        self.taxonomy_dialog = TaxonomyDialog(json.loads(taxonomy_json(self.ws)),
                                              json.loads(default_taxonomy_json()),
                                              check_taxonomy, self)  # fmt: skip
        self.taxonomy_dialog.accepted.connect(self._save_taxonomy)
        self.taxonomy_dialog.open()

    def _save_taxonomy(self) -> None:
        from fbdesk.services.classify import classify, save_taxonomy

        ws, data = self.ws, self.taxonomy_dialog.taxonomy()
        if ws is None:
            return
        if self.worker is not None:  # keep what was typed: try again when the task ends
            self.statusBar().showMessage("Busy: save the taxonomy again once the task ends", 8000)
            self.taxonomy_dialog.open()
            return

        def save(progress) -> tuple[int, int]:
            version = save_taxonomy(ws, data)
            return version, classify(ws, progress=progress)["classified"]

        def done(result: tuple[int, int]) -> None:
            self._taxonomy = None  # theme and area names are read again by the refresh
            self.statusBar().showMessage(f"Taxonomy version {result[0]} saved; {result[1]:,} "
                                         "items classified again", 15000)  # fmt: skip
            self._data_changed()

        self._run(save, done)

    def show_cycles(self) -> None:
        """Every cycle's KPIs and theme volumes side by side."""
        if self.ws is None:
            return
        from fbdesk.services.stats import by_cycle
        from fbdesk.ui.cycles_dialog import CyclesDialog

        self.cycles_dialog = CyclesDialog(by_cycle(self.ws), self)
        self.cycles_dialog.open()

    def link_items(self, item_ids: list[int], key: str | None, title: str = "") -> None:
        """Count items for improvement ``key``, or (None) make a new one called ``title``."""
        from fbdesk.ui.undo import LinkEdit, SplitEdit

        if key is None:
            edit = SplitEdit(self.ws, None, item_ids, title, self._decided)
        else:
            edit = LinkEdit(self.ws, key, item_ids, True, f"Link {len(item_ids)} items",
                            self._decided)  # fmt: skip
        try:
            self.undo_stack.push(edit)
        except FbdeskError as exc:
            self._error(exc.message)

    def _link_dialog(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        ids = self._selected_item_ids()
        if self.ws is None or not ids:
            self._error("Select the feedback items to link first.")
            return
        ranking = self.prioritize_page.ranking
        if ranking is None:
            from fbdesk.services.prioritize import rank

            ranking = rank(self.ws, self.cycle.currentData())
        new = "A new improvement…"
        titles = dict(zip(ranking.frame["title"], ranking.frame["key"], strict=True))
        chosen, ok = QInputDialog.getItem(self, "Link to improvement",
                                          f"Count the {len(ids)} selected items for:",
                                          [new, *titles], 0, False)  # fmt: skip
        if not ok:
            return
        if chosen == new:
            title, ok = QInputDialog.getText(self, "New improvement", "Title:")
            if ok and title.strip():
                self.link_items(ids, None, title.strip())
        else:
            self.link_items(ids, titles[chosen])

    def _queued_prioritize(self) -> None:
        self._rank_queued = False
        QTimer.singleShot(0, self._prioritize)

    def _decided(self) -> None:
        """A decision, merge or link changed: rank again in the background; the KPIs follow
        when it is done (the window refreshes them from what the ranking read)."""
        self._ranking_stale = True
        self._prioritize()

    def _correlate(self, grid: str = "") -> None:
        if self.ws is None or self.worker is not None:
            return
        from fbdesk.services.correlate import correlate

        ws, cycle = self.ws, self.cycle.currentData()
        self._correlation_stale = False
        self.correlate_page.show_message("Testing every metric against satisfaction…")
        self._run(lambda progress: correlate(ws, cycle, grid or None, progress),
                  self.correlate_page.show_run)  # fmt: skip

    def _finding_state(self, finding, state: str) -> None:
        from fbdesk.services.correlate import set_finding_state

        if self.ws is None:
            return
        try:
            set_finding_state(self.ws, finding, state or None)
        except FbdeskError as exc:
            self._error(exc.message)
            return
        self.correlate_page.update_finding(finding)

    def _series_areas(self, series_id: int, areas: list) -> None:
        from fbdesk.services.correlate import set_series_areas

        if self.ws is None or self.worker is not None:
            return
        try:
            set_series_areas(self.ws, series_id, areas)
        except FbdeskError as exc:
            self._error(exc.message)
            return
        self._correlate(self.correlate_page.grid_key())

    # ---------------------------------------------------------------- editing

    def _choices(self, key: str) -> list[tuple[str, str]]:
        if key == "sentiment":
            return [(s, s) for s in SENTIMENTS]
        if self.ws is None:
            return []
        if self._taxonomy is None:
            from fbdesk.services.classify import taxonomy_choices

            self._taxonomy = taxonomy_choices(self.ws)
        if key in ("themes", "urgency"):
            extra = [("", "not urgent")] if key == "urgency" else []
            return extra + self._taxonomy[key]
        areas = {a for a, _ in self._taxonomy["areas"]}
        frame = self.review_page.model._frame
        if frame is not None and "area" in frame:
            areas |= {a for a in frame["area"] if isinstance(a, str) and a}
        return [(a, a) for a in sorted(areas)]

    def _when_idle(self, again) -> bool:
        """Whether no background work runs. If some does, ``again()`` runs once it has ended:
        an edit made meanwhile is saved then, not lost."""
        if self.worker is None:
            return True
        ws = self.ws
        self.statusBar().showMessage("Saved as soon as the running task ends", 5000)
        self.worker.finished.connect(lambda: again() if self.ws is ws else None)
        return False

    def _edit(self, item_id: int, key: str, value, targets: list[int] | None = None) -> None:
        from fbdesk.services.review import LabelCommand
        from fbdesk.ui.undo import LabelEdit

        if self.ws is None:
            return
        if targets is None:  # a cell of a selected row edits every selected row (one undo step)
            selected = self._selected_item_ids()
            targets = selected if item_id in selected else [item_id]
        if not self._when_idle(lambda: self._edit(item_id, key, value, targets)):
            return
        commands = []
        for target in targets:
            commands.append(LabelCommand(target, key, value))
            if key == "themes":
                first = value.split(";")[0].strip() if value else ""
                commands.append(LabelCommand(target, "primary_theme", first))
        text = f"Set {key}" + (f" of {len(targets)} items" if len(targets) > 1 else "")
        self.undo_stack.push(LabelEdit(self.ws, commands, text, self._labels_changed))
        self._taught(len(targets))

    def _accept_shown(self) -> None:
        threshold = self.review_page.threshold.value()
        self._accept(self.review_page.shown_item_ids(), threshold,
                     "Accept {n} items with confidence ≥ " + f"{threshold:.2f}")  # fmt: skip

    def _accept(self, ids: list[int], threshold: float, text: str) -> None:
        from fbdesk.services.review import accept_commands
        from fbdesk.ui.undo import LabelEdit

        if self.ws is None or not self._when_idle(lambda: self._accept(ids, threshold, text)):
            return
        commands = accept_commands(self.ws, ids, threshold)
        if commands:
            said = text.format(n=len(commands) // 5)
            self.undo_stack.push(LabelEdit(self.ws, commands, said, self._labels_changed))
            if said != text:  # "Accept 12 items…", not a single row's "Accept"
                self.statusBar().showMessage(said, 8000)
            self._taught(len(commands) // 5)

    def _selected_item_ids(self) -> list[int]:
        rows = {i.row() for i in self.review_page.table.selectionModel().selectedRows()}
        return [self.review_page.model.item_id(r) for r in sorted(rows)]

    def _accept_row(self, row: int) -> None:
        self._accept([self.review_page.model.item_id(row)], 0.0, "Accept")

    def _theme_key(self, row: int, digit: int) -> None:
        themes = self._choices("themes")
        if digit <= len(themes):
            self._edit(self.review_page.model.item_id(row), "themes", themes[digit - 1][0])

    def _taught(self, items: int) -> None:
        """The assessor confirmed or corrected the labels of ``items`` items: every
        RESCORE_EVERY of them, learn from all the labels."""
        self.corrections += items
        if self.corrections >= self.RESCORE_EVERY:
            self._learn_when_idle()

    def _learn_when_idle(self) -> None:
        """Learn from the labels in the background now, or as soon as the running task ends."""
        self._learn_pending = True
        if self.worker is None:
            self._retrain()

    def _retrain(self) -> None:
        if self.ws is None or self.worker is not None:
            return
        from fbdesk.services.review import retrain

        ws = self.ws
        corrections, self.corrections, self._learn_pending = self.corrections, 0, False

        def done(report) -> None:
            from fbdesk.services.review import MODELS, describe_models

            self._correlation_stale = self._ranking_stale = True
            self.review_page.show_models(report)
            learned = [line for line, (key, _) in zip(describe_models(report), MODELS, strict=True)
                       if report.get(f"{key}_labels", 0) >= report["min_labels"]]  # fmt: skip
            if not learned:
                self.statusBar().showMessage(
                    "Nothing to learn yet: fbdesk learns a label field once you have labelled "
                    f"at least {report['min_labels']} items", 15000)  # fmt: skip
                return
            after = f"You labelled {corrections} more items: " if corrections else ""
            said = "; ".join(learned)
            self.review_page.show_learned(
                f"{after}fbdesk learned from your labels and re-scored {report['rescored']:,} "
                f"items nobody has reviewed yet. {said[:1].upper()}{said[1:]}.")  # fmt: skip
            self.statusBar().showMessage(f"Re-scored {report['rescored']:,} items", 15000)

        cycle = self.cycle.currentData()  # the items the assessor is reviewing
        self._run(lambda progress: retrain(ws, progress, cycle=cycle), done)

    RESCORE_EVERY = 20

    def _labels_changed(self, item_ids: list[int]) -> None:
        from fbdesk.services import stats as stats_service
        from fbdesk.services.workspace import labels_in_force

        if self.ws is not None:
            self._correlation_stale = self._ranking_stale = True
            self.review_page.model.update_items(labels_in_force(self.ws, item_ids))
            self.kpis.show_kpis(stats_service.kpis(self.ws, self.cycle.currentData()))

    def _explain(self, item_id: int) -> dict | None:
        from fbdesk.services.workspace import explain

        return None if self.ws is None else explain(self.ws, item_id)

    def _update_title(self) -> None:
        name = self.ws.path.name if self.ws is not None else "no workspace"
        self.setWindowTitle(f"{name} — fbdesk")

    # ---------------------------------------------------------------- actions

    def import_files(self, files: list[str]) -> None:
        """Read and map the files in the background, then ask (unless every layout is known)."""
        if self.worker is not None:
            return
        if self.ws is None and not self._new():
            return
        from fbdesk.services.importing import plan_import

        ws = self.ws
        assert ws is not None

        def work(progress):
            plans = []
            for n, f in enumerate(files):
                progress.step(n / len(files), f"Reading {Path(f).name}")
                plans.append(plan_import(f, ws))
            return plans

        self._run(work, self._planned)

    def _planned(self, plans) -> None:
        if all(p.mapping.remembered for p in plans):
            self._import_plans(plans)
            return
        from fbdesk.ui.mapping_dialog import MappingDialog

        self.mapping_dialog = MappingDialog(plans, self)
        self.mapping_dialog.accepted.connect(
            lambda: self._import_plans(self.mapping_dialog.plans())
        )
        self.mapping_dialog.open()

    def _import_plans(self, plans) -> None:
        if self.worker is not None:
            # the reading worker is finishing; start once it has
            self.worker.finished.connect(lambda: self._import_plans(plans))
            return
        from fbdesk.services.classify import classify
        from fbdesk.services.importing import import_plans

        ws = self.ws
        assert ws is not None

        def work(progress):
            from fbdesk.services import alerts, inbox

            reports = import_plans(ws, plans, progress=progress)
            classify(ws)
            inbox.settle_imported(ws)  # files waiting in the Inbox that were imported now
            return reports, alerts.check(ws)

        self._run(work, self._imported)

    def _imported(self, result) -> None:
        reports, new_alerts = result
        lines = [r.summary() for r in reports]
        self.statusBar().showMessage("; ".join(lines), 15000)
        self._load_cycles()
        self.inbox.notify(new_alerts)

    def _run(self, fn, on_success) -> None:
        self.worker = Worker(fn)
        self.import_page.busy(True)
        self.status_progress.setVisible(True)
        self.worker.progressed.connect(self.import_page.show_progress)
        self.worker.progressed.connect(self._show_progress)  # a method: runs on this thread
        self.worker.succeeded.connect(on_success)
        self.worker.failed.connect(self._error)
        self.worker.finished.connect(self._done)
        self.worker.start()

    def _show_progress(self, fraction: float, text: str) -> None:
        self.status_progress.setValue(int(fraction * 100))
        self.statusBar().showMessage(text)
        self._progress_text = text  # cleared once the work is done

    def _done(self) -> None:
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()  # freed here, on the main thread, not by a collector
        self.worker = None
        self.import_page.busy(False)
        self.status_progress.setVisible(False)
        if self.statusBar().currentMessage() == getattr(self, "_progress_text", None):
            self.statusBar().clearMessage()  # a step of work done, not what came of it
        self.refresh()
        if self._learn_pending:
            self._retrain()

    def _cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _error(self, message: str) -> None:
        log.warning("shown to the user: %s", message)
        box = QMessageBox(QMessageBox.Icon.Warning, "fbdesk", message, parent=self)
        box.setObjectName("errorBox")
        box.open()

    def _new(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, "New workspace", "", "Workspaces (*.fbdesk)")
        if not path:
            return False
        if not path.endswith(".fbdesk"):
            path += ".fbdesk"
        return self.open_workspace(Path(path), create=True)

    def _open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open workspace", "", "Workspaces (*.fbdesk)")
        if path:
            self.open_workspace(Path(path))

    def _save_as(self) -> None:
        if self.ws is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy", "", "Workspaces (*.fbdesk)")
        if path:
            try:
                self.ws.save_as(path)
            except FbdeskError as exc:
                self._error(exc.message)

    def _export(self) -> None:
        if self.ws is None:
            return
        from fbdesk.services.review import export_review

        path, _ = QFileDialog.getSaveFileName(self, "Export the review table", "",
                                              "Excel workbook (*.xlsx);;CSV (*.csv)")  # fmt: skip
        if not path:
            return
        try:
            export_review(self.ws, path, self.cycle.currentData())
        except FbdeskError as exc:
            self._error(exc.message)
        else:
            self.statusBar().showMessage(f"Exported to {path}", 10000)

    def _find(self) -> None:
        self.steps.setCurrentRow(STEPS.index("Review"))
        self.review_page.search.setFocus()

    def _about(self) -> None:
        QMessageBox.about(self, "About fbdesk",
                          f"<h3>fbdesk {__version__}</h3><p>Customer-feedback assessment, "
                          "offline.</p>")  # fmt: skip

    def _open_logs(self) -> None:
        from fbdesk.applog import log_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    # ---------------------------------------------------------------- drops and closing

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.steps.setCurrentRow(STEPS.index("Import"))
            self.import_files(files)

    def closeEvent(self, event) -> None:
        self.inbox.timer.stop()
        if self.inbox.tray is not None:
            self.inbox.tray.hide()
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("last_folder", self.import_page.last_folder)
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        super().closeEvent(event)
