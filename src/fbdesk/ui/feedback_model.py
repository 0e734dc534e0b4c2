"""The review table's model: reads columns directly, sorts and filters itself (no proxy)."""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

COLUMNS = [
    ("text", "Feedback"), ("submitted", "Date"), ("csat", "CSAT"), ("sentiment", "Sentiment"),
    ("themes", "Themes"), ("area", "Area"), ("urgency", "Urgency"), ("confidence", "Confidence"),
    ("reviewed", "Reviewed"), ("source", "Source"),
]  # fmt: skip


EDITABLE = ("sentiment", "themes", "area", "urgency")
NUMERIC = ("submitted", "csat", "confidence")


def prepared(columns: dict[str, list]) -> dict[str, list]:
    """``columns`` with what searching and sorting by text need (the text in lower case),
    computed where they are read, off the window's thread."""
    columns["text_lower"] = [(t or "").lower() for t in columns.get("text", ())]
    return columns


class FeedbackModel(QAbstractTableModel):
    """Rows are items; an edit is not written here but asked for with ``edit_requested``
    (item id, field, value), and shown once the window has stored it (:meth:`update_items`).

    The items are plain columns (lists, as read from the workspace), so the table shows them
    before numpy or pandas is loaded; sorting and filtering load numpy on first use and keep
    per column what they computed until the column changes."""

    edit_requested = Signal(int, str, object)

    def __init__(self, columns: dict[str, list] | None = None) -> None:
        super().__init__()
        self._cols: dict[str, list] = {}
        self._n = 0
        self._order = range(0)  # the rows shown: positions in the columns
        self._position: dict[int, int] = {}  # item id → position
        self._arrays: dict[str, object] = {}  # numpy arrays of columns, made when filtering
        self._ranks: dict[str, object] = {}  # per column, the rank of every position
        self._criteria: dict = {}
        self.theme_names: dict[str, str] = {}  # theme id → the name the assessor reads
        self._sorted: tuple | None = None
        if columns is not None:
            self.set_rows(columns)

    def set_rows(self, columns: dict[str, list]) -> None:
        """Show ``columns`` (every item of the cycle, one list per column, ``id`` among them)."""
        self.beginResetModel()
        self._cols = columns
        self._n = len(columns.get("id", ()))
        self._order = range(self._n)
        self._position = {item_id: at for at, item_id in enumerate(columns.get("id", ()))}
        self._arrays, self._ranks = {}, {}
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
        current = self._cols[key][self._order[index.row()]]
        if (current if isinstance(current, str) else "") == (value or ""):
            return False
        self.edit_requested.emit(self.item_id(index.row()), key, value)
        return True

    def update_items(self, rows: list[dict]) -> None:
        """Show the labels now in force for some items (one dict per item, keys as the
        columns')."""
        for row in rows:
            at = self._position.get(row["id"])
            if at is None:
                continue
            for key in (*EDITABLE, "primary_theme", "reviewed", "confidence", "blind", "twice",
                        "version"):
                if key in row and key in self._cols:
                    self._cols[key][at] = row[key]
                    self._ranks.pop(key, None)
                    self._arrays.pop(key, None)
            shown = self._shown_row(at)
            if shown is not None:
                self.dataChanged.emit(self.index(shown, 0), self.index(shown, len(COLUMNS) - 1))

    def _shown_row(self, at: int) -> int | None:
        if isinstance(self._order, range):
            return at if at < len(self._order) else None
        import numpy as np

        shown = np.flatnonzero(self._order == at)
        return int(shown[0]) if len(shown) else None

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
        value = self._cols[key][self._order[index.row()]]
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None or value != value else str(value)
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if key == "submitted":
            return time.strftime("%Y-%m-%d %H:%M", time.gmtime(float(value)))
        if key in ("csat", "confidence"):
            return f"{value:.2f}"
        if key == "reviewed":
            at = self._order[index.row()]
            blind, twice = self._cols.get("blind"), self._cols.get("twice")
            if blind is not None and blind[at]:
                return "✓ blind" if value else "blind"
            if twice is not None and twice[at] and not value:
                return "coded twice"
            return "✓" if value else ""
        text = str(value)
        if key == "themes" and self.theme_names:
            return "; ".join(self.theme_names.get(t.strip(), t.strip())
                             for t in text.split(";") if t.strip())  # fmt: skip
        if key == "text" and role == Qt.ItemDataRole.DisplayRole:
            return text.replace("\n", " ")[:200]
        return text

    # ------------------------------------------------------------------ sorting and filtering

    def _lower(self) -> list[str]:
        if "text_lower" not in self._cols:
            prepared(self._cols)
        return self._cols["text_lower"]

    def _array(self, key: str):
        """Column ``key`` as a numpy array (numbers as floats with NaN for none), kept."""
        import numpy as np

        array = self._arrays.get(key)
        if array is None:
            values = self._cols[key]
            if key in NUMERIC:
                array = np.array([np.nan if v is None else v for v in values], dtype=float)
            elif key == "reviewed":
                array = np.array([bool(v) for v in values], dtype=bool)
            else:
                array = np.array(values, dtype=object)
            self._arrays[key] = array
        return array

    def _rank(self, key: str):
        """The rank of every position by column ``key``, empty values last, ties in order."""
        import numpy as np

        ranks = self._ranks.get(key)
        if ranks is None:  # computed once per column
            if key in NUMERIC or key == "reviewed":
                order = np.argsort(self._array(key), kind="stable")  # NaN sorts last
            elif key == "text":  # Python's sort on str keys beats numpy's on objects
                order = sorted(range(self._n), key=self._lower().__getitem__)
            else:
                keys = [(True, "") if v is None or v != v else (False, str(v))
                        for v in self._cols[key]]  # fmt: skip
                order = sorted(range(self._n), key=keys.__getitem__)
            ranks = np.empty(self._n, dtype=np.int64)
            ranks[np.asarray(order, dtype=np.int64)] = np.arange(self._n)
            self._ranks[key] = ranks
        return ranks

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not self._cols or column < 0:  # -1: no column chosen, the order as received
            return
        import numpy as np

        shown = np.asarray(self._order, dtype=np.int64)
        idx = np.argsort(self._rank(COLUMNS[column][0])[shown], kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            idx = idx[::-1]
        self.layoutAboutToBeChanged.emit()
        self._order = shown[idx]
        self.layoutChanged.emit()
        self._sorted = (column, order)

    def set_filter(self, **criteria) -> None:
        """Show only the rows matching every criterion given (None or "" means any):
        ``text`` (substring, any case), ``theme``, ``sentiment``, ``area``, ``urgent`` (bool),
        ``reviewed`` (bool), ``confidence_below`` (float), ``ids`` (a set of item ids),
        ``mine`` (bool: in the person's queue), ``version`` (the app version the item was
        written on), ``language`` (the code of the language it was read in)."""
        if not self._cols:
            return
        import numpy as np

        self._criteria.update(criteria)
        c, cols, n = self._criteria, self._cols, self._n
        mask = np.ones(n, dtype=bool)
        if c.get("text"):
            needle = c["text"].lower()
            mask &= np.fromiter((needle in t for t in self._lower()), bool, count=n)
        if c.get("theme"):
            theme = c["theme"]
            mask &= np.fromiter((theme in (t or "") for t in cols["themes"]), bool, count=n)
        for key in ("sentiment", "area"):
            if c.get(key):
                mask &= self._array(key) == c[key]
        if c.get("version") and "app_version" in cols:
            mask &= self._array("app_version") == c["version"]
        if c.get("language") and "language" in cols:
            mask &= self._array("language") == c["language"]
        if c.get("urgent") is not None:
            urgent = np.fromiter((bool(u) for u in cols["urgency"]), bool, count=n)
            mask &= urgent if c["urgent"] else ~urgent
        if c.get("reviewed") is not None:
            reviewed = self._array("reviewed")
            mask &= reviewed if c["reviewed"] else ~reviewed
        if c.get("confidence_below") is not None:
            mask &= np.nan_to_num(self._array("confidence"), nan=0.0) < c["confidence_below"]
        if c.get("mine") is not None and "mine" in cols:
            mine = np.fromiter((bool(m) for m in cols["mine"]), bool, count=n)
            mask &= mine if c["mine"] else ~mine
        if c.get("ids"):
            ids = c["ids"]
            mask &= np.fromiter((i in ids for i in cols["id"]), bool, count=n)
        self.beginResetModel()
        self._order = np.flatnonzero(mask)
        self.endResetModel()
        if self._sorted is not None:
            self.sort(*self._sorted)

    # ------------------------------------------------------------------ the items

    def origin(self, row: int) -> str:
        """Where the row's item came from: file, row, date, customer, channel."""
        r, f = self._order[row], self._cols
        parts = [f"{f['source'][r]}, row {f['source_row'][r]}"] if "source_row" in f else []
        submitted = f["submitted"][r] if "submitted" in f else None
        if submitted is not None and submitted == submitted:
            parts.append("submitted " + time.strftime("%Y-%m-%d %H:%M", time.gmtime(submitted)))
        for key, label in (("customer_id", "customer"), ("channel", "channel")):
            value = f[key][r] if key in f else None
            if isinstance(value, str) and value:
                parts.append(f"{label} {value}")
        return "; ".join(parts)

    def loaded(self) -> int:
        """How many items are loaded, shown or filtered out."""
        return self._n

    def column(self, key: str) -> list:
        """Every loaded item's value of ``key`` (shown or filtered out)."""
        return self._cols.get(key, [])

    def loaded_ids(self) -> list[int]:
        """Every item loaded, shown or filtered out."""
        return [int(i) for i in self._cols.get("id", ())]

    def row_of(self, item_id: int) -> int | None:
        """The row showing ``item_id`` (None if it is not loaded or filtered out)."""
        at = self._position.get(item_id)
        return None if at is None else self._shown_row(at)

    def version_of(self, item_id: int) -> int | None:
        """The version of the item as read, on a team workspace (None: a workspace file)."""
        at = self._position.get(item_id)
        versions = self._cols.get("version")
        return None if at is None or versions is None else int(versions[at])

    def item_id(self, row: int) -> int:
        return int(self._cols["id"][self._order[row]])
