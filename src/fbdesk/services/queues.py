"""The people who review, and their queues: a cycle's unreviewed items split among named
assessors (evenly, by theme, by source, or a random sample), a share of them coded blind by
two people, and how far each person is.

The person making edits on this computer is chosen once and remembered in the user's
configuration folder (never in the workspace); ``--as NAME`` on the command line overrides it.
"""

from __future__ import annotations

import json
import logging
import random
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from fbdesk.domain.errors import FbdeskError
from fbdesk.store import assignments
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)

WAYS = ("even", "theme", "source", "sample")
DEFAULT_DOUBLE = 0.10
MAX_NAME = 60


def person_name(name: str) -> str:
    """``name`` as a person's name (trimmed), or a clear refusal."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise FbdeskError("A person's name is empty", "Give a name, for example --as Ana")
    if len(cleaned) > MAX_NAME:
        raise FbdeskError(f"The name {cleaned[:20]!r}… is longer than {MAX_NAME} characters",
                          "Give a shorter name")  # fmt: skip
    if any(unicodedata.category(ch)[0] == "C" or ch == "," for ch in cleaned):
        raise FbdeskError(f"The name {cleaned!r} holds a comma or a control character",
                          "Give a name of letters, digits and spaces")  # fmt: skip
    return cleaned


# ---------------------------------------------------------------- the person on this computer


def config_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("fbdesk", appauthor=False)) / "person.json"


def remembered() -> str:
    """The person chosen on this computer ('' when none was, or the file cannot be read)."""
    path = config_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return person_name(data["person"]) if isinstance(data, dict) else ""
    except FileNotFoundError:
        return ""
    except (OSError, ValueError, KeyError, FbdeskError) as exc:
        log.warning("the person chosen on this computer cannot be read from %s (%s)", path, exc)
        return ""


def remember(name: str) -> str:
    """Remember ``name`` as the person on this computer; returns it as stored."""
    from fbdesk.io.atomic import write_settings

    name = person_name(name)
    write_settings(config_file(), json.dumps({"person": name}), "The person on this computer")
    return name


def current() -> str:
    """Who makes this process's edits ('' when nobody was chosen)."""
    return Workspace.person


def work_as(name: str) -> None:
    """Make ``name`` the person of every workspace this process opens (``--as``, the window's
    choice)."""
    Workspace.person = name


def choose_remembered() -> str:
    """Unless a person was named already (``--as``), the one chosen on this computer."""
    if not Workspace.person:
        Workspace.person = remembered()
    return Workspace.person


# ---------------------------------------------------------------- splitting a cycle


def _groups_to_people(groups: dict[str, list[int]], among: list[str]) -> dict[str, list[int]]:
    """Whole groups (a theme's items, a source's) to people, the largest group to whoever has
    fewest items so far."""
    load: dict[str, list[int]] = {p: [] for p in among}
    for _key, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        person = min(among, key=lambda p: (len(load[p]), among.index(p)))
        load[person] += ids
    return load


def plan(items: list[tuple[int, str, str]], among: list[str], by: str, double: float,
         size: int | None = None, seed: int = 0) -> list[tuple[int, str, bool]]:  # fmt: skip
    """Who gets which item: (item_id, person, double-coded) rows. ``items`` are (id, theme,
    source); ``double`` the share of the items given to a second person too, coded blind."""
    if by not in WAYS:
        raise FbdeskError(f"Unknown way to split: {by!r}", f"Use one of {', '.join(WAYS)}")
    if not among:
        raise FbdeskError("Nobody to split among", "Name the assessors, e.g. --among Ana,Ben")
    if len(set(among)) != len(among):
        dupes = sorted(p for p, n in Counter(among).items() if n > 1)
        raise FbdeskError(f"{', '.join(dupes)} named twice", "Name each assessor once")
    if not 0 <= double <= 1:
        raise FbdeskError(f"The share coded twice is {double}", "Give a share from 0 to 1 (0.1: 10 %)")
    if double > 0 and len(among) < 2:
        raise FbdeskError("Coding blind twice needs two assessors",
                          "Name a second one, or give --double 0")  # fmt: skip
    rng = random.Random(seed)
    items = list(items)
    rng.shuffle(items)
    if by == "sample":
        if size is None or size < 1:
            raise FbdeskError("A sample needs its size", "Give --size N (items to review)")
        items = items[:size]
    if by in ("even", "sample"):
        load = {p: [i for n, (i, _, _) in enumerate(items) if n % len(among) == k]
                for k, p in enumerate(among)}  # fmt: skip
    else:
        groups: dict[str, list[int]] = defaultdict(list)
        for item, theme, source in items:
            groups[theme if by == "theme" else source].append(item)
        load = _groups_to_people(groups, among)
    owner = {i: p for p, ids in load.items() for i in ids}
    rows = [(i, p, False) for p, ids in load.items() for i in ids]
    twice = sorted(rng.sample(sorted(owner), round(double * len(owner))))
    for n, item in enumerate(twice):
        first = owner[item]
        others = [p for p in among if p != first]
        rows.append((item, others[n % len(others)], True))
    doubled = set(twice)
    return sorted((i, p, i in doubled) for i, p, _ in rows)


def split(ws: Workspace, cycle: int | None, among: list[str], by: str = "even",
          double: float = DEFAULT_DOUBLE, size: int | None = None,
          seed: int = 0) -> list[tuple[int, str, bool]]:  # fmt: skip
    """Split the items of ``cycle`` nobody reviewed nor has in a queue among ``among``, in one
    transaction; returns the rows assigned (what undoes it)."""
    among = [person_name(p) for p in among]
    with ws.transaction() as conn:
        rows = plan(assignments.to_split(conn, cycle), among, by, double, size, seed)
        assignments.assign(conn, rows, ws.person)
        ws.audit("split", "queue", cycle, {
            "among": among, "by": by, "double": double, "items": len({r[0] for r in rows}),
            "coded twice": len({r[0] for r in rows if r[2]})})  # fmt: skip
    return rows


def take_back(ws: Workspace, rows: list[tuple[int, str, bool]]) -> None:
    """Take the queue rows ``rows`` out (a split undone)."""
    with ws.transaction() as conn:
        assignments.unassign(conn, [(i, p) for i, p, _ in rows])
        ws.audit("take back", "queue", None, {"rows": len(rows)})


def put_back(ws: Workspace, rows: list[tuple[int, str, bool]]) -> None:
    with ws.transaction() as conn:
        assignments.assign(conn, rows, ws.person)
        ws.audit("split", "queue", None, {"rows": len(rows)})


def my_queue(ws: Workspace, person: str | None = None, cycle: int | None = None) -> list[int]:
    return assignments.queue(ws.conn, person or ws.person, cycle)


def blind_for(ws: Workspace, person: str | None = None) -> list[int]:
    """The items ``person`` (the workspace's person) codes blind, not reconciled yet."""
    return assignments.blind_items(ws.conn, person or ws.person)


def progress(ws: Workspace, cycle: int | None) -> list[dict]:
    """Per person with a queue in ``cycle``: items assigned, done, coded blind."""
    return [{"person": p, "assigned": n, "done": d, "blind": b}
            for p, n, d, b in assignments.progress(ws.conn, cycle)]  # fmt: skip
