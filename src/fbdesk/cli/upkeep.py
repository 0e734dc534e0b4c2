"""fbdesk self-test, check, recover, demo and gui: the installation, the workspace file, the window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import fbdesk
from fbdesk.cli.common import WORKSPACE, printer, summary_text, workspace_arg


def add_commands(sub: argparse._SubParsersAction) -> None:
    sf = sub.add_parser("self-test", help="check that this installation works end to end")
    sf.add_argument("--json", action="store_true", help="print the results as JSON")
    sf.add_argument("--no-qt", action="store_true", help="skip the Qt imports (a headless box)")
    sf.set_defaults(handler=_self_test)

    ck = sub.add_parser("check", help="check a workspace's integrity")
    ck.add_argument("--workspace", "-w", required=True, type=workspace_arg, help=WORKSPACE)
    ck.set_defaults(handler=_check)

    rc = sub.add_parser("recover", help="open a copy of the newest sound backup of a damaged "
                        "workspace (the damaged file is left as it is)")  # fmt: skip
    rc.add_argument("--workspace", "-w", required=True, type=Path, help=WORKSPACE)
    rc.set_defaults(handler=_recover)

    demo = sub.add_parser("demo", help="write the demo workspace and open it")
    demo.add_argument("--workspace", "-w", type=Path,
                      help="where to write it (default: in the user data folder)")  # fmt: skip
    demo.add_argument("--no-gui", action="store_true", help="write it and print its summary only")
    demo.set_defaults(handler=_demo)

    gui = sub.add_parser("gui", help="open the window")
    gui.add_argument("workspace", nargs="?", type=workspace_arg,
                     help="the workspace file (or team workspace address, postgresql://…) to open")  # fmt: skip
    gui.add_argument("-w", "--workspace", dest="workspace_option", type=workspace_arg,
                     metavar="WORKSPACE", help="the same, named as the other commands name it")  # fmt: skip
    gui.set_defaults(handler=_open)


def _recover(args: argparse.Namespace) -> int:
    from fbdesk.services.workspace import recover

    print(f"recovered copy: {recover(args.workspace)}")
    return 0


def _open(args: argparse.Namespace) -> int:
    return open_window(args.workspace_option or args.workspace)


def _self_test(args: argparse.Namespace) -> int:
    from fbdesk.services.selftest import run

    results = run(with_qt=not args.no_qt)
    ok = all(r["ok"] for r in results)
    if args.json:
        print(json.dumps({"ok": ok, "version": fbdesk.__version__, "frozen": getattr(sys, "frozen",
                          False), "checks": results}, indent=1))  # fmt: skip
    else:
        for r in results:
            print(
                f"{'ok  ' if r['ok'] else 'FAIL'} {r['check']:<11} {r['detail']} "
                f"({r['seconds']:.2f} s)"
            )
        print("all checks passed" if ok else "some checks failed")
    return 0 if ok else 1


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
    write_demo(path, progress=printer())
    from fbdesk.store.workspace import Workspace

    with Workspace.open(path) as ws:
        print(summary_text(stats(ws)))
    if args.no_gui:
        return 0
    return open_window(path)


def open_window(workspace: Path | str | None) -> int:
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
