"""The only door from the window to the workspace: one thread owns the connection and runs
every read and write, one at a time, in the order they were asked for.

An operation is a plain function ``fn(ws, progress)`` wrapped in an :class:`Op`::

    runner.run(Op(lambda ws, progress: decide(ws, key, **values), "Saving the decision",
                  changes=Changes(decisions=True)).success(shown))

Its result (or its error, as a message for a person) comes back on the GUI thread. A write
asked for while another operation runs waits its turn (the status bar says for what), so
nothing is lost and no two transactions meet. A recomputation given a ``latest`` key (the
ranking, the correlations, the KPIs) replaces the one of the same key still waiting and
stops the one running: the latest request wins.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from fbdesk.domain.errors import Cancelled, FbdeskError
from fbdesk.domain.progress import Progress
from fbdesk.ui.session import Changes, Session

log = logging.getLogger(__name__)

_OPEN = object()  # an operation whose result becomes the open workspace


class Op:
    """One read or write of the workspace, run by the :class:`Runner`."""

    def __init__(self, fn: Callable[[Any, Progress], Any], label: str = "", *,
                 write: bool = False, latest: str | None = None, quiet: bool = False,
                 changes: Changes | None = None, needs_workspace: bool = True,
                 typed: bool = False) -> None:  # fmt: skip
        self.fn = fn
        self.label = label  # what it does, in the assessor's words ("Importing 2 files")
        self.write = write or changes is not None
        self.latest = latest
        self.quiet = quiet  # no progress in the status bar (a read the page itself announces)
        self.changes = changes
        self.needs_workspace = needs_workspace
        # What the assessor typed (a label, a decision, a note): saved even when the window
        # closes while it waits for a longer task, never cancelled with that task.
        self.typed = typed
        self.progress = Progress()
        self.superseded = False
        self.generation = -1
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[str], None] | None = None
        self._progressed: Callable[[float, str], None] | None = None
        self._kind: object | None = None

    def success(self, callback: Callable[[Any], None]) -> Op:
        self._success = callback
        return self

    def failure(self, callback: Callable[[str], None]) -> Op:
        self._failure = callback
        return self

    def progressed(self, callback: Callable[[float, str], None]) -> Op:
        self._progressed = callback
        return self

    def cancel(self) -> None:
        self.progress.cancel()


class Runner(QObject):
    """Owns the workspace's thread. ``busy_changed`` and ``progressed`` drive the status bar;
    ``failed`` carries the message of an operation without a failure callback; ``waiting``
    says that a write was queued behind the operation running."""

    busy_changed = Signal(bool)
    progressed = Signal(float, str)
    failed = Signal(str)
    waiting = Signal(str)
    _finished = Signal(int, bool, object)  # from the thread: op id, succeeded, result
    _step = Signal(int, float, str)  # from the thread: op id, fraction, text

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._ops: dict[int, Op] = {}  # asked for and not finished, oldest first
        self._ids = itertools.count(1)
        self._queue: queue.Queue = queue.Queue()
        self._ws = None  # the open workspace, touched only on the thread
        self._finished.connect(self._deliver)
        self._step.connect(self._relay_step)
        self._thread = threading.Thread(target=self._loop, name="fbdesk-workspace", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ asking

    @property
    def idle(self) -> bool:
        """Nothing asked for is still waiting or running."""
        return not self._ops

    def labels(self) -> list[str]:
        """What is running and waiting, oldest first."""
        return [op.label for op in self._ops.values()]

    def run(self, op: Op) -> Op:
        if op.latest is not None:
            for other in self._ops.values():
                if other.latest == op.latest and not other.superseded:
                    other.superseded = True
                    other.cancel()
        if op.write and self._ops:
            running = next(iter(self._ops.values()))
            if running.label and not (running.superseded or running.quiet):  # a long task
                self.waiting.emit(f"“{op.label or 'Saving'}” waits for “{running.label}” to "
                                  "end; it is saved then")  # fmt: skip
        op.generation = self.session.generation
        op_id = next(self._ids)
        was_idle = self.idle
        self._ops[op_id] = op
        # The thread gets the function and the progress, never the Op and its callbacks: the
        # widgets those hold are freed here, on the GUI thread.
        self._queue.put((op_id, op.fn, op.progress, op._kind, op.needs_workspace))
        if was_idle:
            self.busy_changed.emit(True)
        return op

    def open(self, path, create: bool = False) -> Op:
        """An operation opening ``path`` on the thread, to run: on success it becomes the
        session's workspace (the one open before is closed there). Its failure callback gets
        the error itself (a damaged workspace may have a backup to offer)."""
        from fbdesk.services.workspace import cycles, open_workspace

        def open_(_ws, _progress):
            ws = open_workspace(path, create=create, keep_backup=True)
            try:
                return ws, cycles(ws)
            except Exception:
                ws.close()
                raise

        server = isinstance(path, str) and path.startswith(("postgresql://", "postgres://"))
        op = Op(open_, "Connecting to the server" if server else f"Opening {Path(path).name}",
                needs_workspace=False)  # fmt: skip
        op._kind = _OPEN
        return op

    def cancel_running(self) -> None:
        """Ask the operation running now to stop (it leaves the workspace as it was)."""
        for op in self._ops.values():
            op.cancel()
            return

    def long_writes(self) -> list[str]:
        """The tasks running or waiting that change the workspace and are not the assessor's
        own edits (an import, classifying, learning): what closing the window stops."""
        return [op.label or "Saving" for op in self._ops.values()
                if op.write and not op.typed and not op.superseded]  # fmt: skip

    def close(self) -> None:
        """Stop what runs and what waits — but the assessor's edits waiting their turn are
        saved first (a label typed during an import is not lost by quitting) — then close the
        workspace on its thread and end the thread."""
        for op in self._ops.values():
            op.superseded = True  # nothing is delivered to a closing window
            if not op.typed:
                op.cancel()
        self._queue.put(None)
        self._thread.join(60)
        self._ops.clear()

    # ------------------------------------------------------------------ the thread

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                break
            op_id, fn, progress, kind, needs_workspace = job
            del job
            progress._on_change = lambda f, t, i=op_id: self._step.emit(i, f, t)
            ok, result = True, None
            try:
                if progress.cancelled:
                    raise Cancelled("Cancelled; nothing was changed")
                if needs_workspace and self._ws is None:
                    raise Cancelled("No workspace is open")
                result = fn(self._ws, progress)
                if kind is _OPEN:
                    old, self._ws = self._ws, result[0]
                    if old is not None:
                        old.close()
            except FbdeskError as exc:  # Cancelled included: "nothing was changed"
                ok, result = False, exc
            except Exception as exc:  # said as a message, logged in full
                log.exception("workspace operation failed")
                ok, result = False, FbdeskError(
                    f"Something unexpected went wrong ({type(exc).__name__}: {exc}). Nothing "
                    "was changed; the details are in the log file.")  # fmt: skip
            del fn, progress
            self._finished.emit(op_id, ok, result)
            del result
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    # ------------------------------------------------------------------ back on the GUI thread

    @Slot(int, float, str)
    def _relay_step(self, op_id: int, fraction: float, text: str) -> None:
        op = self._ops.get(op_id)
        if op is None or op.superseded:
            return
        if op._progressed is not None:
            op._progressed(fraction, text)
        if not op.quiet:
            self.progressed.emit(fraction, text)

    @Slot(int, bool, object)
    def _deliver(self, op_id: int, ok: bool, result: object) -> None:
        op = self._ops.pop(op_id, None)
        try:
            if op is None or op.superseded:
                return
            if op._kind is _OPEN:
                if ok:
                    self.session.set_workspace(*result)
                elif op._failure is not None:
                    op._failure(result)  # the error itself: a damaged file offers its backup
                    return
            if op.generation != self.session.generation and op._kind is not _OPEN:
                return  # asked for in a workspace closed since
            if ok:
                if op._success is not None:
                    op._success(result)
                if op.changes is not None:
                    self.session.notify(op.changes)
            elif isinstance(result, Cancelled) and op.latest is not None:
                return  # a recomputation stopped for a newer one
            elif op._failure is not None:
                op._failure(result.message)
            else:
                self.failed.emit(result.message)
        finally:
            if self.idle:
                self.busy_changed.emit(False)
