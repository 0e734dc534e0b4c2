"""The taxonomy the rules classify by: themes, product-area keywords and urgency kinds, each
with the words and phrases that recognise it, edited in three tables."""

from __future__ import annotations

import copy
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

HELP = ("Phrases are matched on word stems (“crash” finds “crashes” and “crashed”), in order, "
        "with up to two other words between them; * stands for any one word. A phrase right "
        "after “not”, “no” or “never” does not count for problem themes. Separate phrases with "
        "commas.")  # fmt: skip


class TaxonomyDialog(QDialog):
    """Edits a copy of the taxonomy's JSON; :meth:`taxonomy` gives the edited one. ``check``
    (the service's) refuses a taxonomy that cannot classify: the dialog stays open with the
    message, so nothing typed is lost."""

    def __init__(self, data: dict, shipped: dict, check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Taxonomy")
        self.setObjectName("taxonomyDialog")
        self.resize(900, 560)
        self.original, self.shipped, self.check = data, shipped, check
        layout = QVBoxLayout(self)
        intro = QLabel(f"Version {data.get('version', 1)}. Saving stores the next version (the "
                       "earlier ones stay in the workspace) and classifies every item again; "
                       "the labels you gave are kept.")  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tabs = QTabWidget(self)
        self.themes = self._tab("Themes", "Theme")
        self.areas = self._tab("Product areas", "Area")
        self.urgency = self._tab("Urgency", "Urgency kind")
        layout.addWidget(self.tabs, 1)
        hint = QLabel(HELP)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        self.restore = buttons.addButton("Restore shipped", QDialogButtonBox.ButtonRole.ResetRole)
        self.restore.setToolTip("Fill the tables with the taxonomy fbdesk ships (nothing is "
                                "stored until you save)")  # fmt: skip
        self.restore.clicked.connect(lambda: self._fill(self.shipped))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill(data)

    def _tab(self, title: str, noun: str) -> QTableWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        table = QTableWidget(0, 2, page)
        table.setObjectName(f"{noun.lower()}Table")
        table.setHorizontalHeaderLabels([noun, "Words and phrases that recognise it"])
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 200)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.setAccessibleName(f"{title} of the taxonomy")
        # Three lines of phrases per row; the whole list is in the cell's tooltip and editor.
        table.verticalHeader().setDefaultSectionSize(3 * table.fontMetrics().lineSpacing() + 8)
        box.addWidget(table)
        row = QHBoxLayout()
        add = QPushButton(f"Add {noun.lower()}", page)
        add.clicked.connect(lambda: self._add(table, noun))
        remove = QPushButton("Remove", page)
        remove.clicked.connect(lambda: self._remove(table))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(page, title)
        return table

    def _fill(self, data: dict) -> None:
        for table, items in ((self.themes, data["themes"]), (self.urgency, data.get("urgency", [])),
                             (self.areas, [{"id": None, "name": k, "phrases": v}
                                           for k, v in data.get("areas", {}).items()])):  # fmt: skip
            table.setRowCount(0)
            for item in items:
                self._append(table, item.get("name", item["id"]), item["phrases"], item)

    def _append(self, table: QTableWidget, name: str, phrases: list[str], item: dict) -> None:
        row = table.rowCount()
        table.insertRow(row)
        cell = QTableWidgetItem(name)
        cell.setData(Qt.ItemDataRole.UserRole, item.get("id"))
        table.setItem(row, 0, cell)
        listed = QTableWidgetItem(", ".join(phrases))
        listed.setToolTip(", ".join(phrases))
        table.setItem(row, 1, listed)

    def _add(self, table: QTableWidget, noun: str) -> None:
        self._append(table, f"New {noun.lower()}", [], {"id": None})
        table.setCurrentCell(table.rowCount() - 1, 0)
        table.editItem(table.item(table.rowCount() - 1, 0))

    def _remove(self, table: QTableWidget) -> None:
        for row in sorted({i.row() for i in table.selectedIndexes()}, reverse=True):
            table.removeRow(row)

    def taxonomy(self) -> dict:
        """The edited taxonomy, keeping what the tables do not show (a theme's other keys)."""
        data = copy.deepcopy(self.original)
        known = {t["id"]: t for t in self.original["themes"] + self.original.get("urgency", [])}
        data["themes"] = self._items(self.themes, known)
        data["urgency"] = self._items(self.urgency, known)
        data["areas"] = {name: phrases for _, name, phrases in self._rows(self.areas)}
        return data

    def _rows(self, table: QTableWidget) -> list[tuple[str | None, str, list[str]]]:
        out = []
        for row in range(table.rowCount()):
            name_cell, phrase_cell = table.item(row, 0), table.item(row, 1)
            name = name_cell.text().strip() if name_cell else ""
            text = phrase_cell.text() if phrase_cell else ""
            phrases = [p.strip() for p in text.split(",") if p.strip()]
            out.append((name_cell.data(Qt.ItemDataRole.UserRole) if name_cell else None, name,
                        phrases))  # fmt: skip
        return out

    def _items(self, table: QTableWidget, known: dict) -> list[dict]:
        items, taken = [], {i for i, _, _ in self._rows(table) if i}
        for item_id, name, phrases in self._rows(table):
            if not item_id:  # a new row: an id from its name, unique in the table
                base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "theme"
                item_id, n = base, 2
                while item_id in taken:
                    item_id, n = f"{base}_{n}", n + 1
                taken.add(item_id)
            kept = {k: v for k, v in known.get(item_id, {}).items()
                    if k not in ("id", "name", "phrases")}  # fmt: skip
            items.append({"id": item_id, "name": name or item_id, "phrases": phrases, **kept})
        return items

    def accept(self) -> None:
        from fbdesk.domain.errors import FbdeskError

        try:
            self.check(self.taxonomy())
        except FbdeskError as exc:
            QMessageBox.warning(self, "Taxonomy", exc.message)
            return
        super().accept()
