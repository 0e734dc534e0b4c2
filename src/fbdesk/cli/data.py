"""fbdesk import and fbdesk export: exports in, reviewed items out."""

from __future__ import annotations

import argparse
from pathlib import Path

from fbdesk.cli.common import WORKSPACE, printer, scope_arguments, workspace_arg


def add_commands(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="import survey, ticket, review or metric exports",
                         epilog=_roles_epilog(),
                         formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    imp.add_argument("--workspace", "-w", required=True, type=workspace_arg,
                     help="the workspace file (created if missing), or a team workspace's "
                          "postgresql://host/database (set up by fbdesk team init)")  # fmt: skip
    imp.add_argument("--cycle", help="cycle name (default: the quarter of each item's date)")
    imp.add_argument("--kind", choices=["feedback", "metrics", "invitations"],
                     help="what the files hold (default: recognised from each file)")  # fmt: skip
    imp.add_argument("--sheet", help="workbook sheet to read (default: the one with most data)")
    imp.add_argument("--dry-run", action="store_true", help="show the mapping, import nothing")
    imp.add_argument("--no-classify", action="store_true",
                     help="leave the new items unclassified (for scripted bulk loads; "
                          "classify later with fbdesk classify)")  # fmt: skip
    imp.add_argument("--map", action="append", default=[], metavar="ROLE=COLUMN",
                     help='give a column a role, e.g. --map text=Comments --map submitted="Date '
                          'received" (repeatable; the roles are listed below)')  # fmt: skip
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE",
                     help="CSV, TSV, XLSX, XLS or ODS files; all or none are imported")  # fmt: skip
    imp.set_defaults(handler=_import)

    ex = sub.add_parser("export", help="write the items with every label and its origin")
    ex.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    scope_arguments(ex)
    ex.add_argument("--out", "-o", required=True, type=Path, metavar="FILE",
                    help="the file to write: .xlsx or .csv")  # fmt: skip
    ex.set_defaults(handler=_export)


def _roles_epilog() -> str:
    """The roles ``--map`` gives, one a line."""
    from fbdesk.domain.mapping import ROLE_HELP

    return "roles for --map:\n" + "\n".join(f"  {r.value:<15} {h}" for r, h in ROLE_HELP.items())


def _import(args: argparse.Namespace) -> int:
    from fbdesk.services.importing import import_plans, parse_roles, plan_import
    from fbdesk.store.workspace import Workspace

    roles = parse_roles(args.map)
    # Read and map every file first: a file that fails leaves no workspace created or changed.
    on_server = isinstance(args.workspace, str)
    existing = (Workspace.open(args.workspace) if on_server or args.workspace.exists()
                else None)  # fmt: skip
    try:
        plans = [plan_import(f, existing, kind=args.kind, sheet=args.sheet)
                 .with_roles(roles, args.kind) for f in args.files]  # fmt: skip
        for plan in plans:
            print("\n".join(plan.describe()))
        if args.dry_run:
            return 0
        for plan in plans:  # before the workspace is created
            plan.check_mapping()
        ws = existing or Workspace.open(args.workspace, create=True)
        try:
            reports = import_plans(ws, plans, cycle=args.cycle, progress=printer())
            feedback = sum(r.rows_imported for r, p in zip(reports, plans, strict=True)
                           if p.kind.is_feedback)  # fmt: skip
            if feedback and not args.no_classify:
                from fbdesk.services.classify import classify

                done = classify(ws, progress=printer())
                print(f"{done['classified']} items classified (sentiment, themes, area, urgency)")
        finally:
            if ws is not existing:
                ws.close()
    finally:
        if existing is not None:
            existing.close()
    for r in reports:
        print(r.summary() + (f" (cycle {r.cycle})" if r.cycle else ""))
        for line in r.skip_summary():
            print(f"  skipped {line}")
        for n in r.notices:
            print(f"  note: {n}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from fbdesk.services.exporting import export_items
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        done = export_items(ws, args.out, args.cycle, args.all_cycles)
    print(done.summary())
    return 0
