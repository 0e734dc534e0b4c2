"""fbdesk run, inbox and alerts: a cycle without hands and what it asks of a person."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fbdesk.cli.common import WORKSPACE, workspace_arg, workspace_name


def add_commands(sub: argparse._SubParsersAction) -> None:
    rn = sub.add_parser(
        "run",
        help="a cycle without hands: import what is new, classify, alert, rank, write the pack",
        description="Exit status: 0 when nothing needs a person, 1 when something does (a file "
        "the inbox cannot map, a new alert), 2 on an error. The last line is a summary for a "
        "scheduler's log.",
    )
    rn.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    rn.add_argument("--inbox", action="append", type=Path, default=[],
                    help="a folder to take new exports from (besides the workspace's watched "
                         "folders); may be repeated")  # fmt: skip
    rn.add_argument("--report", type=Path, help="write the PDF pack here")
    rn.add_argument("--export", type=Path, help="write the reviewed items here (.xlsx or .csv)")
    rn.add_argument("--cycle", help="the cycle for the pack and export (default: the latest)")
    rn.add_argument(
        "--settle",
        type=float,
        default=3.0,
        help="seconds a file must be left untouched before it is read (default 3)",
    )
    rn.add_argument("--json", action="store_true", help="print what was done as JSON")
    rn.set_defaults(handler=_run)

    ib = sub.add_parser("inbox", help="watched folders and the files waiting for a person")
    ib.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    ib.add_argument("--watch", type=Path, action="append", default=[], help="watch a folder")
    ib.add_argument("--unwatch", type=Path, action="append", default=[], help="stop watching")
    ib.set_defaults(handler=_inbox)

    al = sub.add_parser("alerts", help="alerts on urgent items, negative spikes and metrics")
    al.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    al.add_argument("--all", action="store_true", help="dismissed ones too")
    al.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="change a threshold: urgent, urgent_max_age_days, spike, spike_ratio, "
                         "spike_min_items, spike_baseline_days, metric")  # fmt: skip
    al.add_argument("--json", action="store_true", help="print the alerts as JSON")
    al.set_defaults(handler=_alerts)


def _run(args: argparse.Namespace) -> int:
    from fbdesk.services.autorun import run
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        done = run(ws, args.inbox, args.report, args.export, args.cycle, args.settle)
    if args.json:
        print(json.dumps(done.as_json(), indent=1, ensure_ascii=False, default=str))
    else:
        print(f"fbdesk run {workspace_name(args.workspace)}: {done.summary()}")
    if done.failed:  # what was imported and classified stays; the summary says what was written
        return 2
    return 1 if done.needs_person else 0


def _inbox(args: argparse.Namespace) -> int:
    from fbdesk.services import inbox
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        for folder in args.watch:
            print(f"watching {inbox.watch(ws, folder)}")
        for folder in args.unwatch:
            inbox.unwatch(ws, folder.expanduser().resolve())
        watched = inbox.folders(ws)
        waiting = inbox.waiting(ws)
        asked = inbox.asked(ws)
    print("Watched folders: " + (", ".join(map(str, watched)) or "none"))
    for folder, why in asked:
        print(f"  not watched: {folder} — {why} (allow it with --watch {folder})")
    for w in waiting:
        print(f"  waiting: {w['path']} — {w['reason']}")
    return 0


def _alerts(args: argparse.Namespace) -> int:
    import datetime as dt

    from fbdesk.services import alerts
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        if args.set:
            settings = alerts.AlertSettings.load(ws)
            for item in args.set:
                settings = alerts.with_setting(settings, item)
            settings.save(ws)
            print("Thresholds: " + ", ".join(f"{k}={v}" for k, v in vars(settings).items()))
        found = alerts.alerts(ws, include_dismissed=args.all)
    if args.json:
        print(json.dumps(found, indent=1, ensure_ascii=False))
        return 0
    for a in found:
        when = dt.datetime.fromtimestamp(a["created_at"]).strftime("%Y-%m-%d %H:%M")
        print(f"{when}  [{a['state']}] {a['title']} ({len(a['item_ids'])} items)")
        print(f"    {a['detail']}")
    if not found:
        print("No alerts.")
    return 0
