"""What the commands share: the workspace option, the cycle scope, progress and the summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

WORKSPACE = "the workspace file (.fbdesk), or a team workspace's postgresql://host/database"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def workspace_arg(text: str) -> Path | str:
    """``-w``: a workspace file's path, or a team workspace's address kept as written (a
    ``Path`` would fold its ``//``)."""
    return text if text.startswith(SERVER_SCHEMES) else Path(text)


def workspace_name(where: Path | str) -> str:
    """How a summary line names the workspace: a file's name, a server's address."""
    return where.name if isinstance(where, Path) else where


def scope_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--cycle", metavar="NAME",
                       help="the cycle to summarise (default: the latest, as the window opens)")  # fmt: skip
    which.add_argument("--all-cycles", action="store_true", help="every cycle together")


def cycle_scope(ws, args: argparse.Namespace):
    from fbdesk.services.stats import scope

    return scope(ws, args.cycle, args.all_cycles)


def printer():
    from fbdesk.domain.progress import Progress

    last = [-1]

    def show(fraction: float, text: str) -> None:
        pct = int(fraction * 100)
        if pct // 25 != last[0] // 25 and sys.stderr.isatty():
            print(f"  {pct:3d}% {text}", file=sys.stderr)
        last[0] = pct

    return Progress(show)


def summary_text(data: dict) -> str:
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
        unit = " |r|" if k["unit"] == "|r|" else k["unit"]
        value = "—" if k["value"] is None else f"{k['value']:.2f}{unit}"
        target = "reported, no target" if k["target"] is None else f"target {k['target']}{unit}"
        lines.append(f"  {k['title']}: {value} ({target}; {k['basis']})")
    return "\n".join(lines)

