"""The assessor's own words for the pack: the executive summary, a comment per finding and per
improvement, quotes pinned or left out, sections left out. What is typed is saved a moment
after typing stops (and when the field is left), so nothing typed is lost."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SAVE_AFTER_MS = 300  # a pause in typing this long saves what was typed
QUOTE_STATES = (("", "shown"), ("pinned", "pinned"), ("left out", "left out"))


class PackWordsPanel(QWidget):
    note_edited = Signal(str, str, str, str)  # kind, key, text, state

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[tuple[str, str], str] = {}
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save_typed)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox("Executive summary (page 1)")
        bl = QVBoxLayout(box)
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Executive summary")
        self.summary.setPlaceholderText("What leadership should take from this cycle")
        self.summary.setMinimumHeight(70)
        self.summary.setMaximumHeight(120)
        self.summary.textChanged.connect(self._summary_typed)
        self.summary_state = QLabel("")
        self.prefill = QPushButton("Back to the prefilled summary")
        self.prefill.clicked.connect(lambda: self._choose("summary", "", ""))
        row = QHBoxLayout()
        row.addWidget(self.summary_state, 1)
        row.addWidget(self.prefill)
        bl.addWidget(self.summary)
        bl.addLayout(row)
        layout.addWidget(box)
        self.comments_box = QGroupBox("Your comments (printed under each finding and improvement)")
        self.comments = QFormLayout(self.comments_box)
        layout.addWidget(self.comments_box)
        quotes = QGroupBox("Quotes")
        ql = QVBoxLayout(quotes)
        self.quotes = QTableWidget(0, 3)
        self.quotes.setHorizontalHeaderLabels(["Theme", "Quote", "In the pack"])
        self.quotes.horizontalHeader().setStretchLastSection(False)
        self.quotes.horizontalHeader().setSectionResizeMode(1, self.quotes.horizontalHeader()
                                                           .ResizeMode.Stretch)  # fmt: skip
        self.quotes.horizontalHeader().setSectionResizeMode(
            2, self.quotes.horizontalHeader().ResizeMode.ResizeToContents)
        self.quotes.verticalHeader().hide()
        ql.addWidget(self.quotes)
        layout.addWidget(quotes)
        sections = QGroupBox("Sections (page 1 and the method page are always in)")
        from fbdesk.ui.flow_layout import FlowLayout

        sl = FlowLayout(sections)
        from fbdesk.services.pack_notes import SECTIONS

        self.sections: dict[str, QCheckBox] = {}
        for key, title in SECTIONS.items():
            check = QCheckBox(title)
            check.setChecked(True)
            check.toggled.connect(lambda on, k=key: self._choose("section", k,
                                                                 "" if on else "left out"))  # fmt: skip
            self.sections[key] = check
            sl.addWidget(check)
        layout.addWidget(sections)
        self.cycle = ""

    # what is shown ---------------------------------------------------------------------------

    def show_draft(self, draft) -> None:
        """Show what the pack of ``draft.cycle`` would print; text being typed is kept."""
        self.save_typed()
        self._loading = True
        try:
            self.cycle = draft.cycle
            self.setEnabled(bool(draft.cycle))
            self.setToolTip("" if draft.cycle else "Your words are kept per cycle: choose one")
            if self.summary.toPlainText() != draft.summary:
                self.summary.setPlainText(draft.summary)
            self.summary_state.setText("Your summary" if draft.summary_typed else
                                       "Prefilled from the findings: edit it to make it yours")  # fmt: skip
            self.prefill.setEnabled(draft.summary_typed)
            while self.comments.rowCount():
                self.comments.removeRow(0)
            for kind, rows in (("finding", draft.findings), ("improvement", draft.improvements)):
                for key, label, comment in rows:
                    edit = QLineEdit(comment)
                    edit.setAccessibleName(f"Comment on {label}")
                    edit.setPlaceholderText("Your comment")
                    edit.textEdited.connect(lambda text, k=kind, key=key: self._typed(k, key, text))
                    edit.editingFinished.connect(self.save_typed)
                    title = QLabel(label if len(label) < 140 else label[:139] + "…")
                    title.setWordWrap(kind == "finding")
                    title.setMinimumWidth(220)
                    title.setToolTip(label)
                    self.comments.addRow(title, edit)
            self.comments_box.setVisible(bool(draft.findings or draft.improvements))
            self.quotes.setRowCount(len(draft.quotes))
            for row, (key, theme, text, state) in enumerate(draft.quotes):
                self.quotes.setItem(row, 0, QTableWidgetItem(theme))
                self.quotes.setItem(row, 1, QTableWidgetItem(text or "(left out)"))
                choice = QComboBox()
                for value, label in QUOTE_STATES:
                    choice.addItem(label, value)
                choice.setCurrentIndex([v for v, _ in QUOTE_STATES].index(state))
                choice.setAccessibleName(f"Quote {row + 1} in the pack")
                choice.currentIndexChanged.connect(
                    lambda _i, c=choice, k=key: self._choose("quote", k, c.currentData()))
                self.quotes.setCellWidget(row, 2, choice)
            self.quotes.resizeRowsToContents()
            # every quote in view: the page scrolls, the table does not
            height = self.quotes.horizontalHeader().height() + 2 * self.quotes.frameWidth()
            height += sum(self.quotes.rowHeight(r) for r in range(self.quotes.rowCount()))
            self.quotes.setFixedHeight(max(height, 60))
            for key, check in self.sections.items():
                check.setChecked(key not in draft.left_out)
        finally:
            self._loading = False

    # what is typed ---------------------------------------------------------------------------

    def _summary_typed(self) -> None:
        if not self._loading:
            self._typed("summary", "", self.summary.toPlainText())

    def _typed(self, kind: str, key: str, text: str) -> None:
        self._pending[(kind, key)] = text
        self._timer.start()

    def save_typed(self) -> None:
        """Save what was typed and not saved yet (a pause in typing, leaving a field)."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        for (kind, key), text in pending.items():
            self._emit(kind, key, text, "")

    def _choose(self, kind: str, key: str, state: str) -> None:
        """A pin, a section, the prefilled summary: saved after what was typed before it."""
        if not self._loading:
            self.save_typed()
            self._emit(kind, key, "", state)

    def _emit(self, kind: str, key: str, text: str, state: str) -> None:
        if not self._loading and self.cycle:
            self.note_edited.emit(kind, key, text, state)
