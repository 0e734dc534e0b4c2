"""Every menu action of the window in one table: menu, text, shortcut, what it calls.

The shortcut is a ``QKeySequence.StandardKey`` name or a key sequence; the target is a
controller's method (``review.learn``), a window method (``find``), a step to show
(``step:Review``), or ``undo``/``redo``/``recent``. ``-`` is a separator."""

from __future__ import annotations

STEPS = ["Overview", "Import", "Review", "Correlate", "Prioritize", "Report"]

ACTIONS: list[tuple[str, str, str | None, str]] = [
    ("&File", "&New Workspace…", "New", "workspace.new"),
    ("&File", "&Open Workspace…", "Open", "workspace.open"),
    ("&File", "Open &Recent", None, "recent"),
    ("&File", "Save &As…", "SaveAs", "workspace.save_as"),
    ("&File", "-", None, ""),
    ("&File", "&Import…", "Ctrl+I", "importer.choose"),
    ("&File", "&Export Review Table…", "Ctrl+E", "review.export"),
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
    ("&Review", "&Classify Again", None, "review.classify_again"),
    ("&Review", "&Learn from Labels", None, "review.learn"),
    ("&Review", "&Discover Themes…", None, "review.discover_themes"),
    ("&Review", "&Taxonomy…", None, "review.edit_taxonomy"),
    ("&Help", "&About fbdesk", None, "about"),
    ("&Help", "Open &Log Folder", None, "open_logs"),
]


def undo_text(prefix: str, text: str) -> str:
    """The Undo (or Redo) item named after the edit; an "&" in that name (an improvement
    called "Reliability & errors") is shown as written, not taken for a keyboard mnemonic."""
    return f"{prefix} {text.replace('&', '&&')}" if text else prefix
