"""The Prioritize step: the ranked improvements with their score parts, the weights, why the
chosen one ranks where it does, its decision, and closing the loop with its customers.

Its controller computes the ranking on the runner and hands it over; every change (a decision,
a merge, the customers notified, the weights) is asked for by a signal and made by the controller.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fbdesk.domain.decision import DECIDED, STATUSES
from fbdesk.ui.flow_layout import flow_bar, labelled
from fbdesk.ui.recommendation_box import RecommendationBox

if TYPE_CHECKING:
    from fbdesk.services.prioritize import Ranking

COLUMNS = [("rank", "#"), ("title", "Improvement"), ("customers", "Customers"),
           ("severity", "Severity"), ("value", "Value"), ("satisfaction", "Sat. impact"),
           ("trend", "Trend"), ("evidence", "Evidence"), ("effort", "Effort"),
           ("confidence", "Confidence"), ("score", "Score"), ("kind", "Kind"), ("status", "Status"),
           ("owner", "Owner"), ("target_date", "Target")]  # fmt: skip
NUMERIC = {"customers", "severity", "value", "satisfaction", "trend", "evidence", "confidence",
           "score", "rank"}  # fmt: skip

LINKED_SHOWN = 300
VIEWS = (("all", "All, by score"), ("grouped", "By kind"), ("fix", "Immediate fixes"),
         ("platform", "Platform investments"))  # fmt: skip


class PrioritizePage(QWidget):
    """Shows a ranking and asks for changes; its controller reads and writes the workspace."""

    decision_requested = Signal(str, dict)  # key, the decision's fields
    merge_requested = Signal(str, str)  # key, into
    split_requested = Signal(str, list, str)  # key, item ids, title of the new improvement
    take_out_requested = Signal(str, list)  # key, item ids
    weights_changed = Signal(object)  # the score weights, to keep
    value_weights_requested = Signal()
    linked_requested = Signal(str)  # key: the feedback it answers
    export_requested = Signal(str)  # path of the close-the-loop list
    work_items_requested = Signal(str, str)  # path, format
    notified_requested = Signal(str)  # key
    error = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ranking: Ranking | None = None
        self._linked_ids: list[int] = []
        self._keys: list[str] = []  # the improvements in the order shown
        layout = QVBoxLayout(self)
        layout.addWidget(self._weights_bar())
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Improvements")
        self.table.setHorizontalHeaderLabels([c[1] for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 270)
        self._title_width_set = False  # the Improvement column follows the window until resized
        self._sizing = False
        self.table.horizontalHeader().sectionResized.connect(self._column_resized)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.itemSelectionChanged.connect(self._chosen)
        split = QSplitter()
        split.addWidget(self.table)
        # The side panel keeps its fields at their natural height and scrolls on a short window.
        scroll = QScrollArea()
        scroll.setWidget(self._side())
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMaximumWidth(380)
        scroll.setMinimumWidth(300)  # its buttons wrap: a laptop keeps room for the table
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setSizes([1000, 360])
        # With no candidate, the page says why and what to do instead of an empty table.
        self.empty = QLabel("")
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(40)
        self.stack = QStackedWidget()
        self.stack.addWidget(split)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.formula)
        self._pending_key: str | None = None

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._title_width_set:  # narrow: more of the score parts on screen
            width = min(max(int(self.table.viewport().width() * 0.4), 190), 270)
            self._sizing = True
            self.table.setColumnWidth(1, width)
            self._sizing = False

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 1 and not self._sizing and self.isVisible():
            self._title_width_set = True  # the assessor chose a width: it stays

    def _weights_bar(self) -> QWidget:
        widget, bar = flow_bar(self)  # wraps on a narrow window
        bar.addWidget(QLabel("<b>Weights</b>"))
        self.weights: dict[str, QDoubleSpinBox] = {}
        for part in ("severity", "value", "satisfaction", "trend", "evidence", "effort"):
            box = QDoubleSpinBox()
            box.setRange(0.0, 3.0)
            box.setSingleStep(0.5)
            box.setValue(1.0)
            name = "satisfaction impact" if part == "satisfaction" else part
            box.setAccessibleName(f"Weight of {name}")
            box.setToolTip(f"How much {name} counts: 0 switches it off, 2 counts it twice")
            box.valueChanged.connect(self._reweigh)
            bar.addWidget(labelled(name.capitalize(), box, widget))
            self.weights[part] = box
        self.value_button = QPushButton("Customer value…")
        self.value_button.setToolTip("How much a customer of each segment and plan counts "
                                     "in the value part (1 = as any other)")  # fmt: skip
        self.value_button.clicked.connect(self._value_dialog)
        bar.addWidget(self.value_button)
        self.view = QComboBox()
        self.view.setAccessibleName("Show improvements")
        self.view.setToolTip("Group or choose by kind: immediate fixes, platform investments "
                             "(each in the overall ranking's order)")  # fmt: skip
        for key, name in VIEWS:
            self.view.addItem(name, key)
        self.view.currentIndexChanged.connect(lambda _i: self.ranking is not None and self._fill(
            self.current_key()))  # fmt: skip
        bar.addWidget(labelled("Show", self.view, widget))
        self.formula = QLabel("score = customers × severity × value × satisfaction impact × "
                              "trend × evidence × confidence ÷ effort, each part to the power "
                              "of its weight")  # fmt: skip
        self.formula.setWordWrap(True)
        self.formula.setObjectName("formula")
        return widget

    def _side(self) -> QWidget:
        side = QWidget()
        side.setMaximumWidth(360)
        box = QVBoxLayout(side)
        box.setContentsMargins(0, 0, 0, 0)
        self.why = QLabel("Choose an improvement to see why it ranks where it does.")
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        why = QGroupBox("Why it ranks here")
        QVBoxLayout(why).addWidget(self.why)
        box.addWidget(why)
        decision = QGroupBox("Decision")
        form = QFormLayout(decision)
        self.title = QLineEdit()
        self.state = QComboBox()
        self.state.addItems(STATUSES)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("What was decided, and why")
        self.note.setMaximumHeight(90)
        self.owner = QLineEdit()
        self.target = QLineEdit()
        self.target.setPlaceholderText("e.g. 2026-12-15")
        self.effort = QComboBox()
        self.effort.setEditable(True)
        self.effort.addItems(["S", "M", "L", "XL"])
        self.effort.setToolTip("S, M, L, XL or story points")
        self.confidence = QDoubleSpinBox()
        self.confidence.setRange(0.0, 1.0)
        self.confidence.setSingleStep(0.1)
        for label, w in (("Title", self.title), ("Status", self.state), ("Decision", self.note),
                         ("Owner", self.owner), ("Target date", self.target),
                         ("Effort", self.effort), ("Confidence", self.confidence)):  # fmt: skip
            form.addRow(label, w)
        self.save = QPushButton("Save decision")
        self.save.clicked.connect(self._save)
        self.merge = QPushButton("Merge into…")
        self.merge.setToolTip("Count this candidate's feedback under another one (undoable)")
        self.merge.clicked.connect(self._merge_dialog)
        self.handover = QPushButton("Work items…")
        self.handover.setToolTip("Planned and in-progress improvements as work items for "
                                 "engineering: CSV for Jira's or Linear's importer, or Markdown "
                                 "for a GitHub or GitLab issue")  # fmt: skip
        self.handover.clicked.connect(self._export_work_items)
        buttons, flow = flow_bar(decision)
        for b in (self.save, self.merge, self.handover):
            flow.addWidget(b)
        form.addRow(buttons)
        box.addWidget(decision)
        self.recs = RecommendationBox()
        self.recs.save_requested.connect(self._save_kind)
        box.addWidget(self.recs)
        answers = QGroupBox("Feedback it answers")
        ab = QVBoxLayout(answers)
        self.linked = QListWidget()
        self.linked.setAccessibleName("Feedback this improvement answers")
        self.linked.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.linked.setMaximumHeight(130)
        self.linked.setWordWrap(False)
        ab.addWidget(self.linked)
        row = QHBoxLayout()
        self.split_button = QPushButton("Split off…")
        self.split_button.setToolTip("Move the selected feedback into a new improvement of "
                                     "its own (undoable)")  # fmt: skip
        self.split_button.clicked.connect(self._split_dialog)
        self.unlink_button = QPushButton("Take out")
        self.unlink_button.setToolTip("The selected feedback does not belong here (undoable)")
        self.unlink_button.clicked.connect(self._take_out)
        row.addWidget(self.split_button)
        row.addWidget(self.unlink_button)
        row.addStretch(1)
        ab.addLayout(row)
        box.addWidget(answers)
        loop = QGroupBox("Close the loop")
        lb = QVBoxLayout(loop)
        self.loop_info = QLabel("")
        self.loop_info.setWordWrap(True)
        lb.addWidget(self.loop_info)
        row_widget, row = flow_bar(loop)
        self.export = QPushButton("Export list…")
        self.export.setToolTip("Customers who asked for decided improvements, with their words "
                               "and the decision: XLSX or CSV for a mail merge")  # fmt: skip
        self.export.clicked.connect(self._export)
        self.notify = QPushButton("Mark customers notified")
        self.notify.clicked.connect(self._notify)
        row.addWidget(self.export)
        row.addWidget(self.notify)
        lb.addWidget(row_widget)
        box.addWidget(loop)
        box.addStretch(1)
        self._enable(False)
        return side

    # ------------------------------------------------------------------ showing

    def reset(self) -> None:
        """Another workspace: nothing of the one before stays on screen."""
        self.ranking = None
        self._pending_key = None
        self.table.setRowCount(0)
        self.linked.clear()
        self._linked_ids = []
        self.why.setText("Choose an improvement to see why it ranks where it does.")
        self.loop_info.setText("")
        for w in (self.title, self.owner, self.target, self.note, self.recs):
            w.clear()
        self._enable(False)
        self.stack.setCurrentIndex(0)

    def select_key(self, key: str) -> None:
        """Choose the improvement ``key`` (once the ranking is there, if it is not yet)."""
        keys = self._keys if self.ranking is not None else []
        if key in keys:
            self.table.selectRow(keys.index(key))
            self._pending_key = None
        else:
            self._pending_key = key

    def show_ranking(self, ranking: Ranking, why: str = "") -> None:
        """Show ``ranking``; ``why`` says why it is empty, when it is."""
        chosen = self._pending_key or self.current_key()
        self._pending_key = None
        self.ranking = ranking
        if ranking.frame.empty:
            self.reset()
            self.ranking = ranking
            self.empty.setText(f"<h3>No improvement to rank</h3><p>{html.escape(why)}</p>")
            self.stack.setCurrentIndex(1)
            return
        self.stack.setCurrentIndex(0)
        for part, box in self.weights.items():
            box.blockSignals(True)
            box.setValue(getattr(ranking.weights, part))
            box.blockSignals(False)
        self._fill(chosen)

    def shown_frame(self):
        """The ranking as the view chosen shows it: all by score, grouped or one kind."""
        from fbdesk.services.recommend import in_view

        return in_view(self.ranking.frame, self.view.currentData())

    def _view_counts(self) -> None:
        counts = self.ranking.frame["kind"].value_counts()
        for i, (key, name) in enumerate(VIEWS):
            n = int(counts.get(key, len(self.ranking.frame)))
            self.view.setItemText(i, f"{name} ({n})")

    def _fill(self, chosen: str | None = None) -> None:
        self._view_counts()
        frame = self.shown_frame()
        self._keys = list(frame["key"])
        # Columns sized to their contents measure every row again for each cell set: 62 rows
        # took 5 s of the window's thread. They are fixed while the rows go in and measured once.
        header = self.table.horizontalHeader()
        fitted = [c for c in range(len(COLUMNS))
                  if header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents]  # fmt: skip
        for c in fitted:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
        self.table.blockSignals(True)
        self.table.setRowCount(len(frame))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        columns = [frame[key].tolist() for key, _label in COLUMNS]  # plain values, read once
        for row, item_key in enumerate(self._keys):
            for col, (key, _label) in enumerate(COLUMNS):
                value = columns[col][row]
                text = (f"{value:.2f}" if isinstance(value, float) and key not in ("customers",
                        "rank") else str(value))  # fmt: skip
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, item_key)
                if key in NUMERIC:
                    item.setTextAlignment(right)
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        for c in fitted:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        keys = self._keys
        if keys:
            self.table.selectRow(keys.index(chosen) if chosen in keys else 0)
        self._chosen()

    def current_key(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _enable(self, on: bool) -> None:
        for w in (self.save, self.merge, self.export, self.notify, self.title, self.state, self.note,
                  self.owner, self.target, self.effort, self.confidence, self.split_button,
                  self.unlink_button, self.recs):  # fmt: skip
            w.setEnabled(on)

    def _chosen(self) -> None:
        key = self.current_key()
        self._enable(key is not None)
        if key is None or self.ranking is None:
            return
        r = self.ranking.row(key)
        self.why.setText("<br>".join(self.ranking.explain(key)))
        self.title.setText(r["title"])
        self.state.setCurrentText(r["status"])
        self.note.setPlainText(r["decision"])
        self.owner.setText(r["owner"])
        self.target.setText(r["target_date"])
        self.effort.setCurrentText(str(r["effort"]))
        self.confidence.setValue(float(r["confidence"]))
        self.recs.show_row(r)
        asked = len(self.ranking.members.get(key, []))
        self._linked_ids = []
        self.linked.clear()
        self.linked_requested.emit(key)
        decided = r["status"] in DECIDED
        self.loop_info.setText(
            f"{asked} items from {int(r['customers'])} customers asked for this."
            + ("" if decided else " Record a decision to close the loop with them.")
        )
        self.notify.setEnabled(decided)

    def show_linked(self, key: str, shown) -> None:
        """The feedback improvement ``key`` answers (if it is still the one chosen)."""
        if key != self.current_key() or self.ranking is None:
            return
        asked = len(self.ranking.members.get(key, []))
        self._linked_ids = shown["id"].astype(int).tolist()
        self.linked.clear()
        for customer, text in zip(shown["customer"], shown["text"], strict=True):
            line = " ".join(str(text).split())
            self.linked.addItem(f"{customer}: {line[:140]}")
        if asked > LINKED_SHOWN:
            self.linked.addItem(f"… and {asked - LINKED_SHOWN:,} more")

    # ------------------------------------------------------------------ changing

    def _value_dialog(self) -> None:
        self.value_weights_requested.emit()

    def _weights_now(self):
        from fbdesk.services.prioritize import weights_from

        return weights_from({k: box.value() for k, box in self.weights.items()})

    def _reweigh(self) -> None:
        if self.ranking is None:
            return
        chosen = self.current_key()
        from fbdesk.services.prioritize import rescore

        self.ranking = rescore(self.ranking, self._weights_now())
        self._fill(chosen)
        self.weights_changed.emit(self.ranking.weights)

    def _save(self) -> None:
        key = self.current_key()
        if key is None:
            return
        values = {"title": self.title.text().strip() or key, "status": self.state.currentText(),
                  "decision": self.note.toPlainText(), "owner": self.owner.text().strip(),
                  "target_date": self.target.text().strip(),
                  "effort": self.effort.currentText().strip() or "M",
                  "confidence": self.confidence.value()}  # fmt: skip
        self.decision_requested.emit(key, values)

    def _save_kind(self, values: dict) -> None:
        key = self.current_key()
        if key is not None:
            self.decision_requested.emit(key, values)

    def merge_into(self, key: str, into: str) -> None:
        self.merge_requested.emit(key, into)

    def title_of(self, key: str) -> str:
        if self.ranking is None:
            return key
        titles = dict(zip(self.ranking.frame["key"], self.ranking.frame["title"], strict=True))
        return titles.get(key, key)

    def _merge_dialog(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        key = self.current_key()
        if key is None:
            return
        others = [(k, t) for k, t in zip(self.ranking.frame["key"], self.ranking.frame["title"],
                                         strict=True) if k != key]  # fmt: skip
        title, ok = QInputDialog.getItem(self, "Merge into", "Count this feedback under:",
                                         [t for _, t in others], 0, False)  # fmt: skip
        if ok:
            self.merge_into(key, dict((t, k) for k, t in others)[title])

    def selected_linked(self) -> list[int]:
        rows = sorted(self.linked.row(i) for i in self.linked.selectedItems())
        return [self._linked_ids[r] for r in rows if r < len(self._linked_ids)]

    def split_off(self, item_ids: list[int], title: str) -> None:
        key = self.current_key()
        if key is not None:
            self.split_requested.emit(key, list(item_ids), title)

    def _split_dialog(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        ids = self.selected_linked()
        if not ids:
            self.error.emit("Select the feedback to split off first.")
            return
        title, ok = QInputDialog.getText(self, "Split off",
                                         f"Title of the new improvement ({len(ids)} items):")  # fmt: skip
        if ok and title.strip():
            self.split_off(ids, title.strip())

    def _take_out(self) -> None:
        ids, key = self.selected_linked(), self.current_key()
        if ids and key is not None:
            self.take_out_requested.emit(key, ids)

    def _export(self) -> None:
        if self.ranking is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the close-the-loop list",
                                              "close-the-loop.xlsx",
                                              "Excel workbook (*.xlsx);;CSV (*.csv)")  # fmt: skip
        if path:
            self.export_requested.emit(path)

    def _export_work_items(self) -> None:
        if self.ranking is None:
            return
        kinds = {"Jira CSV (*.csv)": "jira", "Linear CSV (*.csv)": "linear",
                 "Markdown (*.md)": "markdown"}  # fmt: skip
        path, chosen = QFileDialog.getSaveFileName(self, "Export work items for engineering",
                                                   "work-items.csv", ";;".join(kinds))  # fmt: skip
        if path:
            self.work_items_requested.emit(path, kinds.get(chosen, "jira"))

    def _notify(self) -> None:
        key = self.current_key()
        if key is not None:
            self.notified_requested.emit(key)
