"""Ranking improvements: re-scoring after a weight change, and ranking a 500k-item workspace.

Run: uv run python benchmarks/rank_bench.py [--runs 5]

Re-scoring is what happens on every weight change in the window: 2,000 candidates (a
taxonomy of 100 themes × 20 areas) re-ranked from their parts, without the workspace. Ranking
from the workspace reads and groups every item (done once per step visit, on a worker).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, median_time
from fbdesk.analysis import priority
from fbdesk.services import drivers as key_drivers


def candidates(n: int = 2000, items: int = 500_000) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    counts = rng.multinomial(items, np.ones(n) / n)
    frame = pd.DataFrame({
        "key": [f"theme{i // 20}|area{i % 20}" for i in range(n)], "items": counts,
        "customers": (counts * 0.9).astype(int), "negative": (counts * rng.random(n)).astype(int),
        "urgent": (counts * 0.05 * rng.random(n)).astype(int), "arr_mean": rng.uniform(1e3, 1e5, n),
        "all_arr_mean": 3e4, "previous": counts * rng.uniform(0.5, 1.5, n),
        "evidence_r": np.where(rng.random(n) < 0.1, rng.random(n), np.nan),
        "effort": rng.choice(["S", "M", "L", "XL"], n), "confidence": 0.8,
    })  # fmt: skip
    return priority.parts(frame)


def evidence(runs: int) -> None:
    """The technical evidence every ranking carries: correlating the whole history, against
    reading the evidence kept in the workspace (what every ranking after the first does)."""
    import tempfile

    from fbdesk.services import correlate, prioritize
    from fbdesk.services.demo import write_demo
    from fbdesk.store import correlation, settings
    from fbdesk.store.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        path = write_demo(Path(tmp) / "demo.fbdesk")
        with Workspace.open(path) as ws:
            cycle = ws.conn.execute("SELECT max(id) FROM cycle").fetchone()[0]

            def forget():
                with ws.transaction() as conn:
                    settings.put(conn, correlation.EVIDENCE, {})

            computed = median_time(lambda: correlate.technical_evidence(ws), runs, setup=forget)
            kept = median_time(lambda: correlate.technical_evidence(ws), runs)
            with_ev = median_time(lambda: prioritize.rank(ws, cycle), runs)
            without = median_time(lambda: prioritize.rank(ws, cycle, evidence=False), runs)
            cold = median_time(lambda: prioritize.rank(ws, cycle), runs,
                               setup=lambda: _forget_answers(ws))  # fmt: skip
            found = median_time(lambda: key_drivers.drivers(ws, cycle, outcomes=("CSAT",)),
                                runs, setup=lambda: key_drivers.forget(ws))  # fmt: skip
    print(f"technical evidence of the demo ({ws.path.name}): computed {computed:.2f} s, kept "
          f"{kept * 1000:.1f} ms ({computed / kept:.0f}× faster); rank with the kept evidence "
          f"{with_ev:.3f} s, without {without:.3f} s")
    print(f"rank of the demo's latest cycle with nothing kept from a ranking before (items, "
          f"labels, key drivers read afresh): {cold:.3f} s, of which the key drivers of CSAT "
          f"{found:.3f} s")  # fmt: skip


def _forget_answers(ws) -> None:
    """No answer kept from a ranking before: the items, their labels, the key drivers."""
    ws.memo.clear()
    key_drivers.forget(ws)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    frame = priority.score(candidates())
    weights = [priority.Weights(severity=w, trend=2 - w) for w in (0.5, 1.0, 1.5, 2.0, 0.0)]
    state = {"i": 0}

    def rescore():
        state["i"] += 1
        priority.score(frame.drop(columns=["score", "rank"]), weights[state["i"] % 5])

    t = median_time(rescore, runs=max(args.runs, 5))
    print(
        f"re-score 2,000 candidates (500,000 items) after a weight change: median "
        f"{t * 1000:.1f} ms (target < 200 ms)"
    )
    evidence(args.runs)
    ws_path = OUT / "report_500000.fbdesk"
    if ws_path.exists():
        from fbdesk.services import prioritize
        from fbdesk.store.workspace import Workspace

        with Workspace.open(ws_path) as ws:  # no answers kept from the previous run
            t = median_time(lambda: prioritize.rank(ws, None, evidence=False), runs=3,
                            setup=lambda: _forget_answers(ws))  # fmt: skip
            print(f"rank from a 500,000-item workspace (read, group, score): median {t:.2f} s")
    ws_path = OUT / "report_100000.fbdesk"
    if ws_path.exists():
        import shutil
        import tempfile

        from fbdesk.services import prioritize
        from fbdesk.services.stats import kpis
        from fbdesk.store.workspace import Workspace

        with tempfile.TemporaryDirectory() as tmp:  # a decision is written: work on a copy
            copy = Path(tmp) / "copy.fbdesk"
            shutil.copyfile(ws_path, copy)
            with Workspace.open(copy) as ws:
                cycle = ws.conn.execute("SELECT max(id) FROM cycle").fetchone()[0]
                key = prioritize.rank(ws, cycle).frame.iloc[0]["key"]
                prioritize.decide(ws, key, status="planned", decision="Benchmark decision")

                def cold():
                    ws.memo.clear()

                def after_rank():  # what the window does: rank on a worker, then the KPIs
                    cold()
                    prioritize.rank(ws, cycle)

                t_cold = median_time(lambda: kpis(ws, cycle), runs=3, setup=cold)
                t_warm = median_time(lambda: kpis(ws, cycle), runs=3, setup=after_rank)
                print(
                    f"KPIs of a 100,000-item cycle with a decision: {t_cold:.2f} s read "
                    f"afresh, {t_warm:.3f} s after the ranking read the same items "
                    f"(what the window's thread waits for: {t_cold / t_warm:.0f}× less)"
                )


if __name__ == "__main__":
    main()
