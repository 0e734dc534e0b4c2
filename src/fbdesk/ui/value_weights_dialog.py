"""How much a customer of each segment and plan counts in the value part of the score."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDoubleSpinBox, QFormLayout, QLabel, QWidget

from fbdesk.ui.forms import ok_cancel


class ValueWeightsDialog(QDialog):
    """A weight per segment and per plan: an Enterprise customer can count three times."""

    def __init__(self, choices: dict[str, list[str]], saved: dict,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Customer value")
        form = QFormLayout(self)
        self.boxes: dict[tuple[str, str], QDoubleSpinBox] = {}
        if not any(choices.values()):
            form.addRow(QLabel("No segment or plan column was mapped in this workspace's "
                               "imports; revenue (ARR) is used where there is one."))  # fmt: skip
        for column, title in (("segment", "Segments"), ("plan", "Plans")):
            if not choices.get(column):
                continue
            form.addRow(QLabel(f"<b>{title}</b>"))
            known = {str(k).lower(): v for k, v in saved.get(column, {}).items()}
            for value in choices[column]:
                box = QDoubleSpinBox()
                box.setRange(0.1, 10.0)
                box.setSingleStep(0.5)
                box.setValue(float(known.get(value.lower(), 1.0)))
                box.setAccessibleName(f"Weight of {column} {value}")
                form.addRow(value, box)
                self.boxes[(column, value)] = box
        ok_cancel(self, form)

    def values(self) -> dict:
        out: dict[str, dict[str, float]] = {"segment": {}, "plan": {}}
        for (column, value), box in self.boxes.items():
            if box.value() != 1.0:
                out[column][value] = box.value()
        return out
