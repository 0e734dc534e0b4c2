"""The Prioritize step's behaviour: ranking the cycle's improvements when it is shown and
out of date (the latest request wins), decisions, merges, splits and links as undoable
operations, the customer-value weights, and the lists handed on."""

from __future__ import annotations

from fbdesk.ui.controller import Context, StepController
from fbdesk.ui.prioritize_page import LINKED_SHOWN, PrioritizePage
from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes


class PrioritizeController(StepController):
    relevant = ("workspace", "cycle", "items", "labels", "taxonomy", "decisions", "metrics")

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.page = p = PrioritizePage()
        p.decision_requested.connect(self.decide)
        p.merge_requested.connect(self.merge)
        p.split_requested.connect(self.split)
        p.take_out_requested.connect(self.take_out)
        p.weights_changed.connect(self._keep_weights)
        p.value_weights_requested.connect(self._value_weights)
        p.linked_requested.connect(self._linked)
        p.export_requested.connect(self._export_loop)
        p.work_items_requested.connect(self._export_work_items)
        p.notified_requested.connect(self._notified)
        p.error.connect(ctx.error)

    def clear(self) -> None:
        self.page.reset()

    def compute(self) -> None:
        from fbdesk.services.prioritize import rank

        cycle = self.session.cycle_id

        def ranked(ws, _progress):
            ranking = rank(ws, cycle, evidence=True)
            if not ranking.frame.empty:
                return ranking, ""
            from fbdesk.services.overview import why_no_candidates

            return ranking, why_no_candidates(ws, ranking.cycle)

        self.runner.run(Op(ranked, "Ranking the improvements", latest="rank")
                        .success(lambda r: self.page.show_ranking(*r)))  # fmt: skip

    def show_ranking(self, ranking) -> None:
        """A ranking computed elsewhere (the overview's) of what is in the workspace now."""
        self.page.show_ranking(ranking)
        self.computed()

    # ------------------------------------------------------------------ edits

    def _push(self, edit, text: str, done=None) -> None:
        from fbdesk.ui.undo import push

        push(self.runner, self.ctx.undo_stack, edit, text, Changes(decisions=True), done)

    def decide(self, key: str, values: dict) -> None:
        from fbdesk.services.edits import Decide

        title = values.get("title") or self.page.title_of(key)
        self._push(Decide(key, dict(values)), f"Decide on {title}",
                   lambda: self.ctx.say(f"Decision saved: {title}"))  # fmt: skip

    def merge(self, key: str, into: str) -> None:
        from fbdesk.services.edits import Merge

        title = f"Merge {self.page.title_of(key)} into {self.page.title_of(into)}"
        self._push(Merge(key, into), title)

    def split(self, key: str, item_ids: list, title: str) -> None:
        from fbdesk.services.edits import Split

        self._push(Split(key, tuple(item_ids), title), f"Split {title}")

    def take_out(self, key: str, item_ids: list) -> None:
        from fbdesk.services.edits import Link

        self._push(Link(key, tuple(item_ids), linked=False), f"Take {len(item_ids)} items out")

    def _keep_weights(self, weights) -> None:
        from fbdesk.services.prioritize import save_weights

        self.runner.run(Op(lambda ws, _p: save_weights(ws, weights), "Keeping the weights",
                           write=True, typed=True))  # fmt: skip

    def _value_weights(self) -> None:
        from fbdesk.services.prioritize import value_choices, value_weights

        self.runner.run(Op(lambda ws, _p: (value_choices(ws), value_weights(ws)), quiet=True)
                        .success(self._value_dialog))  # fmt: skip

    def _value_dialog(self, current) -> None:
        from PySide6.QtWidgets import QDialog

        from fbdesk.services.prioritize import save_value_weights
        from fbdesk.ui.value_weights_dialog import ValueWeightsDialog

        dialog = ValueWeightsDialog(*current, self.ctx.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            self.runner.run(Op(lambda ws, _p: save_value_weights(ws, values),
                               "Saving the customer value", changes=Changes(decisions=True),
                               typed=True))  # fmt: skip

    def _linked(self, key: str) -> None:
        from fbdesk.services.prioritize import linked_feedback

        ranking = self.page.ranking
        self.runner.run(Op(lambda ws, _p: linked_feedback(ws, ranking, key).head(LINKED_SHOWN),
                           latest="linked", quiet=True)
                        .success(lambda shown: self.page.show_linked(key, shown)))  # fmt: skip

    def _export_loop(self, path: str) -> None:
        from fbdesk.services.prioritize import export_loop

        ranking = self.page.ranking
        self.runner.run(Op(lambda ws, _p: export_loop(ws, ranking, path), "Exporting the list")
                        .success(lambda n: self.ctx.say(f"{n} customers exported to {path}")))  # fmt: skip

    def _export_work_items(self, path: str, fmt: str) -> None:
        from fbdesk.services import workitems

        ranking = self.page.ranking
        self.runner.run(Op(lambda ws, _p: workitems.export(ws, ranking, path, fmt),
                           "Writing the work items")
                        .success(lambda n: self.ctx.say(f"{n} work items written to {path}")))  # fmt: skip

    def _notified(self, key: str) -> None:
        from fbdesk.services.prioritize import mark_notified

        ranking = self.page.ranking
        self.runner.run(Op(lambda ws, _p: mark_notified(ws, ranking, key),
                           "Marking customers notified", changes=Changes(decisions=True),
                           typed=True)
                        .success(lambda n: self.ctx.say(f"{n} customers marked as told")))  # fmt: skip
