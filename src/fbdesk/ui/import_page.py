"""The Import step: drop or choose exports, import them in the background, see what happened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

FILTER = "Exports (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;All files (*)"


class ImportPage(QWidget):
    """Asks for files and shows results; the window runs the import (one writer at a time)."""

    files_chosen = Signal(list)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.drop_zone = QLabel(
            "Drop survey, ticket, app-review or metric exports anywhere on this window\n"
            "(Excel, OpenDocument, CSV or TSV)", self)  # fmt: skip
        self.drop_zone.setObjectName("dropZone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setMinimumHeight(140)
        layout.addWidget(self.drop_zone)
        row = QHBoxLayout()
        self.choose = QPushButton("Choose files…", self)
        self.choose.setAccessibleName("Choose files to import")
        self.choose.clicked.connect(self._choose)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setVisible(False)
        self.cancel.clicked.connect(self.cancel_requested)
        row.addWidget(self.choose)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel)
        layout.addLayout(row)
        layout.addWidget(QLabel("Imported in this workspace", self))
        self.results = QListWidget(self)
        self.results.setAccessibleName("Import results")
        layout.addWidget(self.results, 1)
        self.last_folder = ""

    def _choose(self) -> None:
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
