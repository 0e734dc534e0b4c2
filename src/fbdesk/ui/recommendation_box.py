"""The Prioritize side panel's "Kind and recommendation": the improvement's kind (immediate fix
or platform investment) with the reason — proposed from the evidence until the assessor sets
it — and its recommendation, written from the evidence, editable, marked reviewed once read.
Saving asks for a decision (one undoable step) with only these fields."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from fbdesk.ui.flow_layout import flow_bar

KINDS = (("fix", "Immediate fix"), ("platform", "Platform investment"))


class RecommendationBox(QGroupBox):
    save_requested = Signal(dict)  # the decision's fields: kind, reason, recommendation, reviewed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Kind and recommendation", parent)
        form = QFormLayout(self)
        self.kind = QComboBox()
        for key, name in KINDS:
            self.kind.addItem(name, key)
        self.kind.setAccessibleName("Kind of improvement")
        self.proposed = QLabel("")
        self.proposed.setWordWrap(True)
        self.proposed.setObjectName("hint")
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Why this kind")
        self.reason.setMaximumHeight(70)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Recommendation")
        self.text.setMinimumHeight(150)
        self.reviewed = QCheckBox("Reviewed: I have read this recommendation")
        form.addRow("Kind", self.kind)
        form.addRow(self.proposed)
        form.addRow("Why", self.reason)
        form.addRow(self.text)
        form.addRow(self.reviewed)
        self.save = QPushButton("Save kind and recommendation")
        self.save.clicked.connect(self._save)
        self.again = QPushButton("Back to the proposal")
        self.again.setToolTip("Forget the kind, reason and words set here: the ones written "
                              "from the evidence come back (undoable)")  # fmt: skip
        self.again.clicked.connect(self._forget)
        bar, flow = flow_bar(self)
        flow.addWidget(self.save)
        flow.addWidget(self.again)
        form.addRow(bar)
        self._row: dict = {}

    def show_row(self, r) -> None:
        """Show the improvement ``r`` (a row of the ranking)."""
        self._row = {k: r.get(k) for k in ("kind", "kind_reason", "kind_set", "kind_proposed",
                                           "kind_proposed_reason", "recommendation",
                                           "recommendation_written", "reviewed")}  # fmt: skip
        self.kind.setCurrentIndex(max(self.kind.findData(r.get("kind")), 0))
        name = dict(KINDS).get(r.get("kind_proposed"), "")
        self.proposed.setText(f"Proposed from the evidence: {name}"
                              + (" (you set another)" if r.get("kind") != r.get("kind_proposed")
                                 else "") if name else "")  # fmt: skip
        self.reason.setPlainText(str(r.get("kind_reason") or ""))
        self.text.setPlainText(str(r.get("recommendation") or ""))
        self.reviewed.setChecked(bool(r.get("reviewed")))

    def clear(self) -> None:
        """Another workspace: nothing of the one before stays."""
        self._row = {}
        self.proposed.clear()
        self.reason.clear()
        self.text.clear()
        self.reviewed.setChecked(False)

    def values(self) -> dict:
        """What Save stores: the kind chosen, the reason and the words where the assessor changed
        them ("" keeps what the evidence says), and whether they reviewed the recommendation —
        a reviewed recommendation is kept as it was read."""
        row = self._row
        reason = self.reason.toPlainText().strip()
        words = self.text.toPlainText().strip()
        reviewed = self.reviewed.isChecked()
        written = str(row.get("recommendation_written") or "").strip()
        return {"kind": self.kind.currentData(),
                "kind_reason": "" if reason == str(row.get("kind_proposed_reason") or "").strip()
                else reason,
                "recommendation": words if reviewed or words != written else "",
                "recommendation_reviewed": int(reviewed)}  # fmt: skip

    def _save(self) -> None:
        self.save_requested.emit(self.values())

    def _forget(self) -> None:
        self.save_requested.emit({"kind": "", "kind_reason": "", "recommendation": "",
                                  "recommendation_reviewed": 0})  # fmt: skip
