"""Split the cycle shown among assessors: their names, how (evenly, by theme, by source, a
random sample) and the share two of them code blind."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
)

WAYS = [("even", "evenly"), ("theme", "by theme (whole themes)"),
        ("source", "by source (whole files)"), ("sample", "a random sample")]  # fmt: skip


class QueueDialog(QDialog):
    def __init__(self, cycle: str, unreviewed: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Split into review queues")
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        intro = QLabel(f"The items of {cycle} nobody has reviewed ({unreviewed:,}) and nobody "
                       "has in a queue yet go to the assessors named here. A share goes to two "
                       "assessors, who code it blind: neither sees the other's labels nor the "
                       "model's until the item is reconciled.", self)  # fmt: skip
        intro.setWordWrap(True)
        form.addRow(intro)
        self.names = QLineEdit(self)
        self.names.setPlaceholderText("Ana, Ben, Cleo")
        form.addRow("Assessors", self.names)
        self.way = QComboBox(self)
        for value, label in WAYS:
            self.way.addItem(label, value)
        form.addRow("Split", self.way)
        self.size = QSpinBox(self)
        self.size.setRange(1, max(1, unreviewed))
        self.size.setValue(min(200, max(1, unreviewed)))
        form.addRow("Sample size", self.size)
        self.double = QDoubleSpinBox(self)
        self.double.setRange(0.0, 100.0)
        self.double.setDecimals(0)
        self.double.setSuffix(" %")
        self.double.setValue(10.0)
        form.addRow("Coded blind twice", self.double)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)  # fmt: skip
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Split")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.way.currentIndexChanged.connect(self._sample)
        self._sample()

    def _sample(self, *_args) -> None:
        self.size.setEnabled(self.way.currentData() == "sample")

    def among(self) -> tuple[str, ...]:
        return tuple(p for p in (s.strip() for s in self.names.text().split(",")) if p)

    def request(self) -> dict:
        """What to split: among, by, double (a share), size."""
        by = self.way.currentData()
        return {"among": self.among(), "by": by, "double": self.double.value() / 100,
                "size": self.size.value() if by == "sample" else None}  # fmt: skip

    def _check(self) -> None:
        among = self.among()
        problem = ""
        if not among:
            problem = "Name the assessors, separated by commas."
        elif self.double.value() > 0 and len(among) < 2:
            problem = ("Coding blind twice needs two assessors: name a second one, or set the "
                       "share to 0 %.")  # fmt: skip
        self.problem.setText(problem)
        self.adjustSize()
        if not problem:
            self.accept()
