"""While a team workspace is open, what others change in it: a thread of its own, on a
connection of its own, waits for the server's notifications (and looks at the items' versions
every two seconds, which is all there is where notifications do not come), so the window's
thread never waits on the network. The session is told ``Changes(labels=True, item_ids=…)``
as for one's own edits; a lost connection is said, and looked for again every two seconds."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from fbdesk.domain.errors import FbdeskError

log = logging.getLogger(__name__)

AGAIN = 2.0  # seconds between two tries to reach a server that was lost


class TeamWatch(QObject):
    changed = Signal(list)  # item ids others changed; empty: perhaps any (after a loss)
    lost = Signal(str)  # the message: the server cannot be reached
    restored = Signal()
    watching = Signal(bool)  # notifications come (False: only the two-second look)

    def __init__(self, address: str, poll: float = 2.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address, self.poll = address, poll
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="fbdesk-team-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (within about half a second) and close the connection."""
        self._stop.set()
        self._thread.join(5)

    def _loop(self) -> None:
        from fbdesk.services import team

        watcher, down = None, False
        while not self._stop.is_set():
            if watcher is None:
                try:
                    watcher = team.watch(self.address, self.poll)
                except FbdeskError as exc:
                    if not down:
                        down = True
                        self.lost.emit(exc.message)
                    self._stop.wait(AGAIN)
                    continue
                except Exception as exc:  # said, logged, tried again
                    log.exception("watching the team workspace")
                    if not down:
                        down = True
                        self.lost.emit(f"The server cannot be reached ({type(exc).__name__})")
                    self._stop.wait(AGAIN)
                    continue
                self.watching.emit(watcher.listening)
                if down:
                    down = False
                    self.restored.emit()
            try:
                ids = watcher.changes(timeout=0.5)
            except FbdeskError as exc:
                watcher.close()
                watcher, down = None, True
                self.lost.emit(exc.message)
                self._stop.wait(AGAIN)
                continue
            if ids:
                self.changed.emit(ids)
        if watcher is not None:
            watcher.close()
