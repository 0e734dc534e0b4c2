"""fbdesk classify, taxonomy, discover and eval: the labels and what gives them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fbdesk.cli.common import WORKSPACE, workspace_arg
from fbdesk.domain.errors import FbdeskError


def add_commands(sub: argparse._SubParsersAction) -> None:
    cl = sub.add_parser(
        "classify", help="classify feedback: sentiment, themes, area, urgency",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 done (with --learn: applied, or learning would change no "
               "label);\n  1 --learn without --apply would change labels: read the preview, "
               "then run again\n    with --apply to apply it (nothing was re-scored);\n"
               "  2 fbdesk's own message (nothing changed); 3 a defect (see the log file)")  # fmt: skip
    cl.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    cl.add_argument("--cycle", help="classify this cycle (default: all cycles)")
    cl.add_argument("--all", action="store_true", help="classify again even where unchanged")
    cl.add_argument("--learn", action="store_true",
                    help="then learn from all the assessor's labels, measure the models by "
                         "cross-validation and print what re-scoring every item nobody has "
                         "reviewed (of --cycle only, when given) would change: the labels "
                         "before and after, how many change, items that would flip")  # fmt: skip
    cl.add_argument("--apply", action="store_true",
                    help="with --learn: apply what the preview shows (one step the window's "
                         "Edit ▸ Undo can take back)")  # fmt: skip
    cl.set_defaults(handler=_classify)

    lb = sub.add_parser("labels", help="take an assessor's hand-coded sheet in as labels")
    what_labels = lb.add_subparsers(
        dest="labels_command",
        required=True,
        metavar="import",
        help="what to do with labels (import)",
    )
    li = what_labels.add_parser(
        "import", help="read a hand-coded sheet as the assessor's own labels",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The sheet has an id column (ResponseID, id, …: the id the source gave each "
                    "item) or the comment's text, and either a column per category with 1 or "
                    "blank (QualtricsTools' coded comments: ResponseID, varname, then the "
                    "categories, each a theme of the taxonomy or positive/neutral/negative) or "
                    "columns named sentiment, theme, area, urgency or label. A row is matched by "
                    "its id or, failing that, by its exact text; every label is set in one "
                    "transaction, as one edit.",
        epilog="exit status: 0 every row with a label matched; 1 some rows matched no item "
               "(each is named;\n  the others were imported); 2 fbdesk's own message, nothing "
               "changed")  # fmt: skip
    li.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    li.add_argument("--sheet", help="the sheet of a workbook (default: the first)")
    li.add_argument("file", type=Path, metavar="FILE", help="the coded sheet (CSV or workbook)")
    li.set_defaults(handler=_labels_import)

    tx = sub.add_parser("taxonomy", help="show, export or replace the themes, areas and urgency")
    tx.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    what = tx.add_mutually_exclusive_group()
    what.add_argument("--export", type=Path, metavar="FILE", help="write it as JSON to edit")
    what.add_argument("--import", dest="import_", type=Path, metavar="FILE",
                      help="store an edited JSON file as the next version and classify again")  # fmt: skip
    what.add_argument(
        "--reset",
        action="store_true",
        help="go back to the taxonomy fbdesk ships (as the next version)",
    )
    tx.set_defaults(handler=_taxonomy)

    dc = sub.add_parser("discover", help="propose new themes from feedback no theme fits")
    dc.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    dc.add_argument("--cycle", help="look at this cycle (default: all cycles)")
    dc.add_argument("--theme", help="split this theme instead of the items without one")
    dc.add_argument("--topics", type=int, default=8, help="at most this many (default 8)")
    dc.add_argument("--accept", type=int, metavar="N", help="add proposal N to the taxonomy")
    dc.add_argument("--name", help="the accepted theme's name (default: its top terms)")
    dc.add_argument("--json", action="store_true", help="print the proposals as JSON")
    dc.set_defaults(handler=_discover)

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
    ev.set_defaults(handler=_eval)


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

    if args.apply and not args.learn:
        raise FbdeskError("--apply applies what --learn previews", "Add --learn")
    with Workspace.open(args.workspace) as ws:
        cycle = cycle_id_or_fail(ws, args.cycle)
        done = classify(ws, cycle, Progress(show), force=args.all)
        print(f"{done['classified']} items classified, {done['unchanged']} unchanged"
              + (f"; {done['learned']} of them given what was learned from the assessor's "
                 "labels" if done.get("learned") else ""))  # fmt: skip
        if args.learn:
            from fbdesk.services import learning_preview

            last[0] = -1
            seen = learning_preview.preview(ws, cycle, Progress(show))
            print("\n".join(seen.lines()))
            if seen.changed_items and not args.apply:
                print("Nothing re-scored: run again with --apply to apply these labels.")
                return 1
            report = learning_preview.apply(ws, seen)
            print(f"{report.rescored} unreviewed items re-scored, {seen.changed_items} of "
                  "them with a label changed")  # fmt: skip
    return 0


def _labels_import(args: argparse.Namespace) -> int:
    from fbdesk.services.label_import import import_labels
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        done = import_labels(ws, args.file, args.sheet)
    print("\n".join(done.lines()))
    for row in done.unmatched:
        print(f"  not imported: {row.message}")
    return 1 if done.unmatched else 0


def _taxonomy(args: argparse.Namespace) -> int:
    from fbdesk.services import workspace_taxonomy as taxonomy
    from fbdesk.services.classify import classify
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        if args.export:
            taxonomy.export_taxonomy(ws, args.export)
            print(f"taxonomy written to {args.export}")
            return 0
        if args.import_ or args.reset:
            version = (taxonomy.restore_shipped_taxonomy(ws) if args.reset
                       else taxonomy.import_taxonomy(ws, args.import_))  # fmt: skip
            done = classify(ws)
            print(f"taxonomy version {version} stored; {done['classified']} items classified again")
        data = json.loads(taxonomy.taxonomy_json(ws))
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
