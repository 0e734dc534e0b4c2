"""Run long work off the GUI thread; progress, results and errors arrive on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.progress import Progress

log = logging.getLogger(__name__)


class _Job(QObject):
    """Lives on the worker thread and runs the function there."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: Callable[[Progress], object], progress: Progress) -> None:
        super().__init__()
        self._fn = fn
        self.progress = progress

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self.progress)
        except FbdeskError as exc:  # Cancelled included: "nothing was changed"
            self.failed.emit(exc.message)
        except Exception as exc:  # shown as a message, logged in full
            log.exception("background work failed")
            self.failed.emit(f"Something unexpected went wrong ({type(exc).__name__}: {exc}). "
                             "Nothing was changed; the details are in the log file.")  # fmt: skip
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class Worker(QObject):
    """Runs ``fn(progress)`` on its own thread. ``progressed``, ``succeeded``, ``failed`` (a
    message for a person) and ``finished`` are emitted on the thread that made the Worker, so
    any callable connected to them may touch widgets; ``cancel()`` asks the work to stop."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: Callable[[Progress], object]) -> None:
        super().__init__()
        self._thread = QThread()
        # No reference cycle through Qt objects: a cycle is freed by Python's collector,
        # which may run on the worker thread, and PySide 6.11 then defers the deletion to the
        # main thread under a lock that can deadlock with the GIL (seen as a hang in tests).
        import weakref

        holder: list = [lambda: None]  # a weak reference to the job, set once it exists

        def relay(fraction: float, text: str) -> None:
            job = holder[0]()
            if job is not None:
                job.progressed.emit(fraction, text)

        self._job = _Job(fn, Progress(relay))
        holder[0] = weakref.ref(self._job)
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        # Bound methods of this object: queued to its thread, whatever thread emits.
        self._job.progressed.connect(self._relay_progress)
        self._job.succeeded.connect(self._relay_success)
        self._job.failed.connect(self._relay_failure)
        self._job.finished.connect(self._relay_finished)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._job.progress.cancel()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    @Slot(float, str)
    def _relay_progress(self, fraction: float, text: str) -> None:
        self.progressed.emit(fraction, text)

    @Slot(object)
    def _relay_success(self, result: object) -> None:
        self.succeeded.emit(result)

    @Slot(str)
    def _relay_failure(self, message: str) -> None:
        self.failed.emit(message)

    @Slot()
    def _relay_finished(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self.finished.emit()
