"""The Inbox and alerts panel: alerts with their state, watched folders, files waiting."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fbdesk.ui.forms import ok_cancel

STATE_WORDS = {"new": "New", "seen": "Seen", "dismissed": "Dismissed"}


ROLE_FOLDER = Qt.ItemDataRole.UserRole  # (path, may be allowed)


def _when(seconds: float) -> str:
    stamp = dt.datetime.fromtimestamp(seconds)
    if stamp.date() == dt.date.today():
        return stamp.strftime("%H:%M")
    return stamp.strftime("%d %b %H:%M")


class InboxPanel(QWidget):
    show_items = Signal(list, str)  # item ids, what they are
    alert_state = Signal(list, str)  # alert ids, new state
    import_waiting = Signal(list)  # paths
    ignore_waiting = Signal(list)  # paths
    settings_changed = Signal(dict)
    watch_folder = Signal(str)
    unwatch_folder = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alerts: list[dict] = []
        self._waiting: list[dict] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Alerts</b>"))
        self.alerts = QTreeWidget(self)
        self.alerts.setObjectName("alerts")
        self.alerts.setAccessibleName("Alerts")
        self.alerts.setHeaderLabels(["When", "Alert", "Items", "State"])
        self.alerts.setRootIsDecorated(False)
        self.alerts.setWordWrap(True)
        self.alerts.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.alerts.itemDoubleClicked.connect(lambda *_: self._show())
        header = self.alerts.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.alerts, 2)
        self.alert_detail = self._detail()
        self.alerts.currentItemChanged.connect(self._alert_chosen)
        layout.addWidget(self.alert_detail)
        row = QHBoxLayout()
        self.show_button = self._button("Show items", row, self._show)
        self.seen_button = self._button("Mark seen", row, lambda: self._state("seen"))
        self.dismiss_button = self._button("Dismiss", row, lambda: self._state("dismissed"))
        row.addStretch(1)
        self._button("Thresholds…", row, self._edit_settings)
        self.settings: dict = {}
        layout.addLayout(row)

        layout.addWidget(QLabel("<b>Inbox</b> — exports saved in these folders are imported "
                                "as they arrive"))  # fmt: skip
        self.folders = QListWidget(self)
        self.folders.setAccessibleName("Watched folders")
        self.folders.setMaximumHeight(70)
        layout.addWidget(self.folders)
        row = QHBoxLayout()
        self._button("Watch a folder…", row, self._choose_folder)
        self._button("Stop watching", row, self._unwatch)
        self.allow = self._button("Allow on this computer", row, self._allow)
        self.allow.setToolTip("Watch the selected folder the workspace asks for: its exports "
                              "are read only once you allow it here")  # fmt: skip
        self.allow.hide()
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Waiting for you (fbdesk could not map them on its own):"))
        self.waiting = QTreeWidget(self)
        self.waiting.setObjectName("waiting")
        self.waiting.setAccessibleName("Files waiting in the Inbox")
        self.waiting.setHeaderLabels(["File", "Why it waits"])
        self.waiting.setRootIsDecorated(False)
        self.waiting.setWordWrap(True)
        self.waiting.setColumnWidth(0, 170)
        self.waiting.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.waiting.itemDoubleClicked.connect(lambda *_: self._import())
        layout.addWidget(self.waiting, 1)
        self.waiting_detail = self._detail()
        self.waiting.currentItemChanged.connect(self._waiting_chosen)
        layout.addWidget(self.waiting_detail)
        row = QHBoxLayout()
        self._button("Import…", row, self._import)
        self._button("Ignore", row, self._ignore)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel("", self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def _detail(self) -> QLabel:
        label = QLabel("", self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.hide()
        return label

    def _alert_chosen(self, current, _previous) -> None:
        row = self.alerts.indexOfTopLevelItem(current) if current is not None else -1
        if 0 <= row < len(self._alerts):
            a = self._alerts[row]
            when = dt.datetime.fromtimestamp(a["created_at"]).strftime("%d %b %Y %H:%M")
            self.alert_detail.setText(f"<b>{escape(a['title'])}</b> ({when})<br>"
                                      f"{escape(a['detail'])}")  # fmt: skip
        self.alert_detail.setVisible(0 <= row < len(self._alerts))

    def _waiting_chosen(self, current, _previous) -> None:
        row = self.waiting.indexOfTopLevelItem(current) if current is not None else -1
        if 0 <= row < len(self._waiting):
            w = self._waiting[row]
            self.waiting_detail.setText(f"<b>{escape(w['path'])}</b><br>{escape(w['reason'])}")
        self.waiting_detail.setVisible(0 <= row < len(self._waiting))

    def _button(self, text: str, row: QHBoxLayout, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # ---------------------------------------------------------------- filling

    def show_alerts(self, alerts: list[dict]) -> None:
        self._alerts = list(alerts)
        self.alerts.clear()
        self.alert_detail.hide()
        for a in self._alerts:
            item = QTreeWidgetItem([_when(a["created_at"]), a["title"], str(len(a["item_ids"])),
                                    STATE_WORDS[a["state"]]])  # fmt: skip
            item.setToolTip(1, f"{a['title']}\n{a['detail']}")
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight)
            if a["state"] == "new":
                font = item.font(1)
                font.setBold(True)
                for c in range(4):
                    item.setFont(c, font)
            self.alerts.addTopLevelItem(item)
        if not self._alerts:
            empty = QTreeWidgetItem(["", "No alerts. Urgent items, sudden jumps in complaints "
                                         "about a theme, metric incidents with satisfaction "
                                         "falling and new relations will appear here."])  # fmt: skip
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.alerts.addTopLevelItem(empty)

    def show_inbox(self, folders: list[Path], waiting: list[dict],
                   asked: list[tuple[str, str]] = ()) -> None:  # fmt: skip
        self.folders.clear()
        for f in folders:
            self.folders.addItem(str(f))
            self.folders.item(self.folders.count() - 1).setData(ROLE_FOLDER, (str(f), True))
        for f, why in asked:
            self.folders.addItem(f"Not watched: {f} — {why}")
            item = self.folders.item(self.folders.count() - 1)
            item.setData(ROLE_FOLDER, (f, Path(f).is_absolute()))
            item.setToolTip(why)
        self.allow.setVisible(any(Path(f).is_absolute() for f, _ in asked))
        if not folders and not asked:
            self.folders.addItem("No folder watched yet.")
            self.folders.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._waiting = list(waiting)
        self.waiting.clear()
        self.waiting_detail.hide()
        for w in self._waiting:
            item = QTreeWidgetItem([Path(w["path"]).name, w["reason"]])
            item.setToolTip(0, w["path"])
            item.setToolTip(1, w["reason"])
            self.waiting.addTopLevelItem(item)

    # ---------------------------------------------------------------- actions

    def _selected_alerts(self) -> list[dict]:
        rows = sorted(self.alerts.indexOfTopLevelItem(i) for i in self.alerts.selectedItems())
        return [self._alerts[r] for r in rows if 0 <= r < len(self._alerts)]

    def _show(self) -> None:
        chosen = self._selected_alerts() or self._alerts[:1]
        if not chosen:
            return
        ids = sorted({i for a in chosen for i in a["item_ids"]})
        what = chosen[0]["title"] if len(chosen) == 1 else f"{len(chosen)} alerts"
        if ids:  # a relation between a metric and feedback names no items: its detail says it
            self.show_items.emit(ids, f"of the alert “{what}”")
        new = [a["id"] for a in chosen if a["state"] == "new"]
        if new:
            self.alert_state.emit(new, "seen")

    def _state(self, state: str) -> None:
        chosen = self._selected_alerts()
        if chosen:
            self.alert_state.emit([a["id"] for a in chosen], state)

    def _selected_waiting(self) -> list[str]:
        rows = sorted(self.waiting.indexOfTopLevelItem(i) for i in self.waiting.selectedItems())
        return [self._waiting[r]["path"] for r in rows if 0 <= r < len(self._waiting)]

    def _import(self) -> None:
        paths = self._selected_waiting() or [w["path"] for w in self._waiting[:1]]
        if paths:
            self.import_waiting.emit(paths)

    def _ignore(self) -> None:
        paths = self._selected_waiting()
        if paths:
            self.ignore_waiting.emit(paths)

    def _edit_settings(self) -> None:
        dialog = AlertSettingsDialog(self.settings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.settings_changed.emit(dialog.values())

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Watch a folder for new exports")
        if folder:
            self.watch_folder.emit(folder)

    def _unwatch(self) -> None:
        item = self.folders.currentItem()
        if item is not None and item.data(ROLE_FOLDER):
            self.unwatch_folder.emit(item.data(ROLE_FOLDER)[0])

    def _allow(self) -> None:
        item = self.folders.currentItem()
        if item is not None and item.data(ROLE_FOLDER) and item.data(ROLE_FOLDER)[1]:
            self.watch_folder.emit(item.data(ROLE_FOLDER)[0])


class AlertSettingsDialog(QDialog):
    """When an alert is raised: the thresholds of one workspace."""

    def __init__(self, values: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Alert thresholds")
        form = QFormLayout(self)
        self.urgent = QCheckBox("Alert on new urgent items (outage, data loss, security, "
                                "payment failure, legal)")  # fmt: skip
        self.urgent.setChecked(bool(values.get("urgent", True)))
        self.max_age = QDoubleSpinBox()
        self.max_age.setRange(0.5, 365)
        self.max_age.setSuffix(" days")
        self.max_age.setValue(float(values.get("urgent_max_age_days", 14)))
        self.max_age.setToolTip("Older urgent items (an archive imported late) do not alert")
        self.spike = QCheckBox("Alert when a theme's negative items jump")
        self.spike.setChecked(bool(values.get("spike", True)))
        self.ratio = QDoubleSpinBox()
        self.ratio.setRange(1.0, 100.0)
        self.ratio.setSingleStep(0.5)
        self.ratio.setSuffix(" ×")
        self.ratio.setValue(float(values.get("spike_ratio", 3.0)))
        self.minimum = QSpinBox()
        self.minimum.setRange(1, 10_000)
        self.minimum.setValue(int(values.get("spike_min_items", 5)))
        self.baseline = QSpinBox()
        self.baseline.setRange(3, 365)
        self.baseline.setSuffix(" days")
        self.baseline.setValue(int(values.get("spike_baseline_days", 28)))
        form.addRow(self.urgent)
        form.addRow("Only items submitted within", self.max_age)
        form.addRow(self.spike)
        form.addRow("Last day against the daily mean, at least", self.ratio)
        form.addRow("And at least", self.minimum)
        form.addRow("Mean taken over the", self.baseline)
        self.metric = QCheckBox("Alert on a metric incident with satisfaction falling in its "
                                "area, and on a relation newly significant")  # fmt: skip
        self.metric.setChecked(bool(values.get("metric", True)))
        form.addRow(self.metric)
        ok_cancel(self, form)

    def values(self) -> dict:
        return {"urgent": self.urgent.isChecked(), "urgent_max_age_days": self.max_age.value(),
                "spike": self.spike.isChecked(), "spike_ratio": self.ratio.value(),
                "spike_min_items": self.minimum.value(),
                "spike_baseline_days": self.baseline.value(),
                "metric": self.metric.isChecked()}  # fmt: skip
