"""The Report step's behaviour: what the pack would lack, and building it on the runner."""

from __future__ import annotations

from fbdesk.ui.controller import Context, StepController
from fbdesk.ui.report_page import ReportPage
from fbdesk.ui.runner import Op


class ReportController(StepController):
    relevant = ("workspace", "cycle", "items", "labels", "decisions", "metrics")
    always = True  # the gaps are a cheap count

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.page = ReportPage()
        self.page.build_requested.connect(self.build_pack)

    def clear(self) -> None:
        self.page.reset()

    def compute(self) -> None:
        cycle = self.session.cycle_id

        def gaps(ws, _progress) -> list[str]:
            from fbdesk.services.overview import pack_gaps  # loaded on the workspace's thread

            return pack_gaps(ws, cycle)

        self.runner.run(Op(gaps, latest="gaps", quiet=True).success(self.page.show_gaps))

    def build_pack(self, path: str, options: dict) -> None:
        from fbdesk.services.report import build_pack

        cycle = self.session.cycle_label
        self.runner.run(Op(lambda ws, progress: build_pack(ws, path, cycle, progress=progress,
                                                           **options),
                           "Building the assessment pack").success(self.page.built))  # fmt: skip
