"""The Report step: the options of the PDF assessment pack, building it, and opening it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fbdesk.domain.words import count

SECTIONS = ("Page 1: your summary, what happened, what matters (NPS, CSAT, negative share, "
            "urgent reports against the previous comparable cycle), what to do",
            "Satisfaction and technical performance: the findings with their charts",
            "Themes: volume, negative share, aspect sentiment, change",
            "Ranked improvements with their score parts", "Indicators and resolution: the KPIs, "
            "solved in the help desk, decisions, did last cycle's fixes work",
            "In their words: quotes per major theme", "Method and data: files with rows, dates "
            "and SHA-256, languages, minimum samples, taxonomy, accuracy, parameters")  # fmt: skip


class ReportPage(QWidget):
    build_requested = Signal(str, dict)  # path, options
    preview_requested = Signal(dict)  # options

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_path: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        layout = QVBoxLayout(body)
        intro = QLabel("<h2>The assessment pack</h2><p>A PDF for leadership, built from the cycle "
                       "chosen above. A section whose data is not there yet says so.</p>")  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.gaps = QLabel("")  # what the pack of this cycle would lack, and what to do
        self.gaps.setObjectName("banner")
        self.gaps.setWordWrap(True)
        self.gaps.setMargin(8)
        self.gaps.hide()
        layout.addWidget(self.gaps)
        contents = QGroupBox("What it contains")
        cl = QVBoxLayout(contents)
        for n, s in enumerate(SECTIONS, 1):
            line = QLabel(f"{n}. {s}")
            line.setWordWrap(True)
            cl.addWidget(line)
        layout.addWidget(contents)
        from fbdesk.ui.pack_words import PackWordsPanel

        self.words = PackWordsPanel()
        layout.addWidget(self.words)
        options = QGroupBox("Options")
        form = QFormLayout(options)
        self.author = QLineEdit()
        self.author.setPlaceholderText("Your name, on the cover")
        self.mask = QCheckBox("Mask personal data (e-mail addresses, phone numbers, names)")
        self.mask.setChecked(True)
        self.fixed = QCheckBox("Reproducible: fixed dates, so the same workspace gives the same "
                               "file")  # fmt: skip
        form.addRow("Prepared by", self.author)
        form.addRow(self.mask)
        form.addRow(self.fixed)
        layout.addWidget(options)
        row = QHBoxLayout()
        self.build = QPushButton("Build the pack…")
        self.build.setDefault(True)
        self.build.clicked.connect(self._choose)
        self.preview = QPushButton("Preview…")
        self.preview.setToolTip("The pack's pages as images, before the PDF is written")
        self.preview.clicked.connect(lambda: self.preview_requested.emit(self.options()))
        row.addWidget(self.preview)
        self.open = QPushButton("Open it")
        self.open.setEnabled(False)
        self.open.clicked.connect(self._open)
        row.addWidget(self.build)
        row.addWidget(self.open)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel("")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll)

    def show_gaps(self, gaps: list[str]) -> None:
        """Say what the pack would lack; with nothing to report, it cannot be built."""
        nothing = False
        if gaps:  # read by the overview, which has loaded its module by then
            from fbdesk.services.overview import NOTHING

            nothing = gaps[0].startswith(NOTHING)
        self.gaps.setText("".join(f"<p>{html.escape(g)}</p>" for g in gaps))
        self.gaps.setVisible(bool(gaps))
        self.build.setEnabled(not nothing)
        self.preview.setEnabled(not nothing)
        self.build.setToolTip("There is nothing to report yet" if nothing else "")

    def reset(self) -> None:
        """Another workspace: the pack built from the one before is not offered."""
        self.last_path = None
        self.result.setText("")
        self.open.setEnabled(False)
        self.show_gaps([])

    def options(self) -> dict:
        return {"author": self.author.text().strip(), "mask": self.mask.isChecked(),
                "deterministic": self.fixed.isChecked()}  # fmt: skip

    def choose(self) -> None:
        """Ask where to write the pack, then ask for it."""
        self._choose()

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the assessment pack",
                                              "assessment-pack.pdf", "PDF (*.pdf)")  # fmt: skip
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.build_requested.emit(path, self.options())

    def built(self, done: dict) -> None:
        self.last_path = done["path"]
        self.result.setText(f"Written: {done['path']} — {done['pages']} pages, "
                            f"{count(done['findings'], 'finding')}, {count(done['improvements'], 'improvement')}")  # fmt: skip
        self.open.setEnabled(True)

    def _open(self) -> None:
        if self.last_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.last_path))
