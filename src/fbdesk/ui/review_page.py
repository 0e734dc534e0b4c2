"""The Review step: the feedback table with search, sorting, and the reasons for each label."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fbdesk.domain.language import NOT_SCORED
from fbdesk.domain.words import count
from fbdesk.ui.feedback_model import FeedbackModel
from fbdesk.ui.flow_layout import FlowLayout, flow_bar, labelled
from fbdesk.ui.review_state import learned_lines, read_notes, state_of
from fbdesk.ui.review_table import ReviewTable

SEARCH_MIN_WIDTH = 220
CHOOSE = (
    "<p style='color:gray'>Choose an item to see where it came from and why it got its labels.</p>"
)
SHOWN_FIRST = ["text", "csat", "sentiment", "themes", "area", "urgency"]
TEXT_WIDTH = (220, 360)  # the Feedback column: 38 % of the table's width, within these


class ReviewPage(QWidget):
    explain_requested = Signal(int)  # item id: why it got its labels, shown in the side panel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search feedback…")
        self.search.setAccessibleName("Search feedback")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(SEARCH_MIN_WIDTH)  # it never shrinks to a stub
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # The tool bars wrap onto more lines on a narrow window: nothing is cut off.
        self.toolbar, bar = flow_bar(self)
        self.toolbar.setObjectName("reviewToolbar")
        bar.addWidget(self.search)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.8)
        self.threshold.setAccessibleName("Confidence threshold")
        bar.addWidget(labelled("Accept labels with confidence ≥", self.threshold, self))
        self.accept = QPushButton("Accept shown", self)
        self.accept.setToolTip("Confirm the automatic labels of the rows shown whose confidence "
                               "is at least the threshold (undoable)")  # fmt: skip
        bar.addWidget(self.accept)
        self.link = QPushButton("Link to improvement…", self)
        self.link.setToolTip("Count the selected items for an improvement, or make a new "
                             "improvement from them (undoable)")  # fmt: skip
        bar.addWidget(self.link)
        self.classify = QPushButton("Classify again", self)
        self.classify.setToolTip("Classify the items whose text, taxonomy or learned model "
                                 "changed since they were classified (Review ▸ Classify Again); "
                                 "your own labels stay as they are")  # fmt: skip
        bar.addWidget(self.classify)
        self.rescore = QPushButton("Learn from labels", self)
        self.rescore.setToolTip("Learn from every label you confirmed or corrected and re-score "
                                "the items nobody has reviewed. It also runs by itself, in the "
                                "background, after every 20 items you label.")  # fmt: skip
        self.rescore.setAccessibleName("Learn from labels and re-score")
        bar.addWidget(self.rescore)
        self.models = QLabel(self)
        self.models.setObjectName("models")
        self.models.hide()  # until a model was learned
        bar.addWidget(self.models)
        self.discover = QPushButton("Discover themes…", self)
        self.discover.setToolTip("Group the items no theme fits (or those of the theme "
                                 "filtered) into proposed new themes")  # fmt: skip
        bar.addWidget(self.discover)
        self.edit_taxonomy = QPushButton("Taxonomy…", self)
        self.edit_taxonomy.setToolTip("The themes, product areas and urgency kinds, with the "
                                      "words and phrases that recognise them")  # fmt: skip
        bar.addWidget(self.edit_taxonomy)
        layout.addWidget(self.toolbar)
        self.filter_bar, filters = flow_bar(self)
        self.filter_bar.setObjectName("reviewFilters")
        self.theme = self._combo("Theme", filters)
        self.sentiment = self._combo("Sentiment", filters,
                                     [("positive", "positive"), ("neutral", "neutral"),
                                      ("negative", "negative"),
                                      (NOT_SCORED, NOT_SCORED)])  # fmt: skip
        self.sentiment.setToolTip("“not scored (language)”: the item is in a language the "
                                  "sentiment rules cannot read")  # fmt: skip
        self.area = self._combo("Area", filters)
        self.version = self._combo("Version", filters)
        self.version.setToolTip("The app version the feedback was written on (app reviews)")
        self.version.parentWidget().setVisible(False)  # until some feedback names a version
        self.language = self._combo("Language", filters)
        self.language.setToolTip("The language the feedback is written in, as detected")
        self.language.parentWidget().setVisible(False)  # until the feedback holds two languages
        self.urgent = self._combo("Urgency", filters, [(True, "urgent"), (False, "not urgent")])
        self.reviewed = self._combo("Reviewed", filters, [(True, "reviewed"),
                                                          (False, "not reviewed")])  # fmt: skip
        self.confidence = QDoubleSpinBox(self)
        self.confidence.setRange(0.0, 1.0)
        self.confidence.setSingleStep(0.05)
        self.confidence.setValue(1.0)
        self.confidence.setSpecialValueText("any")
        self.confidence.setAccessibleName("Confidence below")
        self.confidence.valueChanged.connect(self._filter)
        filters.addWidget(labelled("Confidence below", self.confidence, self))
        self.my_queue = QCheckBox("My queue", self)
        self.my_queue.setToolTip("Only the items given to you when the cycle was split among "
                                 "assessors (File ▸ Work As… says who you are)")  # fmt: skip
        self.my_queue.toggled.connect(self._filter)
        filters.addWidget(self.my_queue)
        self.least_certain = QPushButton("Least certain first", self)
        self.least_certain.clicked.connect(self._least_certain_first)
        filters.addWidget(self.least_certain)
        self.shown = QLabel(self)  # "120 of 3,420 items"
        self.shown.setAccessibleName("Items shown")
        filters.addWidget(self.shown)
        layout.addWidget(self.filter_bar)
        self.state = QFrame(self)  # what is missing: feedback, or its classification
        self.state.setObjectName("banner")
        state_row = QHBoxLayout(self.state)
        state_row.setContentsMargins(8, 4, 8, 4)
        self.state_text = QLabel(self.state)
        self.state_text.setWordWrap(True)
        self.classify_now = QPushButton("Classify now", self.state)
        state_row.addWidget(self.state_text, 1)
        state_row.addWidget(self.classify_now)
        self.state.hide()
        layout.addWidget(self.state)
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
        self.no_match = QFrame(self)  # the search and filters leave nothing of the cycle
        self.no_match.setObjectName("banner")
        no_match_row = QHBoxLayout(self.no_match)
        no_match_row.setContentsMargins(8, 2, 8, 2)
        self.no_match_text = QLabel("No item of this cycle matches the search and filters.",
                                    self.no_match)  # fmt: skip
        self.clear_filters = QPushButton("Clear search and filters", self.no_match)
        self.clear_filters.clicked.connect(lambda: self.show_filtered(select=True))
        no_match_row.addWidget(self.no_match_text, 1)
        no_match_row.addWidget(self.clear_filters)
        self.no_match.hide()
        layout.addWidget(self.no_match)
        self.model = FeedbackModel()
        self.table = ReviewTable(self)
        self.table.setToolTip("Enter accepts a row's labels and moves on; 1–9 set its theme")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        # No arrow until the assessor sorts: the rows come in the order they were received.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate([360, 120, 50, 150, 150, 110, 110, 80, 70, 150]):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The labels an assessor checks come right after the words (and the rating): on a
        # laptop they are on screen without scrolling sideways. The model's order is unchanged.
        keys = [self.model.key(c) for c in range(self.model.columnCount())]
        for visual, key in enumerate(SHOWN_FIRST):
            header.moveSection(header.visualIndex(keys.index(key)), visual)
        self._text_width_set = False  # the Feedback column follows the window until resized
        self._sizing = False
        header.sectionResized.connect(self._column_resized)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAccessibleName("Feedback items")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)  # fmt: skip
        self.details = QTextBrowser(self)
        self.details.setAccessibleName("Why this item got its labels")
        self.details.setMinimumWidth(180)
        self.details.setHtml(CHOOSE)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.search.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._text_width_set:  # narrow: more of the label columns on screen
            width = min(max(int(self.table.viewport().width() * 0.38), TEXT_WIDTH[0]),
                        TEXT_WIDTH[1])  # fmt: skip
            self._sizing = True
            self.table.horizontalHeader().resizeSection(0, width)
            self._sizing = False

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 0 and not self._sizing and self.isVisible():
            self._text_width_set = True  # the assessor chose a width: it stays

    def _combo(self, name: str, row: FlowLayout, values=()) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(f"Filter by {name.lower()}")
        # As wide as eight characters; the list that opens shows whole names.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.addItem("all", None)
        for value, label in values:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(self._filter)
        row.addWidget(labelled(name, combo, self))
        return combo

    def set_choices(self, themes: list[tuple[str, str]], areas: list[str],
                    versions: list[str] = (),
                    languages: list[tuple[str, str]] = ()) -> None:  # fmt: skip
        """Fill the theme, area, version and language filters (keeping the current choice
        where it still exists); the version filter is shown only when some feedback names a
        version, the language filter when the feedback is in more than one language."""
        self.version.parentWidget().setVisible(bool(versions))
        self.language.parentWidget().setVisible(len(languages) > 1)
        for combo, values in ((self.theme, themes), (self.area, [(a, a) for a in areas]),
                              (self.version, [(v, v) for v in versions]),
                              (self.language, list(languages))):  # fmt: skip
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
            version=self.version.currentData(), language=self.language.currentData(),
            urgent=self.urgent.currentData(), reviewed=self.reviewed.currentData(),
            confidence_below=None if below >= 1.0 else below,
            mine=True if self.my_queue.isChecked() else None,
        )  # fmt: skip
        self._say_no_match()

    def _say_no_match(self) -> None:
        shown, loaded = self.model.rowCount(), self.model.loaded()
        self.no_match.setVisible(shown == 0 and loaded > 0)
        self.shown.setText(count(loaded, "item") if shown == loaded else
                           f"{shown:,} of {count(loaded, 'item')}")  # fmt: skip

    def show_rows(self, columns: dict[str, list]) -> None:
        """Show ``columns`` (the cycle's items), keeping the item the assessor is on: the
        table never loses its current row to a reload, and the side panel never keeps an
        item that is no longer in the table."""
        current = self.current_item_id()
        self.model.set_rows(columns)
        self.show_state(columns)
        self._say_no_match()
        row = self.model.row_of(current) if current is not None else None
        if row is None:
            self.details.setHtml(CHOOSE)
        else:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))

    def current_item_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.item_id(index.row()) if index.isValid() else None

    def selected_item_ids(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.item_id(r) for r in sorted(rows)]

    def update_items(self, rows) -> None:
        """The labels now in force for some items; the side panel follows its item's."""
        self.model.update_items(rows)
        self._say_no_match()
        current = self.current_item_id()
        if current is not None and current in {row["id"] for row in rows}:
            self.explain_requested.emit(current)

    def show_state(self, columns: dict[str, list]) -> None:
        """Say so when the cycle has no feedback, or feedback nobody classified yet."""
        text, missing = state_of(columns)
        self.state_text.setText(text)
        self.classify_now.setVisible(bool(missing))
        self.state.setVisible(bool(text))

    def show_filtered(self, urgent: bool | None = None, reviewed: bool | None = None,
                      select: bool = True) -> None:  # fmt: skip
        """All items of the cycle, filtered only by urgency and review (None: either)."""
        self.show_only(None)
        for combo in (self.theme, self.sentiment, self.area, self.version, self.language):
            combo.setCurrentIndex(0)
        self.search.clear()
        self.my_queue.setChecked(False)
        self.confidence.setValue(1.0)
        self.urgent.setCurrentIndex(max(self.urgent.findData(urgent), 0))
        self.reviewed.setCurrentIndex(max(self.reviewed.findData(reviewed), 0))
        if select and self.model.rowCount():
            self.table.selectRow(0)

    def reset(self) -> None:
        """Another workspace: no filter, banner or explanation of the one before stays."""
        self.show_filtered(select=False)
        self.banner.hide()
        self.details.setHtml(CHOOSE)
        self.show_models(None)

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

    def show_models(self, report) -> None:
        """How often each learned model was right (``report``: a LearningReport, or None),
        beside the button that teaches them."""
        if report is None:
            self.models.setText("")
            self.models.setToolTip("")
            self.models.hide()  # no gap in the tool bar
            return
        from fbdesk.services.learning import describe_models  # loaded by the learning

        right = ", ".join(f"{m.name} right {m.accuracy:.0%}" for m in report.measured)
        self.models.setText(right[:1].upper() + right[1:])
        self.models.setVisible(bool(right))
        self.models.setToolTip("How often each learned model was right on labels it had not "
                               "seen:\n" + "\n".join(describe_models(report)))  # fmt: skip

    def show_learned(self, text: str) -> None:
        """Say what the models learned and re-scored (it changes labels the assessor sees)."""
        self.banner_text.setText(text)
        self.banner.show()

    def shown_item_ids(self) -> list[int]:
        return [self.model.item_id(r) for r in range(self.model.rowCount())]

    def _show_details(self, current, _previous) -> None:
        if not current.isValid():
            self.details.setHtml(CHOOSE)
            return
        item = self.model.item_id(current.row())
        self.details.setHtml(self._item_lines(current.row()) + "<p><i>Reading…</i></p>")
        self.explain_requested.emit(item)

    def _assessor_words(self, labels: dict) -> str:
        """The assessor's labels of an item in words: "sentiment negative · themes Billing"."""
        names = self.model.theme_names
        words = []
        for field in ("sentiment", "themes", "primary_theme", "area", "urgency"):
            if field not in labels:
                continue
            value = labels[field]
            if field in ("themes", "primary_theme") and value:
                value = ", ".join(names.get(t.strip(), t.strip()) for t in value.split(";"))
            words.append(f"{field.replace('_', ' ')} {value or 'none'}")
        return " · ".join(words)

    def _item_lines(self, row: int) -> str:
        text = self.model.data(self.model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        return (f"<p>{_escape(text)}</p>"
                f"<p><i>From {_escape(self.model.origin(row))}</i></p>")  # fmt: skip

    def show_explanation(self, item_id: int, why: dict | None) -> None:
        """Why ``item_id`` got its labels — shown only if it is still the current item."""
        if self.current_item_id() != item_id:
            return
        lines = [self._item_lines(self.table.currentIndex().row())]
        if why and why.get("blind"):
            lines.append("<p><b>Coded blind.</b> Another assessor labels this item too; neither "
                         "of you sees the other's labels nor the model's until it is "
                         "reconciled. Choose each label yourself: Enter moves on without "
                         "confirming anything.</p>")  # fmt: skip
            self.details.setHtml("".join(lines))
            return
        changed = why.get("changed") if why else None
        if changed:  # a team workspace: whoever changed it last
            lines.append(f"<p><b>Last changed by {_escape(changed[0])}</b>: "
                         f"{_escape(changed[1])} ({_escape(changed[2][:16].replace('T', ' '))} "
                         "UTC)</p>")  # fmt: skip
        if why and why.get("assessor"):
            whose = "The assessors' labels" if "changed" in why else "Your labels"
            lines.append(f"<p><b>{whose}</b>: {_escape(self._assessor_words(why['assessor']))}"
                         "</p><p><i>What fbdesk read before them:</i></p>")  # fmt: skip
        if why:
            for theme, info in why.get("themes", {}).items():
                phrases = ", ".join(f"“{_escape(p)}”" for p in info["phrases"])
                name = self.model.theme_names.get(theme, theme)
                lines.append(f"<p><b>{_escape(name)}</b>: matched {phrases}</p>")
            if why.get("urgency_reason"):
                lines.append(f"<p><b>Urgent</b> — {_escape(why['urgency_reason'])}</p>")
            lines += learned_lines(why.get("learned"), self.model.theme_names) + read_notes(why)
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


def _timeline(why: dict) -> str:
    """Submitted → received → classified → reviewed, each from when the customer wrote it, as
    the processing-time KPI counts it."""
    from fbdesk.services.stats import duration

    received = why.get("received_at")
    if received is None:
        return ""
    start = why.get("submitted") if why.get("submitted") is not None else received
    parts = []
    if start != received:
        parts.append("Submitted " + time.strftime("%d %b %Y %H:%M", time.localtime(start)))
        parts.append(f"received by fbdesk {duration(max(received - start, 0.0))} later")
    else:
        parts.append("Received " + time.strftime("%d %b %Y %H:%M", time.localtime(received)))
    for key, word in (("classified_at", "classified"), ("reviewed_at", "reviewed")):
        if why.get(key) is not None:
            parts.append(f"{word} {duration(max(why[key] - start, 0.0))} after "
                         f"{'it was submitted' if start != received else 'that'}")  # fmt: skip
    if why.get("reviewed_at") is None:
        parts.append("not reviewed yet")
    return " · ".join(parts)


def _escape(text: object) -> str:
    import html

    return html.escape(str(text or ""))
