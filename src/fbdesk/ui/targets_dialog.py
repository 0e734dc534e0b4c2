"""KPI targets of the workspace, and how many customers a cycle's survey invited."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from fbdesk.domain.kpi import KPIS, KpiValue
from fbdesk.domain.minimums import MINIMUMS, Minimums
from fbdesk.ui.forms import ok_cancel


class TargetsDialog(QDialog):
    def __init__(self, kpis: list[KpiValue], cycle: str | None, invited: int,
                 parent: QWidget | None = None, least: Minimums | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("KPI targets")
        form = QFormLayout(self)
        form.addRow(QLabel("Targets for this workspace (the defaults are those of the "
                           "assessment practice)."))  # fmt: skip
        self.boxes: dict[str, QDoubleSpinBox] = {}
        shown = {k.key: k for k in kpis}
        for d in KPIS:
            box = QDoubleSpinBox()
            box.setRange(d.lowest, 1.0 if d.unit == "|r|" else 1000.0)
            box.setDecimals(d.decimals)
            box.setSuffix(f" {d.unit}")
            if d.target is None:  # reported; a target can be set, 0 takes it away
                box.setSpecialValueText("reported, no target")
            value = shown[d.key].target if d.key in shown else d.target
            box.setValue(float(value or 0.0))
            box.setToolTip(d.definition)
            box.setAccessibleName(f"Target of {d.title}")
            form.addRow(d.title + ("" if d.higher_is_better else " (at most)"), box)
            self.boxes[d.key] = box
        self.invited = QSpinBox()
        self.invited.setRange(0, 100_000_000)
        self.invited.setValue(invited)
        self.invited.setEnabled(cycle is not None)
        self.invited.setAccessibleName("Customers invited")
        self.cycle = cycle
        form.addRow(QLabel("<b>Collection rate</b> needs the number invited: import an "
                           "invitation list, or enter the count for a survey without one."))  # fmt: skip
        form.addRow(f"Customers invited in {cycle or '(choose a cycle)'}", self.invited)
        form.addRow(QLabel("<b>Minimum samples and margins</b>: below them a figure is shown "
                           "with its n but not judged (the pack's method page lists them)."))  # fmt: skip
        least = least or Minimums()
        self.minimums: dict[str, QDoubleSpinBox] = {}
        for m in MINIMUMS:
            box = QDoubleSpinBox()
            box.setRange(0.0, 100_000.0)
            box.setDecimals(m.decimals)
            box.setValue(float(getattr(least, m.key)))
            box.setToolTip(m.what)
            box.setAccessibleName(m.title)
            box.setEnabled(not m.fixed)
            form.addRow(m.title, box)
            if not m.fixed:
                self.minimums[m.key] = box
        ok_cancel(self, form)

    def least(self) -> dict[str, float]:
        return {key: box.value() for key, box in self.minimums.items()}

    def targets(self) -> dict[str, float]:
        return {key: box.value() for key, box in self.boxes.items()}
