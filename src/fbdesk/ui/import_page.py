"""The Import step: drop or choose exports, import them in the background, see what happened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QWidget,
)

from fbdesk.ui.forms import load_form

FILTER = "Exports (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;All files (*)"


class ImportPage(QWidget):
    """Asks for files and shows results; the window runs the import (one writer at a time)."""

    files_chosen = Signal(list)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = load_form("import_page", self)  # laid out in Qt Designer: ui/import_page.ui
        self.drop_zone = form.findChild(QLabel, "dropZone")
        self.choose = form.findChild(QPushButton, "choose")
        self.progress = form.findChild(QProgressBar, "progress")
        self.cancel = form.findChild(QPushButton, "cancel")
        self.results = form.findChild(QListWidget, "results")
        self.progress.setRange(0, 100)
        self.choose.clicked.connect(self.choose_files)
        self.cancel.clicked.connect(self.cancel_requested)
        self.last_folder = ""

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import exports", self.last_folder, FILTER)
        if files:
            self.last_folder = str(Path(files[0]).parent)
            self.files_chosen.emit(files)

    def busy(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel.setVisible(on)
        self.choose.setEnabled(not on)
        self.progress.setValue(0)

    def show_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(f"{text} — %p%")

    def show_sources(self, sources: list[dict]) -> None:
        self.results.clear()
        for s in sources:
            line = (f"{s['name']} — {s['kind'].replace('_', ' ')}, {s['format']}: "
                    f"{s['rows_imported']:,} imported")  # fmt: skip
            if s["rows_duplicate"]:
                line += f", {s['rows_duplicate']:,} already there"
            if s["rows_skipped"]:
                line += f", {s['rows_skipped']:,} skipped"
            self.results.addItem(line)
