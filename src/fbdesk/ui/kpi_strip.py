"""The header strip: the cycle's KPIs against their targets."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fbdesk.domain.kpi import KpiValue


class KpiStrip(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiStrip")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._cards: list[QWidget] = []

    def show_kpis(self, kpis: list[KpiValue]) -> None:
        while self._layout.count():  # cards and the stretch after them
            widget = self._layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._cards = []
        for k in kpis:
            card = QFrame(self)
            card.setObjectName("kpiCard")
            box = QVBoxLayout(card)
            box.setContentsMargins(10, 6, 10, 6)
            title = QLabel(k.title, card)
            title.setObjectName("kpiTitle")
            unit = k.unit if k.unit in ("%", "/5") else f" {k.unit}"
            value = "—" if k.value is None else f"{k.value:.1f}{unit}"
            number = QLabel(value, card)
            number.setObjectName("kpiValue")
            status = {True: "met", False: "below target", None: "no data yet"}[k.met]
            number.setProperty("status", status)
            target = QLabel(f"target {k.target:g}{unit}" if k.target is not None else "", card)
            target.setObjectName("kpiTarget")
            card.setToolTip(f"{k.title}: {k.basis}")
            card.setAccessibleName(f"{k.title}: {value}, {status}")
            for w in (title, number, target):
                box.addWidget(w)
            self._layout.addWidget(card)
            self._cards.append(card)
        self._layout.addStretch(1)
