"""The workspace as a whole: opening, creating and copying it, the recent list, the cycle
chooser and the cycle's KPIs on top, the KPI targets and the cycle-over-cycle view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox, QPushButton

from fbdesk.domain.errors import DamagedWorkspace, FbdeskError
from fbdesk.ui.controller import Context
from fbdesk.ui.kpi_strip import KpiStrip
from fbdesk.ui.runner import Op
from fbdesk.ui.session import ALL_CYCLES, Changes

FILTER = "Workspaces (*.fbdesk)"


def is_address(where: object) -> bool:
    """Whether ``where`` names a team workspace on a server rather than a file."""
    return isinstance(where, str) and where.startswith(("postgresql://", "postgres://"))


RELEASES = "releases"  # the chooser's last entry: not a cycle, it opens Releases and adoption


class WorkspaceController(QObject):
    recent_changed = Signal(list)  # paths, newest first
    releases_requested = Signal()

    def __init__(self, ctx: Context, settings: QSettings) -> None:
        super().__init__(ctx.parent)
        self.ctx, self.session, self.runner = ctx, ctx.session, ctx.runner
        self.settings = settings
        self.cycle = QComboBox()
        self.cycle.setAccessibleName("Cycle")
        self.cycle.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.cycle.addItem(ALL_CYCLES, None)
        self.cycle.currentIndexChanged.connect(self._cycle_chosen)
        self.kpis = KpiStrip()
        self.compare = QPushButton("Compare…")
        self.compare.setToolTip("Every cycle's KPIs and theme volumes side by side (Ctrl+Shift+C)")
        self.compare.clicked.connect(self.show_cycles)
        self.targets = QPushButton("Targets…")
        self.targets.setToolTip("KPI targets of this workspace, and the number of customers "
                                "invited")  # fmt: skip
        self.targets.clicked.connect(self.targets_dialog)
        self.cycles_dialog = None
        self.session.changed.connect(self._changed)

    # ------------------------------------------------------------------ opening

    def open_workspace(self, path: Path | str, create: bool = False) -> None:
        """Open (or create) ``path`` on the runner; every step then shows it. A server
        address (``postgresql://…``) opens a team workspace."""
        if is_address(path):
            self.open_team(str(path))
            return
        path = Path(path)
        if not create:
            chosen = self._offer_local_copy(path)
            if chosen is None:
                return
            path = chosen

        def opened(_result) -> None:
            recent = [str(path)] + [p for p in self.recent() if p != str(path)]
            self.settings.setValue("recent", recent[:8])
            self.recent_changed.emit(self.recent())
            from fbdesk.services.workspace import setting_notices

            self.runner.run(Op(lambda ws, _p: setting_notices(ws), "Reading the settings",
                               quiet=True).success(self._say_notices))  # fmt: skip

        self.runner.run(self.runner.open(path, create).success(opened)
                        .failure(lambda exc: self._not_opened(path, exc)))  # fmt: skip

    def open_team(self, address: str | None = None) -> None:
        """Open the team workspace at ``address`` (asked for when None), like a file: the
        recent list keeps the address (which never holds a password)."""
        if address is None:
            from fbdesk.ui.team_dialog import TeamDialog

            recent = next((p for p in self.recent() if is_address(p)), "")
            address = TeamDialog.ask(self.ctx.parent, recent)
            if not address:
                return

        def opened(_result) -> None:
            recent = [address] + [p for p in self.recent() if p != address]
            self.settings.setValue("recent", recent[:8])
            self.recent_changed.emit(self.recent())
            self.ctx.say(f"Opened the team workspace {self.session.address} as "
                         f"{self.session.person}", 15000)  # fmt: skip

        self.runner.run(self.runner.open(address).success(opened)
                        .failure(lambda exc: self.ctx.error(exc.message)))  # fmt: skip

    def _say_notices(self, notices: list[str]) -> None:
        if notices:  # settings edited outside fbdesk: the defaults stand in, and it is said
            self.ctx.say(" ".join(f"{n}." for n in notices), 30000)

    def _offer_local_copy(self, path: Path) -> Path | None:
        """A workspace in a synced folder or on a network share: offer to work on a local copy.
        Returns the path to open (the copy or the file itself), or None when cancelled."""
        from fbdesk.services.workspace import local_copy, location_warning

        warning = location_warning(path) if path.exists() else None
        if warning is None:
            return path
        buttons = (QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                   | QMessageBox.StandardButton.Cancel)  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Warning, "fbdesk", warning + ".", buttons,
                          self.ctx.parent)  # fmt: skip
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
            self.ctx.error(err.message)
            return None
        self.ctx.say(f"Working on a local copy: {copy}. File ▸ Save As… puts it back when you "
                     "are done.", 30000)  # fmt: skip
        return copy

    def _not_opened(self, path: Path, exc: FbdeskError) -> None:
        """A damaged workspace: offer to open a copy of its newest sound backup."""
        from fbdesk.services.workspace import has_sound_backup, recover

        if not isinstance(exc, DamagedWorkspace) or not has_sound_backup(path):
            self.ctx.error(exc.message)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "fbdesk", exc.message,
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                          self.ctx.parent)  # fmt: skip
        box.setObjectName("damagedBox")
        box.setInformativeText("Open a copy of the backup now? It is written beside the "
                               "damaged file, which stays as it is.")  # fmt: skip
        if box.exec() != QMessageBox.StandardButton.Open:
            return
        try:
            copy = recover(path)
        except FbdeskError as err:
            self.ctx.error(err.message)
            return
        self.ctx.say(f"Opened a copy of the backup: {copy.name}", 15000)
        self.open_workspace(copy)

    def recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def new(self) -> bool:
        """Ask for a new workspace file; True once one was chosen (it opens in its turn)."""
        path, _ = QFileDialog.getSaveFileName(self.ctx.parent, "New workspace", "", FILTER)
        if not path:
            return False
        if not path.endswith(".fbdesk"):
            path += ".fbdesk"
        self.open_workspace(Path(path), create=True)
        return True

    def open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.ctx.parent, "Open workspace", "", FILTER)
        if path:
            self.open_workspace(Path(path))

    def save_as(self) -> None:
        if not self.session.is_open:
            return
        if self.session.is_team:
            self.ctx.error("A team workspace is copied to a file on the command line: "
                           "fbdesk team copy ADDRESS FILE")  # fmt: skip
            return
        path, _ = QFileDialog.getSaveFileName(self.ctx.parent, "Save a copy", "", FILTER)
        if path:
            self.runner.run(Op(lambda ws, _p: ws.save_as(path), "Saving a copy")
                            .success(lambda _r: self.ctx.say(f"Saved a copy as {path}")))  # fmt: skip

    # ------------------------------------------------------------------ the cycle and its KPIs

    def _changed(self, changes: Changes) -> None:
        if changes.workspace:
            self.ctx.undo_stack.clear()
        if changes.workspace or changes.cycle:
            self._fill_cycles()
        if changes.data:
            QTimer.singleShot(0, self._read_kpis)  # after what the steps asked for

    def _fill_cycles(self) -> None:
        self.cycle.blockSignals(True)
        self.cycle.clear()
        self.cycle.addItem(ALL_CYCLES, None)
        for c in self.session.cycles:
            self.cycle.addItem(c["name"], c["id"])
        if self.session.cycles:
            self.cycle.insertSeparator(self.cycle.count())
            self.cycle.addItem("Releases…", RELEASES)
            self.cycle.setItemData(self.cycle.count() - 1, "Before and after each release, and "
                                   "adoption per area (Ctrl+Shift+R)",
                                   Qt.ItemDataRole.ToolTipRole)  # fmt: skip
        self.cycle.setCurrentIndex(max(self.cycle.findData(self.session.cycle_id), 0))
        self.cycle.blockSignals(False)

    def _cycle_chosen(self, _index: int) -> None:
        if self.cycle.currentData() == RELEASES:  # the cycle shown stays shown
            self.cycle.blockSignals(True)
            self.cycle.setCurrentIndex(max(self.cycle.findData(self.session.cycle_id), 0))
            self.cycle.blockSignals(False)
            self.releases_requested.emit()
            return
        self.session.set_cycle(self.cycle.currentData())

    def _read_kpis(self) -> None:
        cycle = self.session.cycle_id

        def read(ws, _progress):
            from fbdesk.services import stats as stats_service  # on the workspace's thread

            return stats_service.kpis(ws, cycle)

        self.runner.run(Op(read, latest="kpis", quiet=True).success(self.kpis.show_kpis))

    def targets_dialog(self) -> None:
        from fbdesk.services import stats as stats_service

        if not self.session.is_open:
            return
        cycle, name = self.session.cycle_id, self.session.cycle_label
        self.runner.run(Op(lambda ws, _p: (stats_service.kpis(ws, cycle),
                                           stats_service.entered_invited(ws, name),
                                           stats_service.minimums(ws)),
                           quiet=True).success(lambda r: self._ask_targets(name, *r)))  # fmt: skip

    def _ask_targets(self, name: str | None, kpis, entered, least=None) -> None:
        from fbdesk.services import stats as stats_service
        from fbdesk.ui.targets_dialog import TargetsDialog

        dialog = TargetsDialog(kpis, name, entered, self.ctx.parent, least)
        if dialog.exec() != TargetsDialog.DialogCode.Accepted:
            return
        targets, invited, minimums = dialog.targets(), dialog.invited.value(), dialog.least()

        def save(ws, _progress) -> None:
            from fbdesk.services.minimums import set_minimums

            stats_service.set_targets(ws, targets)
            set_minimums(ws, minimums)
            if name is not None and invited != entered:
                stats_service.set_invited(ws, name, invited)

        self.runner.run(Op(save, "Saving the targets", changes=Changes(settings=True), typed=True))

    def show_cycles(self) -> None:
        """Every cycle's KPIs and theme volumes side by side."""
        from fbdesk.services.stats import by_cycle

        if self.session.is_open:
            self.runner.run(Op(lambda ws, _p: by_cycle(ws), "Comparing the cycles")
                            .success(self._cycles_dialog))  # fmt: skip

    def _cycles_dialog(self, cycles) -> None:
        from fbdesk.ui.cycles_dialog import CyclesDialog

        self.cycles_dialog = CyclesDialog(cycles, self.ctx.parent)
        self.cycles_dialog.open()
