"""Releases: the list (entered, imported from a file, or proposed from the app versions seen in
feedback), the release periods every item falls in, and what changed across each release —
satisfaction, themes and metrics before and after, each with its interval and n."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fbdesk.analysis import releases as rel
from fbdesk.analysis.releases import change_cells, fmt_change  # noqa: F401  (the window's words)
from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.progress import Progress
from fbdesk.store import release_rows
from fbdesk.store.workspace import Workspace

Row = tuple[str, float, str]


def release_list(ws: Workspace) -> list[rel.Release]:
    return [rel.Release(v, d, n) for v, d, n in release_rows.releases(ws.conn)]


@dataclass(frozen=True)
class ReleaseRows:
    """Make the release list exactly ``rows`` (every release edit, and its undo)."""

    rows: tuple[Row, ...]
    what: str = "edit releases"

    def apply(self, ws: Workspace) -> ReleaseRows:
        with ws.transaction() as conn:
            before = tuple(release_rows.releases(conn))
            release_rows.put_releases(conn, list(self.rows))
            ws.audit(self.what, "release", None, {"releases": [r[0] for r in self.rows]})
        return ReleaseRows(before, f"undo {self.what}")


def parse_day(text: str, version: str = "") -> float:
    """'2026-07-21' as epoch seconds at 00:00 UTC; anything else is refused with the form."""
    try:
        day = dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise FbdeskError(f"The date {text!r}{f' of release {version}' if version else ''} "
                          "is not a date", "Write it as 2026-07-21") from None  # fmt: skip
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()


def day_text(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d")


def _merged(ws: Workspace, new: list[Row]) -> tuple[Row, ...]:
    keep = {v: (v, d, n) for v, d, n in release_rows.releases(ws.conn)}
    for v, d, n in new:
        if not v.strip():
            raise FbdeskError("A release needs a version", "Give it a version such as 4.13.0")
        keep[v.strip()] = (v.strip(), d, n.strip())
    return tuple(sorted(keep.values(), key=lambda r: (r[1], r[0])))


def with_release(ws: Workspace, version: str, day: str, notes: str = "") -> tuple[Row, ...]:
    """The list with a release added (or a listed one's date and notes changed)."""
    return _merged(ws, [(version, parse_day(day, version), notes)])


def without(ws: Workspace, versions: list[str]) -> tuple[Row, ...]:
    known = {r.version for r in release_list(ws)}
    missing = [v for v in versions if v not in known]
    if missing:
        raise FbdeskError(f"No release {', '.join(missing)} in the list",
                          "`fbdesk releases list` shows the releases")  # fmt: skip
    return tuple(r for r in release_rows.releases(ws.conn) if r[0] not in versions)


def with_file(ws: Workspace, path: str | Path, sheet: str | None = None) -> tuple[Row, ...]:
    """The list with every release of a CSV or XLSX file (a listed version takes the file's
    date and notes); a file with any unreadable row is refused whole."""
    from fbdesk.io.release_list import read_release_list

    return _merged(ws, read_release_list(Path(path), sheet))


def with_proposals(ws: Workspace) -> tuple[Row, ...]:
    """The list with every app version seen in feedback and not listed yet."""
    return _merged(ws, [(p.version, p.released, "") for p in propose(ws) if not p.listed])


def add(ws: Workspace, version: str, day: str, notes: str = "") -> ReleaseRows:
    """Add a release (or change the date and notes of one listed); returns the undo."""
    rows = with_release(ws, version, day, notes)
    return ReleaseRows(rows, f"add release {version.strip()}").apply(ws)


def remove(ws: Workspace, versions: list[str]) -> ReleaseRows:
    return ReleaseRows(without(ws, versions), f"remove release {', '.join(versions)}").apply(ws)


def import_list(ws: Workspace, path: str | Path, sheet: str | None = None) -> ReleaseRows:
    """Add every release of a CSV or XLSX file, the whole file or nothing; returns the undo."""
    rows = with_file(ws, path, sheet)
    return ReleaseRows(rows, f"import releases from {Path(path).name}").apply(ws)


@dataclass(frozen=True)
class Proposal:
    version: str
    released: float  # the first day the version was seen
    items: int
    listed: bool  # already in the release list


MIN_ITEMS = 3  # a version seen on fewer items is not proposed (a tester's build, a typo)


def propose(ws: Workspace) -> list[Proposal]:
    """The app versions seen in feedback on at least MIN_ITEMS dated items, each dated by the
    first day it was seen, oldest first."""
    listed = {r.version for r in release_list(ws)}
    out = []
    for version, n, first, _ in release_rows.app_versions(ws.conn):
        if n >= MIN_ITEMS and first is not None:
            day = np.floor(first / rel.DAY) * rel.DAY
            out.append(Proposal(version, float(day), n, version in listed))
    return sorted(out, key=lambda p: (p.released, p.version))


def accept_proposals(ws: Workspace, proposals: list[Proposal]) -> ReleaseRows:
    rows = _merged(ws, [(p.version, p.released, "") for p in proposals if not p.listed])
    return ReleaseRows(rows, "add releases seen in feedback").apply(ws)


def item_slices(ws: Workspace):
    """Every item with its quarter (cycle) and its release period ('' when in none)."""
    items = release_rows.item_times(ws.conn)
    spans = rel.periods(release_list(ws))
    idx = rel.period_index(items["ts"].to_numpy(), spans)
    names = np.array([p.version for p in spans] + [""], dtype=object)
    items["release"] = names[idx]  # −1 picks the last: ''
    return items


def compare(ws: Workspace, progress: Progress | None = None) -> list[rel.ReleaseComparison]:
    """Each release's before/after: CSAT and the negative share (judged on the minimum
    ratings), each theme's share of items (on the minimum items of each kind), and the daily
    mean of every metric (on MIN_DAYS days), over the days either side of its window."""
    from fbdesk.services.feedback_view import taxonomy_choices
    from fbdesk.services.minimums import minimums
    from fbdesk.store import correlation, queries

    progress = progress or Progress()
    releases = release_list(ws)
    if not releases:
        return []
    mins = minimums(ws)
    items = correlation.feedback_signals(ws.conn, None)
    items = items[items["ts"].notna()]
    theme_names = dict(taxonomy_choices(ws)["themes"])
    series = []
    for m in queries.metric_series(ws.conn):
        ts, values = correlation.metric_points(ws.conn, m["id"])
        label = f"{m['area']} {m['name']}" if m["area"] else m["name"]
        series.append((label, m["unit"], ts, values))
    ends = [items["ts"].max()] + [s[2].max() for s in series if len(s[2])]
    data_end = float(np.nanmax(ends)) if len(items) or series else None
    spans = rel.periods(releases)
    by_version = {r.version: r for r in releases}
    period = rel.period_index(items["ts"].to_numpy(), spans)
    out = []
    for i, p in enumerate(spans):
        progress.step(i / len(spans), f"Comparing before and after {p.version}")
        win = rel.window(spans, i, data_end)
        c = rel.ReleaseComparison(by_version[p.version], win,
                                  spans[i + 1].version if i + 1 < len(spans) else None,
                                  int((period == i).sum()))  # fmt: skip
        ts = items["ts"].to_numpy()
        (b0, b1), (a0, a1) = win.before, win.after
        before = items[(ts >= b0) & (ts < b1)]
        after = items[(ts >= a0) & (ts < a1)]
        c.satisfaction.append(rel.mean_change("CSAT", before["csat"].to_numpy(float),
                                              after["csat"].to_numpy(float), mins.ratings,
                                              seed=i))  # fmt: skip
        nb, na = before["negative"].dropna(), after["negative"].dropna()
        c.satisfaction.append(rel.share_change("Negative share", int(nb.sum()), len(nb),
                                               int(na.sum()), len(na), mins.ratings))  # fmt: skip
        cb, ca = before[before["negative"].notna()], after[after["negative"].notna()]
        themes = sorted({t for ts_ in (cb["themes"], ca["themes"]) for v in ts_ for t in v})
        for t in themes:
            kb = int(sum(t in v for v in cb["themes"]))
            ka = int(sum(t in v for v in ca["themes"]))
            c.themes.append(rel.share_change(theme_names.get(t, t), kb, len(cb), ka, len(ca),
                                             mins.comparable, tests=len(themes)))  # fmt: skip
        c.themes.sort(key=_order)
        for k, (label, unit, mts, values) in enumerate(series):
            c.metrics.append(rel.mean_change(
                label, rel.daily_means(mts, values, b0, b1), rel.daily_means(mts, values, a0, a1),
                rel.MIN_DAYS, unit=unit, seed=1000 * i + k, tests=len(series),
                days=True))  # fmt: skip
        c.metrics.sort(key=_order)
        out.append(c)
    progress.step(1.0, "Releases compared")
    return out


def _order(c: rel.Change) -> tuple:
    """Clear changes first, the largest relative to their interval first; then the rest."""
    if not c.judged:
        return (2, c.measure)
    width = max(c.high - c.low, 1e-12)
    return (0 if c.clear else 1, -abs(c.impact) / width, c.measure)
