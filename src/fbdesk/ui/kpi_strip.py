"""The header strip: the cycle's KPIs against their targets."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fbdesk.domain.kpi import KpiValue, short_title

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
    """Grows to fill its line; asks for room for five cards of CARD_WIDTH (titles shortened).
    Where even CARD_MIN_WIDTH a card does not leave room for all of them on one line (a narrow
    window beside the open Inbox), the cards take two lines instead of overlapping."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiStrip")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._cards: list[QWidget] = []
        self._columns = 0

    def _width(self, cards: int, each: int) -> int:
        m = self._layout.contentsMargins()
        return cards * each + (cards - 1) * self._layout.horizontalSpacing() + m.left() + m.right()

    def sizeHint(self) -> QSize:
        return QSize(self._width(max(len(self._cards), 5), CARD_WIDTH),
                     self._layout.sizeHint().height())  # fmt: skip

    def minimumSizeHint(self) -> QSize:
        half = max((len(self._cards) + 1) // 2, 1)
        return QSize(self._width(half, CARD_MIN_WIDTH), self._layout.minimumSize().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """One line of cards where they fit at CARD_MIN_WIDTH, else two."""
        n = len(self._cards)
        columns = n if self.width() >= self._width(n, CARD_MIN_WIDTH) else (n + 1) // 2
        if columns == self._columns or not n:
            return
        self._columns = columns
        for card in self._cards:
            self._layout.removeWidget(card)
        for i, card in enumerate(self._cards):
            self._layout.addWidget(card, i // columns, i % columns)
        for c in range(n + 1):
            self._layout.setColumnStretch(c, 1 if c == n else 0)
        self.updateGeometry()

    def show_kpis(self, kpis: list[KpiValue]) -> None:
        for card in self._cards:
            self._layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        self._cards = []
        self._columns = 0
        for k in kpis:
            card = QFrame(self)
            card.setObjectName("kpiCard")
            card.setMinimumWidth(CARD_MIN_WIDTH)
            card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            box = QVBoxLayout(card)
            box.setContentsMargins(10, 6, 10, 6)
            title = ElidedLabel(short_title(k.key), card)
            title.setObjectName("kpiTitle")
            unit = k.unit if k.unit in ("%", "/5") else f" {k.unit}"
            number = QLabel(k.shown, card)
            number.setObjectName("kpiValue")
            status = k.status
            number.setProperty("status", status)
            target = ElidedLabel(f"target {k.target:g}{unit}".replace("-", "−") if k.target is not None
                                 else "",
                                 card)  # fmt: skip
            target.setObjectName("kpiTarget")
            few = f" (only {k.n}: too few to judge)" if k.thin else ""
            card.setToolTip(f"{k.title}: {k.basis}{few}")
            card.setAccessibleName(f"{k.title}: {k.shown}, {status}")
            for w in (title, number, target):
                box.addWidget(w)
            self._cards.append(card)
        self._arrange()
