"""fbdesk releases (the release list, its periods, and before/after each release) and fbdesk
adoption (usage per area beside what customers say)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fbdesk.cli.common import WORKSPACE, cycle_scope, scope_arguments, workspace_arg
from fbdesk.domain.words import count


def add_commands(sub: argparse._SubParsersAction) -> None:
    rl = sub.add_parser("releases", help="the release list, release periods, before/after each")
    rs = rl.add_subparsers(dest="action", required=True, metavar="ACTION",
                           help="list, add, remove, import, propose or compare")  # fmt: skip
    ls = rs.add_parser("list", help="the releases with the items of each release period")
    ad = rs.add_parser("add", help="add a release (or change a listed one's date and notes)")
    ad.add_argument("version", help="the version, as the app names it: 4.15.0")
    ad.add_argument("date", help="the day it was released: 2026-07-21")
    ad.add_argument("--notes", default="", help="what changed in it")
    rm = rs.add_parser("remove", help="take releases out of the list")
    rm.add_argument("versions", nargs="+", metavar="VERSION", help="the versions to take out")
    im = rs.add_parser("import", help="add the releases of a CSV or XLSX file "
                                      "(columns Version, Date, Notes)")  # fmt: skip
    im.add_argument("file", type=Path, help="a CSV or XLSX file with Version, Date, Notes")
    im.add_argument("--sheet", help="the workbook's sheet (default: the first)")
    pr = rs.add_parser("propose", help="the app versions seen in feedback, dated by the first "
                                       "day each was seen")  # fmt: skip
    pr.add_argument("--add", action="store_true", help="add the proposed versions to the list")
    co = rs.add_parser("compare", help="satisfaction, themes and metrics before and after each "
                                       "release, with intervals and n")  # fmt: skip
    co.add_argument("--json", action="store_true", help="print every comparison as JSON")
    for p in (ls, ad, rm, im, pr, co):
        p.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    rl.set_defaults(handler=_releases)

    ad = sub.add_parser("adoption", help="usage per product area beside satisfaction and themes")
    ad.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    scope_arguments(ad)
    ad.add_argument("--json", action="store_true", help="print every area and call-out as JSON")
    ad.set_defaults(handler=_adoption)


def _releases(args: argparse.Namespace) -> int:
    from fbdesk.services import releases
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        match args.action:
            case "add":
                releases.add(ws, args.version, args.date, args.notes)
                print(f"release {args.version.strip()} of {args.date} added")
            case "remove":
                releases.remove(ws, args.versions)
                print(f"removed: {', '.join(args.versions)}")
            case "import":
                before = {r.version for r in releases.release_list(ws)}
                releases.import_list(ws, args.file, args.sheet)
                after = releases.release_list(ws)
                new = [r.version for r in after if r.version not in before]
                print(f"{args.file.name}: {count(len(new), 'release')} added "
                      f"({', '.join(new) or 'none new'}); {len(after):,} in the list")  # fmt: skip
            case "propose":
                _propose(ws, args.add)
            case "compare":
                _compare(ws, args.json)
                return 0
        _list(ws)
    return 0


def _list(ws) -> None:
    from fbdesk.services import releases

    items = releases.item_slices(ws)
    listed = releases.release_list(ws)
    if not listed:
        print("no releases listed: add one (releases add VERSION DATE), import a list, or "
              "take the versions seen in feedback (releases propose --add)")  # fmt: skip
        return
    counts = items["release"].value_counts()
    within = int((items["release"] != "").sum())
    print(f"{count(len(listed), 'release')}; {within:,} of {count(len(items), 'item')} "
          f"{'falls' if within == 1 else 'fall'} in a release period")  # fmt: skip
    for r in listed:
        notes = f"  {r.notes}" if r.notes else ""
        print(f"  {r.version:<12} {releases.day_text(r.released)}  "
              f"{count(int(counts.get(r.version, 0)), 'item'):>12}{notes}")  # fmt: skip


def _propose(ws, add: bool) -> None:
    from fbdesk.services import releases

    found = releases.propose(ws)
    if not found:
        print(f"no app version is named on {releases.MIN_ITEMS} or more dated items")
        return
    print("app versions seen in feedback (first day seen):")
    for p in found:
        listed = "  (listed)" if p.listed else ""
        print(f"  {p.version:<12} {releases.day_text(p.released)}  "
              f"{count(p.items, 'item'):>12}{listed}")  # fmt: skip
    if add:
        releases.accept_proposals(ws, found)


def _compare(ws, as_json: bool) -> None:
    from fbdesk.analysis.releases import fmt_change
    from fbdesk.services import releases

    found = releases.compare(ws)
    if as_json:
        print(json.dumps({"releases": [c.as_dict() for c in found]}, indent=1,
                         ensure_ascii=False))  # fmt: skip
        return
    if not found:
        print("no releases listed: nothing to compare")
        return
    for c in found:
        days = int(c.window.days)
        print(f"release {c.release.version} of {releases.day_text(c.release.released)}: "
              f"{count(days, 'day')} before against {count(days, 'day')} after; "
              f"{count(c.items_in_period, 'item')} in its period")  # fmt: skip
        for part, changes in (("satisfaction", c.satisfaction), ("themes", c.themes),
                              ("metrics", c.metrics)):  # fmt: skip
            shown = [x for x in changes if x.clear] if part != "satisfaction" else changes
            rest = len(changes) - len(shown)
            if not changes:
                print(f"  {part}: none to compare")
                continue
            if part != "satisfaction" and not any(x.judged for x in changes):
                print(f"  {part}: too few to judge (needs {changes[0].needs} each side)")
                continue
            print(f"  {part}:" + ("" if shown else " none changed clearly"))
            for x in shown:
                print(f"    {fmt_change(x)}")
            if rest and shown:
                print(f"    ({rest} more not shown to change, or too few to judge)")


def _adoption(args: argparse.Namespace) -> int:
    from fbdesk.services.adoption import adoption
    from fbdesk.store.workspace import Workspace

    with Workspace.open(args.workspace) as ws:
        where = cycle_scope(ws, args)
        view = adoption(ws, where.cycle, str(where))
    if args.json:
        print(json.dumps(view.as_dict(), indent=1, ensure_ascii=False))
        return 0
    print(f"figures for {where}")
    if not view.measures:
        print("no usage metrics: import a metric export whose series count use "
              "(active users, sessions, feature uses) per product area")  # fmt: skip
        return 0
    for m in view.measures:
        print(f"{m.name}: {m.total:,.0f} over {len(m.areas)} areas ({m.period})")
        for a in m.areas:
            csat = f"CSAT {a.csat:.2f}" if a.csat is not None else "CSAT –"
            print(f"  {a.area:<20} use {a.use_share:6.1%}   mentions {a.mention_share:6.1%} "
                  f"(n = {a.mentions:>6,})   complaints {a.complaint_share:6.1%}   {csat}   "
                  f"{a.top_theme or ''}")  # fmt: skip
    for line in view.callouts:
        print(f"- {line.sentence}")
    if not view.callouts:
        print("- no area is used much less, or much more, than customers speak of it")
    return 0
