"""A whole cycle without hands: import what is new, classify, raise alerts, correlate and rank,
then write the pack and the export. What ``fbdesk run`` does for a scheduler."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.progress import Progress
from fbdesk.domain.words import count
from fbdesk.services import alerts as alert_service
from fbdesk.services import inbox
from fbdesk.store import queries
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass
class AutoRun:
    inbox: inbox.InboxRun
    classified: int = 0
    alerts: list[dict] = field(default_factory=list)
    waiting: list[dict] = field(default_factory=list)  # every file waiting, not only new ones
    asked: list[tuple[str, str]] = field(default_factory=list)  # folders not allowed here
    findings: int | None = None
    top: str | None = None
    pack: str | None = None
    pages: int | None = None
    export: str | None = None
    failed: list[str] = field(default_factory=list)  # steps that failed, each with its reason
    seconds: float = 0.0

    @property
    def needs_person(self) -> list[str]:
        """Why a person has to look, empty when nobody has to."""
        why = [f"{len(self.waiting)} file(s) in the Inbox cannot be imported without a person "
               f"({Path(self.waiting[0]['path']).name}: {self.waiting[0]['reason']})"
               ] if self.waiting else []  # fmt: skip
        why += [f"the workspace asks to watch {f!r}, {reason} (fbdesk inbox --watch allows it)"
                for f, reason in self.asked]  # fmt: skip
        why += [f"alert: {a['title']}" for a in self.alerts]
        return why

    def summary(self) -> str:
        parts = [self.inbox.summary(), f"{self.classified:,} classified"]
        if self.findings is not None:
            parts.append(count(self.findings, "finding"))
        if self.top:
            parts.append(f"top improvement: {self.top}")
        if self.pack:
            parts.append(f"pack {Path(self.pack).name} ({self.pages} pages)")
        if self.export:
            parts.append(f"export {Path(self.export).name}")
        parts.append(f"{len(self.alerts)} new alert(s)")
        line = "; ".join(parts) + f"; {self.seconds:.1f} s"
        if self.failed:
            line += " — failed: " + "; ".join(self.failed)
        if self.needs_person:
            line += " — needs a person: " + "; ".join(self.needs_person)
        return line

    def as_json(self) -> dict:
        return {
            "imported": [r.file for r in self.inbox.imported], "items": self.inbox.items,
            "waiting": self.waiting, "pending": self.inbox.pending,
            "folders_not_allowed": [f for f, _ in self.asked],
            "duplicates": self.inbox.duplicates, "classified": self.classified,
            "alerts": self.alerts, "findings": self.findings, "top": self.top,
            "pack": self.pack, "pages": self.pages, "export": self.export,
            "failed": self.failed, "seconds": round(self.seconds, 3),
            "needs_person": self.needs_person,
        }  # fmt: skip


def run(
    ws: Workspace,
    folders: list[str | os.PathLike] = (),
    report: str | os.PathLike | None = None,
    export: str | os.PathLike | None = None,
    cycle_name: str | None = None,
    settle: float = inbox.SETTLE_SECONDS,
    progress: Progress | None = None,
) -> AutoRun:
    """One unattended pass over the workspace (and its watched folders plus ``folders``).

    Importing and classifying are committed as they finish; the pack and the export are written
    each on its own, so one that fails leaves the other written and is named in ``failed``.
    """
    from fbdesk.services import prioritize
    from fbdesk.services.classify import classify
    from fbdesk.services.report import build_pack
    from fbdesk.services.review import export_review
    from fbdesk.services.stats import cycle_id_or_fail

    progress = progress or Progress()
    started = time.perf_counter()
    result = AutoRun(inbox.scan(ws, list(folders), settle=settle, progress=progress.part(0, 0.3)))
    result.waiting = inbox.waiting(ws)
    result.asked = inbox.asked(ws)
    result.classified = classify(ws, progress=progress.part(0.3, 0.55))["classified"]
    result.alerts = alert_service.check(ws)
    if cycle_name is None:
        known = queries.cycles(ws.conn)
        cycle_name = known[-1]["name"] if known else None
    cycle = cycle_id_or_fail(ws, cycle_name)
    top = None
    if report is not None:
        done = _step(result, "pack", lambda: build_pack(
            ws, report, cycle_name, progress=progress.part(0.55, 0.9)))  # fmt: skip
        if done is not None:
            result.pack, result.pages = done["path"], done["pages"]
            result.findings, top = done["findings"], done["top"]
    else:
        from fbdesk.services.correlate import correlate

        def ranking() -> dict | None:
            progress.step(0.6, "Correlating and ranking")
            correlation = correlate(ws, None, intervals="significant")
            result.findings = len(correlation.findings)
            rows = prioritize.rank(ws, cycle, correlation).as_json()
            return rows[0] if rows else None

        top = _step(result, "ranking", ranking)
    if top is not None:
        result.top = f"{top['title']} (score {top['score']:.2f})"
    if export is not None:
        progress.step(0.92, "Writing the export")
        written = _step(result, "export", lambda: export_review(ws, export, cycle))
        result.export = None if written is None else str(written)
    result.seconds = time.perf_counter() - started
    progress.step(1.0, "Done")
    return result


def _step(result: AutoRun, what: str, do: Callable[[], object]) -> object | None:
    """Do one output step; a failure is recorded in ``result.failed`` and the run goes on."""
    try:
        return do()
    except FbdeskError as exc:
        result.failed.append(f"no {what}: {exc.message}")
    except Exception as exc:  # a scheduler needs the rest of the run, and the reason
        log.exception("unexpected error writing %s", what)
        result.failed.append(f"no {what}: something unexpected went wrong "
                             f"({type(exc).__name__}); the details are in the log file")  # fmt: skip
    return None
