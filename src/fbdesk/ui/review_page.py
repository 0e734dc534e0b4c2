"""The Review step: the feedback table with search, sorting, and the reasons for each label."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fbdesk.ui.feedback_model import FeedbackModel
from fbdesk.ui.review_table import ReviewTable


class ReviewPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search feedback…")
        self.search.setAccessibleName("Search feedback")
        self.search.setClearButtonEnabled(True)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(QLabel("Accept labels with confidence ≥"))
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.8)
        self.threshold.setAccessibleName("Confidence threshold")
        bar.addWidget(self.threshold)
        self.accept = QPushButton("Accept shown", self)
        self.accept.setToolTip("Confirm the automatic labels of the rows shown whose confidence "
                               "is at least the threshold (undoable)")  # fmt: skip
        bar.addWidget(self.accept)
        self.link = QPushButton("Link to improvement…", self)
        self.link.setToolTip("Count the selected items for an improvement, or make a new "
                             "improvement from them (undoable)")  # fmt: skip
        bar.addWidget(self.link)
        self.rescore = QPushButton("Learn from labels", self)
        self.rescore.setToolTip("Learn from every label you confirmed or corrected and re-score "
                                "the items nobody has reviewed. It also runs by itself, in the "
                                "background, after every 20 items you label.")  # fmt: skip
        self.rescore.setAccessibleName("Learn from labels and re-score")
        bar.addWidget(self.rescore)
        self.models = QLabel(self)
        self.models.setObjectName("models")
        bar.addWidget(self.models)
        self.discover = QPushButton("Discover themes…", self)
        self.discover.setToolTip("Group the items no theme fits (or those of the theme "
                                 "filtered) into proposed new themes")  # fmt: skip
        bar.addWidget(self.discover)
        self.edit_taxonomy = QPushButton("Taxonomy…", self)
        self.edit_taxonomy.setToolTip("The themes, product areas and urgency kinds, with the "
                                      "words and phrases that recognise them")  # fmt: skip
        bar.addWidget(self.edit_taxonomy)
        layout.addLayout(bar)
        filters = QHBoxLayout()
        self.theme = self._combo("Theme", filters)
        self.sentiment = self._combo("Sentiment", filters,
                                     [("positive", "positive"), ("neutral", "neutral"),
                                      ("negative", "negative")])  # fmt: skip
        self.area = self._combo("Area", filters)
        self.urgent = self._combo("Urgency", filters, [(True, "urgent"), (False, "not urgent")])
        self.reviewed = self._combo("Reviewed", filters, [(True, "reviewed"),
                                                          (False, "not reviewed")])  # fmt: skip
        filters.addWidget(QLabel("Confidence below"))
        self.confidence = QDoubleSpinBox(self)
        self.confidence.setRange(0.0, 1.0)
        self.confidence.setSingleStep(0.05)
        self.confidence.setValue(1.0)
        self.confidence.setSpecialValueText("any")
        self.confidence.setAccessibleName("Confidence below")
        self.confidence.valueChanged.connect(self._filter)
        filters.addWidget(self.confidence)
        self.least_certain = QPushButton("Least certain first", self)
        self.least_certain.clicked.connect(self._least_certain_first)
        filters.addWidget(self.least_certain)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        banner_row = QHBoxLayout(self.banner)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        close = QPushButton("Close", self.banner)
        close.clicked.connect(self.banner.hide)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(close)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.only = QFrame(self)  # "showing the items of an alert", with a way back
        self.only.setObjectName("banner")
        only_row = QHBoxLayout(self.only)
        only_row.setContentsMargins(8, 2, 8, 2)
        self.only_text = QLabel(self.only)
        self.show_all = QPushButton("Show all items", self.only)
        self.show_all.clicked.connect(lambda: self.show_only(None))
        only_row.addWidget(self.only_text, 1)
        only_row.addWidget(self.show_all)
        self.only.hide()
        layout.addWidget(self.only)
        self.model = FeedbackModel()
        self.table = ReviewTable(self)
        self.table.setToolTip("Enter accepts a row's labels and moves on; 1–9 set its theme")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate([360, 120, 50, 75, 150, 110, 110, 80, 70, 150]):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAccessibleName("Feedback items")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)  # fmt: skip
        self.details = QTextBrowser(self)
        self.details.setAccessibleName("Why this item got its labels")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.search.textChanged.connect(self._filter)
        self.explain = None  # set by the window: item id → explanation dict
        self.table.selectionModel().currentRowChanged.connect(self._show_details)

    def _combo(self, name: str, row: QHBoxLayout, values=()) -> QComboBox:
        row.addWidget(QLabel(name))
        combo = QComboBox(self)
        combo.setAccessibleName(f"Filter by {name.lower()}")
        combo.addItem("all", None)
        for value, label in values:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(self._filter)
        row.addWidget(combo)
        return combo

    def set_choices(self, themes: list[tuple[str, str]], areas: list[str]) -> None:
        """Fill the theme and area filters (keeping the current choice where it still exists)."""
        for combo, values in ((self.theme, themes), (self.area, [(a, a) for a in areas])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("all", None)
            for value, label in values:
                combo.addItem(label, value)
            at = combo.findData(current)
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)

    def _filter(self, *_args) -> None:
        below = self.confidence.value()
        self.model.set_filter(
            text=self.search.text(), theme=self.theme.currentData(),
            sentiment=self.sentiment.currentData(), area=self.area.currentData(),
            urgent=self.urgent.currentData(), reviewed=self.reviewed.currentData(),
            confidence_below=None if below >= 1.0 else below,
        )  # fmt: skip

    def show_only(self, ids: list[int] | None, why: str = "") -> None:
        """Show only the items ``ids`` (those an alert is about), or all again with None."""
        self.model.set_filter(ids=set(ids) if ids else None)
        self.only.setVisible(bool(ids))
        if ids:
            shown = self.model.rowCount()
            self.only_text.setText(f"Showing the {shown} item{'s' if shown != 1 else ''} "
                                   f"{why}".rstrip())  # fmt: skip
            self.table.selectRow(0)

    def _least_certain_first(self) -> None:
        self.reviewed.setCurrentIndex(self.reviewed.findData(False))
        column = [self.model.key(c) for c in range(self.model.columnCount())].index("confidence")
        self.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        self.table.selectRow(0)
        self.table.setFocus()

    def show_models(self, report: dict | None) -> None:
        """How often each learned model was right, beside the button that teaches them."""
        from fbdesk.services.review import MODELS, describe_models

        if not report:
            self.models.setText("")
            self.models.setToolTip("")
            return
        right = ", ".join(f"{name} right {report[f'{key}_accuracy']:.0%}" for key, name in MODELS
                          if report.get(f"{key}_accuracy"))  # fmt: skip
        self.models.setText(right[:1].upper() + right[1:])
        self.models.setToolTip("How often each learned model was right on labels it had not "
                               "seen:\n" + "\n".join(describe_models(report)))  # fmt: skip

    def show_learned(self, text: str) -> None:
        """Say what the models learned and re-scored (it changes labels the assessor sees)."""
        self.banner_text.setText(text)
        self.banner.show()

    def shown_item_ids(self) -> list[int]:
        return [self.model.item_id(r) for r in range(self.model.rowCount())]

    def _show_details(self, current, _previous) -> None:
        if not current.isValid() or self.explain is None:
            return
        item = self.model.item_id(current.row())
        text = self.model.data(self.model.index(current.row(), 0), Qt.ItemDataRole.ToolTipRole)
        why = self.explain(item)
        lines = [f"<p>{_escape(text)}</p>",
                 f"<p><i>From {_escape(self.model.origin(current.row()))}</i></p>"]  # fmt: skip
        if why:
            for theme, info in why.get("themes", {}).items():
                phrases = ", ".join(f"“{_escape(p)}”" for p in info["phrases"])
                name = self.model.theme_names.get(theme, theme)
                lines.append(f"<p><b>{_escape(name)}</b>: matched {phrases}</p>")
            if why.get("urgency_reason"):
                lines.append(f"<p><b>Urgent</b> — {_escape(why['urgency_reason'])}</p>")
            lines += _learned_lines(why.get("learned"), self.model.theme_names)
            scores = ", ".join(f"{v:+.2f}".replace("-", "−") for v in why.get("sentiment") or [])
            method = {"rules": "the taxonomy's rules",
                      "learned": "what was learned from the assessor's labels"}  # fmt: skip
            lines.append(
                (f"<p>Sentiment per sentence: {_escape(scores)}</p>" if scores else "")
                + f"<p>Labelled by {_escape(method.get(why.get('method'), why.get('method')))}"
                f", confidence {why.get('confidence') or 0:.2f}</p>")  # fmt: skip
            lines.append(f"<p><i>{_escape(_timeline(why))}</i></p>")
        else:
            lines.append("<p><i>Not classified yet.</i></p>")
        self.details.setHtml("".join(lines))


def _learned_lines(learned: dict | None, theme_names: dict[str, str]) -> list[str]:
    """What the models learned from the assessor's labels made of this item, and why."""
    if not learned:
        return []
    names = {"sentiment": "sentiment", "primary_theme": "primary theme", "area": "area"}
    lines = []
    same = [names.get(f, f) for f in learned.get("same_text_labelled") or []]
    if same:
        lines.append(f"<p><b>Learned</b> {_escape(', '.join(same))}: the assessor labelled the "
                     "same words on another item</p>")  # fmt: skip
    chosen = {"primary theme": theme_names.get(learned.get("primary_theme") or "", ""),
              "area": learned.get("area") or ""}  # fmt: skip
    for key, what in (("theme_words", "primary theme"), ("area_words", "area"),
                      ("sentiment_words", "sentiment")):  # fmt: skip
        if learned.get(key) and what not in same:
            words = ", ".join(f"“{_escape(w)}”" for w, _ in learned[key])
            label = f" {_escape(chosen[what])}" if chosen.get(what) else ""
            lines.append(f"<p><b>Learned {what}{label}</b>: the words that weighed most were "
                         f"{words}</p>")  # fmt: skip
    return lines


def _timeline(why: dict) -> str:
    """Received → classified → reviewed, as the processing-time KPI counts it."""
    from fbdesk.services.stats import duration

    received = why.get("received_at")
    if received is None:
        return ""
    parts = ["Received " + time.strftime("%d %b %Y %H:%M", time.localtime(received))]
    for key, word in (("classified_at", "classified"), ("reviewed_at", "reviewed")):
        if why.get(key) is not None:
            parts.append(f"{word} {duration(max(why[key] - received, 0.0))} later")
    if why.get("reviewed_at") is None:
        parts.append("not reviewed yet")
    return " · ".join(parts)


def _escape(text: object) -> str:
    import html

    return html.escape(str(text or ""))
