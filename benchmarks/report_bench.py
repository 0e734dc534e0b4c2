"""The pack for a 100k-item cycle, and the export of 500k items.

Run: uv run python benchmarks/report_bench.py [--runs 3]

A workspace of 100,000 generated survey items (one cycle, April–September) with the demo's
hourly metrics is imported and classified once (not timed), then the pack is built: gathering
(correlation, ranking, themes, verbatims) and layout are timed apart. The review table of a
500,000-item workspace is exported to CSV and XLSX.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, csv_file, median_time, peak_rss_mb


def workspace(n: int) -> Path:
    from fbdesk.services.classify import classify
    from fbdesk.services.demo import write_demo_files
    from fbdesk.services.importing import import_files
    from fbdesk.store.workspace import Workspace

    path = OUT / f"report_{n}.fbdesk"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as folder, Workspace.open(tmp, create=True) as ws:
        files = write_demo_files(Path(folder))
        start = time.perf_counter()
        import_files(ws, [csv_file(n)], cycle="2026-H1")
        import_files(ws, files["metrics"], kind="metrics")
        classify(ws)
        print(
            f"  (set-up: {n:,} items imported and classified in "
            f"{time.perf_counter() - start:.0f} s)"
        )
    tmp.rename(path)
    return path


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    from fbdesk.report.pack import render
    from fbdesk.services.report import gather
    from fbdesk.services.review import export_review
    from fbdesk.store.workspace import Workspace

    out = OUT / "pack_100k.pdf"
    with Workspace.open(workspace(100_000)) as ws:
        data = {}

        def gathered():
            data["d"] = gather(ws, "2026-H1")

        g = median_time(gathered, runs=args.runs)
        r = median_time(lambda: render(data["d"], out), runs=args.runs)
    d = data["d"]
    print(
        f"pack, 100,000-item cycle: gather {g:.2f} s + layout {r:.2f} s = {g + r:.2f} s "
        f"(median of {args.runs}; target < 3 s); {len(d.findings)} findings, "
        f"{len(d.improvements)} improvements, {out.stat().st_size / 1e6:.1f} MB"
    )
    with Workspace.open(workspace(500_000)) as ws:
        for suffix in (".csv", ".xlsx"):
            target = OUT / f"export_500k{suffix}"
            t = median_time(lambda t=target: export_review(ws, t), runs=1)
            print(
                f"export of 500,000 items to {suffix}: {t:.2f} s (target < 10 s), "
                f"{target.stat().st_size / 1e6:.0f} MB"
            )
    print(f"peak memory {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
