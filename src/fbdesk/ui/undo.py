"""Undo and redo of the assessor's edits: a thin QUndoCommand over plain-data label commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from fbdesk.services.review import LabelCommand, apply_all


class LabelEdit(QUndoCommand):
    """Applies ``commands`` in one transaction; undo applies their inverses."""

    def __init__(self, ws, commands: list[LabelCommand], text: str,
                 changed: Callable[[list[int]], None]) -> None:  # fmt: skip
        super().__init__(text)
        self._ws = ws
        self._commands = commands
        self._inverses: list[LabelCommand] = []
        self._changed = changed

    def redo(self) -> None:
        self._inverses = apply_all(self._ws, self._commands)
        self._changed(sorted({c.item_id for c in self._commands}))

    def undo(self) -> None:
        apply_all(self._ws, self._inverses)
        self._changed(sorted({c.item_id for c in self._commands}))
