"""Releases and adoption: the release list (add, remove, import, take the versions seen in
feedback), before/after each release with intervals and n, and usage per area beside what
customers say, with the call-outs. A view only: the controller reads and writes."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

# A clear change is marked in one colour whichever way it goes: more crashes are worse, more
# praise is better; the table does not guess which way is good for each measure.
CHANGED = QColor("#1f5fa8")


def table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setAccessibleName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return t


def fill(t: QTableWidget, rows: list[list[str]], colours: list[QColor | None] | None = None,
         left: tuple[int, ...] = (0,)) -> None:  # fmt: skip
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = QTableWidgetItem(text)
            if c not in left:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if colours and colours[r] is not None:
                cell.setForeground(colours[r])
            t.setItem(r, c, cell)


class ReleasesDialog(QDialog):
    add_requested = Signal(str, str, str)  # version, day (2026-07-21), notes
    remove_requested = Signal(list)  # versions
    import_requested = Signal()
    propose_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Releases and adoption")
        self.resize(1000, 640)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._list_tab(), "Releases")
        self.tabs.addTab(self._compare_tab(), "Before and after")
        self.tabs.addTab(self._adoption_tab(), "Adoption")
        layout = QVBoxLayout(self)
        self.state = QLabel("Reading…")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.data: dict = {}

    # ------------------------------------------------------------------ the release list

    def _list_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(QLabel("A release period runs from a release's day to the next release's; "
                           "an item falls in the period of its date (or in none), beside its "
                           "quarter."))  # fmt: skip
        self.releases = table(["Version", "Released", "Items in its period", "Notes"],
                              "Releases")  # fmt: skip
        self.releases.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)  # fmt: skip
        v.addWidget(self.releases, 1)
        row = QHBoxLayout()
        self.version = QLineEdit()
        self.version.setPlaceholderText("Version, e.g. 4.15.0")
        self.version.setAccessibleName("Version")
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("What changed")
        self.add = QPushButton("Add")
        self.add.setToolTip("Add the release; a version listed already takes this day and "
                            "these notes")  # fmt: skip
        self.add.clicked.connect(self._add)
        self.remove = QPushButton("Remove")
        self.remove.clicked.connect(self._remove)
        self.import_file = QPushButton("Import…")
        self.import_file.setToolTip("A CSV or XLSX file with the columns Version, Date, Notes")
        self.import_file.clicked.connect(self.import_requested)
        self.propose = QPushButton("Add Versions Seen in Feedback")
        self.propose.setToolTip("The app versions named in review exports, each dated by the "
                                "first day it was seen")  # fmt: skip
        self.propose.clicked.connect(self.propose_requested)
        for w in (self.version, self.day, self.notes):
            row.addWidget(w, 2 if w is self.notes else 1)
        for b in (self.add, self.remove, self.import_file, self.propose):
            row.addWidget(b)
        v.addLayout(row)
        self.proposals = QLabel("")
        self.proposals.setWordWrap(True)
        v.addWidget(self.proposals)
        return page

    def _add(self) -> None:
        if self.version.text().strip():
            self.add_requested.emit(self.version.text().strip(),
                                    self.day.date().toString("yyyy-MM-dd"), self.notes.text())  # fmt: skip

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.releases.selectedIndexes()})
        versions = [self.releases.item(r, 0).text() for r in rows]
        if versions:
            self.remove_requested.emit(versions)

    # ------------------------------------------------------------------ before and after

    def _compare_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        top = QHBoxLayout()
        top.addWidget(QLabel("Release:"))
        self.release = QComboBox()
        self.release.setAccessibleName("The release compared")
        self.release.currentIndexChanged.connect(self._show_release)
        top.addWidget(self.release)
        top.addStretch(1)
        v.addLayout(top)
        self.window_text = QLabel("")
        self.window_text.setWordWrap(True)
        v.addWidget(self.window_text)
        self.changes = table(["Measure", "Before", "After", "n before → after", "Change",
                              "95 % interval", "Verdict"], "Before and after")  # fmt: skip
        v.addWidget(self.changes, 1)
        return page

    def _show_release(self, index: int) -> None:
        from fbdesk.services.releases import change_cells

        found = self.data.get("compare", [])
        if not 0 <= index < len(found):
            fill(self.changes, [])
            return
        c = found[index]
        days = int(c.window.days)
        self.window_text.setText(
            f"{days} days before {c.release.version} against its first {days} days "
            f"({c.items_in_period:,} items fall in its period). Intervals of the themes and of "
            "the metrics hold for all of them together; a figure on fewer than the workspace's "
            "minimum (Targets…) is shown with its n and not judged. "
            + (f"Notes: {c.release.notes}" if c.release.notes else ""))  # fmt: skip
        rows, colours = [], []
        for part, changes in (("Satisfaction", c.satisfaction), ("Metrics (daily mean)",
                              c.metrics), ("Themes (share of items)", c.themes)):  # fmt: skip
            rows.append([part, "", "", "", "", "", ""])
            colours.append(None)
            for x in changes:
                before, after, change, ci = change_cells(x)
                verdict = ("changed" if x.clear else "not shown to change") if x.judged else \
                    f"too few to judge (needs {x.needs} each side)"  # fmt: skip
                rows.append([f"   {x.measure}", before, after, f"{x.n_before:,} → {x.n_after:,}",
                             change, ci, verdict])  # fmt: skip
                colours.append(CHANGED if x.clear else None)
        fill(self.changes, rows, colours)

    # ------------------------------------------------------------------ adoption

    def _adoption_tab(self) -> QWidget:
        from fbdesk.ui.adoption_plot import AdoptionPlot

        page = QWidget()
        v = QVBoxLayout(page)
        self.callouts = QLabel("")
        self.callouts.setObjectName("adoptionCallouts")
        self.callouts.setWordWrap(True)
        v.addWidget(self.callouts)
        top = QHBoxLayout()
        top.addWidget(QLabel("Area:"))
        self.area = QComboBox()
        self.area.setAccessibleName("Area shown over time")
        self.area.currentIndexChanged.connect(self._draw)
        top.addWidget(self.area)
        top.addStretch(1)
        v.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical)
        self.plot = AdoptionPlot()
        split.addWidget(self.plot)
        self.areas = table(["Area", "Use", "Share of use", "Share of mentions (n)",
                            "Share of complaints (n)", "CSAT (n)", "Most complained about"],
                           "Adoption per area")  # fmt: skip
        split.addWidget(self.areas)
        split.setSizes([330, 200])
        v.addWidget(split, 1)
        return page

    def _draw(self) -> None:
        view = self.data.get("adoption")
        if view is None:
            return
        area = self.area.currentData()
        series = [(f"{s.area} {s.name}" if s.area else s.name, s.weeks, s.values)
                  for s in view.series if area is None or s.area == area]  # fmt: skip
        releases = [(r.version, r.released) for r in self.data.get("releases", [])]
        csat = view.csat_weekly.get(area) if area else None
        self.plot.draw(series, releases, csat)

    # ------------------------------------------------------------------ data

    def show_data(self, data: dict) -> None:
        """What the controller read: releases, item counts per period, proposals, the
        comparisons and the adoption view."""
        from fbdesk.domain.words import count
        from fbdesk.services.releases import day_text

        self.data = data
        listed, counts = data["releases"], data["counts"]
        in_any = sum(v for k, v in counts.items() if k)
        self.state.setText(f"{count(len(listed), 'release')}; {in_any:,} of "
                           f"{count(sum(counts.values()), 'item')} "
                           f"{'falls' if in_any == 1 else 'fall'} in a release period."
                           if listed else
                           "No release listed yet: add one, import a list, or add the "
                           "versions seen in feedback.")  # fmt: skip
        fill(self.releases, [[r.version, day_text(r.released), f"{counts.get(r.version, 0):,}",
                              r.notes] for r in listed], left=(0, 3))  # fmt: skip
        new = [p for p in data["proposals"] if not p.listed]
        self.proposals.setText("Versions seen in feedback, not listed: " + ", ".join(
            f"{p.version} (from {day_text(p.released)}, {p.items:,} items)" for p in new)
            if new else "")  # fmt: skip
        self.propose.setEnabled(bool(new))
        current = self.release.currentText()
        self.release.blockSignals(True)
        self.release.clear()
        self.release.addItems([c.release.version for c in data["compare"]])
        self.release.blockSignals(False)
        at = self.release.findText(current)
        self.release.setCurrentIndex(at if at >= 0 else max(0, self.release.count() - 1))
        self._show_release(self.release.currentIndex())
        self._show_adoption(data["adoption"])

    def _show_adoption(self, view) -> None:
        lines = [c.sentence for c in view.callouts]
        if not view.series:
            lines = ["No usage metrics: import a metric export whose series count use (active "
                     "users, sessions, feature uses) per product area."]  # fmt: skip
        elif not lines:
            lines = ["No area is surely used much less, or much more, than customers speak "
                     "of it."]  # fmt: skip
        self.callouts.setText(f"Adoption in {view.scope} (the cycle shown; Releases and "
                              "Before and after cover every cycle):\n"
                              + "\n".join(f"• {x}" for x in lines))  # fmt: skip
        rows = []
        for m in view.measures:
            rows.append([m.name, f"{m.total:,.0f}", "", "", "", "", m.period])
            for a in m.areas:
                rows.append([f"   {a.area}", f"{a.use:,.0f}", f"{a.use_share:.1%}",
                             f"{a.mention_share:.1%} ({a.mentions:,})",
                             f"{a.complaint_share:.1%} ({a.complaints:,})",
                             f"{a.csat:.2f} ({a.n_csat:,})" if a.csat is not None else "—",
                             a.top_theme or ""])  # fmt: skip
        fill(self.areas, rows)
        self.area.blockSignals(True)
        chosen = self.area.currentData()
        self.area.clear()
        self.area.addItem("Every area", None)
        for name in sorted({s.area for s in view.series}):
            self.area.addItem(name, name)
        self.area.setCurrentIndex(max(0, self.area.findData(chosen)))
        self.area.blockSignals(False)
        self._draw()
