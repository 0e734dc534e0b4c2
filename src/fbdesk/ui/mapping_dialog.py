"""Before an import: what each file was recognised as, the role of every column with its
confidence, the first rows as they will be imported, and the rows that will be skipped."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.mapping import Role, SourceKind
from fbdesk.services.importing import ImportPlan

PREVIEW_ROWS = 10
CHECK_ROWS = 50_000  # rows checked for problems while the dialog is open


class FileMapping(QWidget):
    """One file's tab."""

    sheet_chosen = Signal(str)

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        raw = plan.table.raw
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of source")
        for k in SourceKind:
            self.kind.addItem(k.label, k.value)
        self.kind.setCurrentIndex(self.kind.findData(plan.mapping.kind.value))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form.addRow("Recognised as:", self.kind)
        if len(raw.sheets) > 1:
            self.sheet = QComboBox(self)
            self.sheet.setAccessibleName("Sheet")
            self.sheet.addItems(raw.sheets)
            self.sheet.setCurrentText(raw.sheet or raw.sheets[0])
            self.sheet.currentTextChanged.connect(self.sheet_chosen)
            form.addRow("Sheet:", self.sheet)
        where = raw.format + (f", sheet “{raw.sheet}”" if raw.sheet else "")
        where += f", {raw.encoding}" if raw.encoding else ""
        form.addRow("File:", QLabel(f"{where}; {plan.table.shape}; {len(plan.table.data):,} "
                                    "data rows"))  # fmt: skip
        if plan.mapping.remembered:
            form.addRow("", QLabel("The mapping is remembered from an earlier import."))
        for n in raw.notices:
            note = QLabel(f"⚠ {n}")
            note.setWordWrap(True)
            form.addRow("", note)
        layout.addLayout(form)

        self.columns = QTableWidget(0, 4, self)
        self.columns.setHorizontalHeaderLabels(["Column", "Role", "Confidence", "Example"])
        self.columns.setAccessibleName("Column roles")
        self.columns.verticalHeader().setVisible(False)
        self.columns.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(QLabel("Columns"))
        layout.addWidget(self.columns, 2)
        layout.addWidget(QLabel("The first rows as they will be imported"))
        self.preview = QTableWidget(0, 0, self)
        self.preview.setAccessibleName("Preview")
        layout.addWidget(self.preview, 2)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        self._fill_columns()
        self._refresh()

    def _fill_columns(self) -> None:
        self.columns.setRowCount(len(self.plan.mapping.columns))
        for row, choice in enumerate(self.plan.mapping.columns):
            name = QTableWidgetItem(choice.name)
            name.setToolTip(choice.description or choice.name)
            self.columns.setItem(row, 0, name)
            combo = QComboBox(self.columns)
            for role in Role:
                combo.addItem(role.value.replace("_", " "), role.value)
            combo.setCurrentIndex(combo.findData(choice.role.value))
            combo.currentIndexChanged.connect(
                lambda _i, r=row, c=combo: self._role_changed(r, Role(c.currentData()))
            )
            self.columns.setCellWidget(row, 1, combo)
            conf = QTableWidgetItem(f"{choice.confidence:.0%}")
            conf.setToolTip(choice.reason)
            self.columns.setItem(row, 2, conf)
            sample = self.plan.example(choice.index)
            self.columns.setItem(row, 3, QTableWidgetItem(sample[:120]))
        self.columns.resizeColumnsToContents()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.plan = self.plan.with_kind(kind)
        self.columns.clearContents()
        self._fill_columns()
        self._refresh()

    def _role_changed(self, row: int, role: Role) -> None:
        self.plan.mapping.set_role(self.plan.mapping.columns[row].index, role)
        for r, choice in enumerate(self.plan.mapping.columns):  # a moved single role shows
            combo = self.columns.cellWidget(r, 1)
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(choice.role.value))
            combo.blockSignals(False)
        self._refresh()

    def _refresh(self) -> None:
        try:
            rows, problems = self.plan.check(PREVIEW_ROWS, CHECK_ROWS)
        except FbdeskError as exc:
            self.preview.setRowCount(0)
            self.problems.setText(f"⚠ {exc.what}. {exc.hint}")
            self.ok = False
            return
        self.ok = True
        keys = [k for k in (rows[0].keys() if rows else []) if k != "source_row"]
        keys = [k for k in keys if any(r.get(k) not in (None, "") for r in rows)]
        self.preview.setColumnCount(len(keys))
        self.preview.setHorizontalHeaderLabels([k.replace("_", " ") for k in keys])
        self.preview.setRowCount(len(rows))
        self.preview.setWordWrap(False)
        for r, values in enumerate(rows):
            for c, k in enumerate(keys):
                v = values.get(k)
                self.preview.setItem(r, c, QTableWidgetItem("" if v is None else str(v)[:200]))
        if "text" in keys:
            self.preview.setColumnWidth(keys.index("text"), 320)
        self.problems.setText("\n".join(problems) if problems else "No problems found.")


class MappingDialog(QDialog):
    def __init__(self, plans: list[ImportPlan], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import — check the mapping")
        self.resize(980, 700)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.files = []
        for p in plans:
            self._add(p)
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.message = QLabel(self)
        layout.addWidget(self.message)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)

    def _add(self, plan: ImportPlan, at: int | None = None) -> None:
        page = FileMapping(plan, self.tabs)
        page.sheet_chosen.connect(lambda name, page=page: self._choose_sheet(page, name))
        if at is None:
            self.files.append(page)
            self.tabs.addTab(page, plan.path.name)
        else:
            self.files[at] = page
            self.tabs.removeTab(at)
            self.tabs.insertTab(at, page, plan.path.name)
            self.tabs.setCurrentIndex(at)

    def _choose_sheet(self, page: FileMapping, name: str) -> None:
        from fbdesk.services.importing import plan_import

        at = self.files.index(page)
        try:
            plan = plan_import(page.plan.path, sheet=name)
        except FbdeskError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText("")
        self._add(plan, at)

    def _accept(self) -> None:
        bad = [f.plan.path.name for f in self.files if not f.ok]
        if bad:
            self.message.setText("Fix the mapping of " + ", ".join(bad) + " first.")
            return
        self.accept()

    def plans(self) -> list[ImportPlan]:
        return [f.plan for f in self.files]
