"""Import files into a workspace: inspect, propose a mapping, and store in one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from fbdesk.domain.errors import FbdeskError, ImportRefused
from fbdesk.domain.mapping import (
    MULTI_ROLES,
    ImportReport,
    Mapping,
    Role,
    SourceKind,
    header_signature,
    summarise_skips,
)
from fbdesk.domain.progress import Progress
from fbdesk.io import records as rec
from fbdesk.io.headers import Table, cell_text, flatten
from fbdesk.io.mapping import propose
from fbdesk.io.reading import read_file
from fbdesk.store import imported
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass
class ImportPlan:
    """A file read and understood, ready to be previewed, adjusted and imported."""

    path: Path
    table: Table
    mapping: Mapping
    sha256: str
    signature: str

    @property
    def kind(self) -> SourceKind:
        return self.mapping.kind

    def records(self) -> rec.Records:
        self.check_mapping()
        return rec.build(self.table, self.mapping)

    def check_mapping(self) -> None:
        """Raise when the mapping cannot be imported (no text, rating or score for feedback)."""
        _check_mapping(self)

    def preview(self, limit: int = 20) -> list[dict]:
        return rec.preview(self.records(), limit)

    def with_kind(self, kind: str) -> ImportPlan:
        """The same file read as another kind of source, with a fresh proposal."""
        return replace(self, mapping=propose(self.table, kind))

    def with_roles(self, choices: list[tuple[Role, str]], kind: str | None = None) -> ImportPlan:
        """The plan with the roles a person chose for columns (named by header or question
        text), set as the mapping dialog sets them. A role another kind of source has (a text
        for a file taken for metrics) reads the file as that kind first, unless ``kind``
        (the command line's ``--kind``) says otherwise."""
        if not choices:
            return self
        plan = self
        wanted = _family_of([role for role, _ in choices], self.path.name)
        if wanted is not None and not _kind_allowed(plan.kind.value, wanted):
            if kind is not None and not _kind_allowed(_KIND_OF_FAMILY[wanted], kind):
                raise FbdeskError(
                    f"The roles chosen with --map are for {wanted}, not for --kind {kind}",
                    f"Leave out --kind, or choose roles of {kind}", file=self.path.name)  # fmt: skip
            plan = plan.with_kind(wanted)
        mapping = replace(plan.mapping, columns=[replace(c) for c in plan.mapping.columns])
        given: dict[Role, str] = {}
        for role, column in choices:
            index = _column_index(plan.table, column)
            if role not in MULTI_ROLES and given.get(role, column) != column:
                raise FbdeskError(
                    f"--map gives {role.value} to two columns, {given[role]!r} and {column!r}",
                    f"A file has one {role.value} column; keep one of them",
                    file=self.path.name)  # fmt: skip
            given[role] = column
            mapping.set_role(index, role)
        mapping.remembered = False
        return replace(plan, mapping=mapping)

    def example(self, index: int) -> str:
        """The first non-empty value of a column, as text."""
        return next((cell_text(v) for v in self.table.data[index].head(50) if cell_text(v)), "")

    def check(self, limit: int = 10, rows: int = 50_000) -> tuple[list[dict], list[str]]:
        """The first ``limit`` rows as they will be imported, and the problems found in the
        first ``rows`` rows (skips grouped by reason, notices). Raises on an unusable mapping."""
        t = self.table
        part = t if len(t.data) <= rows else replace(
            t, data=t.data.head(rows), row_numbers=t.row_numbers.head(rows))  # fmt: skip
        records = replace(self, table=part).records()
        lines = [f"Checked the first {rows:,} rows."] if len(t.data) > rows else []
        if records.skipped:
            lines.append(f"{len(records.skipped):,} rows will be skipped: "
                         + "; ".join(summarise_skips(records.skipped, 3)))  # fmt: skip
        return rec.preview(records, limit), lines + records.notices

    def describe(self) -> list[str]:
        """What was recognised, in lines a person reads."""
        t, m = self.table, self.mapping
        lines = [
            f"{self.path.name}: {m.kind.label} ({t.raw.format}"
            + (f", sheet {t.raw.sheet!r}" if t.raw.sheet else "")
            + (f", {t.raw.encoding}" if t.raw.encoding else "")
            + f"; {t.shape}; {len(t.data)} data rows)"
            + (" — mapping remembered from an earlier import" if m.remembered else "")
        ]
        for c in m.columns:
            if c.role != Role.IGNORE:
                unit = f" [{c.unit}]" if c.unit else ""
                lines.append(
                    f"  {c.role.value:<15} ← {c.name!r}{unit} ({c.confidence:.0%}, {c.reason})"
                )
        return lines


def file_sha256(path: Path) -> str:
    """The hash of a regular file's bytes (OSError for a pipe or a device, never a wait)."""
    import os
    import stat

    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def plan_import(
    path: str | Path, ws: Workspace | None = None, kind: str | None = None, sheet: str | None = None
) -> ImportPlan:
    """Read ``path`` and propose its mapping (a remembered one when the layout is known)."""
    path = Path(path)
    try:
        raw = read_file(path, sheet=sheet)
        table = flatten(raw)
        if table.data.empty:
            raise ImportRefused(
                "The file has a header but no data rows",
                "Export it again with its rows",
                file=path.name,
                sheet=raw.sheet,
            )
        signature = header_signature(table.names, table.shape)
        mapping = None
        if ws is not None:
            saved = imported.remembered_mapping(ws.conn, signature)
            if saved is not None and (kind is None or _kind_allowed(saved["kind"], kind)):
                mapping = Mapping.from_json(saved, table.names)
                if mapping.kind == SourceKind.METRICS and mapping.first(Role.METRIC_NAME) is None:
                    mapping.metric_name = path.stem  # a `timestamp,value` file names its series
        if mapping is None:
            mapping = propose(table, kind)
        return ImportPlan(path, table, mapping, raw.sha256, signature)
    except FbdeskError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise ImportRefused(
            f"The file is too large or too deeply nested to read ({type(exc).__name__})",
            "Split it into smaller files",
            file=path.name,
        ) from exc
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, OSError,
            csv.Error) as exc:  # fmt: skip
        log.exception("unexpected failure reading %s", path)
        raise ImportRefused(
            f"The file could not be understood ({type(exc).__name__}: {exc})",
            "Check that it is a survey, ticket, review or metric export",
            file=path.name,
        ) from exc


def _kind_allowed(saved_kind: str, kind: str) -> bool:
    from fbdesk.domain.mapping import KIND_FAMILIES

    allowed = KIND_FAMILIES[kind] if kind in KIND_FAMILIES else (SourceKind(kind),)
    return SourceKind(saved_kind) in allowed


METRIC_ROLES = frozenset({Role.TIMESTAMP, Role.VALUE, Role.METRIC_NAME, Role.UNIT, Role.SERVICE,
                          Role.METRIC_COLUMN})  # fmt: skip
_KIND_OF_FAMILY = {"metrics": "metrics", "feedback": "survey", "invitations": "invitations"}


def parse_roles(items: list[str]) -> list[tuple[Role, str]]:
    """``ROLE=COLUMN`` pairs (the command line's ``--map``) as (role, column)."""
    out = []
    for item in items:
        name, sep, column = item.partition("=")
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        if not sep or not column.strip():
            raise FbdeskError(f"--map {item!r} is not ROLE=COLUMN",
                              'For example --map text=Comments --map submitted="Date received"')  # fmt: skip
        try:
            role = Role(key)
        except ValueError:
            raise FbdeskError(f"There is no role {name.strip()!r} (in --map {item!r})",
                              "The roles are: " + ", ".join(r.value for r in Role)) from None  # fmt: skip
        out.append((role, column.strip()))
    return out


def _family_of(roles: list[Role], name: str) -> str | None:
    """The kind of source the roles belong to: metrics, invitations or feedback (None: any)."""
    from fbdesk.io.mapping import INVITATION_ROLES

    metric = {r for r in roles if r in METRIC_ROLES}
    other = {r for r in roles if r not in METRIC_ROLES and r != Role.IGNORE}
    if metric and other:
        raise FbdeskError(
            f"--map mixes metric roles ({', '.join(sorted(metric))}) with feedback roles "
            f"({', '.join(sorted(other))})", "A file is either a metric export or feedback",
            file=name)  # fmt: skip
    if metric:
        return "metrics"
    if other and not other <= set(INVITATION_ROLES):
        return "feedback"
    return None


def _column_index(table: Table, column: str) -> int:
    """The column named ``column``: by its header, then ignoring case and spaces, then by its
    question text (a survey's second header row)."""
    from fbdesk.io.vocabulary import fold

    def loose(s: str) -> str:
        return " ".join(fold(s).split())

    for names, key in ((table.names, str), (table.names, loose), (table.descriptions, loose)):
        found = [i for i, n in enumerate(names) if n and key(n) == key(column)]
        if len(found) == 1:
            return found[0]
    shown = ", ".join(repr(n) for n in table.names[:30]) + (" …" if len(table.names) > 30 else "")
    raise FbdeskError(f"The file has no column {column!r}", f"Its columns are: {shown}",
                      file=table.file, sheet=table.raw.sheet)  # fmt: skip


def _check_mapping(plan: ImportPlan) -> None:
    m = plan.mapping
    name = plan.path.name
    if m.kind.is_feedback and not (m.of(Role.TEXT) or m.of(Role.TITLE) or m.first(Role.RATING)
                                   or m.first(Role.NPS)):  # fmt: skip
        raise ImportRefused(
            "No column holds feedback text, a rating or an NPS score",
            "Choose the column with the customers' words in the mapping (on the command line: "
            "--map text=COLUMN; its columns are "
            + ", ".join(repr(n) for n in plan.table.names[:12])
            + (" …" if len(plan.table.names) > 12 else "")
            + "), or import it with --kind metrics or --kind invitations",
            file=name,
            sheet=plan.table.raw.sheet,
        )
    if m.kind == SourceKind.METRICS and m.first(Role.TIMESTAMP) is None:
        raise ImportRefused("No column holds the time of each value", "Map a timestamp column",
                            file=name, sheet=plan.table.raw.sheet)  # fmt: skip


def quarter_of(seconds: pd.Series, fallback: str) -> pd.Series:
    """Cycle names from dates: ``2025-Q2``; undated items get ``fallback``."""
    stamps = pd.to_datetime(seconds, unit="s", utc=True, errors="coerce")
    names = (
        stamps.dt.year.astype("Int64").astype(str)
        + "-Q"
        + stamps.dt.quarter.astype("Int64").astype(str)
    )
    return names.where(stamps.notna(), fallback).astype(object)


def current_quarter() -> str:
    today = dt.date.today()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def import_plans(
    ws: Workspace, plans: list[ImportPlan], cycle: str | None = None,
    progress: Progress | None = None,
    on_stored: Callable[[ImportPlan, ImportReport], None] | None = None,
) -> list[ImportReport]:  # fmt: skip
    """Import every plan in one transaction: all files' rows, or (on any error) nothing.

    Without ``cycle``, feedback goes to the cycle of its quarter (``2025-Q2``).
    ``on_stored`` runs inside the transaction after each file, for records that must be
    committed with the import or not at all.
    """
    progress = progress or Progress()
    prepared = []
    for n, plan in enumerate(plans):
        progress.step(0.5 * n / max(len(plans), 1), f"Reading {plan.path.name}")
        prepared.append((plan, plan.records()))
    reports = []
    with ws.transaction():
        for n, (plan, records) in enumerate(prepared):
            progress.step(0.5 + 0.5 * n / len(prepared), f"Storing {plan.path.name}")
            reports.append(_store(ws, plan, records, cycle))
            if on_stored is not None:
                on_stored(plan, reports[-1])
        progress.check()  # a cancel before commit leaves the workspace as it was
    progress.step(1.0, "Done")
    return reports


def _store(
    ws: Workspace, plan: ImportPlan, records: rec.Records, cycle: str | None
) -> ImportReport:
    conn = ws.conn
    t = plan.table
    frame = records.frame
    report = ImportReport(
        file=plan.path.name, kind=records.kind, format=t.raw.format, shape=t.shape,
        sheet=t.raw.sheet, cycle=cycle or "", rows_read=records.rows_read,
        skipped=list(records.skipped),
        notices=list(t.raw.notices) + records.notices + records.info,
    )  # fmt: skip
    cycle_names: pd.Series | None = None
    cycle_id = None
    if records.kind.is_feedback:
        if cycle:
            cycle_names = pd.Series(cycle, index=frame.index, dtype=object)
        else:
            cycle_names = quarter_of(frame["submitted"], current_quarter())
        counts = cycle_names.value_counts()
        report.cycle = ", ".join(counts.index.tolist()) if len(counts) else (cycle or "")
        main_cycle = counts.index[0] if len(counts) else (cycle or current_quarter())
        cycle_id = imported.ensure_cycle(conn, main_cycle)
    elif records.kind == SourceKind.INVITATIONS:
        name = cycle or current_quarter()
        cycle_id = imported.ensure_cycle(conn, name)
        report.cycle = name
    mapping_json = plan.mapping.to_json()
    report.source_id = imported.insert_source(
        conn, report, cycle_id, plan.sha256, t.raw.encoding, plan.signature, mapping_json
    )
    match records.kind:
        case SourceKind.METRICS:
            report.rows_imported, report.series = imported.insert_metrics(
                conn, frame, report.source_id
            )
            report.rows_duplicate = len(frame) - report.rows_imported
        case SourceKind.TICKET_REPLIES:
            report.rows_imported = imported.insert_replies(conn, frame, report.source_id)
            report.rows_duplicate = len(frame) - report.rows_imported
        case SourceKind.INVITATIONS:
            report.rows_imported = imported.insert_invitations(conn, frame, report.source_id, cycle_id)
            report.rows_duplicate = len(frame) - report.rows_imported
        case _:
            ids = {name: imported.ensure_cycle(conn, name) for name in cycle_names.unique()}
            frame = frame.assign(
                cycle_id=cycle_names.map(ids).astype("int64"),
                source_id=report.source_id,
                received_at=time.time(),
            )
            report.rows_imported = imported.insert_feedback(conn, frame)
            report.rows_duplicate = len(frame) - report.rows_imported
            if report.rows_duplicate:
                _complete_truncated(ws, frame, report)
            spans = frame.groupby("cycle_id")["submitted"].agg(["min", "max"])
            for cid, (start, end) in spans.iterrows():
                imported.widen_cycle_period(conn, int(cid), start, end)
    earlier = imported.earlier_source(conn, plan.sha256, report.source_id)
    if report.rows_imported == 0 and earlier is not None \
            and imported.drop_unused_source(conn, report.source_id):  # fmt: skip
        # The same file again: nothing new, and no second entry in the list of sources.
        report.source_id = earlier
        report.notices.append("This file was imported before; nothing in it is new")
        ws.audit("reimport", "source", earlier, {"file": report.file, "sha256": plan.sha256})
        return report
    imported.finish_source(conn, report)
    imported.remember_mapping(conn, plan.signature, mapping_json)
    ws.audit("import", "source", report.source_id, {
        "file": report.file, "sha256": plan.sha256, "kind": report.kind.value,
        "rows_imported": report.rows_imported, "rows_duplicate": report.rows_duplicate,
        "rows_skipped": report.rows_skipped,
    })  # fmt: skip
    return report


def _complete_truncated(ws: Workspace, frame: pd.DataFrame, report: ImportReport) -> None:
    """Items imported before with a text this file continues were cut off mid-write: they get
    the whole text, each change audited."""
    done = imported.complete_truncated(ws.conn, frame, report.source_id)
    for item, before, now in done:
        ws.audit("complete_text", "feedback", item, {"file": report.file, "chars_before": before,
                                                     "chars_now": now})  # fmt: skip
    if done:
        report.notices.append(
            f"{len(done)} item(s) imported before with a cut-off text got their whole text "
            "from this file")  # fmt: skip


def import_files(
    ws: Workspace, paths: list[str | Path], cycle: str | None = None, kind: str | None = None,
    sheet: str | None = None, progress: Progress | None = None,
) -> list[ImportReport]:  # fmt: skip
    """Read, map and import files as the command line does: no questions asked."""
    plans = [plan_import(p, ws, kind=kind, sheet=sheet) for p in paths]
    return import_plans(ws, plans, cycle=cycle, progress=progress)


__all__ = ["ImportPlan", "import_files", "import_plans", "parse_roles", "plan_import"]
