"""A tool bar that wraps: its controls flow onto a second line when the window is narrow,
instead of being cut off. A control that expands (a search box) takes the room left on its line.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # ------------------------------------------------------------------ QLayout

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, apply=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        shown = self._shown()
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self._spacing * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest control: everything else can go onto more lines."""
        m = self.contentsMargins()
        width = max((i.minimumSize().width() for i in self._shown()), default=0)
        return QSize(width + m.left() + m.right(), self.heightForWidth(width) if width else 0)

    # ------------------------------------------------------------------ laying out

    def _shown(self) -> list:
        return [i for i in self._items if not i.isEmpty()]

    def _lines(self, width: int) -> list[list]:
        lines: list[list] = [[]]
        used = 0
        for item in self._shown():
            w = item.sizeHint().width()
            if lines[-1] and used + self._spacing + w > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + w
            lines[-1].append(item)
        return [line for line in lines if line]

    def _lay_out(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = area.y()
        for line in self._lines(area.width()):
            widths = [max(i.sizeHint().width(), i.minimumSize().width()) for i in line]
            spare = area.width() - sum(widths) - self._spacing * (len(line) - 1)
            growing = [n for n, i in enumerate(line) if _grows(i)]
            if spare > 0 and growing:
                for n in growing:
                    widths[n] += spare // len(growing)
            elif spare < 0:  # one control wider than the line: it gets the line, no more
                widths = [min(w, area.width()) for w in widths]
            height = max(i.sizeHint().height() for i in line)
            if apply:
                x = area.x()
                for item, w in zip(line, widths, strict=True):
                    h = min(item.sizeHint().height(), height)
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                    x += w + self._spacing
            y += height + self._spacing
        return y - self._spacing - area.y() + m.top() + m.bottom() if y > area.y() else 0


def _grows(item) -> bool:
    widget = item.widget()
    if widget is None:
        return False
    grows = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
    return widget.sizePolicy().horizontalPolicy() in grows


def labelled(text: str, widget: QWidget, parent: QWidget | None = None) -> QWidget:
    """A label and its control kept together on one line of a flowing tool bar."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    label = QLabel(text, box)
    label.setBuddy(widget)
    row.addWidget(label)
    row.addWidget(widget)
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return box


def flow_bar(parent: QWidget | None = None) -> tuple[QWidget, FlowLayout]:
    """A widget holding a flowing tool bar, to add to a page's layout."""
    bar = QWidget(parent)
    layout = FlowLayout(bar)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    bar.setSizePolicy(policy)
    return bar, layout
