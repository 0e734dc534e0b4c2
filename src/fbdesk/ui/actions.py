"""Every menu action of the window in one table: menu, text, shortcut, what it calls.

The shortcut is a ``QKeySequence.StandardKey`` name or a key sequence; the target is a
controller's method (``review.learn``), a window method (``find``), a step to show
(``step:Review``), or ``undo``/``redo``/``recent``. ``-`` is a separator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence

STEPS = ["Overview", "Import", "Review", "Correlate", "Prioritize", "Report"]

ACTIONS: list[tuple[str, str, str | None, str]] = [
    ("&File", "&New Workspace…", "New", "workspace.new"),
    ("&File", "&Open Workspace…", "Open", "workspace.open"),
    ("&File", "Open &Team Workspace…", "Ctrl+Shift+O", "workspace.open_team"),
    ("&File", "Open &Recent", None, "recent"),
    ("&File", "Save &As…", "SaveAs", "workspace.save_as"),
    ("&File", "-", None, ""),
    ("&File", "&Import…", "Ctrl+I", "importer.choose"),
    ("&File", "&Export Review Table…", "Ctrl+E", "review.export"),
    ("&File", "-", None, ""),
    ("&File", "&Work As…", None, "work_as"),
    ("&File", "-", None, ""),
    ("&File", "&Quit", "Quit", "close"),
    ("&Edit", "&Undo", "Undo", "undo"),
    ("&Edit", "&Redo", "Redo", "redo"),
    ("&Edit", "-", None, ""),
    ("&Edit", "&Find", "Find", "find"),
    *[("&View", step, f"Ctrl+{n}", f"step:{step}") for n, step in enumerate(STEPS)],
    ("&View", "-", None, ""),
    ("&View", "Inbox and &Alerts", "Ctrl+Shift+A", "inbox.open"),
    ("&View", "&Cycle over Cycle…", "Ctrl+Shift+C", "workspace.show_cycles"),
    ("&View", "&Releases and Adoption…", "Ctrl+Shift+R", "releases.open"),
    ("&Review", "&Classify Again", None, "review.classify_again"),
    ("&Review", "&Learn from Labels", None, "review.learn"),
    ("&Review", "&Discover Themes…", None, "review.discover_themes"),
    ("&Review", "&Taxonomy…", None, "review.edit_taxonomy"),
    ("&Review", "&Split into Queues…", None, "review.split_queues"),
    ("&Review", "&Reconcile Double Coding…", None, "review.reconcile"),
    ("&Review", "&Import Coded Labels…", None, "review.import_labels"),
    ("&Help", "&About fbdesk", None, "about"),
    ("&Help", "Open &Log Folder", None, "open_logs"),
]


def undo_text(prefix: str, text: str) -> str:
    """The Undo (or Redo) item named after the edit; an "&" in that name (an improvement
    called "Reliability & errors") is shown as written, not taken for a keyboard mnemonic."""
    return f"{prefix} {text.replace('&', '&&')}" if text else prefix


class Menus:
    """The window's menu bar made from :data:`ACTIONS`; ``actions`` by target."""

    def __init__(self, window) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        menus: dict = {}
        for menu_title, text, shortcut, target in ACTIONS:
            if menu_title not in menus:
                menus[menu_title] = window.menuBar().addMenu(menu_title)
            menu = menus[menu_title]
            if text == "-":
                menu.addSeparator()
                continue
            if target == "recent":
                self.recent = menu.addMenu(text)
                self.fill_recent()
                window.workspace.recent_changed.connect(lambda _paths: self.fill_recent())
                continue
            if target in ("undo", "redo"):
                action = self._undo_action(target, text)
            else:
                action = QAction(text, window)
                action.triggered.connect(self._slot(target))
            if shortcut:
                standard = getattr(QKeySequence.StandardKey, shortcut, None)
                action.setShortcut(standard or QKeySequence(shortcut))
            menu.addAction(action)
            self.actions[target] = action

    def _slot(self, target: str):
        window = self.window
        if target.startswith("step:"):
            return lambda _=False: window.show_step(target[5:])
        owner, _, name = target.rpartition(".")
        return lambda _=False: getattr(getattr(window, owner) if owner else window, name)()

    def _undo_action(self, kind: str, prefix: str) -> QAction:
        """Undo/Redo named after the edit, an "&" in its name shown as written."""
        action = QAction(prefix, self.window)
        stack = self.window.undo_stack
        action.triggered.connect(stack.undo if kind == "undo" else stack.redo)
        can, text = (
            (stack.canUndoChanged, stack.undoTextChanged)
            if kind == "undo"
            else (stack.canRedoChanged, stack.redoTextChanged)
        )
        action.setEnabled(False)
        can.connect(action.setEnabled)
        text.connect(lambda t: action.setText(undo_text(prefix, t)))
        return action

    def fill_recent(self) -> None:
        self.recent.clear()
        recent = self.window.workspace.recent()
        for path in recent:
            self.recent.addAction(path, lambda p=path: self.window.open_workspace(
                p if p.startswith(("postgresql://", "postgres://")) else Path(p)))
        self.recent.setEnabled(bool(recent))
