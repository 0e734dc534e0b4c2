"""The header strip: the cycle's KPIs against their targets."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from fbdesk.domain.kpi import KpiValue

CARD_MIN_WIDTH = 96  # a narrow window shortens the titles ("Feedback coll…"), not the values
CARD_WIDTH = 110  # what the strip asks for per card: a line of its own when there is less


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" where its full text does not fit; the full text is in
    its tooltip then."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = text
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        super().setText(text)

    def sizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance(self.full) + 2, super().sizeHint().height()
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("Feed…"), super().minimumSizeHint().height()
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, self.width())
        if shown != self.text():
            super().setText(shown)
        self.setToolTip(self.full if shown != self.full else "")


class KpiStrip(QFrame):
    """Grows to fill its line; asks for room for five cards of CARD_WIDTH (titles shortened)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiStrip")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._cards: list[QWidget] = []

    def sizeHint(self) -> QSize:
        m = self._layout.contentsMargins()
        cards = max(len(self._cards), 5)
        width = cards * CARD_WIDTH + (cards - 1) * self._layout.spacing() + m.left() + m.right()
        return QSize(width, super().sizeHint().height())

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
            card.setMinimumWidth(CARD_MIN_WIDTH)
            card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            box = QVBoxLayout(card)
            box.setContentsMargins(10, 6, 10, 6)
            title = ElidedLabel(k.title, card)
            title.setObjectName("kpiTitle")
            unit = k.unit if k.unit in ("%", "/5") else f" {k.unit}"
            number = QLabel(k.shown, card)
            number.setObjectName("kpiValue")
            status = {True: "met", False: "below target", None: "no data yet"}[k.met]
            if k.thin:
                status = "too few to judge"
            number.setProperty("status", status)
            target = ElidedLabel(f"target {k.target:g}{unit}" if k.target is not None else "",
                                 card)  # fmt: skip
            target.setObjectName("kpiTarget")
            few = f" (only {k.n}: too few to judge)" if k.thin else ""
            card.setToolTip(f"{k.title}: {k.basis}{few}")
            card.setAccessibleName(f"{k.title}: {k.shown}, {status}")
            for w in (title, number, target):
                box.addWidget(w)
            self._layout.addWidget(card)
            self._cards.append(card)
        self._layout.addStretch(1)
