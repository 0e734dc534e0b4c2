"""The review table view with a keyboard review mode: Enter accepts the row's labels and moves
on, digits 1–9 set the theme, the arrows move."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTableView


class ReviewTable(QTableView):
    accept_row = Signal(int)
    theme_key = Signal(int, int)  # row, digit 1–9

    def keyPressEvent(self, event) -> None:
        row = self.currentIndex().row()
        if row >= 0 and self.state() != QTableView.State.EditingState:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_row.emit(row)
                self._next(row)
                return
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                self.theme_key.emit(row, key - Qt.Key.Key_0)
                self._next(row)
                return
        super().keyPressEvent(event)

    def _next(self, row: int) -> None:
        if row + 1 < self.model().rowCount():
            self.selectRow(row + 1)
