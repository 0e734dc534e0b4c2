"""The Review table's read (``store/review_rows.py``) on both engines, through the two ways one
set of queries could reach them: the thin layer fbdesk uses (``sqlite3`` as before for a file;
psycopg 3 with ``store/dialect.py`` for a server) and SQLAlchemy Core (the same query built as
a ``select()``, and the same SQL text through ``text()``), on one workspace of N items copied
to a throwaway PostgreSQL server on a Unix socket. Also: the import time of each layer, which
the window pays before it shows the table.

Run (SQLAlchemy is not a dependency of fbdesk; it is brought for this run only):
    uv run --with sqlalchemy python benchmarks/engine_bench.py [--items 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # tests/pg_server.py starts the server

from common import AREAS, feedback_rows  # noqa: E402


def make_file(path: Path, n: int) -> None:
    """A workspace file with ``n`` classified items, a tenth of them with an assessor's label."""
    from fbdesk.store.workspace import Workspace

    r = random.Random(3)
    labels = ("positive", "neutral", "negative")
    with Workspace.open(path, create=True) as ws, ws.transaction() as conn:
        conn.execute("INSERT INTO cycle(id, name, created_at) VALUES (1, '2026-Q3', '')")
        conn.execute(
            "INSERT INTO source(id, cycle_id, file_name, sha256, kind, format, header_shape, "
            "signature, mapping_json, rows_read, rows_imported, rows_duplicate, rows_skipped, "
            "skipped_json, notices_json, imported_at) VALUES (1, 1, 'survey.csv', '', "
            "'survey', 'csv', 'flat', '', '{}', ?, ?, 0, 0, '[]', '[]', '')",
            (n, n),
        )
        rows, classes, marks = [], [], []
        for i, row in enumerate(feedback_rows(n), 1):
            rows.append((i, i, i, row[4], 1.77e9 + i, float(row[2]), row[5], row[6]))
            label = r.choice(labels)
            classes.append((i, label, r.choice(["performance", "billing", "usability; bug"]),
                            r.choice(AREAS), r.random()))  # fmt: skip
            if i % 10 == 0:
                marks.append((i, "sentiment", r.choice(labels), 1.77e9, "ann"))
        conn.executemany(
            "INSERT INTO feedback(id, cycle_id, source_id, source_row, dedupe_key, kind, text, "
            "submitted, csat, customer_id, product_area) "
            "VALUES (?, 1, 1, ?, ?, 'survey', ?, ?, ?, ?, ?)", rows)  # fmt: skip
        conn.executemany(
            "INSERT INTO classification(item_id, input_key, sentiment, sentiment_label, themes, "
            "area, confidence, method, why, classified_at) VALUES (?, 0, 0.0, ?, ?, ?, ?, "
            "'rules', '{}', 0)", classes)  # fmt: skip
        conn.executemany(
            "INSERT INTO assessor_label(item_id, field, value, labelled_at, labelled_by) "
            "VALUES (?, ?, ?, ?, ?)", marks)  # fmt: skip


def core_query(metadata):
    """The Review table's query built with SQLAlchemy Core (the same as REVIEW_COLUMNS)."""
    from sqlalchemy import and_, func, or_, select

    f, s, c = (metadata.tables[t] for t in ("feedback", "source", "classification"))
    label = metadata.tables["assessor_label"]
    fields = ("sentiment", "themes", "primary_theme", "area", "urgency")
    own = {k: label.alias(f"l_{k}") for k in fields}
    in_force = {"sentiment": c.c.sentiment_label, "themes": c.c.themes,
                "primary_theme": c.c.primary_theme, "area": c.c.area, "urgency": c.c.urgency}  # fmt: skip
    joined = f.join(s, s.c.id == f.c.source_id).outerjoin(c, c.c.item_id == f.c.id)
    for k, alias in own.items():
        joined = joined.outerjoin(alias, and_(alias.c.item_id == f.c.id, alias.c.field == k))
    return (
        select(
            f.c.id,
            (func.coalesce(f.c.title + ". ", "") + f.c.text).label("text"),
            f.c.submitted,
            f.c.csat,
            s.c.file_name.label("source"),
            f.c.source_row,
            f.c.customer_id,
            f.c.channel,
            *(func.coalesce(own[k].c.value, in_force[k]).label(k) for k in fields),
            c.c.confidence,
            or_(*(own[k].c.item_id.isnot(None) for k in fields)).label("reviewed"),
            func.coalesce(func.trim(f.c.app_version), "").label("app_version"),
        )
        .select_from(joined)
        .order_by(f.c.id)
    )


def columns(result) -> dict[str, list]:
    names = list(result.keys())
    rows = result.fetchall()
    out = {n: list(v) for n, v in zip(names, zip(*rows, strict=True), strict=True)}
    out["reviewed"] = [bool(v) for v in out["reviewed"]]
    return out


def timed(fn, runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(5))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    import psycopg
    from sqlalchemy import MetaData, create_engine, text

    from fbdesk.store import review_rows, team_copy
    from fbdesk.store.workspace import Workspace
    from tests.pg_server import Server, find_bindir

    folder = Path(tempfile.mkdtemp(prefix="engine-bench-"))
    server = Server(find_bindir())
    try:
        path = folder / "bench.fbdesk"
        make_file(path, args.items)
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        address = server.url("bench")
        team_copy.file_to_server(path, address)
        print(f"Review rows, {args.items:,} items, median of {args.runs} reads (s):")
        print(f"{'':28}{'SQLite file':>14}{'PostgreSQL':>14}")
        results = {}
        with Workspace.open(path) as file_ws, Workspace.open(address) as server_ws:
            thin = [timed(lambda w=w: review_rows.review_rows(w.conn), args.runs)
                    for w in (file_ws, server_ws)]  # fmt: skip
            results["thin layer (sqlite3 / psycopg)"] = thin
            reference = thin[0][1]
            assert thin[1][1] == reference, "the engines disagree"
        engines = [create_engine(f"sqlite:///{path}"),
                   create_engine(address.replace("postgresql://", "postgresql+psycopg://"))]  # fmt: skip
        core, texts = [], []
        for engine in engines:
            metadata = MetaData()
            metadata.reflect(engine, only=["feedback", "source", "classification",
                                           "assessor_label"])  # fmt: skip
            query = core_query(metadata)
            raw = text(review_rows_sql())
            with engine.connect() as conn:
                core.append(timed(lambda c=conn, q=query: columns(c.execute(q)), args.runs))
                texts.append(timed(lambda c=conn, q=raw: columns(c.execute(q)), args.runs))
            engine.dispose()
        results["SQLAlchemy Core select()"] = core
        results["SQLAlchemy text(), same SQL"] = texts
        for name, pair in results.items():
            for _, value in pair:
                assert value == reference, f"{name} read other rows"
            print(f"{name:28}{pair[0][0]:14.3f}{pair[1][0]:14.3f}")
        print("import time, best of 5 (s): "
              f"sqlite3 {import_time('sqlite3'):.3f}, psycopg {import_time('psycopg'):.3f}, "
              f"sqlalchemy {import_time('sqlalchemy'):.3f}")  # fmt: skip
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def review_rows_sql() -> str:
    """The thin layer's own statement (cycle: all), for SQLAlchemy's ``text()``."""
    from fbdesk.store.review_rows import IN_FORCE, IN_FORCE_JOINS

    return f"""SELECT f.id, coalesce(f.title || '. ', '') || f.text AS text, f.submitted, f.csat,
                   s.file_name AS source, f.source_row, f.customer_id, f.channel,
                   {
        IN_FORCE.replace("c.confidence, c.item_id IS NOT NULL AS classified,", "c.confidence,")
    },
                   coalesce(trim(f.app_version), '') AS app_version
            FROM feedback f JOIN source s ON s.id = f.source_id {IN_FORCE_JOINS}
            ORDER BY f.id"""


if __name__ == "__main__":
    main()
