"""fbdesk stats, correlate, drivers, rank and report: a cycle's figures, findings, key drivers,
ranking and pack."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fbdesk.cli.common import (
    WORKSPACE,
    cycle_scope,
    printer,
    scope_arguments,
    summary_text,
    workspace_arg,
)
from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.words import count


def add_commands(sub: argparse._SubParsersAction) -> None:
    st = sub.add_parser("stats", help="summarise a workspace")
    st.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    scope_arguments(st)
    st.add_argument("--json", action="store_true", help="print JSON")
    st.add_argument("--target", action="append", default=[], metavar="KPI=VALUE",
                    help="set a KPI target: collection_rate, processing_days, csat, "
                         "resolution_rate, loop_closure")  # fmt: skip
    st.add_argument(
        "--invited",
        type=int,
        metavar="N",
        help="customers invited in --cycle (a survey without an invitation list)",
    )
    st.set_defaults(handler=_stats)

    co = sub.add_parser("correlate", help="satisfaction against technical metrics: findings")
    co.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    scope_arguments(co)
    co.add_argument("--grid", choices=["hour", "day", "week"], help="default: from the data")
    co.add_argument("--json", action="store_true", help="print every test made as JSON")
    co.set_defaults(handler=_correlate)

    dr = sub.add_parser("drivers", help="what each theme costs in CSAT and NPS, with intervals")
    dr.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    scope_arguments(dr)
    dr.add_argument("--json", action="store_true", help="print the models and every driver")
    dr.set_defaults(handler=_drivers)

    rk = sub.add_parser("rank", help="rank improvement candidates with the reasons")
    rk.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    scope_arguments(rk)
    rk.add_argument(
        "--no-evidence",
        action="store_true",
        help="leave out the technical evidence (metrics that move with a theme raise its "
        "score; computed once from the whole history and kept in the workspace)",
    )
    rk.add_argument("--top", type=int, default=15, help="how many to print (default 15)")
    rk.add_argument("--work-items", type=Path, metavar="FILE",
                    help="write the planned and in-progress improvements as work items")  # fmt: skip
    rk.add_argument(
        "--format",
        choices=["jira", "linear", "markdown"],
        help="work-item format (default: from the file name: .md Markdown, else Jira)",
    )
    rk.add_argument("--json", action="store_true", help="print every candidate as JSON")
    rk.set_defaults(handler=_rank)

    rp = sub.add_parser("report", help="write the PDF assessment pack")
    rp.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    rp.add_argument("--out", "-o", required=True, type=Path, metavar="PACK.pdf",
                    help="the PDF file to write")  # fmt: skip
    scope_arguments(rp)
    rp.add_argument("--author", default="", help="the name on the cover")
    rp.add_argument("--no-mask", action="store_true", help="keep e-mails, phones and names")
    rp.add_argument("--keep-customer-ids", action="store_true",
                    help="leave customer ids written into comments as they are (masked by "
                         "default with the rest)")  # fmt: skip
    rp.add_argument(
        "--deterministic",
        action="store_true",
        help="fixed dates and ids: the same workspace gives the same bytes",
    )
    rp.set_defaults(handler=_report)


def _stats(args: argparse.Namespace) -> int:
    from fbdesk.services.stats import set_invited, set_targets, stats
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        if args.target:
            targets = {}
            for item in args.target:
                key, _, value = item.partition("=")
                try:
                    targets[key.strip()] = float(value)
                except ValueError:
                    raise FbdeskError(f"{item!r} is not KPI=VALUE",
                                      "For example --target csat=4.5") from None  # fmt: skip
            set_targets(ws, targets)
        if args.invited is not None:
            if args.cycle is None:
                raise FbdeskError("--invited needs --cycle", "Name the cycle the survey ran in")
            set_invited(ws, args.cycle, args.invited)
        data = stats(ws, args.cycle, args.all_cycles)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(summary_text(data))
    return 0


def _correlate(args: argparse.Namespace) -> int:
    from fbdesk.services.correlate_kept import correlate
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        where = cycle_scope(ws, args)
        run = correlate(ws, where.cycle, args.grid)
    if args.json:
        print(json.dumps({"scope": str(where), **run.as_json()}, indent=1, ensure_ascii=False,
                         default=float))  # fmt: skip
        return 0
    if run.message:
        print(f"{where}: {run.message}")
        return 0
    tests = sum(1 for r in run.results if r.p is not None)
    print(
        f"{where}: {len(run.series)} metric series, {tests} tests on a {run.grid.name} grid "
        f"(false discovery rate 5 %): {count(len(run.findings), 'finding')}"
    )
    for i, f in enumerate(run.findings, 1):
        mark = {"pinned": " [pinned]", "dismissed": " [dismissed]"}.get(f.state, "")
        print(f"{i}. {f.text}{mark}")
    return 0


def _drivers(args: argparse.Namespace) -> int:
    from fbdesk.domain.kpi import MIN_SAMPLE
    from fbdesk.services.drivers import OUTCOMES, drivers
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        where = cycle_scope(ws, args)
        run = drivers(ws, where.cycle)
    if args.json:
        print(json.dumps({"scope": str(where), **run.as_json()}, indent=1, ensure_ascii=False))
        return 0
    if not run.classified:
        print(f"{where}: no classified feedback: " + (
            f"{run.unclassified:,} items are not classified; run fbdesk classify first."
            if run.unclassified else "the scope holds no feedback."))  # fmt: skip
        return 0
    if not run.models:
        print(f"{where}: no item is rated (CSAT or NPS): nothing to measure drivers against.")
        return 0
    for outcome in OUTCOMES:
        model = run.models.get(outcome)
        if model is None:
            continue
        if model.judged:
            print(f"{where}: key drivers of {outcome}: {model.n:,} rated items, R² "
                  f"{model.r2:.2f} (the themes explain {model.r2:.0%} of its variation); the "
                  f"intervals hold together in {model.level:.0%} of {model.boot:,} resamples")  # fmt: skip
        else:
            print(f"{where}: key drivers of {outcome}: too few to judge: {model.n:,} rated "
                  f"items (a theme is judged on at least {MIN_SAMPLE} rated items with it "
                  f"and {MIN_SAMPLE} without)")  # fmt: skip
        print(f"  {'theme':<28} {'area':<18} {'impact':>7} {'interval':>17} {'with':>6} "
              f"{'without':>8}")  # fmt: skip
        for d in run.lines(outcome):
            span = f"{d.span(d.low)} … {d.span(d.high)}" if d.judged else "too few to judge"
            impact = d.span(d.impact) if d.judged else "—"
            print(f"  {d.theme[:28]:<28} {(d.area or 'all')[:18]:<18} {impact:>7} {span:>17} "
                  f"{d.n_with:>6,} {d.n_without:>8,}")  # fmt: skip
    return 0


def _rank(args: argparse.Namespace) -> int:
    from fbdesk.services.in_force import unclassified as count_unclassified
    from fbdesk.services.prioritize import rank
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        where = cycle_scope(ws, args)
        ranking = rank(ws, where.cycle, evidence=not args.no_evidence)
        unclassified = count_unclassified(ws, where.cycle)
        if args.work_items is not None:
            from fbdesk.services import workitems

            n = workitems.export(ws, ranking, args.work_items, args.format)
            print(f"{n} work items written to {args.work_items}")
            return 0
    rows = ranking.as_json()
    evidence = "without technical evidence" if args.no_evidence else "with technical evidence"
    if args.json:
        print(json.dumps({"scope": str(where), "evidence": not args.no_evidence,
                          "unclassified": unclassified, "candidates": rows},
                         indent=1, ensure_ascii=False, default=str))  # fmt: skip
        return 0
    print(f"{where}: {len(rows)} improvement candidates, ranked {evidence}")
    if not rows:
        print(
            "  No candidate yet: "
            + (
                f"{unclassified:,} items are not classified; run fbdesk classify first."
                if unclassified
                else "no theme and area has enough feedback to rank."
            )
        )
    for row in rows[: args.top]:
        print(
            f"{row['rank']:>3}. {row['title']}: score {row['score']:.2f}, "
            f"{row['customers']} customers, {row['status']}, {KIND_WORDS[row['kind']]}"
        )
        print("       " + " ".join(row["why"][1:-1]))
        print(f"     why {KIND_WORDS[row['kind']]}: {row['kind_reason']}")
    return 0


KIND_WORDS = {"fix": "immediate fix", "platform": "platform investment"}


def _report(args: argparse.Namespace) -> int:
    from fbdesk.services.report import build_pack
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        done = build_pack(ws, args.out, args.cycle, mask=not args.no_mask,
                          deterministic=args.deterministic, author=args.author,
                          progress=printer(), all_cycles=args.all_cycles,
                          mask_ids=not args.keep_customer_ids)  # fmt: skip
    print(
        f"{done['path']}: {done['scope']}, {count(done['pages'], 'page')}, "
        f"{count(done['findings'], 'finding')}, {count(done['improvements'], 'improvement')}"
    )
    return 0
