"""Undo and redo of the assessor's edits: a thin QUndoCommand over plain-data commands.

``redo`` and ``undo`` each hand one operation to the runner, which applies it on the
workspace's thread in its turn and tells the session what changed. What a command needs to
undo itself (the inverses, the decision before) is kept in a plain dict, filled on that thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from fbdesk.ui.runner import Op, Runner
from fbdesk.ui.session import Changes

UNDECIDED = {"status": "proposed", "decision": "", "owner": "", "target_date": "",
             "effort": "M", "confidence": 0.8}  # fmt: skip


class _Edit(QUndoCommand):
    def __init__(self, runner: Runner, text: str, changes: Changes) -> None:
        super().__init__(text)
        self._runner, self._changes = runner, changes
        self.state: dict = {}
        self.done: Callable[[], None] | None = None  # once the edit (not its undo) is saved

    def _run(self, fn, redo: bool = False) -> None:
        op = Op(fn, self.text(), changes=self._changes)
        if redo and self.done is not None:
            done = self.done
            op.success(lambda _result: done())
        self._runner.run(op)


class LabelEdit(_Edit):
    """Applies ``commands`` in one transaction; undo applies their inverses."""

    def __init__(self, runner: Runner, commands: list, text: str) -> None:
        ids = tuple(sorted({c.item_id for c in commands}))
        super().__init__(runner, text, Changes(labels=True, item_ids=ids))
        self._commands = commands

    def redo(self) -> None:
        from fbdesk.services.review import apply_all

        state, commands = self.state, self._commands

        def apply(ws, _progress) -> None:
            state["inverses"] = apply_all(ws, commands)

        self._run(apply)

    def undo(self) -> None:
        from fbdesk.services.review import apply_all

        state = self.state
        self._run(lambda ws, _p: apply_all(ws, state.get("inverses", [])))


class DecisionEdit(_Edit):
    """Records a decision on an improvement; undo puts back what was there before (or the
    defaults of an improvement nobody had decided on)."""

    def __init__(self, runner: Runner, key: str, values: dict, text: str) -> None:
        super().__init__(runner, text, Changes(decisions=True))
        self._key, self._values = key, values

    def redo(self) -> None:
        from fbdesk.services.prioritize import decide

        state, key, values = self.state, self._key, self._values

        def apply(ws, _progress) -> None:
            state["before"] = decide(ws, key, **values) or dict(UNDECIDED)

        self._run(apply, redo=True)

    def undo(self) -> None:
        from fbdesk.services.prioritize import decide

        state, key, keys = self.state, self._key, set(self._values)

        def apply(ws, _progress) -> None:
            before = state.get("before", UNDECIDED)
            decide(ws, key, **{k: v for k, v in before.items() if k in keys or k == "shipped_at"})

        self._run(apply)


class MergeEdit(_Edit):
    """Merges one improvement candidate into another; undo separates them again."""

    def __init__(self, runner: Runner, key: str, into: str, text: str) -> None:
        super().__init__(runner, text, Changes(decisions=True))
        self._key, self._into = key, into

    def redo(self) -> None:
        from fbdesk.services.prioritize import merge

        key, into = self._key, self._into
        self._run(lambda ws, _p: merge(ws, key, into))

    def undo(self) -> None:
        from fbdesk.services.prioritize import unmerge

        key = self._key
        self._run(lambda ws, _p: unmerge(ws, key))


class SplitEdit(_Edit):
    """Moves feedback out of an improvement into a new one (or, without a source, makes a new
    improvement from feedback); undo removes the new one and the items go back."""

    def __init__(self, runner: Runner, source: str | None, item_ids: list[int],
                 title: str) -> None:  # fmt: skip
        super().__init__(runner, f"Split {title}" if source else f"New improvement {title}",
                         Changes(decisions=True))  # fmt: skip
        self._source, self._ids, self._title = source, list(item_ids), title

    def redo(self) -> None:
        from fbdesk.services import prioritize

        state, source, ids, title = self.state, self._source, self._ids, self._title

        def apply(ws, _progress) -> None:
            if source is None:
                state["key"] = prioritize.add_improvement(ws, title, ids)
            else:
                state["key"] = prioritize.split(ws, source, ids, title)

        self._run(apply)

    def undo(self) -> None:
        from fbdesk.services.prioritize import remove_improvement

        state = self.state
        self._run(lambda ws, _p: remove_improvement(ws, state["key"]))


class LinkEdit(_Edit):
    """Links feedback to an improvement by hand (or takes it out of one); undo forgets it."""

    def __init__(self, runner: Runner, key: str, item_ids: list[int], linked: bool,
                 text: str) -> None:  # fmt: skip
        super().__init__(runner, text, Changes(decisions=True))
        self._key, self._ids, self._linked = key, list(item_ids), linked

    def redo(self) -> None:
        from fbdesk.services.prioritize import link

        key, ids, linked = self._key, self._ids, self._linked
        self._run(lambda ws, _p: link(ws, key, ids, linked))

    def undo(self) -> None:
        from fbdesk.services.prioritize import forget_links

        key, ids = self._key, self._ids
        self._run(lambda ws, _p: forget_links(ws, key, ids))


class LearningStep(_Edit):
    """A learning step's re-scoring, already applied when pushed: undo puts back every label
    it changed, redo applies it again (the workspace keeps both versions)."""

    def __init__(self, runner: Runner, step: int, items: int) -> None:
        super().__init__(runner, f"Learning from labels ({items:,} items re-scored)",
                         Changes(labels=True))  # fmt: skip
        self._step, self._applied = step, True

    def _swap(self) -> None:
        from fbdesk.services.review import swap_learning

        step = self._step
        self._run(lambda ws, _p: swap_learning(ws, step))

    def redo(self) -> None:
        if self._applied:  # pushed after it ran: nothing to do the first time
            self._applied = False
            return
        self._swap()

    def undo(self) -> None:
        self._swap()


class NoteEdit(_Edit):
    """Stores one of the assessor's words for the pack (the summary, a comment, a pin, a
    section left out); undo puts back what was there. Typing into the same note one save after
    another is one step of undo."""

    def __init__(self, runner: Runner, command, text: str) -> None:
        typing = command.kind in ("summary", "finding", "improvement")
        # typed text is on the page already; a pin or a section changes what the pack shows
        super().__init__(runner, text, Changes(pack=not typing))
        self._command = command
        self._merge_typing = typing

    def id(self) -> int:
        return 0x5041434B if self._merge_typing else -1  # "PACK"

    def mergeWith(self, other) -> bool:
        same = (isinstance(other, NoteEdit) and other._merge_typing
                and (other._command.cycle, other._command.kind, other._command.key)
                == (self._command.cycle, self._command.kind, self._command.key))  # fmt: skip
        if same:
            self._command = other._command
        return same

    def redo(self) -> None:
        from fbdesk.services.pack_notes import apply

        state, command = self.state, self._command

        def run(ws, _progress) -> None:
            inverse = apply(ws, command)
            state.setdefault("inverse", inverse)  # the first save's: what was there before

        self._run(run)
        self._changes = Changes(pack=True)  # a redo after an undo: the page reads it again

    def undo(self) -> None:
        from fbdesk.services.pack_notes import apply

        state = self.state
        self._changes = Changes(pack=True)
        self._run(lambda ws, _p: apply(ws, state["inverse"]) if "inverse" in state else None)
