"""Run long work off the GUI thread; results and errors arrive on the GUI thread as signals."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.progress import Progress

log = logging.getLogger(__name__)


class Worker(QObject):
    """Runs ``fn(progress)`` on its own thread. Emits ``progressed``, then ``succeeded`` or
    ``failed`` (a message for a person); ``cancel()`` asks the work to stop."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: Callable[[Progress], object]) -> None:
        super().__init__()
        self._fn = fn
        self.progress = Progress(lambda f, t: self.progressed.emit(f, t))
        self._thread = QThread()
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)
        self.finished.connect(self._thread.quit)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.progress.cancel()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    def _run(self) -> None:
        try:
            result = self._fn(self.progress)
        except FbdeskError as exc:
            self.failed.emit(exc.message)
        except Exception as exc:
            log.exception("background work failed")
            self.failed.emit(f"Something unexpected went wrong ({type(exc).__name__}: {exc}). "
                             "Nothing was changed; the details are in the log file.")  # fmt: skip
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()
