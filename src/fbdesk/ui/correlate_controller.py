"""The Correlate step's behaviour: testing every metric against satisfaction and measuring the
key drivers when the step is shown and out of date (the latest request wins), pinning findings
and linking metrics to areas."""

from __future__ import annotations

from fbdesk.ui.controller import Context, StepController
from fbdesk.ui.correlate_page import CorrelatePage
from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes


class CorrelateController(StepController):
    relevant = ("workspace", "cycle", "items", "labels", "taxonomy", "metrics")

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.page = p = CorrelatePage()
        p.recompute_requested.connect(self.correlate)
        p.state_requested.connect(self._finding_state)
        p.areas_requested.connect(self._series_areas)

    def clear(self) -> None:
        self.page.reset()
        self.page.drivers.reset()

    def compute(self) -> None:
        self.correlate(self.page.grid_key())
        self.key_drivers()

    def key_drivers(self) -> None:
        from fbdesk.services.drivers import drivers

        cycle = self.session.cycle_id
        self.computed()
        self.runner.run(Op(lambda ws, _p: drivers(ws, cycle),
                           "Measuring what each theme costs in satisfaction", latest="drivers")
                        .success(self.page.drivers.show_run)
                        .failure(self.page.drivers.reset))  # fmt: skip

    def correlate(self, grid: str = "") -> None:
        from fbdesk.services.correlate_kept import correlate

        cycle = self.session.cycle_id
        self.computed()
        self.page.show_message("Testing every metric against satisfaction…")
        self.runner.run(Op(lambda ws, progress: correlate(ws, cycle, grid or None, progress),
                           "Testing every metric against satisfaction", latest="correlate")
                        .success(self.page.show_run))  # fmt: skip

    def _finding_state(self, finding, state: str) -> None:
        from fbdesk.services.correlate import set_finding_state

        self.runner.run(Op(lambda ws, _p: set_finding_state(ws, finding, state or None),
                           "Keeping the finding", write=True, typed=True)
                        .success(lambda _r: self.page.update_finding(finding)))  # fmt: skip

    def _series_areas(self, series_id: int, areas: list) -> None:
        from fbdesk.services.correlate import set_series_areas

        self.runner.run(Op(lambda ws, _p: set_series_areas(ws, series_id, areas),
                           "Linking the metric to areas", changes=Changes(metrics=True),
                           typed=True))  # fmt: skip
