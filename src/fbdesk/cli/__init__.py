"""The command line: one parser, its commands in groups (one module each), and the exit status."""

from __future__ import annotations

import argparse
import logging
import os
import sys

import fbdesk
from fbdesk.cli import assessment, classifying, data, people, releases, team, unattended, upkeep
from fbdesk.cli.common import workspace_arg
from fbdesk.domain.errors import FbdeskError

log = logging.getLogger(__name__)


# fbdesk --help lists the commands in the order of a cycle, then the others.
CYCLE_ORDER = ("import", "classify", "stats", "correlate", "rank", "report", "export")
GROUPS = (data, classifying, assessment, people, releases, unattended, upkeep, team)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="fbdesk", description="Customer-feedback assessment workbench.",
        epilog="A cycle: import, classify, stats, correlate, rank, report, export. "
        "fbdesk COMMAND --help shows a command's options.",
    )  # fmt: skip
    p.add_argument("--version", action=_Version, nargs=0, help="show fbdesk's version and exit")
    p.add_argument("--as", dest="person", metavar="NAME", help=AS_HELP)
    p.add_argument("-w", "--workspace", dest="window_workspace", metavar="WORKSPACE",
                   type=workspace_arg, help="open the window on this workspace file or "
                   "team workspace (postgresql://[user@]host[:port]/database)")  # fmt: skip
    sub = p.add_subparsers(dest="command")
    for group in GROUPS:
        group.add_commands(sub)
    for command in sub.choices.values():  # fbdesk COMMAND … --as NAME too
        _as_option(command)
    _in_cycle_order(sub)
    return p


class _Version(argparse.Action):
    """--version, reading the installed version only when it is asked for."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.exit(message=f"fbdesk {fbdesk.__version__}\n")


AS_HELP = ("who makes the edits (recorded with every label, decision and taxonomy edit; "
           "default: the person chosen on this computer, fbdesk person NAME)")  # fmt: skip


def _as_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="person", metavar="NAME", default=argparse.SUPPRESS,
                        help=AS_HELP)  # fmt: skip
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _as_option(child)


def _choose_person(args: argparse.Namespace) -> None:
    """Who makes this process's edits: ``--as``, else the person chosen on this computer."""
    from fbdesk.store.workspace import Workspace

    if args.person is not None:
        from fbdesk.services.queues import person_name

        Workspace.person = person_name(args.person)
    elif args.command not in (None, "person", "self-test"):
        from fbdesk.services.queues import remembered

        Workspace.person = remembered()


def _in_cycle_order(sub: argparse._SubParsersAction) -> None:
    """List the commands in the order of a cycle (then the others, as they were added)."""
    rank = {name: n for n, name in enumerate(CYCLE_ORDER)}
    sub._choices_actions.sort(key=lambda a: rank.get(a.dest, len(rank)))
    for name in sorted(sub.choices, key=lambda n: rank.get(n, len(rank))):
        sub.choices[name] = sub.choices.pop(name)


def main(argv: list[str] | None = None) -> int:
    from fbdesk.applog import setup_logging

    setup_logging()
    _say_notices()
    args = _parser().parse_args(argv)
    from fbdesk.store.workspace import Workspace

    before = Workspace.person
    try:
        _choose_person(args)
        if args.command is None:
            return upkeep.open_window(args.window_workspace)
        return args.handler(args)
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
    finally:
        Workspace.person = before  # a process runs main once; the tests, many times


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

