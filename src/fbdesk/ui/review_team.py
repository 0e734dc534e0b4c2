"""Review on a team workspace: every label edit carries the version of each item the
assessor read, so a save made on what someone else has changed since is refused with the
store's message (who changed what) and the row then shows their value; a change told while
the assessor is typing into a cell waits for that cell to close. Mixed into the Review
controller, whose runner, session, page and undo stack it uses."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QAbstractItemView

from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes


class TeamLabels:
    def _team_init(self) -> None:
        from fbdesk.services.team import OwnSaves

        self._own = OwnSaves()  # the versions this window's own saves made
        self._held: dict[int, dict] = {}  # an item's new labels, waiting for its cell to close
        self.page.table.itemDelegate().closeEditor.connect(lambda *_: self._release())

    def _team_reset(self) -> None:
        from fbdesk.services.team import OwnSaves

        self._own, self._held = OwnSaves(), {}

    def _push(self, edit, text: str) -> None:
        """Apply a label edit on the workspace's thread; once saved it is one undoable step.
        On a team workspace it carries the versions the assessor read; refused, it says why
        and the rows show what is in force now."""
        from fbdesk.services.edits import Labels
        from fbdesk.services.team import Versioned
        from fbdesk.ui.undo import push

        model = self.page.model
        if self.session.is_team and isinstance(edit, Labels):
            edit = Versioned(Labels(tuple(
                c if c.seen is not None else replace(c, seen=model.version_of(c.item_id))
                for c in edit.changes)), self._own)  # fmt: skip
        ids = list(edit.item_ids)

        def refused(message: str) -> None:
            self.ctx.error(message)
            self._update_items(ids)  # the row shows the label in force: someone else's

        changes = Changes(labels=True, item_ids=edit.item_ids)
        push(self.runner, self.ctx.undo_stack, edit, text, changes, failed=refused)

    def _update_items(self, ids: list[int]) -> None:
        from fbdesk.services.feedback_view import labels_in_force

        self.runner.run(Op(lambda ws, _p: labels_in_force(ws, ids), quiet=True)
                        .success(self._show_labels))  # fmt: skip

    def _show_labels(self, rows: list[dict]) -> None:
        """Show the labels in force of some items; the one whose cell the assessor is typing
        into keeps what they see (and the version they read) until the cell closes."""
        table = self.page.table
        if table.state() == QAbstractItemView.State.EditingState:
            editing = self.page.current_item_id()
            for row in rows:
                if row["id"] == editing:
                    self._held[editing] = row
            rows = [row for row in rows if row["id"] != editing]
        if rows:
            self.page.update_items(rows)

    def _release(self) -> None:
        """The cell closed (its edit, if any, asked for first): show what waited."""
        held, self._held = list(self._held.values()), {}
        if held:
            self.page.update_items(held)
