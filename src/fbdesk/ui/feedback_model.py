"""The review table's model: reads columns directly, sorts and filters itself (no proxy)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

COLUMNS = [
    ("text", "Feedback"), ("submitted", "Date"), ("csat", "CSAT"), ("sentiment", "Sentiment"),
    ("themes", "Themes"), ("area", "Area"), ("urgency", "Urgency"), ("confidence", "Confidence"),
    ("reviewed", "Reviewed"), ("source", "Source"),
]  # fmt: skip


if TYPE_CHECKING:
    import pandas as pd

EDITABLE = ("sentiment", "themes", "area", "urgency")


class FeedbackModel(QAbstractTableModel):
    """Rows are items; an edit is not written here but asked for with ``edit_requested``
    (item id, field, value), and shown once the window has stored it (:meth:`update_items`)."""

    edit_requested = Signal(int, str, object)

    def __init__(self, frame: pd.DataFrame | None = None) -> None:
        super().__init__()
        # pandas and numpy load with the first workspace, not with the window.
        self._frame = None
        self._order: list | object = []
        self._text_lower: list | object = []
        self._criteria: dict = {}
        self._ranks: dict = {}
        self.theme_names: dict[str, str] = {}  # theme id → the name the assessor reads
        self._sorted: tuple | None = None
        if frame is not None:
            self.set_frame(frame)

    def set_frame(self, frame: pd.DataFrame) -> None:
        import numpy as np
        import pandas as pd

        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        self._text_lower = self._frame["text"].fillna("").str.lower().to_numpy()
        self._order = np.arange(len(self._frame))
        self._ranks = {}
        self._position = pd.Index(self._frame["id"]) if "id" in self._frame else pd.Index([])
        self.endResetModel()
        if any(v not in (None, "") for v in self._criteria.values()):
            self.set_filter()

    def key(self, column: int) -> str:
        return COLUMNS[column][0]

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        if index.isValid() and COLUMNS[index.column()][0] in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key = COLUMNS[index.column()][0]
        if key not in EDITABLE:
            return False
        current = self._frame[key].iat[int(self._order[index.row()])]
        if (current if isinstance(current, str) else "") == (value or ""):
            return False
        self.edit_requested.emit(self.item_id(index.row()), key, value)
        return True

    def update_items(self, rows: pd.DataFrame) -> None:
        """Show the labels now in force for some items (columns as the review frame's)."""
        import numpy as np

        for _, row in rows.iterrows():
            if row["id"] not in self._position:
                continue
            at = int(self._position.get_loc(row["id"]))
            for key in (*EDITABLE, "primary_theme", "reviewed", "confidence"):
                if key in row and key in self._frame:
                    self._frame.at[at, key] = row[key]
                    self._ranks.pop(key, None)
            shown = np.flatnonzero(self._order == at)
            if len(shown):
                self.dataChanged.emit(self.index(int(shown[0]), 0),
                                      self.index(int(shown[0]), len(COLUMNS) - 1))  # fmt: skip

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole,
                                               Qt.ItemDataRole.EditRole):  # fmt: skip
            return None
        key = COLUMNS[index.column()][0]
        value = self._frame[key].iat[int(self._order[index.row()])]
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None or value != value else str(value)
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if key == "submitted":
            return time.strftime("%Y-%m-%d %H:%M", time.gmtime(float(value)))
        if key in ("csat", "confidence"):
            return f"{value:.2f}"
        if key == "reviewed":
            return "✓" if value else ""
        text = str(value)
        if key == "themes" and self.theme_names:
            return "; ".join(self.theme_names.get(t.strip(), t.strip())
                             for t in text.split(";") if t.strip())  # fmt: skip
        if key == "text" and role == Qt.ItemDataRole.DisplayRole:
            return text.replace("\n", " ")[:200]
        return text

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if self._frame is None:
            return
        import numpy as np
        import pandas as pd

        key = COLUMNS[column][0]
        ranks = self._ranks.get(key)
        if ranks is None:  # ranks of every row by this column, computed once per column
            if key == "text":
                # Python's sort on str keys is ~3× faster than pandas' rank on objects.
                texts = self._text_lower.tolist()
                order_ = sorted(range(len(texts)), key=texts.__getitem__)
                ranks = np.empty(len(order_), dtype=np.int64)
                ranks[order_] = np.arange(len(order_))
            else:
                values = self._frame[key].to_numpy()
                ranks = pd.Series(values).rank(method="first", na_option="bottom").to_numpy()
            self._ranks[key] = ranks
        idx = np.argsort(ranks[self._order], kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            idx = idx[::-1]
        self.layoutAboutToBeChanged.emit()
        self._order = self._order[idx]
        self.layoutChanged.emit()
        self._sorted = (column, order)

    def set_filter(self, **criteria) -> None:
        """Show only the rows matching every criterion given (None or "" means any):
        ``text`` (substring, any case), ``theme``, ``sentiment``, ``area``, ``urgent`` (bool),
        ``reviewed`` (bool), ``confidence_below`` (float), ``ids`` (a set of item ids)."""
        if self._frame is None:
            return
        import numpy as np

        self._criteria.update(criteria)
        c = self._criteria
        frame = self._frame
        mask = np.ones(len(frame), dtype=bool)
        if c.get("text"):
            needle = c["text"].lower()
            mask &= np.fromiter((needle in t for t in self._text_lower), bool,
                                count=len(self._text_lower))  # fmt: skip
        if c.get("theme"):
            themes = frame["themes"].fillna("").to_numpy(dtype=object)
            mask &= np.fromiter((c["theme"] in t for t in themes), bool, count=len(themes))
        for key in ("sentiment", "area"):
            if c.get(key):
                mask &= (frame[key] == c[key]).to_numpy()
        if c.get("urgent") is not None:
            urgent = frame["urgency"].fillna("").astype(str).str.len().to_numpy() > 0
            mask &= urgent if c["urgent"] else ~urgent
        if c.get("reviewed") is not None:
            reviewed = frame["reviewed"].fillna(False).astype(bool).to_numpy()
            mask &= reviewed if c["reviewed"] else ~reviewed
        if c.get("confidence_below") is not None:
            mask &= (frame["confidence"].fillna(0.0) < c["confidence_below"]).to_numpy()
        if c.get("ids"):
            mask &= frame["id"].isin(c["ids"]).to_numpy()
        self.beginResetModel()
        self._order = np.flatnonzero(mask)
        self.endResetModel()
        if self._sorted is not None:
            self.sort(*self._sorted)

    def origin(self, row: int) -> str:
        """Where the row's item came from: file, row, date, customer, channel."""
        r = int(self._order[row])
        f = self._frame
        parts = [f"{f['source'].iat[r]}, row {f['source_row'].iat[r]}"] if "source_row" in f else []
        submitted = f["submitted"].iat[r] if "submitted" in f else None
        if submitted == submitted and submitted is not None:
            parts.append("submitted " + time.strftime("%Y-%m-%d %H:%M", time.gmtime(submitted)))
        for key, label in (("customer_id", "customer"), ("channel", "channel")):
            value = f[key].iat[r] if key in f else None
            if isinstance(value, str) and value:
                parts.append(f"{label} {value}")
        return "; ".join(parts)

    def loaded(self) -> int:
        """How many items are loaded, shown or filtered out."""
        return 0 if self._frame is None else len(self._frame)

    def frame_ids(self) -> list[int]:
        """Every item loaded, shown or filtered out."""
        return [] if self._frame is None else self._frame["id"].astype(int).tolist()

    def row_of(self, item_id: int) -> int | None:
        """The row showing ``item_id`` (None if it is not loaded or filtered out)."""
        import numpy as np

        if self._frame is None or item_id not in self._position:
            return None
        shown = np.flatnonzero(np.asarray(self._order) == int(self._position.get_loc(item_id)))
        return int(shown[0]) if len(shown) else None

    def item_id(self, row: int) -> int:
        return int(self._frame["id"].iat[int(self._order[row])])
