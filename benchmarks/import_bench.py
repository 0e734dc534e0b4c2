"""Import benchmark: the whole import (parse, normalise, store) against naive pandas reading.

Run: uv run python benchmarks/import_bench.py [--sizes 100000 500000] [--runs 3]
     uv run python benchmarks/import_bench.py --wide 10000  # a survey grid of 10,000 columns

Each timing is the median of several runs in a fresh workspace. The baseline is
``pandas.read_excel(engine="openpyxl")`` / ``pandas.read_csv``, which only parses (no
normalising, no storing), measured in the same run. Peak memory of a whole 500k import is
measured in a child process so that earlier runs do not inflate it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import csv_file, median_time, xlsx_file


def fbdesk_import(path: Path) -> int:
    from fbdesk.services.importing import import_files
    from fbdesk.store.workspace import Workspace

    with (
        tempfile.TemporaryDirectory() as tmp,
        Workspace.open(Path(tmp) / "bench.fbdesk", create=True) as ws,
    ):
        [report] = import_files(ws, [path])
    return report.rows_imported


def peak_memory(path: Path) -> float:
    here, target = str(Path(__file__).parent), str(path)
    code = (
        f"import sys, resource; sys.path.insert(0, {here!r})\n"
        "from import_bench import fbdesk_import\n"
        f"n = fbdesk_import(__import__('pathlib').Path({target!r}))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def wide_file(columns: int, rows: int = 200) -> Path:
    """A survey export with one comment and ``columns`` grid answers (0–9) per respondent."""
    import csv
    import random

    from common import OUT

    OUT.mkdir(exist_ok=True)
    path = OUT / f"wide_{columns}x{rows}.csv"
    if not path.exists():
        r = random.Random(1)
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["id", "comment", "rating", *(f"Q{i}" for i in range(columns))])
            for k in range(rows):
                out.writerow([k, "Checkout was slow again", r.randint(1, 5),
                              *(r.randint(0, 9) for _ in range(columns))])  # fmt: skip
    return path


def wide(columns: int, runs: int) -> None:
    import pandas as pd

    path = wide_file(columns)
    assert fbdesk_import(path) == 200
    ours = median_time(lambda: fbdesk_import(path), runs=runs)
    base = median_time(lambda: pd.read_csv(path), runs=runs)
    print(f"{columns:,} columns × 200 rows (CSV): fbdesk's whole import {ours:.2f} s, "
          f"pandas read_csv {base:.2f} s (medians of {runs})")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--baseline-runs", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--wide", type=int, metavar="COLUMNS", help="time a file this wide instead")
    args = ap.parse_args()
    if args.wide:
        wide(args.wide, args.runs)
        return
    import pandas as pd

    fbdesk_import(csv_file(1000))  # warm imports
    rows = []
    for n in args.sizes:
        for kind, make, baseline in (
            ("csv", csv_file, lambda p: pd.read_csv(p)),
            ("xlsx", xlsx_file, lambda p: pd.read_excel(p, engine="openpyxl")),
        ):
            path = make(n)
            assert fbdesk_import(path) == n
            ours = median_time(lambda p=path: fbdesk_import(p), runs=args.runs)
            base = median_time(lambda p=path, b=baseline: b(p), runs=args.baseline_runs)
            mem = peak_memory(path)
            rows.append({"rows": n, "format": kind, "fbdesk_s": round(ours, 3),
                         "baseline_s": round(base, 3), "speedup": round(base / ours, 1),
                         "rows_per_s": int(n / ours), "peak_mb": round(mem)})  # fmt: skip
            print(json.dumps(rows[-1]), file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'rows':>8} {'format':6} {'fbdesk (whole import)':>22} {'pandas baseline (parse)':>24} "
          f"{'ratio':>6} {'rows/s':>9} {'peak MB':>8}")  # fmt: skip
    for r in rows:
        base_name = "read_excel/openpyxl" if r["format"] == "xlsx" else "read_csv"
        print(f"{r['rows']:>8} {r['format']:6} {r['fbdesk_s']:>20.2f} s "
              f"{r['baseline_s']:>10.2f} s {base_name:>12} {r['speedup']:>5.1f}× "
              f"{r['rows_per_s']:>9} {r['peak_mb']:>8}")  # fmt: skip


if __name__ == "__main__":
    main()
