"""Proposed new themes: top terms, size and quotes of each; accept one (named, with the phrases
that will recognise it), or discard it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


class DiscoveryDialog(QDialog):
    accepted_proposal = Signal(int, str, list)  # index, theme name, phrases

    def __init__(self, proposals: list, scope: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposals = list(proposals)
        self.setWindowTitle("Discover themes")
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Groups of {escape(scope)} that share their words. Accept a "
                                "group to add it to the taxonomy as a theme (every item is "
                                "classified again), or discard it."))  # fmt: skip
        split = QSplitter(self)
        self.list = QListWidget(split)
        self.list.setAccessibleName("Proposed themes")
        for p in self.proposals:
            self.list.addItem(f"{p.name} — {p.size} items")
        side = QWidget(split)
        form = QFormLayout(side)
        self.details = QTextBrowser(side)
        self.details.setAccessibleName("Terms and quotes")
        self.name = QLineEdit(side)
        self.name.setAccessibleName("Theme name")
        self.phrases = QLineEdit(side)
        self.phrases.setAccessibleName("Phrases")
        self.phrases.setToolTip("Comma-separated words or phrases that recognise the theme")
        form.addRow(self.details)
        form.addRow("Theme name", self.name)
        form.addRow("Phrases", self.phrases)
        row = QHBoxLayout()
        self.accept_button = QPushButton("Accept as theme", side)
        self.accept_button.clicked.connect(self._accept)
        self.discard = QPushButton("Discard", side)
        self.discard.clicked.connect(self._discard)
        row.addWidget(self.accept_button)
        row.addWidget(self.discard)
        row.addStretch(1)
        form.addRow(row)
        split.setSizes([320, 660])
        layout.addWidget(split, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.list.currentRowChanged.connect(self._show)
        if self.proposals:
            self.list.setCurrentRow(0)
        else:
            self.details.setHtml("<p>No proposal: too few items, or they share no words.</p>")
            for w in (self.accept_button, self.discard, self.name, self.phrases):
                w.setEnabled(False)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.proposals):
            return
        p = self.proposals[row]
        quotes = "".join(f"<li>“{escape(q)}”</li>" for q in p.quotes)
        self.details.setHtml(f"<p><b>{p.size} items</b>. Terms: {escape(', '.join(p.terms))}"
                             f"</p><ul>{quotes}</ul>")  # fmt: skip
        self.name.setText(p.name)
        self.phrases.setText(", ".join(p.phrases))

    def _accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.proposals):
            phrases = [x.strip() for x in self.phrases.text().split(",") if x.strip()]
            self.accepted_proposal.emit(row, self.name.text().strip(), phrases)

    def _discard(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.proposals):
            self.remove(self.proposals[row])

    def remove(self, proposal) -> None:
        """Take ``proposal`` off the list (discarded, or accepted into the taxonomy); the
        details, name and phrases then show the group now selected, the one Accept takes."""
        if proposal not in self.proposals:
            return
        row = self.proposals.index(proposal)
        del self.proposals[row]
        self.list.blockSignals(True)
        self.list.takeItem(row)
        if self.proposals:
            self.list.setCurrentRow(min(row, len(self.proposals) - 1))
        self.list.blockSignals(False)
        self._show(self.list.currentRow())
        if not self.proposals:
            self.details.setHtml("<p>No proposal left.</p>")
            for w in (self.accept_button, self.discard, self.name, self.phrases):
                w.setEnabled(False)
