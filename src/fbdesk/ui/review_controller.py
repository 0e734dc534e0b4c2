"""The Review step's behaviour: the table of the cycle shown, edits and accepts as undoable
operations, learning from the assessor's labels, the side panel's reasons, Discover themes,
the taxonomy editor, Classify again and Link to improvement."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from fbdesk.domain.language import language_choices
from fbdesk.ui.controller import Context, StepController
from fbdesk.ui.editors import SENTIMENTS, LabelDelegate
from fbdesk.ui.review_page import ReviewPage
from fbdesk.ui.review_people import PeopleActions
from fbdesk.ui.review_team import TeamLabels
from fbdesk.ui.runner import Op
from fbdesk.ui.session import Changes

LEARN_EVERY = 20  # items labelled (corrected or accepted) between two learnings


def version_order(version: str) -> tuple:
    """4.9.0 before 4.12.1: numbers compared as numbers."""
    import re

    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.split(r"[.\-_ ]", version))  # fmt: skip


class ReviewController(TeamLabels, PeopleActions, StepController):
    relevant = ("workspace", "cycle", "items", "labels", "taxonomy")
    always = True  # the table and its counts are what the assessor works on

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.page = page = ReviewPage()
        self.learn_every = LEARN_EVERY
        self.labelled = 0  # items labelled since the last learning
        self.areas: list[str] = []
        self._only: tuple[list[int], str] | None = None  # items to show once the table is read
        page.table.setItemDelegate(LabelDelegate(page.model.key, self.choices, page.table))
        page.model.edit_requested.connect(self.edit)
        page.accept.clicked.connect(self.accept_shown)
        page.table.accept_row.connect(self._accept_row)
        page.table.theme_key.connect(self._theme_key)
        page.rescore.clicked.connect(self.learn)
        page.explain_requested.connect(self._explain)
        self.discovery_dialog = None
        self.taxonomy_dialog = None
        self._team_init()

    # ------------------------------------------------------------------ what the page shows

    def clear(self) -> None:
        self.page.reset()
        self.labelled = 0
        self._team_reset()

    def changed(self, changes: Changes) -> None:
        if changes.taxonomy:
            self.session.taxonomy = None  # the names are read again with the items
        if (
            changes.labels
            and changes.item_ids
            and not (changes.workspace or changes.cycle or changes.items or changes.taxonomy)
        ):
            self._update_items(list(changes.item_ids))
            current = self.page.current_item_id()
            if current is not None and current in changes.item_ids:
                self._explain(current)  # the panel says whose labels these are now
            self.computed()
            return
        super().changed(changes)
        if changes.workspace:

            def quality(ws, _progress):
                from fbdesk.services.learning import model_quality  # on the workspace's thread

                return model_quality(ws)

            self.runner.run(Op(quality, quiet=True).success(self.page.show_models))

    def compute(self) -> None:
        from fbdesk.services.feedback_view import read_review, taxonomy_choices
        from fbdesk.ui.feedback_model import prepared

        cycle, known = self.session.cycle_id, self.session.taxonomy

        def read(ws, _progress):
            return prepared(read_review(ws, cycle)), known or taxonomy_choices(ws)

        self.runner.run(Op(read, "Reading the feedback", latest="review", quiet=True)
                        .success(self._show))  # fmt: skip

    def show_only(self, ids: list[int], why: str = "") -> None:
        """Show only ``ids`` (an alert's items), reading all cycles first if they are not
        all in the cycle shown."""
        if set(ids) <= set(self.page.model.loaded_ids()):
            self.page.show_only(ids, why)
        else:
            self._only = (ids, why)
            self.session.set_cycle(None)

    def _show(self, result) -> None:
        columns, taxonomy = result
        self.session.taxonomy = taxonomy
        seen = {a for a in columns["area"] if isinstance(a, str) and a}
        self.areas = sorted({a for a, _ in taxonomy["areas"]} | seen)
        page = self.page
        page.model.theme_names = dict(taxonomy["themes"])
        versions = {v for v in columns.get("app_version", []) if v}
        page.set_choices(taxonomy["themes"], sorted(seen), sorted(versions, key=version_order),
                         language_choices(columns.get("language", [])))
        page.show_rows(columns)
        if self._only is not None:
            page.show_only(*self._only)
            self._only = None

    def _explain(self, item_id: int) -> None:
        from fbdesk.services.feedback_view import explain

        self.runner.run(Op(lambda ws, _p: explain(ws, item_id), latest="explain", quiet=True)
                        .success(lambda why: self.page.show_explanation(item_id, why)))  # fmt: skip

    def choices(self, key: str) -> list[tuple[str, str]]:
        """The values a label can take, as (stored, shown)."""
        if key == "sentiment":
            return [(s, s) for s in SENTIMENTS]
        taxonomy = self.session.taxonomy
        if taxonomy is None:
            return []
        if key in ("themes", "urgency"):
            extra = [("", "not urgent")] if key == "urgency" else []
            return extra + taxonomy[key]
        return [(a, a) for a in self.areas]

    # ------------------------------------------------------------------ editing

    def edit(self, item_id: int, key: str, value, targets: list[int] | None = None) -> None:
        """An edit of a cell; a cell of a selected row edits every selected row (one step)."""
        from fbdesk.services.edits import Labels
        from fbdesk.services.review import LabelCommand

        if not self.session.is_open:
            return
        if targets is None:
            selected = self.page.selected_item_ids()
            targets = selected if item_id in selected else [item_id]
        commands = []
        for target in targets:
            commands.append(LabelCommand(target, key, value))
            if key == "themes":
                first = value.split(";")[0].strip() if value else ""
                commands.append(LabelCommand(target, "primary_theme", first))
        text = f"Set {key}" + (f" of {len(targets)} items" if len(targets) > 1 else "")
        self._push(Labels(tuple(commands)), text)
        self._taught(len(targets))

    def accept_shown(self) -> None:
        threshold = self.page.threshold.value()
        self.accept(self.page.shown_item_ids(), threshold,
                    "Accept {n} items with confidence ≥ " + f"{threshold:.2f}",
                    ask=True)  # fmt: skip

    def _confirmed(self, n: int, threshold: float) -> bool:
        """Accepting many labels at once teaches as much as correcting them: say how many, ask."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, "Accept shown",
                          f"Accept the automatic labels of {n:,} items shown with confidence "
                          f"≥ {threshold:.2f}?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self.ctx.parent)  # fmt: skip
        box.setObjectName("acceptBox")
        box.setInformativeText("They count as reviewed by you and teach what is learned from "
                               "your labels, an acceptance a third as much as a correction. "
                               "Edit ▸ Undo takes them back.")  # fmt: skip
        box.button(QMessageBox.StandardButton.Yes).setText(f"Accept {n:,}")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def accept(self, ids: list[int], threshold: float, text: str, ask: bool = False) -> None:
        """Confirm the automatic labels of ``ids`` above ``threshold``: read which on the
        workspace's thread, then one undoable step."""
        from fbdesk.services.edits import accept

        if not self.session.is_open:
            return

        def push(edit) -> None:
            n = len(edit.item_ids)
            if not n:
                return
            if ask and not self._confirmed(n, threshold):
                return
            said = text.format(n=n)
            self._push(edit, said)
            if said != text:  # "Accept 12 items…", not a single row's "Accept"
                self.ctx.say(said)
            self._taught(n)

        self.runner.run(Op(lambda ws, _p: accept(ws, ids, threshold), quiet=True)
                        .success(push))  # fmt: skip

    def _accept_row(self, row: int) -> None:
        self.accept([self.page.model.item_id(row)], 0.0, "Accept")

    def _theme_key(self, row: int, digit: int) -> None:
        themes = self.choices("themes")
        if digit <= len(themes):
            self.edit(self.page.model.item_id(row), "themes", themes[digit - 1][0])

    # ------------------------------------------------------------------ learning

    def _taught(self, items: int) -> None:
        """Every ``learn_every`` items labelled, learn from all the labels in the background."""
        self.labelled += items
        if self.labelled >= self.learn_every:
            self.learn()

    def learn(self) -> None:
        """Learn from every label in the background; apply it by itself when it changes at
        most 2 % of the cycle's items, otherwise show what it would change and ask."""
        from fbdesk.services import learning_preview

        if not self.session.is_open:
            return
        labelled, self.labelled = self.labelled, 0
        cycle = self.session.cycle_id  # the items the assessor is reviewing

        def look(ws, progress):
            seen = learning_preview.preview(ws, cycle, progress)
            return seen, (learning_preview.apply(ws, seen) if seen.small else None)

        self.runner.run(Op(look, "Learning from your labels", changes=Changes(labels=True))
                        .success(lambda result: self._looked(*result, labelled)))  # fmt: skip

    def _looked(self, seen, report: dict | None, labelled: int) -> None:
        from fbdesk.services import learning_preview
        from fbdesk.ui.learning_dialog import LearningPreviewDialog

        if report is not None:
            self._learned(report, labelled)
            return
        self.preview_dialog = dialog = LearningPreviewDialog(seen, self.ctx.parent)
        if dialog.exec() == LearningPreviewDialog.DialogCode.Accepted:
            self.runner.run(Op(lambda ws, p: learning_preview.apply(ws, seen, p),
                               "Applying what was learned", changes=Changes(labels=True))
                            .success(lambda done: self._learned(done, labelled)))  # fmt: skip
        else:
            self.runner.run(Op(lambda ws, _p: learning_preview.keep_current(ws, seen),
                               "Keeping the current labels", write=True, quiet=True)
                            .success(lambda kept: self._kept(kept, seen)))  # fmt: skip

    def _kept(self, report: dict, seen) -> None:
        self.page.show_models(report)
        self.page.show_learned(
            "You kept the current labels: what was learned from your labels is kept aside "
            f"and the rules decide. It would have changed the labels of {seen.changed_items:,} "
            f"of the {seen.items:,} items ({seen.share:.1%}). “Learn from labels” shows it "
            "again.")  # fmt: skip
        self.ctx.say("Kept the current labels", 15000)

    def _learned(self, report, labelled: int) -> None:
        """Say what learning did (``report``: a LearningReport) and put it on the undo stack."""
        from fbdesk.services.edits import LearningStep
        from fbdesk.services.learning import describe_models
        from fbdesk.ui.undo import push_applied

        self.page.show_models(report)
        if report.step and report.rescored:  # Edit ▸ Undo takes the re-scoring back
            step = LearningStep(report.step)
            push_applied(self.runner, self.ctx.undo_stack, step, step,
                         f"Learning from labels ({report.rescored:,} items re-scored)",
                         Changes(labels=True))  # fmt: skip
        learned = [line for line, m in zip(describe_models(report), report.models, strict=True)
                   if m.labels >= report.min_labels]  # fmt: skip
        after = f"You labelled {labelled} more items: " if labelled else ""
        changed = (f" (the labels of {report.changed:,} changed)"
                   if report.changed is not None else "")  # fmt: skip
        if not learned:
            least = (f"fbdesk learns a label field once you have labelled at least "
                     f"{report.min_labels} items")  # fmt: skip
            if not report.rescored:
                self.ctx.say(f"Nothing to learn yet: {least}", 15000)
                return
            self.page.show_learned(
                f"{after}{report.rescored:,} items nobody has reviewed have the words of "
                f"items you labelled and took your labels{changed}; {least}.")  # fmt: skip
            self.ctx.say(f"Re-scored {report.rescored:,} items", 15000)
            return
        said = "; ".join(learned)
        self.page.show_learned(
            f"{after}fbdesk learned from your labels and re-scored {report.rescored:,} "
            f"items nobody has reviewed yet{changed}. {said[:1].upper()}{said[1:]}.")  # fmt: skip
        self.ctx.say(f"Re-scored {report.rescored:,} items", 15000)

    # ------------------------------------------------------------------ classify again

    def classify_again(self) -> None:
        """Classify, in the background with progress, every item whose text, taxonomy or
        learned model changed since it was classified; the assessor's own labels stay."""
        from fbdesk.services.classify import classify

        if not self.session.is_open:
            return

        def done(result: dict) -> None:
            n, same = result["classified"], result["unchanged"]
            if n:
                text = f"Classified {n:,} items" + (f"; {same:,} were up to date" if same else "")
            else:
                text = (f"All {same:,} items were already classified with the current taxonomy "
                        "and what was learned: nothing changed")  # fmt: skip
            self.ctx.say(text, 15000)

        self.runner.run(Op(lambda ws, progress: classify(ws, progress=progress),
                           "Classifying", changes=Changes(labels=True)).success(done))  # fmt: skip

    # ------------------------------------------------------------------ themes

    def discover_themes(self) -> None:
        """Proposed themes from the items no theme fits (or the theme the filter shows)."""
        from fbdesk.services.discover import discover

        if not self.session.is_open:
            return
        cycle, theme = self.session.cycle_id, self.page.theme.currentData() or None
        names = dict(self.choices("themes"))
        scope = f"the items of {names.get(theme, theme)}" if theme else "the items no theme fits"
        self.runner.run(Op(lambda ws, _p: discover(ws, cycle, theme), "Discovering themes")
                        .success(lambda found: self._proposals(found, scope)))  # fmt: skip

    def _proposals(self, found: list, scope: str) -> None:
        from fbdesk.ui.discovery_dialog import DiscoveryDialog

        self.discovery_dialog = dialog = DiscoveryDialog(found, scope, self.ctx.parent)
        dialog.accepted_proposal.connect(self._accept_theme)
        dialog.open()

    def _accept_theme(self, row: int, name: str, phrases: list) -> None:
        from fbdesk.services.discover import adding

        dialog = self.discovery_dialog
        proposal = dialog.proposals[row]

        def add(ws, progress):
            _theme, edit = adding(ws, proposal, name, phrases)
            return edit, edit.apply(ws, progress)

        def done(applied) -> None:
            dialog.remove(proposal)
            self._taxonomy_step(*applied, f"Add the theme {name}")
            self.ctx.say(f"Theme {name!r} added; every item was classified again", 15000)

        self.runner.run(Op(add, f"Adding the theme {name}",
                           changes=Changes(taxonomy=True, labels=True)).success(done))  # fmt: skip

    def _taxonomy_step(self, edit, undo, text: str) -> None:
        """Put a taxonomy edit, applied with its classifying, on the undo stack."""
        from fbdesk.ui.undo import push_applied

        push_applied(self.runner, self.ctx.undo_stack, edit, undo, text,
                     Changes(taxonomy=True, labels=True))  # fmt: skip

    def edit_taxonomy(self) -> None:
        """Edit the themes, areas and urgency kinds; saving classifies every item again."""
        import json

        from fbdesk.services.feedback_view import taxonomy_json

        if self.session.is_open:
            self.runner.run(Op(lambda ws, _p: json.loads(taxonomy_json(ws)), quiet=True)
                            .success(self._taxonomy_editor))  # fmt: skip

    def _taxonomy_editor(self, data: dict) -> None:
        import json

        from fbdesk.services.feedback_view import default_taxonomy_json
        from fbdesk.services.workspace_taxonomy import check_taxonomy
        from fbdesk.ui.taxonomy_dialog import TaxonomyDialog

        self.taxonomy_dialog = TaxonomyDialog(data, json.loads(default_taxonomy_json()),
                                              check_taxonomy, self.ctx.parent)  # fmt: skip
        self.taxonomy_dialog.accepted.connect(self._save_taxonomy)
        self.taxonomy_dialog.open()

    def _save_taxonomy(self) -> None:
        from fbdesk.services.edits import SaveTaxonomy

        edit = SaveTaxonomy(self.taxonomy_dialog.taxonomy())

        def save(ws, progress):
            import json

            from fbdesk.services.feedback_view import taxonomy_json

            undo = edit.apply(ws, progress)
            return undo, json.loads(taxonomy_json(ws)).get("version", 1)

        def done(saved) -> None:
            undo, version = saved
            self._taxonomy_step(edit, undo, f"Edit the taxonomy (version {version})")
            self.ctx.say(f"Taxonomy version {version} saved; every item was classified again "
                         "with it (Edit ▸ Undo takes both back)", 15000)  # fmt: skip

        self.runner.run(Op(save, "Saving the taxonomy",
                           changes=Changes(taxonomy=True, labels=True)).success(done))  # fmt: skip

    # ------------------------------------------------------------------ linking

    def link_items(self, item_ids: list[int], key: str | None, title: str = "") -> None:
        """Count items for improvement ``key``, or (None) make a new one called ``title``."""
        from fbdesk.services.edits import Link, Split
        from fbdesk.ui.undo import push

        if key is None:
            edit, text = Split(None, tuple(item_ids), title), f"New improvement {title}"
        else:
            edit, text = Link(key, tuple(item_ids)), f"Link {len(item_ids)} items"
        push(self.runner, self.ctx.undo_stack, edit, text, Changes(decisions=True))

    def link_dialog(self, ranking=None) -> None:
        """Ask which improvement the selected items count for (ranked on the thread)."""
        ids = self.page.selected_item_ids()
        if not self.session.is_open or not ids:
            self.ctx.error("Select the feedback items to link first.")
            return
        if ranking is None:
            from fbdesk.services.prioritize import rank

            cycle = self.session.cycle_id
            self.runner.run(Op(lambda ws, _p: rank(ws, cycle), "Ranking the improvements")
                            .success(self.link_dialog))  # fmt: skip
            return
        QTimer.singleShot(0, lambda: self._ask_link(ids, ranking))

    def _ask_link(self, ids: list[int], ranking) -> None:
        from PySide6.QtWidgets import QInputDialog

        new = "A new improvement…"
        titles = dict(zip(ranking.frame["title"], ranking.frame["key"], strict=True))
        chosen, ok = QInputDialog.getItem(self.ctx.parent, "Link to improvement",
                                          f"Count the {len(ids)} selected items for:",
                                          [new, *titles], 0, False)  # fmt: skip
        if not ok:
            return
        if chosen == new:
            title, ok = QInputDialog.getText(self.ctx.parent, "New improvement", "Title:")
            if ok and title.strip():
                self.link_items(ids, None, title.strip())
        else:
            self.link_items(ids, titles[chosen])

    # ------------------------------------------------------------------ export

    def export(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from fbdesk.services.review import export_review

        if not self.session.is_open:
            return
        path, _ = QFileDialog.getSaveFileName(self.ctx.parent, "Export the review table", "",
                                              "Excel workbook (*.xlsx);;CSV (*.csv)")  # fmt: skip
        if path:
            cycle = self.session.cycle_id
            self.runner.run(Op(lambda ws, _p: export_review(ws, path, cycle),
                               "Exporting the review table")
                            .success(lambda _r: self.ctx.say(f"Exported to {path}", 10000)))  # fmt: skip
