"""The reconciliation list: every label two assessors coding blind gave differently, one row
per item and field, with both labels and the model's; the label chosen becomes the item's."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

FIELD_NAMES = {"sentiment": "Sentiment", "themes": "Themes", "primary_theme": "Primary theme",
               "area": "Area", "urgency": "Urgency"}  # fmt: skip
UNCHOSEN = "choose…"


class ReconcileDialog(QDialog):
    """``settle`` carries {item_id: {field: label}} for the rows given a label; ``agreed`` asks
    to settle every item both coders labelled alike."""

    settle = Signal(object)
    agreed = Signal()

    def __init__(self, data: dict, names: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reconcile double coding")
        self.resize(980, 520)
        self.names = names
        layout = QVBoxLayout(self)
        differ = data["differ"]
        pairs = sum(len(r["differ"]) for r in differ)
        items = f"{len(differ)} item{'s' if len(differ) != 1 else ''}"
        self.summary = QLabel(
            f"{items} coded blind by two assessors got different labels ({pairs} "
            f"label{'s' if pairs != 1 else ''}). Choose the label each should have: it becomes "
            "the item's, and learning reads it. Until then the item keeps the model's labels.",
            self)  # fmt: skip
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("reconcileTable")
        self.table.setHorizontalHeaderLabels(["Item", "Feedback", "Label", "First coder",
                                              "Second coder", "Label in force"])  # fmt: skip
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rows: list[tuple[int, str, QComboBox]] = []
        for r in differ:
            a, b = r["people"]
            for field in r["differ"]:
                row = self.table.rowCount()
                self.table.insertRow(row)
                first, second = r["labels"][a].get(field), r["labels"][b].get(field)
                model = r["model"].get(field)
                cells = [str(r["item_id"]), r["text"].replace("\n", " ")[:300],
                         FIELD_NAMES.get(field, field), f"{a}: {self._shown(field, first)}",
                         f"{b}: {self._shown(field, second)}"]  # fmt: skip
                for column, text in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if column == 1:
                        cell.setToolTip(r["text"])
                    self.table.setItem(row, column, cell)
                choice = QComboBox(self.table)
                choice.addItem(UNCHOSEN, None)
                for value, who in ((first, a), (second, b), (model, "the model")):
                    if value is not None and choice.findData(value) < 0:
                        choice.addItem(f"{self._shown(field, value)} ({who})", value)
                self.table.setCellWidget(row, 5, choice)
                self.rows.append((r["item_id"], field, choice))
        layout.addWidget(self.table, 1)
        agreed = data["agreed"]
        self.agreed_button = QPushButton(f"Settle the {agreed} item{'s' if agreed != 1 else ''} "
                                         "both coders labelled alike", self)  # fmt: skip
        self.agreed_button.setEnabled(bool(data["agreed"]))
        self.agreed_button.clicked.connect(self._agreed)
        buttons = QDialogButtonBox(self)
        self.save = buttons.addButton("Save the labels chosen",
                                      QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.agreed_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)

    def _shown(self, field: str, value: str | None) -> str:
        if value is None:
            return "—"
        if value == "":
            return "not urgent" if field == "urgency" else "none"
        if field in ("primary_theme", "themes"):
            return "; ".join(self.names.get(v.strip(), v.strip()) for v in value.split(";"))
        return value

    def chosen(self) -> dict[int, dict[str, str]]:
        out: dict[int, dict[str, str]] = {}
        for item, field, choice in self.rows:
            value = choice.currentData()
            if value is not None:
                out.setdefault(item, {})[field] = value
        return out

    def _save(self) -> None:
        chosen = self.chosen()
        if chosen:
            self.settle.emit(chosen)
        self.accept()

    def _agreed(self) -> None:
        self.agreed.emit()
        self.accept()
