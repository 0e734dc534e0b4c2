"""The demo's releases and usage: two releases inside Q3 (one after which the mobile app
crashes more), the app versions its reviews were written on, and daily usage per area."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

# Two releases inside Q3: 4.13.0 brings saved filters to Search; 4.14.0 an offline mode to the
# mobile app, after which the app crashes about three times as often.
RELEASES = [
    ("4.13.0", dt.datetime(2026, 7, 21, tzinfo=dt.UTC), "Saved filters in Search; a shorter "
     "checkout"),
    ("4.14.0", dt.datetime(2026, 9, 1, tzinfo=dt.UTC), "Offline mode in the mobile app"),
]
# Daily active users per area: nearly everyone signs in, few open Reporting.
USERS = {"Accounts & login": 4800, "Checkout": 2640, "Search": 2040, "Mobile app": 2160,
         "Reporting": 360}  # fmt: skip


def version_on(when: dt.datetime, drawn: str) -> str:
    """The app version a review of ``when`` was written on (4.12.0 or 4.12.1 as drawn before
    the first release, then the release's)."""
    for version, day, _ in reversed(RELEASES):
        if when >= day:
            return version
    return "4.12.0" if drawn == "4.12.0" else "4.12.1"


def release_notes(folder: Path) -> Path:
    path = folder / "Release notes 2026.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Version", "Date", "Notes"])
        for version, day, notes in RELEASES:
            w.writerow([version, day.strftime("%Y-%m-%d"), notes])
    return path


def usage_file(folder: Path, start: dt.datetime, end: dt.datetime, seed: int) -> Path:
    """Daily active users per area, saved-filter uses in Search from 4.13.0, and the mobile
    app's crash rate (it rises with 4.14.0): a generator of its own, so that every other demo
    figure stays as it was."""
    r = random.Random(seed + 7)
    path = folder / "product_usage_daily.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "area", "metric", "unit", "value"])
        day = start
        while day < end:
            week = 0.6 if day.weekday() >= 5 else 1.0
            growth = 1 + 0.1 * (day - start).days / (end - start).days
            stamp = day.strftime("%Y-%m-%d")
            for area, users in USERS.items():
                level = users * week * growth * r.lognormvariate(0, 0.05)
                if area == "Mobile app" and day >= RELEASES[1][1]:
                    level *= 0.9  # some leave the crashing app
                w.writerow([stamp, area, "active users", "users", f"{level:.0f}"])
            if day >= RELEASES[0][1]:
                ramp = min(1.0, (day - RELEASES[0][1]).days / 21)
                uses = 420 * ramp * week * r.lognormvariate(0, 0.1)
                w.writerow([stamp, "Search", "saved filter uses", "uses", f"{uses:.0f}"])
            crash = 1.1 if day >= RELEASES[1][1] else 0.35
            w.writerow([stamp, "Mobile app", "crash rate", "%",
                        f"{max(0.0, r.gauss(crash, crash * 0.15)):.3f}"])  # fmt: skip
            day += dt.timedelta(days=1)
    return path
