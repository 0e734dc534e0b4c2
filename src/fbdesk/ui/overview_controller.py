"""The window's side of the overview: computing it on the worker when it is shown and stale,
handing its ranking to the Prioritize step, and taking the assessor where a button points.
Also "Classify again", which the overview, the Review step and the Review menu offer."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from fbdesk.ui.overview_page import OverviewPage


class OverviewController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.page = OverviewPage()
        self._shown: tuple | None = None  # what the page shows: workspace, cycle, writes made
        self.page.go.connect(self.go)
        self.page.classify_requested.connect(self.classify_again)
        self.page.targets_requested.connect(window._targets_dialog)
        self.page.open_requested.connect(window._open)

    # ------------------------------------------------------------------ the overview

    def _now(self) -> tuple | None:
        w = self.window
        return None if w.ws is None else (id(w.ws), w.cycle.currentData(), w.ws.conn.total_changes)

    @property
    def stale(self) -> bool:
        """Another workspace or cycle, or anything written since the page was computed."""
        return self._shown != self._now() or self._shown is None

    def compute(self) -> None:
        w = self.window
        if w.ws is None:
            self.page.show_no_workspace()
            return
        if w.worker is not None:  # the window asks again once the running work has ended
            return
        from fbdesk.services.overview import overview

        ws, cycle = w.ws, w.cycle.currentData()
        self.page.show_waiting(w.cycle.currentText())

        def done(o) -> None:
            if w.ws is not ws or w.cycle.currentData() != cycle:
                return  # another workspace or cycle by now: that one is computed when shown
            self._shown = self._now()
            self.page.show_overview(o)
            if o.ranking is not None:  # the Prioritize step ranks the same way: share it
                w.prioritize_page.show_ranking(o.ranking)
                w._ranking_stale = False

        # Quiet: the page says it is reading, and the status bar keeps what the last task said.
        w._run(lambda _progress: overview(ws, cycle), done)

    # ------------------------------------------------------------------ going somewhere

    def go(self, step: str, options: dict) -> None:
        from fbdesk.ui.main_window import STEPS

        w = self.window
        w.steps.setCurrentRow(STEPS.index(step))
        if step == "Review":
            w.review_page.show_filtered(urgent=options.get("urgent"),
                                        reviewed=options.get("reviewed"))  # fmt: skip
            if options.get("least_certain"):
                w.review_page.least_certain.click()
            w.review_page.table.setFocus()
        elif step == "Prioritize" and options.get("key"):
            w.prioritize_page.select_key(options["key"])
        elif step == "Import" and options.get("choose"):  # "Import files…": the file chooser
            QTimer.singleShot(0, w.import_page._choose)

    # ------------------------------------------------------------------ classify again

    def classify_again(self) -> None:
        """Classify, in the background with progress, every item whose text, taxonomy or
        learned model changed since it was classified (all of them in a workspace never
        classified); the assessor's own labels stay. Then every step shows the new labels."""
        w = self.window
        if w.ws is None:
            return
        if w.worker is not None:
            w.statusBar().showMessage("Busy: classify again once the task running ends", 8000)
            return
        from fbdesk.services.classify import classify

        ws = w.ws

        def done(result: dict) -> None:
            w._taxonomy = None  # theme and area names are read again by the refresh
            n, same = result["classified"], result["unchanged"]
            if n:
                text = f"Classified {n:,} items" + (f"; {same:,} were up to date" if same else "")
            else:
                text = (f"All {same:,} items were already classified with the current taxonomy "
                        "and what was learned: nothing changed")  # fmt: skip
            w.statusBar().showMessage(text, 15000)
            w._data_changed()

        w._run(lambda progress: classify(ws, progress=progress), done)
