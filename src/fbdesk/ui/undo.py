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


class DecisionEdit(QUndoCommand):
    """Records a decision on an improvement; undo puts back what was there before (or the
    defaults of an improvement nobody had decided on)."""

    def __init__(self, ws, key: str, values: dict, text: str,
                 changed: Callable[[], None]) -> None:  # fmt: skip
        super().__init__(text)
        self._ws, self._key, self._values = ws, key, values
        self._before: dict = {}
        self._changed = changed

    def redo(self) -> None:
        from fbdesk.services.prioritize import decide

        before = decide(self._ws, self._key, **self._values)
        self._before = before or {"status": "proposed", "decision": "", "owner": "",
                                  "target_date": "", "effort": "M", "confidence": 0.8}  # fmt: skip
        self._changed()

    def undo(self) -> None:
        from fbdesk.services.prioritize import decide

        decide(self._ws, self._key, **{k: v for k, v in self._before.items()
                                       if k in self._values or k == "shipped_at"})  # fmt: skip
        self._changed()


class MergeEdit(QUndoCommand):
    """Merges one improvement candidate into another; undo separates them again."""

    def __init__(self, ws, key: str, into: str, text: str, changed: Callable[[], None]) -> None:
        super().__init__(text)
        self._ws, self._key, self._into, self._changed = ws, key, into, changed

    def redo(self) -> None:
        from fbdesk.services.prioritize import merge

        merge(self._ws, self._key, self._into)
        self._changed()

    def undo(self) -> None:
        from fbdesk.services.prioritize import unmerge

        unmerge(self._ws, self._key)
        self._changed()


class SplitEdit(QUndoCommand):
    """Moves feedback out of an improvement into a new one (or, without a source, makes a new
    improvement from feedback); undo removes the new one and the items go back."""

    def __init__(self, ws, source: str | None, item_ids: list[int], title: str,
                 changed: Callable[[], None]) -> None:  # fmt: skip
        super().__init__(f"Split {title}" if source else f"New improvement {title}")
        self._ws, self._source, self._ids, self._title = ws, source, item_ids, title
        self._changed = changed
        self.key: str | None = None

    def redo(self) -> None:
        from fbdesk.services import prioritize

        if self._source is None:
            self.key = prioritize.add_improvement(self._ws, self._title, self._ids)
        else:
            self.key = prioritize.split(self._ws, self._source, self._ids, self._title)
        self._changed()

    def undo(self) -> None:
        from fbdesk.services.prioritize import remove_improvement

        remove_improvement(self._ws, self.key)
        self._changed()


class LinkEdit(QUndoCommand):
    """Links feedback to an improvement by hand (or takes it out of one); undo forgets it."""

    def __init__(self, ws, key: str, item_ids: list[int], linked: bool, text: str,
                 changed: Callable[[], None]) -> None:  # fmt: skip
        super().__init__(text)
        self._ws, self._key, self._ids, self._linked = ws, key, item_ids, linked
        self._changed = changed

    def redo(self) -> None:
        from fbdesk.services.prioritize import link

        link(self._ws, self._key, self._ids, self._linked)
        self._changed()

    def undo(self) -> None:
        from fbdesk.services.prioritize import forget_links

        forget_links(self._ws, self._key, self._ids)
        self._changed()
