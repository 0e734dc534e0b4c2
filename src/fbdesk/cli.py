"""The command line: import, stats, check, demo, and the window."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from fbdesk import __version__
from fbdesk.domain.errors import FbdeskError

log = logging.getLogger(__name__)


WORKSPACE = "the workspace file (.fbdesk)"
# fbdesk --help lists the commands in the order of a cycle, then the others.
CYCLE_ORDER = ("import", "classify", "stats", "correlate", "rank", "report", "export")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="fbdesk", description="Customer-feedback assessment workbench.",
        epilog="A cycle: import, classify, stats, correlate, rank, report, export. "
        "fbdesk COMMAND --help shows a command's options.",
    )  # fmt: skip
    p.add_argument("--version", action="version", version=f"fbdesk {__version__}")
    sub = p.add_subparsers(dest="command")

    imp = sub.add_parser("import", help="import survey, ticket, review or metric exports",
                         epilog=_roles_epilog(),
                         formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    imp.add_argument("--workspace", "-w", required=True, type=Path,
                     help="the workspace file (created if missing)")  # fmt: skip
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

    st = sub.add_parser("stats", help="summarise a workspace")
    st.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    _scope_arguments(st)
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

    cl = sub.add_parser("classify", help="classify feedback: sentiment, themes, area, urgency")
    cl.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    cl.add_argument("--cycle", help="classify this cycle (default: all cycles)")
    cl.add_argument("--all", action="store_true", help="classify again even where unchanged")
    cl.add_argument("--learn", action="store_true",
                    help="then learn from all the assessor's labels, measure the models by "
                         "cross-validation and re-score every item nobody has reviewed (of "
                         "--cycle only, when given)")  # fmt: skip

    tx = sub.add_parser("taxonomy", help="show, export or replace the themes, areas and urgency")
    tx.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    what = tx.add_mutually_exclusive_group()
    what.add_argument("--export", type=Path, metavar="FILE", help="write it as JSON to edit")
    what.add_argument("--import", dest="import_", type=Path, metavar="FILE",
                      help="store an edited JSON file as the next version and classify again")  # fmt: skip
    what.add_argument(
        "--reset",
        action="store_true",
        help="go back to the taxonomy fbdesk ships (as the next version)",
    )

    dc = sub.add_parser("discover", help="propose new themes from feedback no theme fits")
    dc.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    dc.add_argument("--cycle", help="look at this cycle (default: all cycles)")
    dc.add_argument("--theme", help="split this theme instead of the items without one")
    dc.add_argument("--topics", type=int, default=8, help="at most this many (default 8)")
    dc.add_argument("--accept", type=int, metavar="N", help="add proposal N to the taxonomy")
    dc.add_argument("--name", help="the accepted theme's name (default: its top terms)")
    dc.add_argument("--json", action="store_true", help="print the proposals as JSON")

    ev = sub.add_parser("eval", help="measure the classifiers on labelled files")
    ev.add_argument("--task", choices=["sentiment", "category"], required=True,
                    help="sentiment (VADER ground truth TSV) or category (app reviews JSONL)")  # fmt: skip
    ev.add_argument("--train", type=Path, required=True, metavar="FILE",
                    help="the labelled file to learn from")  # fmt: skip
    ev.add_argument(
        "--labels", type=int, metavar="N", help="learn from the first N labelled rows (0: none)"
    )
    ev.add_argument("--test", type=Path, required=True, metavar="FILE",
                    help="the labelled file to measure on")  # fmt: skip
    ev.add_argument("--json", action="store_true", help="print the measures as JSON")

    co = sub.add_parser("correlate", help="satisfaction against technical metrics: findings")
    co.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    _scope_arguments(co)
    co.add_argument("--grid", choices=["hour", "day", "week"], help="default: from the data")
    co.add_argument("--json", action="store_true", help="print every test made as JSON")

    add_drivers_parser(sub)

    rk = sub.add_parser("rank", help="rank improvement candidates with the reasons")
    rk.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    _scope_arguments(rk)
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

    rp = sub.add_parser("report", help="write the PDF assessment pack")
    rp.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    rp.add_argument("--out", "-o", required=True, type=Path, metavar="PACK.pdf",
                    help="the PDF file to write")  # fmt: skip
    _scope_arguments(rp)
    rp.add_argument("--author", default="", help="the name on the cover")
    rp.add_argument("--no-mask", action="store_true", help="keep e-mails, phones and names")
    rp.add_argument(
        "--deterministic",
        action="store_true",
        help="fixed dates and ids: the same workspace gives the same bytes",
    )

    ex = sub.add_parser("export", help="write the items with every label and its origin")
    ex.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    _scope_arguments(ex)
    ex.add_argument("--out", "-o", required=True, type=Path, metavar="FILE",
                    help="the file to write: .xlsx or .csv")  # fmt: skip

    rn = sub.add_parser(
        "run",
        help="a cycle without hands: import what is new, classify, alert, rank, write the pack",
        description="Exit status: 0 when nothing needs a person, 1 when something does (a file "
        "the inbox cannot map, a new alert), 2 on an error. The last line is a summary for a "
        "scheduler's log.",
    )
    rn.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
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

    ib = sub.add_parser("inbox", help="watched folders and the files waiting for a person")
    ib.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    ib.add_argument("--watch", type=Path, action="append", default=[], help="watch a folder")
    ib.add_argument("--unwatch", type=Path, action="append", default=[], help="stop watching")

    al = sub.add_parser("alerts", help="alerts on urgent items and negative spikes")
    al.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    al.add_argument("--all", action="store_true", help="dismissed ones too")
    al.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="change a threshold: urgent, urgent_max_age_days, spike, spike_ratio, "
                         "spike_min_items, spike_baseline_days")  # fmt: skip
    al.add_argument("--json", action="store_true", help="print the alerts as JSON")

    sf = sub.add_parser("self-test", help="check that this installation works end to end")
    sf.add_argument("--json", action="store_true", help="print the results as JSON")
    sf.add_argument("--no-qt", action="store_true", help="skip the Qt imports (a headless box)")

    ck = sub.add_parser("check", help="check a workspace's integrity")
    ck.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)

    rc = sub.add_parser("recover", help="open a copy of the newest sound backup of a damaged "
                        "workspace (the damaged file is left as it is)")  # fmt: skip
    rc.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)

    demo = sub.add_parser("demo", help="write the demo workspace and open it")
    demo.add_argument("--workspace", "-w", type=Path,
                      help="where to write it (default: in the user data folder)")  # fmt: skip
    demo.add_argument("--no-gui", action="store_true", help="write it and print its summary only")

    gui = sub.add_parser("gui", help="open the window")
    gui.add_argument("workspace", nargs="?", type=Path, help="the workspace file to open")
    _in_cycle_order(sub)
    return p


def _scope_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--cycle", metavar="NAME",
                       help="the cycle to summarise (default: the latest, as the window opens)")  # fmt: skip
    which.add_argument("--all-cycles", action="store_true", help="every cycle together")


def _scope(ws, args: argparse.Namespace):
    from fbdesk.services.stats import scope

    return scope(ws, args.cycle, args.all_cycles)


def _in_cycle_order(sub: argparse._SubParsersAction) -> None:
    """List the commands in the order of a cycle (then the others, as they were added)."""
    rank = {name: n for n, name in enumerate(CYCLE_ORDER)}
    sub._choices_actions.sort(key=lambda a: rank.get(a.dest, len(rank)))
    for name in sorted(sub.choices, key=lambda n: rank.get(n, len(rank))):
        sub.choices[name] = sub.choices.pop(name)


def _roles_epilog() -> str:
    """The roles ``--map`` gives, one a line."""
    from fbdesk.domain.mapping import ROLE_HELP

    return "roles for --map:\n" + "\n".join(f"  {r.value:<15} {h}" for r, h in ROLE_HELP.items())


def main(argv: list[str] | None = None) -> int:
    from fbdesk.applog import setup_logging

    setup_logging()
    _say_notices()
    args = _parser().parse_args(argv)
    try:
        match args.command:
            case "import":
                return _import(args)
            case "stats":
                return _stats(args)
            case "check":
                return _check(args)
            case "classify":
                return _classify(args)
            case "eval":
                return _eval(args)
            case "discover":
                return _discover(args)
            case "taxonomy":
                return _taxonomy(args)
            case "correlate":
                return _correlate(args)
            case "drivers":
                return run_drivers(args)
            case "rank":
                return _rank(args)
            case "report":
                return _report(args)
            case "export":
                return _export(args)
            case "self-test":
                return _self_test(args)
            case "run":
                return _run(args)
            case "inbox":
                return _inbox(args)
            case "alerts":
                return _alerts(args)
            case "demo":
                return _demo(args)
            case "recover":
                from fbdesk.services.workspace import recover

                print(f"recovered copy: {recover(args.workspace)}")
                return 0
            case "gui" | None:
                return _gui(getattr(args, "workspace", None))
    except FbdeskError as exc:
        print(f"fbdesk: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fbdesk: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output went away (`fbdesk … | head`): what was done stays done.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        log.exception("unexpected error")
        print(
            f"fbdesk: something unexpected went wrong ({type(exc).__name__}: {exc}). "
            "The change under way was undone; the details are in the log file.",
            file=sys.stderr,
        )
        return 3
    return 0


class _Notices(logging.Handler):
    """Prints what fbdesk did instead of what a damaged setting asked for, once per message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.said: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if text not in self.said:
            self.said.add(text)
            print(f"fbdesk: notice: {text}", file=sys.stderr)


def _say_notices() -> None:
    logger = logging.getLogger("fbdesk.notice")
    for handler in [h for h in logger.handlers if isinstance(h, _Notices)]:
        logger.removeHandler(handler)
    logger.addHandler(_Notices())


def _import(args: argparse.Namespace) -> int:
    from fbdesk.services.importing import import_plans, parse_roles, plan_import
    from fbdesk.store.workspace import Workspace

    roles = parse_roles(args.map)
    # Read and map every file first: a file that fails leaves no workspace created or changed.
    existing = Workspace.open(args.workspace) if args.workspace.exists() else None
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
            reports = import_plans(ws, plans, cycle=args.cycle, progress=_printer())
            feedback = sum(r.rows_imported for r, p in zip(reports, plans, strict=True)
                           if p.kind.is_feedback)  # fmt: skip
            if feedback and not args.no_classify:
                from fbdesk.services.classify import classify

                done = classify(ws, progress=_printer())
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


def _printer():
    from fbdesk.domain.progress import Progress

    last = [-1]

    def show(fraction: float, text: str) -> None:
        pct = int(fraction * 100)
        if pct // 25 != last[0] // 25 and sys.stderr.isatty():
            print(f"  {pct:3d}% {text}", file=sys.stderr)
        last[0] = pct

    return Progress(show)


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
    print(_summary_text(data))
    return 0


def _summary_text(data: dict) -> str:
    lines = [f"Workspace {data['workspace']}", f"  figures for {data['scope']}"]
    lines.append(f"  cycles: {', '.join(data['cycles']) or 'none'}")
    lines.append(f"  feedback items: {data['feedback_count']}")
    lines.append(f"  metric series: {data['metric_series']}")
    for s in data["sources"]:
        lines.append(
            f"  {s['name']}: {s['kind']}, {s['format']}, {s['rows_imported']} imported, "
            f"{s['rows_duplicate']} duplicates, {s['rows_skipped']} skipped"
        )
    for k in data["kpis"].values():
        value = "—" if k["value"] is None else f"{k['value']:.2f}{k['unit']}"
        lines.append(f"  {k['title']}: {value} (target {k['target']}{k['unit']}; {k['basis']})")
    return "\n".join(lines)


def _classify(args: argparse.Namespace) -> int:
    from fbdesk.domain.progress import Progress
    from fbdesk.services.classify import classify
    from fbdesk.services.stats import cycle_id_or_fail
    from fbdesk.store.workspace import Workspace

    last = [-1]

    def show(fraction: float, text: str) -> None:
        pct = int(fraction * 100)
        if pct // 10 != last[0] // 10:
            print(f"  {pct:3d}% {text}", flush=True)
            last[0] = pct

    with Workspace.open(args.workspace) as ws:
        cycle = cycle_id_or_fail(ws, args.cycle)
        done = classify(ws, cycle, Progress(show), force=args.all)
        print(f"{done['classified']} items classified, {done['unchanged']} unchanged"
              + (f"; {done['learned']} of them given what was learned from the assessor's "
                 "labels" if done.get("learned") else ""))  # fmt: skip
        if args.learn:
            from fbdesk.services.review import describe_models, retrain

            last[0] = -1
            report = retrain(ws, Progress(show), cycle=cycle)
            print("\n".join(describe_models(report)))
            print(f"{report['rescored']} unreviewed items re-scored")
    return 0


def _taxonomy(args: argparse.Namespace) -> int:
    from fbdesk.services import classify as svc
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        if args.export:
            svc.export_taxonomy(ws, args.export)
            print(f"taxonomy written to {args.export}")
            return 0
        if args.import_ or args.reset:
            version = (svc.restore_shipped_taxonomy(ws) if args.reset
                       else svc.import_taxonomy(ws, args.import_))  # fmt: skip
            done = svc.classify(ws)
            print(f"taxonomy version {version} stored; {done['classified']} items classified again")
        data = json.loads(svc.taxonomy_json(ws))
        print(
            f"version {data.get('version', 1)}: {len(data['themes'])} themes, "
            f"{len(data.get('areas', {}))} areas, {len(data.get('urgency', []))} urgency kinds"
        )
        for t in data["themes"]:
            print(f"  {t['id']:18} {t.get('name', t['id'])}: {', '.join(t['phrases'][:6])}"
                  + (" …" if len(t["phrases"]) > 6 else ""))  # fmt: skip
    return 0


def _discover(args: argparse.Namespace) -> int:
    from fbdesk.services.discover import accept, discover
    from fbdesk.services.stats import cycle_id_or_fail
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        found = discover(ws, cycle_id_or_fail(ws, args.cycle), args.theme, args.topics)
        if args.accept is not None:
            if not 1 <= args.accept <= len(found):
                raise FbdeskError(f"There is no proposal {args.accept}",
                                  f"Choose 1 to {len(found)}")  # fmt: skip
            chosen = found[args.accept - 1]
            theme = accept(ws, chosen, args.name or chosen.name)
            print(f"theme {theme!r} added to the taxonomy; the items were classified again")
            return 0
    if args.json:
        print(json.dumps([p.as_json() for p in found], indent=1, ensure_ascii=False))
        return 0
    if not found:
        print("No proposal: too few items without a theme, or they share no words.")
    for n, p in enumerate(found, 1):
        print(f"{n}. {p.name} — {p.size} items; terms: {', '.join(p.terms)}")
        for q in p.quotes:
            print(f"     “{q}”")
    return 0


def _correlate(args: argparse.Namespace) -> int:
    from fbdesk.services.correlate import correlate
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        where = _scope(ws, args)
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
        f"(false discovery rate 5 %): {len(run.findings)} findings"
    )
    for i, f in enumerate(run.findings, 1):
        mark = {"pinned": " [pinned]", "dismissed": " [dismissed]"}.get(f.state, "")
        print(f"{i}. {f.text}{mark}")
    return 0


def add_drivers_parser(sub: argparse._SubParsersAction) -> None:
    dr = sub.add_parser("drivers", help="what each theme costs in CSAT and NPS, with intervals")
    dr.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    _scope_arguments(dr)
    dr.add_argument("--json", action="store_true", help="print the models and every driver")


def run_drivers(args: argparse.Namespace) -> int:
    from fbdesk.domain.kpi import MIN_SAMPLE
    from fbdesk.services.drivers import OUTCOMES, drivers
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        where = _scope(ws, args)
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
                  f"items, and no theme on {MIN_SAMPLE} of them and missing from "
                  f"{MIN_SAMPLE}")  # fmt: skip
        print(f"  {'theme':<28} {'area':<18} {'impact':>7} {'interval':>17} {'with':>6} "
              f"{'without':>8}")  # fmt: skip
        for d in run.lines(outcome):
            span = f"{d.span(d.low)} … {d.span(d.high)}" if d.judged else "too few to judge"
            impact = d.span(d.impact) if d.judged else "—"
            print(f"  {d.theme[:28]:<28} {(d.area or 'all')[:18]:<18} {impact:>7} {span:>17} "
                  f"{d.n_with:>6,} {d.n_without:>8,}")  # fmt: skip
    return 0


def _rank(args: argparse.Namespace) -> int:
    from fbdesk.services.prioritize import rank
    from fbdesk.services.stats import classification_counts
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        where = _scope(ws, args)
        ranking = rank(ws, where.cycle, evidence=not args.no_evidence)
        unclassified = classification_counts(ws, where.cycle).get("unclassified", 0)
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
        print("  No candidate yet: " + (
            f"{unclassified:,} items are not classified; run fbdesk classify first."
            if unclassified else "no theme and area has enough feedback to rank."))
    for row in rows[: args.top]:
        print(
            f"{row['rank']:>3}. {row['title']}: score {row['score']:.2f}, "
            f"{row['customers']} customers, {row['status']}"
        )
        print("       " + " ".join(row["why"][1:-1]))
    return 0


def _report(args: argparse.Namespace) -> int:
    from fbdesk.services.report import build_pack
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        done = build_pack(ws, args.out, args.cycle, mask=not args.no_mask,
                          deterministic=args.deterministic, author=args.author,
                          progress=_printer(), all_cycles=args.all_cycles)  # fmt: skip
    print(
        f"{done['path']}: {done['scope']}, {done['pages']} pages, {done['findings']} findings, "
        f"{done['improvements']} improvements"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from fbdesk.services.exporting import export_items
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        done = export_items(ws, args.out, args.cycle, args.all_cycles)
    print(done.summary())
    return 0


def _run(args: argparse.Namespace) -> int:
    from fbdesk.services.autorun import run
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        done = run(ws, args.inbox, args.report, args.export, args.cycle, args.settle)
    if args.json:
        print(json.dumps(done.as_json(), indent=1, ensure_ascii=False, default=str))
    else:
        print(f"fbdesk run {args.workspace.name}: {done.summary()}")
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


def _self_test(args: argparse.Namespace) -> int:
    from fbdesk.services.selftest import run

    results = run(with_qt=not args.no_qt)
    ok = all(r["ok"] for r in results)
    if args.json:
        print(json.dumps({"ok": ok, "version": __version__, "frozen": getattr(sys, "frozen",
                          False), "checks": results}, indent=1))  # fmt: skip
    else:
        for r in results:
            print(
                f"{'ok  ' if r['ok'] else 'FAIL'} {r['check']:<11} {r['detail']} "
                f"({r['seconds']:.2f} s)"
            )
        print("all checks passed" if ok else "some checks failed")
    return 0 if ok else 1


def _eval(args: argparse.Namespace) -> int:
    from fbdesk.io.labeled import read_labeled
    from fbdesk.services.evaluate import evaluate

    result = evaluate(args.task, read_labeled(args.train), read_labeled(args.test), args.labels)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        problems = ws.check()
    if problems:
        print(f"fbdesk: {args.workspace} is damaged:", file=sys.stderr)
        for p in problems[:20]:
            print(f"  {p}", file=sys.stderr)
        return 1
    print(f"{args.workspace}: ok")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from fbdesk.services.demo import demo_path, write_demo
    from fbdesk.services.stats import stats

    path = args.workspace or demo_path()
    write_demo(path, progress=_printer())
    from fbdesk.store.workspace import Workspace

    with Workspace.open(path) as ws:
        print(_summary_text(stats(ws)))
    if args.no_gui:
        return 0
    return _gui(path)


def _gui(workspace: Path | None) -> int:
    try:
        from fbdesk.ui.app import run
    except ImportError:
        print(
            "fbdesk: the window is not part of this build yet; the command line works "
            "(fbdesk --help).",
            file=sys.stderr,
        )
        return 0
    return run(workspace)


if __name__ == "__main__":
    sys.exit(main())
