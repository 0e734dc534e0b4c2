"""The small progress/cancel object every long computation takes."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fbdesk.domain.errors import Cancelled


class Progress:
    """Reports progress and answers whether cancellation was asked for.

    Computations call :meth:`step` (fraction 0…1 and a short text) and :meth:`check`, which
    raises :class:`Cancelled` once :meth:`cancel` was called from any thread.
    """

    def __init__(self, on_change: Callable[[float, str], None] | None = None) -> None:
        self._on_change = on_change
        self._cancel = threading.Event()
        self.fraction = 0.0
        self.text = ""

    def step(self, fraction: float, text: str = "") -> None:
        self.check()
        self.fraction = max(0.0, min(1.0, fraction))
        if text:
            self.text = text
        if self._on_change is not None:
            self._on_change(self.fraction, self.text)

    def part(self, start: float, end: float) -> Progress:
        """A progress for one stage of a longer job: its 0…1 is this one's ``start…end``, and
        cancelling either cancels both."""
        child = Progress(lambda f, text: self.step(start + (end - start) * f, text))
        child._cancel = self._cancel
        return child

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("Cancelled; nothing was changed")
