"""Review's actions for several assessors: splitting the cycle shown into queues, the
reconciliation list of the labels two assessors coding blind gave differently, and a sheet an
assessor coded by hand taken in as their labels (each one undoable step). Mixed into the Review controller, whose runner, session and ``_push`` they use."""

from __future__ import annotations

from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes

CODED_SHEETS = "Coded sheets (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"


class PeopleActions:
    def import_labels(self) -> None:
        """Take an assessor's hand-coded sheet in as their labels (one undoable step), then
        say what was matched and name every row that was not."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        if not self.session.is_open:
            return
        path, _ = QFileDialog.getOpenFileName(self.ctx.parent, "Import coded labels", "",
                                              CODED_SHEETS)  # fmt: skip
        if path:
            self.take_labels(Path(path))

    def take_labels(self, path) -> None:
        from fbdesk.services.label_import import import_labels

        self.runner.run(Op(lambda ws, _p: import_labels(ws, path),
                           f"Importing the labels of {path.name}",
                           changes=Changes(labels=True), typed=True)
                        .success(self._labels_taken))  # fmt: skip

    def _labels_taken(self, done) -> None:
        from PySide6.QtWidgets import QMessageBox

        from fbdesk.ui.undo import push_applied

        # The import is applied; its undo gives the redo the first time it is taken back.
        push_applied(self.runner, self.ctx.undo_stack, None, done.undo,
                     f"Import the labels of {done.file}", Changes(labels=True))  # fmt: skip
        self._taught(done.items)
        lines = done.lines()
        box = QMessageBox(QMessageBox.Icon.Information, "Coded labels imported", lines[0],
                          QMessageBox.StandardButton.Ok, self.ctx.parent)  # fmt: skip
        box.setObjectName("labelsImported")
        shown = [f"Not imported: {u.message}" for u in done.unmatched[:12]]
        if len(done.unmatched) > 12:
            shown.append(f"… and {len(done.unmatched) - 12:,} more rows not imported")
        box.setInformativeText("\n".join(lines[1:] + shown + ["Edit ▸ Undo takes them back."]))
        box.open()
        self.labels_box = box

    def split_queues(self) -> None:
        """Split the cycle shown among assessors (one undoable step)."""
        from fbdesk.ui.queue_dialog import QueueDialog

        if not self.session.is_open:
            return
        model = self.page.model
        unreviewed = sum(1 for r in range(model.loaded()) if not model.column("reviewed")[r])
        self.queue_dialog = dialog = QueueDialog(self.session.cycle_name, unreviewed, self.page)
        dialog.accepted.connect(lambda: self._split(dialog.request()))
        dialog.open()

    def _split(self, request: dict) -> None:
        from fbdesk.services.edits import SplitQueues
        from fbdesk.ui.undo import push

        edit = SplitQueues(self.session.cycle_id, **request)
        push(self.runner, self.ctx.undo_stack, edit,
             f"Split into queues for {', '.join(request['among'])}", Changes(labels=True))  # fmt: skip

    def reconcile(self) -> None:
        """The reconciliation list of the cycle shown: the labels two assessors coding blind
        gave differently; each label chosen there becomes the item's (one undoable step)."""
        from fbdesk.services.agreement import reconciliation

        if not self.session.is_open:
            return
        cycle = self.session.cycle_id
        self.runner.run(Op(lambda ws, _p: reconciliation(ws, cycle), quiet=True)
                        .success(self._reconcile_dialog))  # fmt: skip

    def _reconcile_dialog(self, data: dict) -> None:
        from fbdesk.ui.reconcile_dialog import ReconcileDialog

        if not data["differ"] and not data["agreed"]:
            self.ctx.say("Nothing to reconcile: no item coded twice is waiting for its label")
            return
        self.reconcile_dialog = dialog = ReconcileDialog(data, self.page.model.theme_names,
                                                         self.page)  # fmt: skip
        dialog.settle.connect(self._settle)
        dialog.agreed.connect(self._settle_agreed)
        dialog.open()

    def _settle(self, chosen: dict) -> None:
        from fbdesk.services.edits import Labels
        from fbdesk.services.review import LabelCommand

        commands = tuple(LabelCommand(int(item), field, value, in_force=True)
                         for item, labels in chosen.items() for field, value in labels.items())  # fmt: skip
        self._push(Labels(commands), f"Reconcile {len(chosen)} items")

    def _settle_agreed(self) -> None:
        from fbdesk.services.agreement import settle_agreed

        cycle = self.session.cycle_id

        def push(edit) -> None:
            if edit.item_ids:
                self._push(edit, f"Settle {len(edit.item_ids)} items both coders labelled alike")

        self.runner.run(Op(lambda ws, _p: settle_agreed(ws, cycle), quiet=True).success(push))
