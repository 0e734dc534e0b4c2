"""The Import step's behaviour: reading and mapping the files on the runner, asking about
layouts not seen before, importing and classifying in one operation with progress and
Cancel, and raising the alerts the new items call for."""

from __future__ import annotations

from pathlib import Path

from fbdesk.ui.controller import Context, StepController
from fbdesk.ui.import_page import ImportPage
from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes


class ImportController(StepController):
    relevant = ("workspace", "items")
    always = True  # the files imported, listed on the page

    def __init__(self, ctx: Context, new_workspace, notify_alerts) -> None:
        super().__init__(ctx)
        self.page = ImportPage()
        self._new_workspace = new_workspace  # asks for a file; True once one is open
        self._notify_alerts = notify_alerts
        self.mapping_dialog = None
        self._importing: Op | None = None
        self.page.files_chosen.connect(self.import_files)
        self.page.cancel_requested.connect(self.cancel)

    def choose(self) -> None:
        """File ▸ Import…: the file chooser."""
        self.page.choose_files()

    def compute(self) -> None:
        from fbdesk.services.workspace import sources

        self.runner.run(Op(lambda ws, _p: sources(ws), latest="sources", quiet=True)
                        .success(self.page.show_sources))  # fmt: skip

    def clear(self) -> None:
        self.page.show_sources([])

    def import_files(self, files: list[str]) -> None:
        """Read and map the files in the background, then ask (unless every layout is known)."""
        if not self.session.is_open and not self._new_workspace():
            return
        from fbdesk.services.importing import plan_import

        def work(ws, progress):
            plans = []
            for n, f in enumerate(files):
                progress.step(n / len(files), f"Reading {Path(f).name}")
                plans.append(plan_import(f, ws))
            return plans

        self._watch(Op(work, f"Reading {len(files)} file{'s' if len(files) != 1 else ''}"),
                    self._planned)  # fmt: skip

    def _planned(self, plans) -> None:
        if all(p.mapping.remembered for p in plans):
            self.import_plans(plans)
            return
        from fbdesk.ui.mapping_dialog import MappingDialog

        self.mapping_dialog = dialog = MappingDialog(plans, self.ctx.parent)
        dialog.accepted.connect(lambda: self.import_plans(dialog.plans()))
        dialog.open()

    def import_plans(self, plans) -> None:
        from fbdesk.services.classify import classify
        from fbdesk.services.importing import import_plans

        def work(ws, progress):
            from fbdesk.services import alerts, inbox
            from fbdesk.services.workspace import cycles

            reports = import_plans(ws, plans, progress=progress)
            classify(ws)
            inbox.settle_imported(ws)  # files waiting in the Inbox that were imported now
            return reports, alerts.check(ws), cycles(ws)

        changes = Changes(items=True, labels=True, cycle=True, settings=True)
        self._watch(Op(work, "Importing", changes=changes), self._imported)

    def _imported(self, result) -> None:
        reports, new_alerts, cycles = result
        had = bool(self.session.cycles)
        self.session.set_cycles(cycles, keep=True)  # the cycle shown stays shown
        self.ctx.say(imported_words(reports, self.session.cycle_label if had else None),
                     30000)  # fmt: skip
        self._notify_alerts(new_alerts)

    def _watch(self, op: Op, success) -> None:
        """Progress and Cancel on the page while ``op`` runs; then ``success(result)``."""
        self._importing = op
        self.page.busy(True)
        op.progressed(self.page.show_progress)

        def done(result) -> None:
            self._end(op)
            success(result)

        def failed(message: str) -> None:
            self._end(op)
            self.ctx.error(message)

        op.success(done).failure(failed)
        self.runner.run(op)

    def _end(self, op: Op) -> None:
        if self._importing is op:
            self._importing = None
            self.page.busy(False)

    def cancel(self) -> None:
        if self._importing is not None:
            self._importing.cancel()


def imported_words(reports, shown: str | None) -> str:
    """What an import did, each file with the cycle its items went into; when that is not the
    cycle shown (``shown``; None: all cycles, or nothing shown before), where to find them."""
    text = "; ".join(r.summary() + (f" into cycle {r.cycle}" if r.cycle else "") for r in reports)
    elsewhere = sorted({r.cycle for r in reports if r.cycle and r.rows_imported} - {shown})
    if shown is not None and elsewhere:
        text += (f". Not the cycle shown ({shown}): the items are dated in "
                 f"{', '.join(elsewhere)} — choose it in the cycle list to see them")  # fmt: skip
    return text
