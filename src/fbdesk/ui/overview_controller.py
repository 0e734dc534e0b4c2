"""The overview's behaviour: computing it on the runner when it is shown and out of date,
handing its ranking to the Prioritize step, and taking the assessor where a button points."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from fbdesk.ui.controller import Context, StepController
from fbdesk.ui.overview_page import OverviewPage
from fbdesk.ui.runner import Op


class OverviewController(StepController):
    relevant = ("workspace", "cycle", "items", "labels", "taxonomy", "decisions", "metrics",
                "settings")  # fmt: skip

    def __init__(self, ctx: Context, steps: dict) -> None:
        """``steps``: the other controllers by step name (the overview's buttons lead there)."""
        super().__init__(ctx)
        self.steps = steps
        self.page = OverviewPage()
        self.page.go.connect(self.go)
        self.page.show_no_workspace()

    def clear(self) -> None:
        self.page.show_no_workspace()

    def compute(self) -> None:
        cycle, name = self.session.cycle_id, self.session.cycle_name
        self.page.show_waiting(name)

        def done(o) -> None:
            self.page.show_overview(o)
            if o.ranking is not None and not o.ranking.frame.empty:  # Prioritize ranks so too
                self.steps["Prioritize"].show_ranking(o.ranking)

        def read(ws, _progress):
            from fbdesk.services.overview import overview  # loaded on the workspace's thread

            return overview(ws, cycle)

        # Quiet: the page says it is reading, and the status bar keeps what the last task said.
        self.runner.run(Op(read, latest="overview", quiet=True).success(done))

    def go(self, step: str, options: dict) -> None:
        if step == "reconcile":  # the list of items two assessors labelled differently
            self.ctx.go("Review")
            self.steps["Review"].reconcile()
            return
        self.ctx.go(step)
        if step == "Review":
            page = self.steps["Review"].page
            page.show_filtered(urgent=options.get("urgent"), reviewed=options.get("reviewed"))
            page.my_queue.setChecked(bool(options.get("mine")))
            if options.get("least_certain"):
                page.least_certain.click()
            page.table.setFocus()
        elif step == "Prioritize" and options.get("key"):
            self.steps["Prioritize"].page.select_key(options["key"])
        elif step == "Import" and options.get("choose"):  # "Import files…": the file chooser
            QTimer.singleShot(0, self.steps["Import"].choose)
