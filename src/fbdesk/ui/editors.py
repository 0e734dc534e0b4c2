"""Editors for the review table: sentiment, area and urgency from lists, themes as check boxes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QWidget,
)

SENTIMENTS = ["positive", "neutral", "negative"]


class LabelDelegate(QStyledItemDelegate):
    """Chooses the editor by column; ``choices`` gives the values offered per column key."""

    def __init__(self, column_key, choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = column_key
        self._choices = choices

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        key = self._key(index.column())
        if key == "themes":
            editor = QListWidget(parent)
            editor.setMinimumHeight(220)
            editor.setAccessibleName("Themes")
            for theme_id, name in self._choices("themes"):
                item = QListWidgetItem(name, editor)
                item.setData(Qt.ItemDataRole.UserRole, theme_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            return editor
        combo = QComboBox(parent)
        combo.setEditable(key == "area")
        combo.setAccessibleName(key.capitalize())
        for value, label in self._choices(key):
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QListWidget):
            chosen = {v.strip() for v in value.split(";") if v.strip()}
            for row in range(editor.count()):
                item = editor.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return
        at = editor.findData(value)
        if at >= 0:
            editor.setCurrentIndex(at)
        elif editor.isEditable():
            editor.setEditText(value)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QListWidget):
            chosen = [editor.item(r).data(Qt.ItemDataRole.UserRole) for r in range(editor.count())
                      if editor.item(r).checkState() == Qt.CheckState.Checked]  # fmt: skip
            model.setData(index, "; ".join(chosen), Qt.ItemDataRole.EditRole)
            return
        value = editor.currentData()
        if editor.isEditable() and editor.currentText() != editor.itemText(editor.currentIndex()):
            value = editor.currentText().strip()
        model.setData(index, value if value is not None else "", Qt.ItemDataRole.EditRole)
