"""Cycle over cycle: every KPI and theme volume of each cycle side by side, with the change
from the cycle before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

BETTER, WORSE = QColor("#1b7f3b"), QColor("#b3261e")


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "|r|":  # a correlation coefficient
        return f"{value:.2f} |r|"
    unit = unit if unit in ("%", "/5") else (f" {unit}" if unit else "")
    return f"{value:,.0f}{unit}" if not unit or abs(value) >= 100 else f"{value:.1f}{unit}"


class CyclesDialog(QDialog):
    def __init__(self, cycles: list[dict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cycle over cycle")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Each cycle's KPIs and the number of items per theme; the last "
                                "column is the change from the cycle before the latest."))  # fmt: skip
        rows = self._rows(cycles)
        names = [c["cycle"] for c in cycles]
        self.table = QTableWidget(len(rows), len(names) + 2, self)
        self.table.setAccessibleName("Cycle over cycle")
        self.table.setHorizontalHeaderLabels(["", *names, "Change"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        for r, (label, values, unit, higher_better) in enumerate(rows):
            head = QTableWidgetItem(label)
            if unit is None:  # a section title
                font = head.font()
                font.setBold(True)
                head.setFont(font)
            self.table.setItem(r, 0, head)
            for c, v in enumerate(values):
                cell = QTableWidgetItem(_number(v, unit or ""))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c + 1, cell)
            if len(values) >= 2 and values[-1] is not None and values[-2] is not None:
                delta = values[-1] - values[-2]
                text = f"{delta:+.1f} pts" if unit == "%" else \
                    ("+" if delta > 0 else "") + _number(delta, unit or "")  # fmt: skip
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if delta and higher_better is not None:
                    cell.setForeground(BETTER if (delta > 0) == higher_better else WORSE)
                self.table.setItem(r, len(values) + 1, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _rows(cycles: list[dict]) -> list[tuple[str, list, str | None, bool | None]]:
        from fbdesk.domain.kpi import KPIS

        rows: list[tuple[str, list, str | None, bool | None]] = [
            ("Feedback items", [c["items"] for c in cycles], "", None)]  # fmt: skip
        rows.append(("KPIs", [], None, None))
        for d in KPIS:
            values = [c["kpis"][d.key]["value"] for c in cycles]
            rows.append((d.title, values, d.unit, d.higher_is_better))
        rows.append(("Items per theme (more is worse, praise aside)", [], None, None))
        themes: dict[str, int] = {}
        for c in cycles:
            for t, n in c["themes"].items():
                themes[t] = themes.get(t, 0) + n
        for t in sorted(themes, key=lambda t: -themes[t]):
            values = [c["themes"].get(t, 0) for c in cycles]
            rows.append((t, values, "", t.lower().startswith("praise")))
        return rows
