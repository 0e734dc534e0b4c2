"""fbdesk team init and team copy: a team workspace on a PostgreSQL server."""

from __future__ import annotations

import argparse
import sys

ADDRESS = ("the server's address, postgresql://[user@]host[:port]/database (the password comes "
           "from PGPASSWORD, ~/.pgpass or a service file, never the address)")  # fmt: skip


def add_commands(sub: argparse._SubParsersAction) -> None:
    tm = sub.add_parser("team", help="a team workspace on a PostgreSQL server")
    tsub = tm.add_subparsers(dest="team_command", required=True, metavar="init|copy",
                             help="set up a server, or copy a workspace to or from one")  # fmt: skip
    it = tsub.add_parser("init", help="create the workspace's tables and the roles "
                         "fbdesk_assessor (labels, decisions, taxonomy) and fbdesk_viewer "
                         "(read only) on a server")  # fmt: skip
    it.add_argument("address", help=ADDRESS)
    it.set_defaults(handler=_init)
    cp = tsub.add_parser("copy", help="copy a workspace from a file to a server or back, "
                         "checked by a digest of every table")  # fmt: skip
    cp.add_argument("source", help="a workspace file, or a server's address")
    cp.add_argument("dest", help="a server's address (a new or empty database), or a new file")
    cp.set_defaults(handler=_copy)


def _init(args: argparse.Namespace) -> int:
    from fbdesk.services import team

    if not team.is_address(args.address):
        print(f"fbdesk: {args.address!r} is not a server address. Write it as "
              "postgresql://host/database.", file=sys.stderr)  # fmt: skip
        return 2
    for line in team.init(args.address):
        print(line)
    return 0


def _copy(args: argparse.Namespace) -> int:
    from fbdesk.services import team

    direction, digest = team.copy(args.source, args.dest)
    print(f"copied {direction}; every table's content matches (digest {digest[:16]})")
    return 0
