"""The pack's pages as images, before the PDF is written: painted by Qt from the same layout
(``ui/pack_paint.py``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

SCALE = 1.1  # pixels per point: an A4 page 655 pixels wide


class PackPreviewDialog(QDialog):
    build_requested = Signal()

    def __init__(self, recorded, parent: QWidget | None = None) -> None:
        from fbdesk.ui.pack_paint import paint

        super().__init__(parent)
        self.setWindowTitle(f"Preview of the pack — {len(recorded.pages)} pages")
        self.pages: list[QLabel] = []
        body = QWidget()
        column = QVBoxLayout(body)
        for n in range(len(recorded.pages)):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(paint(recorded, n, SCALE)))
            label.setAccessibleName(f"Page {n + 1}")
            label.setFrameShape(QLabel.Shape.Box)
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(label)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        row = QHBoxLayout()
        note = QLabel("Drawn from the same layout as the PDF; the PDF itself may differ in the "
                      "finest detail of letter spacing.")  # fmt: skip
        note.setWordWrap(True)
        build = QPushButton("Build the pack…")
        build.setDefault(True)
        build.clicked.connect(self.accept)
        build.clicked.connect(self.build_requested)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        row.addWidget(note, 1)
        row.addWidget(build)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(760, 900)
