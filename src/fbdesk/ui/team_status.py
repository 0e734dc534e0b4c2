"""What the window shows of a team workspace: where it is and who you are (status bar),
others' changes as they come (:class:`~fbdesk.ui.team_watch.TeamWatch` told to the session),
and a banner while the server cannot be reached."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from fbdesk.ui.controller import Context
from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes
from fbdesk.ui.team_watch import TeamWatch


class TeamStatus(QObject):
    def __init__(self, ctx: Context, poll: float = 2.0) -> None:
        super().__init__(ctx.parent)
        self.ctx, self.session, self.runner = ctx, ctx.session, ctx.runner
        self.poll = poll
        self.watch: TeamWatch | None = None
        self._generation = -1
        self.label = QLabel()  # in the status bar: the address, the person, live or not
        self.label.setObjectName("teamStatus")
        self.label.setVisible(False)
        self.banner = QLabel()
        self.banner.setObjectName("teamBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #611a15; padding: 6px; "
                                  "border: 1px solid #f5c2c0; border-radius: 3px")  # fmt: skip
        self.banner.setVisible(False)
        self.live = True
        self.session.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if not changes.workspace or self.session.generation == self._generation:
            return
        self._generation = self.session.generation
        self.stop()
        self.banner.setVisible(False)
        if not self.session.is_team:
            self.label.setVisible(False)
            return
        self.live = True
        self._show_label()
        self.watch = TeamWatch(self.session.server, self.poll, self)
        self.watch.changed.connect(self._others_changed)
        self.watch.lost.connect(self._lost)
        self.watch.restored.connect(self._restored)

    def _show_label(self, note: str = "") -> None:
        state = note or ("others' changes shown as they come" if self.live else "not connected")
        self.label.setText(f"Team workspace {self.session.address} · you are "
                           f"{self.session.person} · {state}")  # fmt: skip
        self.label.setVisible(True)

    def _others_changed(self, ids: list) -> None:
        if self.session.is_team:
            self.session.notify(Changes(labels=True, item_ids=tuple(sorted(ids))))

    def _lost(self, message: str) -> None:
        self.live = False
        self.banner.setText("<b>The team workspace cannot be reached.</b> Others' changes are "
                            "not shown and yours cannot be saved until it is back; fbdesk tries "
                            "again every 2 seconds. Check the network and that the server "
                            "runs.")  # fmt: skip
        self.banner.setToolTip(message)  # what the server or the network said
        self.banner.setVisible(True)
        self._show_label()
        self.ctx.say("The connection to the team workspace was lost", 15000)

    def _restored(self) -> None:
        from fbdesk.services import team

        self.live = True
        self.banner.setVisible(False)
        self._show_label()
        self.ctx.say("Connected to the team workspace again; what changed meanwhile is shown",
                     15000)  # fmt: skip
        # The window's own connection too, where it was lost; then everything read again.
        self.runner.run(Op(lambda ws, _p: team.reconnect(ws), quiet=True, write=True,
                           changes=Changes(labels=True)).failure(lambda _m: None))  # fmt: skip

    def stop(self) -> None:
        if self.watch is not None:
            self.watch.stop()
            self.watch.deleteLater()
            self.watch = None
