"""Helpers shared by the benchmarks: timing as medians, peak memory, generated inputs."""

from __future__ import annotations

import random
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

AREAS = ["Checkout", "Search", "Accounts & login", "Reporting", "Mobile app"]
WORDS = [
    "slow", "crash", "love", "great", "checkout", "login", "search", "report", "export",
    "timeout", "error", "fast", "easy", "confusing", "price", "invoice", "support", "team",
    "app", "page", "load", "broken", "fix", "please", "thanks",
]  # fmt: skip


def median_time(
    fn: Callable[[], object], runs: int = 5, setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def feedback_rows(n: int, seed: int = 7):
    r = random.Random(seed)
    for i in range(n):
        words = " ".join(r.choice(WORDS) for _ in range(r.randint(4, 30)))
        yield [
            f"R_{i:08d}",
            f"2026-{r.randint(4, 9):02d}-{r.randint(1, 28):02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00",
            r.randint(1, 5),
            r.randint(0, 10),
            words.capitalize() + ".",
            f"C-{r.randint(10000, 99999)}",
            r.choice(AREAS),
            r.choice(["Enterprise", "Mid-market", "SMB"]),
        ]


HEADER = ["Response ID", "Submitted", "Satisfaction rating", "How likely are you to recommend us",
          "Comment", "Customer ID", "Product area", "Segment"]  # fmt: skip


def csv_file(n: int) -> Path:
    import csv

    OUT.mkdir(exist_ok=True)
    path = OUT / f"feedback_{n}.csv"
    if not path.exists():
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            w.writerows(feedback_rows(n))
    return path


def xlsx_file(n: int) -> Path:
    from openpyxl import Workbook

    OUT.mkdir(exist_ok=True)
    path = OUT / f"feedback_{n}.xlsx"
    if not path.exists():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Responses")
        ws.append(HEADER)
        for row in feedback_rows(n):
            ws.append(row)
        tmp = path.with_suffix(".tmp.xlsx")
        wb.save(tmp)
        tmp.rename(path)
    return path
