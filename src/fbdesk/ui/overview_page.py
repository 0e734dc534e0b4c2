"""The page the window opens on: the cycle at a glance — what is left to do, in sentences, each
with a button to the step that settles it. Its controller computes the ``Overview`` on the
runner and hands it over; the buttons ask to go somewhere with ``go``."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fbdesk.domain.words import count
from fbdesk.ui.flow_layout import flow_bar

FEEDBACK_WORDS = {"survey": "survey responses", "tickets": "tickets", "app_reviews": "app reviews"}
SHOWN_UNDECIDED = 5
KPI_ACTIONS = {  # what settles a KPI too thin to judge: (button, step or signal, options)
    "collection_rate": [("Enter the number invited…", "targets", {}),
                        ("Import an invitation list", "Import", {})],
    "processing_days": [("Review items", "Review", {"reviewed": False})],
    "csat": [("Import more survey responses", "Import", {})],
    "resolution_rate": [("Decide in Prioritize", "Prioritize", {})],
    "loop_closure": [("Decide in Prioritize", "Prioritize", {})],
    "satisfaction_relation": [("Open Correlate", "Correlate", {})],
    "technical_issues": [("Import the previous cycle", "Import", {})],
}  # fmt: skip


class OverviewPage(QWidget):
    go = Signal(str, dict)  # step name, what to show there (filters, an improvement's key)
    classify_requested = Signal()
    targets_requested = Signal()
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        content = QWidget()
        content.setObjectName("overview")
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 4, 12, 12)
        self.title = QLabel(content)
        self.title.setObjectName("overviewTitle")
        self.title.setWordWrap(True)
        self.subtitle = QLabel(content)
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        # Two columns of cards, each as tall as its words (no card stretched to its neighbour's).
        columns = QHBoxLayout()
        columns.setSpacing(12)
        self.columns = [QVBoxLayout(), QVBoxLayout()]
        for column in self.columns:
            column.setSpacing(12)
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout.addLayout(columns)
        layout.addStretch(1)
        self.cards: dict[str, QFrame] = {}
        self.buttons: dict[str, QPushButton] = {}  # by object name, for the keyboard and tests
        self.show_no_workspace()

    # ------------------------------------------------------------------ states

    def show_no_workspace(self) -> None:
        self.overview = None
        self._clear()
        self.title.setText("No workspace open")
        self.subtitle.setText("Open a workspace, or drop survey, ticket, app-review or metric "
                              "exports anywhere on this window to start a new one.")  # fmt: skip
        self._card("start", "Start", "A workspace holds one product's feedback cycles: the "
                   "imported files, your labels and decisions, and the reports built from them.",
                   [("Open a workspace…", "open", {}),
                    ("Import files…", "Import", {"choose": True})])  # fmt: skip

    def show_waiting(self, cycle: str) -> None:
        """While the overview is computed: the title already says which cycle."""
        self.title.setText(f"{cycle} at a glance")
        self.subtitle.setText("Reading the cycle: what is reviewed, decided and measured…")

    def show_overview(self, o) -> None:
        self.overview = o
        self._clear()
        name = "All cycles" if o.cycle == "all cycles" else o.cycle
        self.title.setText(f"{name} at a glance")
        where = "all cycles" if o.cycle == "all cycles" else "this cycle"
        self.subtitle.setText(f"What is left to do in {where}, and the step that settles each "
                              "thing.")  # fmt: skip
        self._review_card(o)
        self._decide_card(o)
        self._figures_card(o)
        self._outcomes_card(o)
        self._sources_card(o)

    # ------------------------------------------------------------------ the four cards

    def _review_card(self, o) -> None:
        actions: list = []
        if not o.items:
            text = f"There is no feedback in {_in(o)} yet."
            actions.append(("Import exports…", "Import", {"choose": True}))
        elif not o.classified:
            text = (f"The {o.items:,} items of {_in(o)} are not classified yet: they have no "
                    "sentiment, theme, product area or urgency, so nothing can be filtered, "
                    "ranked or reported by theme.")  # fmt: skip
            actions.append(("Classify now", "classify", {}))
        else:
            if not o.unreviewed:
                text = f"All {o.items:,} items of {_in(o)} are reviewed."
            else:
                text = f"<b>{o.unreviewed:,}</b> of {o.items:,} items are not reviewed yet"
                if o.urgent_unreviewed:
                    text += (f"; <b>{o.urgent_unreviewed:,}</b> of them are urgent: outages, "
                             "data loss, security, payment failures or legal threats.")  # fmt: skip
                    actions.append((f"Review the {count(o.urgent_unreviewed, 'urgent item')}",
                                    "Review", {"urgent": True, "reviewed": False}))  # fmt: skip
                else:
                    text += ". None of them is urgent."
                actions.append(("Review the least certain first", "Review",
                                {"least_certain": True}))  # fmt: skip
            if o.unclassified:
                text += (f"<br><br>{o.unclassified:,} items are not classified yet (imported "
                         "before the last classification).")  # fmt: skip
                actions.append(("Classify them", "classify", {}))
        text += self._queues(o, actions)
        self._card("review", "Review the feedback", text, actions, row=0, column=0)

    @staticmethod
    def _queues(o, actions: list) -> str:
        """Each assessor's progress through their queue, and what waits for reconciliation."""
        if not o.queues:
            return ""
        parts = [f"{_html(q['person'])} <b>{q['done']:,}</b> of {q['assigned']:,}"
                 + (f" ({q['blind']:,} coded blind)" if q["blind"] else "")
                 for q in o.queues]  # fmt: skip
        text = "<br><br>Queues: " + "; ".join(parts) + "."
        if any(q["person"] == o.person for q in o.queues):
            actions.append(("Review my queue", "Review", {"mine": True, "reviewed": False}))
        if o.to_reconcile:
            text += (f" <b>{o.to_reconcile:,}</b> items coded twice got different labels and "
                     "keep the model's until reconciled.")  # fmt: skip
            actions.append(("Reconcile…", "reconcile", {}))
        return text

    def _decide_card(self, o) -> None:
        if o.no_candidates:
            if not o.items:
                action = ("Import exports…", "Import", {"choose": True})
            elif not o.classified:
                action = ("Classify now", "classify", {})
            else:
                action = ("Open Prioritize", "Prioritize", {})
            self._card("decide", "Decide on improvements", html.escape(o.no_candidates),
                       [action], row=0, column=1)  # fmt: skip
            return
        if not o.undecided:
            more = o.candidates - o.top
            text = (f"All of the top {o.top} improvements have a decision."
                    + (f" {more} more are ranked below them." if more > 0 else ""))  # fmt: skip
            self._card("decide", "Decide on improvements", text,
                       [("Open Prioritize", "Prioritize", {})], row=0, column=1)  # fmt: skip
            return
        n = len(o.undecided)
        head = (f"<b>{n}</b> of the top {o.top} improvements {'has' if n == 1 else 'have'} no "
                "decision yet:")  # fmt: skip
        lines = "<br>".join(f"#{u['rank']}&nbsp; {html.escape(u['title'])} · {u['customers']:,} "
                            "customers" for u in o.undecided[:SHOWN_UNDECIDED])  # fmt: skip
        rest = n - SHOWN_UNDECIDED
        more = f"<br>… and {rest} more." if rest > 0 else ""
        first = o.undecided[0]
        self._card("decide", "Decide on improvements",
                   f"<p>{head}</p><p>{lines}{more}</p>",
                   [(f"Decide on #{first['rank']}", "Prioritize", {"key": first["key"]}),
                    ("Open Prioritize", "Prioritize", {})], row=0, column=1)  # fmt: skip

    def _figures_card(self, o) -> None:
        from fbdesk.domain.kpi import MIN_SAMPLE

        if not o.thin:
            self._card("figures", "Figures too thin to judge",
                       f"None: every KPI is measured on enough data ({MIN_SAMPLE} or more) to "
                       "judge it against its target.", [], row=1, column=0)  # fmt: skip
            return
        text = "".join(f"<p>{html.escape(t['text'])}</p>" for t in o.thin)
        actions, seen = [], set()
        for t in o.thin:
            for label, step, options in KPI_ACTIONS.get(t["key"], []):
                if label not in seen:
                    seen.add(label)
                    actions.append((label, step, options))
        self._card("figures", "Figures too thin to judge", text, actions, row=1, column=0)

    def _outcomes_card(self, o) -> None:
        """Whether the assessment works: the outcome KPIs with their basis and n, and the
        recommendations of the top improvements nobody reviewed yet."""
        if not o.outcomes:
            return
        lines = []
        for k in o.outcomes:
            n = "" if k["n"] is None else f", n = {k['n']:,}"
            target = "" if k["target"] is None else f" against a target of {k['target_shown']}"
            lines.append(f"<p><b>{html.escape(k['title'])}</b>: {html.escape(k['shown'])} "
                         f"({html.escape(k['status'])}{html.escape(target)}{n})<br>"
                         f"{html.escape(k['basis'])}</p>")  # fmt: skip
        actions = [("Open Correlate", "Correlate", {})]
        unread = o.unreviewed_recommendations
        if unread:
            names = ", ".join(f"#{u['rank']}" for u in unread)
            lines.append(f"<p>The recommendations of {names} are not reviewed yet.</p>")
            actions.insert(0, (f"Review the recommendation of #{unread[0]['rank']}",
                               "Prioritize", {"key": unread[0]["key"]}))  # fmt: skip
        self._card("outcomes", "Is it working?", "".join(lines), actions, row=2, column=0)

    def _sources_card(self, o) -> None:
        from fbdesk.services.overview import correlation_gap

        if not o.sources:
            self._card("sources", "Sources", "Nothing is imported yet. Drop survey, ticket, "
                       "app-review or metric exports anywhere on this window.",
                       [("Import files…", "Import", {"choose": True})], row=1, column=1)  # fmt: skip
            return
        text = "".join(f"<p><b>{html.escape(s['name'])}</b><br>{_holds(s)}"
                       + ("" if s["period"] == "undated" else f", {html.escape(s['period'])}")
                       + "</p>" for s in o.sources)  # fmt: skip
        feedback = [s for s in o.sources if s["holds"] == "feedback" and s["first"] is not None]
        for m in (s for s in o.sources if s["holds"] == "metrics"):
            if feedback:
                gap = correlation_gap(m["first"], m["last"], min(f["first"] for f in feedback),
                                      max(f["last"] for f in feedback))  # fmt: skip
                if gap:
                    text += f"<p><b>{html.escape(m['name'])}</b>: {html.escape(gap)}</p>"
        title = "What the workspace rests on" if o.cycle == "all cycles" else \
            "What this cycle rests on"  # fmt: skip
        self._card("sources", title, text,
                   [("Import more files…", "Import", {"choose": True})], row=1, column=1)  # fmt: skip

    # ------------------------------------------------------------------ building

    def _clear(self) -> None:
        for card in self.cards.values():
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards, self.buttons = {}, {}

    def _card(self, key: str, title: str, text: str, actions: list, row: int = 0,
              column: int = 0) -> QFrame:  # fmt: skip
        card = QFrame()
        card.setObjectName("overviewCard")
        card.setAccessibleName(title)
        box = QVBoxLayout(card)
        box.setContentsMargins(14, 10, 14, 12)
        heading = QLabel(title, card)
        heading.setObjectName("overviewCardTitle")
        body = QLabel(text, card)
        body.setObjectName(f"{key}Text")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(heading)
        box.addWidget(body)
        if actions:
            bar_widget, bar = flow_bar(card)
            for n, (label, step, options) in enumerate(actions):
                button = QPushButton(label + ("" if label.endswith("…") else " →"), card)
                button.setObjectName(f"{key}Action{n}")
                button.clicked.connect(lambda _=False, s=step, o=options: self._act(s, o))
                bar.addWidget(button)
                self.buttons[button.objectName()] = button
            box.addWidget(bar_widget)
        self.cards[key] = card
        target = self.columns[column]
        target.insertWidget(target.count() - 1, card)  # above the column's stretch
        return card

    def _act(self, step: str, options: dict) -> None:
        if step == "classify":
            self.classify_requested.emit()
        elif step == "targets":
            self.targets_requested.emit()
        elif step == "open":
            self.open_requested.emit()
        else:
            self.go.emit(step, dict(options))

    def card_text(self, key: str) -> str:
        """A card's words as plain text (for tests and the accessible description)."""
        from PySide6.QtGui import QTextDocument

        card = self.cards.get(key)
        if card is None:
            return ""
        doc = QTextDocument()
        doc.setHtml(card.findChild(QLabel, f"{key}Text").text())
        return doc.toPlainText()


def _in(o) -> str:
    return "the workspace" if o.cycle == "all cycles" else o.cycle


def _holds(s: dict) -> str:
    if s["holds"] == "metrics":
        return f"{s['count']} metric series"
    if s["holds"] == "invitations":
        return f"{s['count']:,} customers invited"
    return f"{s['count']:,} {FEEDBACK_WORDS.get(s['kind'], 'feedback items')}"


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=False)
