"""Undo and redo of the assessor's edits: one thin QUndoCommand over the plain-data commands
of ``services/edits.py``.

An edit is applied first, through the runner, on the workspace's thread; only when it is saved
does a :class:`Step` holding it and the inverse it returned go on the stack. An edit that fails
is never pushed: the stack stays as it was and the runner's message says why. Undo applies the
inverse (which returns the edit again), redo applies that; if either fails, the stack is moved
back to where it was, so it never claims what the workspace does not hold.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from fbdesk.ui.runner import Op, Runner
from fbdesk.ui.session import Changes


class Step(QUndoCommand):
    """An edit already applied, with what undoes it."""

    def __init__(self, runner: Runner, stack: QUndoStack, text: str, changes: Changes,
                 edit, inverse) -> None:  # fmt: skip
        super().__init__(text)
        self._runner, self._stack, self._changes = runner, stack, changes
        self._edit, self._inverse = edit, inverse
        self._applied = True  # pushed once saved: the first redo has nothing to do
        self._skip = False  # the stack moves back after a failure: nothing to apply

    def redo(self) -> None:
        if self._applied or self._skip:
            self._applied = self._skip = False
            return
        self._apply(self._edit, undoing=False)

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._apply(self._inverse, undoing=True)

    def _apply(self, command, undoing: bool) -> None:
        # Where this undo or redo leaves the stack (QUndoStack moves its index after the call).
        index = self._stack.index() + (-1 if undoing else 1)

        def applied(result) -> None:
            if undoing:
                self._edit = result
            else:
                self._inverse = result

        def failed(message: str) -> None:
            self._runner.failed.emit(f"{'Not undone' if undoing else 'Not redone'}: {message}")
            if self._stack.index() == index:  # put the stack back: nothing was changed
                self._skip = True
                (self._stack.redo if undoing else self._stack.undo)()

        label = f"{'Undoing' if undoing else 'Redoing'} {self.text()[:1].lower()}{self.text()[1:]}"
        self._runner.run(Op(lambda ws, _p: command.apply(ws), label, changes=self._changes,
                            typed=True)
                         .success(applied).failure(failed))  # fmt: skip


def push(runner: Runner, stack: QUndoStack, edit, text: str, changes: Changes,
         done: Callable[[], None] | None = None,
         failed: Callable[[str], None] | None = None) -> Op:  # fmt: skip
    """Apply ``edit`` on the workspace's thread; once it is saved, put it on the undo stack
    (and call ``done``). If it fails, nothing is pushed and the runner (or ``failed``, given
    the message) says why."""

    def saved(inverse) -> None:
        stack.push(Step(runner, stack, text, changes, edit, inverse))
        if done is not None:
            done()

    op = Op(lambda ws, _p: edit.apply(ws), text, changes=changes, typed=True).success(saved)
    return runner.run(op if failed is None else op.failure(failed))


def push_applied(runner: Runner, stack: QUndoStack, edit, inverse, text: str,
                 changes: Changes) -> None:  # fmt: skip
    """Put an edit applied elsewhere (a learning step's re-scoring) on the undo stack."""
    stack.push(Step(runner, stack, text, changes, edit, inverse))


class NoteStep(Step):
    """One of the assessor's words for the pack (the summary, a comment, a pin, a section left
    out). Typing into the same note, one save after another, is one step of undo: it undoes
    to what was there before the first save."""

    def __init__(self, runner: Runner, stack: QUndoStack, text: str, changes: Changes,
                 edit, inverse) -> None:  # fmt: skip
        super().__init__(runner, stack, text, changes, edit, inverse)
        self._typing = edit.kind in ("summary", "finding", "improvement")

    def id(self) -> int:
        return 0x5041434B if self._typing else -1  # "PACK"

    def mergeWith(self, other) -> bool:
        same = (isinstance(other, NoteStep) and other._typing
                and (other._edit.cycle, other._edit.kind, other._edit.key)
                == (self._edit.cycle, self._edit.kind, self._edit.key))  # fmt: skip
        if same:
            self._edit = other._edit  # redo gives the latest text; undo the first one's before
        return same


def push_note(runner: Runner, stack: QUndoStack, note, text: str) -> Op:
    """Store one of the pack's notes; once saved, put it on the undo stack. Typed text is on
    the page already (only the pack changes); a pin or a section changes what the page shows."""
    typing = note.kind in ("summary", "finding", "improvement")
    changes = Changes(pack=not typing)

    def saved(inverse) -> None:
        stack.push(NoteStep(runner, stack, text, Changes(pack=True), note, inverse))

    return runner.run(Op(lambda ws, _p: note.apply(ws), text, changes=changes, typed=True)
                      .success(saved))  # fmt: skip
