"""What every step's controller is made with, and how a step keeps itself up to date.

A controller gets a :class:`Context` — the session, the runner, the undo stack and three ways
to speak to the assessor — not the window. It listens to ``session.changed`` and computes
what its page shows when that changed and the page is shown (or, with ``always``, at once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from fbdesk.ui.runner import Runner
from fbdesk.ui.session import Changes, Session


@dataclass
class Context:
    session: Session
    runner: Runner
    undo_stack: QUndoStack
    parent: QWidget  # of the dialogs a step opens
    say: Callable[..., None]  # a line in the status bar: say(text, ms=8000)
    error: Callable[[str], None]  # a message box
    go: Callable[[str], None]  # show a step by name


class StepController(QObject):
    """``relevant`` names the :class:`Changes` that make the page out of date. ``always``
    computes at once; otherwise when the page is next shown."""

    relevant: tuple[str, ...] = ()
    always = False

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.session, self.runner = ctx.session, ctx.runner
        self.shown = False
        self._computed_at = -1  # the session's version the page shows
        self._wanted = 0  # the session's version of the last change relevant to the page
        self.session.changed.connect(self._changed)

    @property
    def stale(self) -> bool:
        return self._computed_at != self._wanted

    def _changed(self, changes: Changes) -> None:
        if changes.workspace:
            self.clear()
        if any(getattr(changes, name) for name in self.relevant):
            self._wanted = self.session.version
            self.changed(changes)

    def changed(self, changes: Changes) -> None:
        """Something relevant changed: a page kept up to date at all times asks at once (the
        runner takes requests in order: the Review table is read first), the step shown once
        the change has been told to everyone."""
        if self.always:
            self._compute_if_stale()
        elif self.shown:
            QTimer.singleShot(0, self._compute_if_stale)

    def set_shown(self, shown: bool) -> None:
        self.shown = shown
        if shown:
            QTimer.singleShot(0, self._compute_if_stale)

    def _compute_if_stale(self) -> None:
        if self.stale and self.session.is_open and (self.always or self.shown):
            self._computed_at = self._wanted
            self.compute()

    def computed(self) -> None:
        """The page shows what is in the workspace now (say so when it came another way)."""
        self._computed_at = self._wanted

    def compute(self) -> None:  # pragma: no cover - every step has its own
        pass

    def clear(self) -> None:
        """Another workspace: nothing of the one before stays on the page."""
