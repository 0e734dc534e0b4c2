"""What learning would change, asked before it changes it: the labels of the cycle before and
after, how many would change, and a few items that would flip; Apply or keep the current
labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


class LearningPreviewDialog(QDialog):
    """Shows a :class:`~fbdesk.services.learning_preview.LearningPreview`; accepted means
    Apply, rejected means keep the current labels."""

    def __init__(self, seen, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("learningPreview")
        self.setWindowTitle("Learn from your labels?")
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(seen.summary() + " Labels you set stay as they are.", self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        from fbdesk.services.learning import describe_models

        models = QLabel("\n".join(describe_models(seen.quality)), self)
        models.setWordWrap(True)
        layout.addWidget(models)
        self.distribution = QTableWidget(0, 4, self)
        self.distribution.setObjectName("distribution")
        self.distribution.setHorizontalHeaderLabels(["Label", "Now", "After", "Change"])
        for d in seen.distributions:
            self._add_row([d.field], bold=True)
            for value, before, after in d.rows():
                self._add_row([f"  {value}", f"{before:,}", f"{after:,}",
                               f"{after - before:+,}" if after != before else ""])  # fmt: skip
        self._fit(self.distribution)
        layout.addWidget(self.distribution, 1)
        layout.addWidget(QLabel("Items that would change, for example:" if seen.flips
                                else "No item would change.", self))  # fmt: skip
        self.flips = QTableWidget(len(seen.flips), 3, self)
        self.flips.setObjectName("flips")
        self.flips.setHorizontalHeaderLabels(["What the customer wrote", "Label", "Now → after"])
        for r, f in enumerate(seen.flips):
            for c, text in enumerate((f.words, f.field, f"{f.old} → {f.new}")):
                self.flips.setItem(r, c, QTableWidgetItem(text))
        self._fit(self.flips, stretch=0)
        layout.addWidget(self.flips, 1)
        buttons = QDialogButtonBox(self)
        self.apply = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep = buttons.addButton("Keep the current labels",
                                      QDialogButtonBox.ButtonRole.RejectRole)  # fmt: skip
        self.keep.setDefault(True)  # changing many labels is a choice, not a key press
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add_row(self, cells: list[str], bold: bool = False) -> None:
        row = self.distribution.rowCount()
        self.distribution.insertRow(row)
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c:  # counts line up on the right
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.distribution.setItem(row, c, item)

    @staticmethod
    def _fit(table: QTableWidget, stretch: int = 0) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
