"""Five assessors labelling one team workspace at once: every label present, no lost update,
the conflict message when two edit one item, and the save latency.

A throwaway PostgreSQL server on a Unix socket (``tests/pg_server.py``) holds a workspace of
ITEMS items; five threads, each its own login (a member of ``fbdesk_assessor``) on its own
connection, label items drawn from the same pool, LABELS in all. Each save names the item's
version the assessor read; a save refused because another saved first is read again and made
again (counted as a conflict, its message checked). At the end: every item's label in force is
the one its newest version wrote, every item's version is the number of saves it took, and the
audit trail holds every save and every refusal. Bounded: LABELS saves, then it stops.

Run: uv run python benchmarks/team_load.py [--labels 10000] [--items 2000] [--assessors 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from engine_bench import make_file  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=int, default=10_000)
    ap.add_argument("--items", type=int, default=2_000)
    ap.add_argument("--assessors", type=int, default=5)
    args = ap.parse_args()

    import psycopg

    from fbdesk.services import team
    from fbdesk.services.review import LabelCommand, apply_all
    from fbdesk.store.versions import VersionConflict
    from fbdesk.store.workspace import Workspace
    from tests.pg_server import Server, find_bindir

    server = Server(find_bindir())
    try:
        path = Path(tempfile.mkdtemp(prefix="team-load-")) / "load.fbdesk"
        make_file(path, args.items)
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE load")
        address = server.url("load")
        team.init(address)
        team.copy(str(path), address)
        names = [f"assessor{n}" for n in range(1, args.assessors + 1)]
        with psycopg.connect(server.url(), autocommit=True) as conn:
            for name in names:
                conn.execute(f"CREATE ROLE {name} LOGIN IN ROLE fbdesk_assessor")

        share = [args.labels // len(names) + (i < args.labels % len(names))
                 for i in range(len(names))]  # fmt: skip
        latencies: list[float] = []
        written: dict[int, tuple[int, str]] = {}  # item → (newest version, value it wrote)
        conflicts: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(len(names))

        def assessor(name: str, saves: int, seed: int) -> None:
            r = random.Random(seed)
            ws = Workspace.open(address.replace(f"{server.SUPERUSER}@", f"{name}@", 1))
            try:
                start.wait()
                done = 0
                while done < saves:
                    item = r.randint(1, args.items)
                    seen = team.item_versions(ws, [item]).get(item, 0)
                    value = f"{name}-{done}"
                    began = time.perf_counter()
                    try:
                        undo = apply_all(ws, [LabelCommand(item, "themes", value, seen=seen)])
                    except VersionConflict as exc:
                        with lock:
                            latencies.append(time.perf_counter() - began)
                            conflicts.append(exc.message)
                        continue
                    took = time.perf_counter() - began
                    with lock:
                        latencies.append(took)
                        version = undo[0].seen
                        if version > written.get(item, (0, ""))[0]:
                            written[item] = (version, value)
                    done += 1
            finally:
                ws.close()

        threads = [threading.Thread(target=assessor, args=(n, s, i))
                   for i, (n, s) in enumerate(zip(names, share, strict=True))]  # fmt: skip
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began

        with Workspace.open(address) as ws:
            versions = team.item_versions(ws)
            labels = dict(ws.conn.execute(
                "SELECT item_id, value FROM assessor_label WHERE field = 'themes'").fetchall())  # fmt: skip
            saved = ws.conn.execute("SELECT count(*) FROM audit WHERE action = 'label'").fetchone()[
                0
            ]
            refused = ws.conn.execute(
                "SELECT count(*) FROM audit WHERE action = 'label refused'").fetchone()[0]  # fmt: skip
        assert sum(versions.values()) == args.labels, "a save is missing a version"
        assert saved == args.labels and refused == len(conflicts)
        assert {i: v for i, (_, v) in written.items()} == labels, "a label was lost"
        assert {i: n for i, (n, _) in written.items()} == versions
        assert all("was changed by assessor" in c and "since you read it" in c for c in conflicts)
        q = statistics.quantiles(latencies, n=100)
        print(f"{args.assessors} assessors, {args.labels:,} labels saved on {len(versions):,} of "
              f"{args.items:,} items in {wall:.1f} s ({args.labels / wall:,.0f} saves/s)")  # fmt: skip
        print(f"every label present, no lost update; {len(conflicts)} saves refused as "
              f"conflicts (then read again and made), e.g.: {conflicts[0] if conflicts else '-'}")  # fmt: skip
        print(f"save latency: p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, "
              f"max {max(latencies) * 1000:.1f} ms")  # fmt: skip
    finally:
        server.stop()


if __name__ == "__main__":
    main()
