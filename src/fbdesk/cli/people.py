"""fbdesk person, queue, agreement and reconcile: who is working, review queues split among
assessors, blind double coding, how far the assessors agree and settling where they do not."""

from __future__ import annotations

import argparse
import json

from fbdesk.cli.common import WORKSPACE, cycle_scope, scope_arguments, workspace_arg
from fbdesk.domain.errors import FbdeskError


def add_commands(sub: argparse._SubParsersAction) -> None:
    pe = sub.add_parser("person", help="who makes the edits on this computer (remembered)")
    pe.add_argument("name", nargs="?", help="remember this name (without it: show the name)")
    pe.set_defaults(handler=_person)

    qu = sub.add_parser("queue", help="split a cycle's unreviewed items among assessors")
    qsub = qu.add_subparsers(dest="queue_command", required=True, metavar="split|show",
                             help="split: give each assessor a queue; show: progress")
    sp = qsub.add_parser("split", help="give each assessor a queue; a share coded blind twice")
    sp.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    sp.add_argument("--cycle", metavar="NAME", help="default: the latest cycle")
    sp.add_argument("--among", required=True, metavar="A,B,C", help="the assessors' names")
    sp.add_argument("--by", choices=["even", "theme", "source", "sample"], default="even",
                    help="evenly (default), whole themes, whole sources, or a random sample")  # fmt: skip
    sp.add_argument("--size", type=int, metavar="N", help="with --by sample: items to review")
    sp.add_argument("--double", type=float, default=0.1, metavar="SHARE",
                    help="the share given to two assessors, coded blind (default 0.1)")  # fmt: skip
    sp.add_argument("--seed", type=int, default=0, help="the random draw (default 0)")
    sp.set_defaults(handler=_split)
    sh = qsub.add_parser("show", help="each assessor's progress, or one queue's items")
    sh.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    sh.add_argument("--cycle", metavar="NAME", help="default: the latest cycle")
    sh.add_argument("--person", metavar="NAME", help="list this person's items")
    sh.add_argument("--json", action="store_true", help="print JSON")
    sh.set_defaults(handler=_show)

    ag = sub.add_parser("agreement", help="Cohen's kappa between assessors and with the model")
    ag.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    scope_arguments(ag)
    ag.add_argument("--json", action="store_true", help="print JSON")
    ag.set_defaults(handler=_agreement)

    rc = sub.add_parser("reconcile", help="settle the label of an item coded blind twice")
    rc.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    scope_arguments(rc)
    what = rc.add_mutually_exclusive_group(required=True)
    what.add_argument("--item", type=int, metavar="ID", help="the item to settle")
    what.add_argument("--agreed", action="store_true",
                      help="settle every item both coders labelled alike with their label")  # fmt: skip
    rc.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                    help="with --item: the label in force (sentiment, themes, primary_theme, "
                         "area, urgency)")  # fmt: skip
    rc.set_defaults(handler=_reconcile)


def _person(args: argparse.Namespace) -> int:
    from fbdesk.services.queues import remember, remembered

    if args.name is not None:
        print(f"edits on this computer are now made by {remember(args.name)}")
        return 0
    name = remembered()
    print(name or "nobody is chosen on this computer (fbdesk person NAME, or --as NAME)")
    return 0


def _cycle(ws, name: str | None) -> int | None:
    from fbdesk.services.stats import scope

    return scope(ws, name).cycle


def _split(args: argparse.Namespace) -> int:
    from fbdesk.services.edits import SplitQueues
    from fbdesk.store.workspace import Workspace

    among = tuple(p for p in (s.strip() for s in args.among.split(",")) if p)
    with Workspace.open(args.workspace) as ws:
        cycle = _cycle(ws, args.cycle)
        undo = SplitQueues(cycle, among, args.by, args.double, args.size, args.seed).apply(ws)
    rows = undo.rows
    items = {r[0] for r in rows}
    twice = {r[0] for r in rows if r[2]}
    print(f"{len(items)} items split among {', '.join(among)}; {len(twice)} coded blind twice")
    for person in among:
        mine = [r for r in rows if r[1] == person]
        print(f"  {person}: {len(mine)} items, {sum(r[2] for r in mine)} of them coded blind")
    return 0


def _show(args: argparse.Namespace) -> int:
    from fbdesk.services import queues
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        cycle = _cycle(ws, args.cycle)
        if args.person:
            ids = queues.my_queue(ws, args.person, cycle)
            blind = set(queues.blind_for(ws, args.person))
            data: object = [{"item_id": i, "blind": i in blind} for i in ids]
        else:
            data = queues.progress(ws, cycle)
    if args.json:
        print(json.dumps(data, indent=1, ensure_ascii=False))
    elif args.person:
        print(f"{args.person}: {len(data)} items")
        for row in data:
            print(f"  {row['item_id']}{'  (coded blind)' if row['blind'] else ''}")
    elif not data:
        print("No queue yet: fbdesk queue split --among A,B")
    else:
        for row in data:
            print(f"  {row['person']}: {row['done']} of {row['assigned']} done "
                  f"({row['blind']} coded blind)")  # fmt: skip
    return 0


def _kappa(row: dict) -> str:
    from fbdesk.analysis.agreement import Kappa

    return Kappa(row["n"], row["kappa"], row["low"], row["high"], row["observed"], None).text()


def _agreement(args: argparse.Namespace) -> int:
    from fbdesk.services import agreement
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        where = cycle_scope(ws, args)
        data = agreement.agreement(ws, where.cycle)
        data["disagreements"] = agreement.disagreements(ws, where.cycle)
        data["method"] = agreement.method_line(ws, where.cycle)
    data["scope"] = str(where)
    if args.json:
        print(json.dumps(data, indent=1, ensure_ascii=False))
        return 0
    if not data["items"]:
        print(f"{where}: no item was coded blind by two assessors "
              "(fbdesk queue split --among A,B --double 0.1)")  # fmt: skip
        return 0
    print(f"{where}: {data['items']} items coded blind by two of {', '.join(data['people'])}")
    for field, rows in data["fields"].items():
        print(f"  {agreement.NAMES[field]}:")
        print(f"    assessors: {_kappa(rows['assessors'])}")
        for r in rows["pairs"]:
            print(f"      {r['a']} and {r['b']}: {_kappa(r)}")
        print(f"    with the model: {_kappa(rows['assessors_and_model'])}")
        for r in rows["model"]:
            print(f"      {r['person']} and the model: {_kappa(r)}")
    open_ = [d for d in data["disagreements"] if d["differ"]]
    agreed = len(data["disagreements"]) - len(open_)
    print(f"  to reconcile: {len(open_)} items differ, {agreed} agree "
          "(fbdesk reconcile --agreed settles those)")  # fmt: skip
    for d in open_[:20]:
        a, b = d["people"]
        parts = [f"{f}: {a} {d['labels'][a].get(f, '—')!r}, {b} {d['labels'][b].get(f, '—')!r}"
                 for f in d["differ"]]  # fmt: skip
        print(f"    item {d['item_id']}: {'; '.join(parts)}")
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    from fbdesk.services import agreement
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        if args.agreed:
            edit = agreement.settle_agreed(ws, cycle_scope(ws, args).cycle)
        else:
            values = {}
            for item in args.set:
                field, sep, value = item.partition("=")
                if not sep:
                    raise FbdeskError(f"{item!r} is not FIELD=VALUE",
                                      "For example --set primary_theme=billing")  # fmt: skip
                values[field.strip()] = value.strip()
            if not values:
                raise FbdeskError("Nothing to settle", "Give the labels: --set FIELD=VALUE")
            edit = agreement.reconcile(args.item, values)
        edit.apply(ws)
    print(f"{len(edit.item_ids)} items reconciled by {ws.person or 'assessor'}")
    return 0
