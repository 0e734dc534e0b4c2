"""The Report step's behaviour: what the pack would lack, and building it on the runner."""

from __future__ import annotations

from fbdesk.ui.controller import Context, StepController
from fbdesk.ui.report_page import ReportPage
from fbdesk.ui.runner import Op


class ReportController(StepController):
    relevant = ("workspace", "cycle", "items", "labels", "decisions", "metrics", "settings",
                "pack")  # fmt: skip
    always = True  # the gaps are a cheap count; the draft is read when the page is shown

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.page = ReportPage()
        self.page.build_requested.connect(self.build_pack)
        self.page.words.note_edited.connect(self.edit_note)
        self.page.preview_requested.connect(self.preview)
        self.preview_dialog = None
        self._draft_wanted = True

    def clear(self) -> None:
        self.page.reset()

    def compute(self) -> None:
        cycle = self.session.cycle_id

        def gaps(ws, _progress) -> list[str]:
            from fbdesk.services.overview import pack_gaps  # loaded on the workspace's thread

            return pack_gaps(ws, cycle)

        self.runner.run(Op(gaps, latest="gaps", quiet=True).success(self.page.show_gaps))
        self._draft_wanted = True
        if self.shown:
            self.read_draft()

    def set_shown(self, shown: bool) -> None:
        super().set_shown(shown)
        if shown and self._draft_wanted and self.session.is_open:
            self.read_draft()
        elif not shown:
            self.page.words.save_typed()

    def read_draft(self) -> None:
        """What the pack would print now, for the assessor to edit."""
        self._draft_wanted = False
        name = self.session.cycle_label

        def read(ws, progress):
            from fbdesk.services.report import draft  # loaded on the workspace's thread

            return draft(ws, name, progress)

        self.runner.run(Op(read, latest="pack-draft", quiet=True)
                        .success(self.page.words.show_draft))  # fmt: skip

    def edit_note(self, kind: str, key: str, text: str, state: str) -> None:
        from fbdesk.services.pack_notes import NoteCommand
        from fbdesk.ui.undo import push_note

        cycle = self.page.words.cycle
        what = {"summary": "Edit the summary", "finding": "Comment on a finding",
                "improvement": "Comment on an improvement", "quote": f"Quote {state or 'shown'}",
                "section": f"Section {'left out' if state else 'put back'}"}[kind]  # fmt: skip
        push_note(self.runner, self.ctx.undo_stack, NoteCommand(cycle, kind, key, text, state),
                  what)

    def preview(self, options: dict) -> None:
        """The pack's pages as images, laid out on the runner, painted here."""
        self.page.words.save_typed()
        cycle = self.session.cycle_label
        wanted = {k: v for k, v in options.items() if k in ("mask", "author")}

        def lay_out(ws, progress):
            from fbdesk.services.report import preview  # loaded on the workspace's thread

            return preview(ws, cycle, progress=progress, **wanted)

        self.runner.run(Op(lay_out, "Laying out the preview").success(self._show_preview))

    def _show_preview(self, recorded) -> None:
        from fbdesk.ui.pack_preview import PackPreviewDialog

        self.preview_dialog = PackPreviewDialog(recorded, self.ctx.parent)
        self.preview_dialog.build_requested.connect(self.page.choose)
        self.preview_dialog.open()

    def build_pack(self, path: str, options: dict) -> None:
        from fbdesk.services.report import build_pack

        self.page.words.save_typed()  # what was just typed goes into this pack
        cycle = self.session.cycle_label
        self.runner.run(Op(lambda ws, progress: build_pack(ws, path, cycle, progress=progress,
                                                           **options),
                           "Building the assessment pack").success(self.page.built))  # fmt: skip
