"""Releases and adoption: the dialog the cycle chooser's "Releases…" opens. Everything is
read on the runner when the dialog opens (and again after each edit); every edit of the
release list is one step of Edit ▸ Undo. The dialog's module (and pyqtgraph) load on first
use, not at start."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from fbdesk.ui.controller import Context
from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes
from fbdesk.ui.undo import push

CHANGES = Changes(releases=True)


def read_all(ws, progress, cycle: int | None, scope: str) -> dict:
    """The release list with each period's items, the versions seen, before and after each
    release (every item, whichever cycle), and adoption in the cycle shown."""
    from fbdesk.services import releases
    from fbdesk.services.adoption import adoption

    counts = releases.item_slices(ws)["release"].value_counts()
    return {"releases": releases.release_list(ws),
            "counts": {str(k): int(v) for k, v in counts.items()},
            "proposals": releases.propose(ws), "compare": releases.compare(ws, progress),
            "adoption": adoption(ws, cycle, scope)}  # fmt: skip


class ReleasesController(QObject):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx.parent)
        self.ctx, self.session, self.runner = ctx, ctx.session, ctx.runner
        self.dialog = None
        self.session.changed.connect(self._changed)

    def open(self) -> None:
        if not self.session.is_open:
            return
        if self.dialog is None:
            from fbdesk.ui.releases_dialog import ReleasesDialog

            self.dialog = ReleasesDialog(self.ctx.parent)
            self.dialog.add_requested.connect(self.add)
            self.dialog.remove_requested.connect(self.remove)
            self.dialog.import_requested.connect(self.import_list)
            self.dialog.propose_requested.connect(self.add_proposed)
        self.dialog.open()
        self.refresh()

    def refresh(self) -> None:
        if self.dialog is not None and self.dialog.isVisible() and self.session.is_open:
            cycle = self.session.cycle_id
            scope = "all cycles" if cycle is None else f"cycle {self.session.cycle_name}"
            self.runner.run(Op(lambda ws, p: read_all(ws, p, cycle, scope),
                               "Comparing before and after each release",
                               latest="releases").success(self.dialog.show_data))  # fmt: skip

    def _changed(self, changes: Changes) -> None:
        if changes.workspace and self.dialog is not None:
            self.dialog.close()
        elif changes.releases or changes.items or changes.labels or changes.metrics \
                or changes.settings or changes.cycle:  # fmt: skip
            self.refresh()

    def _edit(self, build, text: str) -> None:
        """Build the edit on the workspace's thread (it reads the list), apply it, push it."""
        from fbdesk.services.releases import ReleaseRows

        def made(rows) -> None:
            push(self.runner, self.ctx.undo_stack, ReleaseRows(rows, text), text, CHANGES)

        self.runner.run(Op(lambda ws, _p: build(ws), text).success(made))

    def add(self, version: str, day: str, notes: str) -> None:
        from fbdesk.services import releases

        self._edit(lambda ws: releases.with_release(ws, version, day, notes),
                   f"Add release {version}")  # fmt: skip

    def remove(self, versions: list[str]) -> None:
        from fbdesk.services import releases

        self._edit(lambda ws: releases.without(ws, versions),
                   f"Remove release {', '.join(versions)}")  # fmt: skip

    def import_list(self) -> None:
        from fbdesk.services import releases

        path, _ = QFileDialog.getOpenFileName(self.ctx.parent, "Import a release list", "",
                                              "Release lists (*.csv *.xlsx *.xls *.ods)")  # fmt: skip
        if path:
            self._edit(lambda ws: releases.with_file(ws, path), "Import releases")

    def add_proposed(self) -> None:
        from fbdesk.services import releases

        self._edit(lambda ws: releases.with_proposals(ws), "Add versions seen in feedback")
