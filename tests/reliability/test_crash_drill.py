"""Crash drill: SIGKILL a burst of imports and edits at random moments, many times.

After every kill the workspace passes ``fbdesk check`` and holds exactly what was reported
committed — nothing lost, nothing half-applied (the one operation in flight is either wholly
there or wholly absent). Seeded, so a failure can be replayed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fbdesk.store.workspace import Workspace

KILLS = int(os.environ.get("FBDESK_DRILL_KILLS", "200"))
SEED = int(os.environ.get("FBDESK_DRILL_SEED", "20261128"))
WORKER = Path(__file__).with_name("drill_worker.py")

pytestmark = pytest.mark.reliability


def run_and_kill(ws: Path, folder: Path, seed: int, delay: float) -> list[tuple[str, dict]]:
    proc = subprocess.Popen([sys.executable, str(WORKER), str(ws), str(folder), str(seed)],
                            stdout=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    data = b""
    while b"READY" not in data:  # the worker has imported everything and opened the file
        chunk = os.read(fd, 65536)
        assert chunk, "the drill worker ended before it was ready"
        data += chunk
    os.set_blocking(fd, False)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:  # keep the pipe drained so the worker never blocks
        data += _read_available(fd)
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    data += _read_available(fd)
    proc.stdout.close()
    lines = []
    for line in data.decode().splitlines():
        tag, _, payload = line.partition(" ")
        if tag in ("BEGIN", "COMMITTED"):
            lines.append((tag, json.loads(payload)))
    return lines


def _read_available(fd: int) -> bytes:
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return out
        if not chunk:
            return out
        out += chunk


def test_crash_drill(tmp_path):
    rng = random.Random(SEED)
    ws = tmp_path / "drill.fbdesk"
    folder = tmp_path / "files"
    folder.mkdir()
    committed_imports: dict[str, int] = {}
    labels: dict[tuple[int, str], str] = {}
    decisions: dict[str, tuple[str, str]] = {}
    left_in_inbox: dict[str, int] = {}  # files a kill left in the watched folder untaken
    themes: set[str] = set()  # themes added to the taxonomy by committed edits
    classified = 0
    mid_transaction_kills = 0
    for kill in range(KILLS):
        # Mostly within a second; one run in ten lives long enough for the classifier and the
        # learned models to load and a classify run to finish.
        delay = rng.uniform(4.0, 8.0) if kill % 10 == 9 else rng.uniform(0.05, 1.2)
        lines = run_and_kill(ws, folder, SEED + kill, delay)
        in_flight = None
        for tag, op in lines:
            if tag == "BEGIN":
                in_flight = op
            elif tag == "COMMITTED":
                in_flight = None
                if op["kind"] in ("import", "inbox"):
                    committed_imports[op["file"]] = op["rows"]
                elif op["kind"] == "decide":
                    decisions[op["key"]] = (op["status"], op["decision"])
                elif op["kind"] == "taxonomy":
                    themes.add(op["theme"])
                elif op["kind"] == "classify":
                    classified += 1
                else:
                    labels[(op["item"], op["field"])] = op["value"]
        mid_transaction_kills += in_flight is not None

        with Workspace.open(ws) as opened:
            assert opened.check() == [], f"kill {kill}: damaged"
            sources = dict(opened.conn.execute(
                "SELECT file_name, rows_imported FROM source").fetchall())  # fmt: skip
            stored = {(i, f): v for i, f, v in opened.conn.execute(
                "SELECT item_id, field, value FROM assessor_label").fetchall()}  # fmt: skip
            counts = dict(opened.conn.execute(
                "SELECT s.file_name, count(f.id) FROM source s LEFT JOIN feedback f "
                "ON f.source_id = s.id GROUP BY s.id").fetchall())  # fmt: skip
            twice = opened.conn.execute("SELECT file_name FROM source GROUP BY file_name "
                                        "HAVING count(*) > 1").fetchall()  # fmt: skip
            taken = {Path(p).name: (state, src, why) for p, state, src, why in opened.conn.execute(
                "SELECT path, state, source_id, reason FROM inbox_file").fetchall()}  # fmt: skip
            source_ids = dict(opened.conn.execute(
                "SELECT file_name, id FROM source").fetchall())  # fmt: skip
            decided = {k: (s, d) for k, s, d in opened.conn.execute(
                "SELECT key, status, decision FROM improvement").fetchall()}  # fmt: skip
            versions = [v for (v,) in opened.conn.execute(
                "SELECT version FROM taxonomy ORDER BY rowid").fetchall()]  # fmt: skip
            latest = opened.conn.execute(
                "SELECT json FROM taxonomy ORDER BY version DESC LIMIT 1").fetchone()  # fmt: skip
            broken = opened.conn.execute(
                "SELECT count(*) FROM classification WHERE NOT json_valid(why) "
                "OR method NOT IN ('rules', 'learned')").fetchone()[0]  # fmt: skip
        assert broken == 0, f"kill {kill}: {broken} half-written classifications"
        assert versions == sorted(set(versions)), f"kill {kill}: taxonomy versions {versions}"
        stored_themes = {t["id"] for t in json.loads(latest[0])["themes"]} if latest else set()
        assert themes <= stored_themes, f"kill {kill}: taxonomy edits lost"
        if in_flight and in_flight["kind"] == "taxonomy" and in_flight["theme"] in stored_themes:
            themes.add(in_flight["theme"])
        assert twice == [], f"kill {kill}: imported twice: {twice}"
        for name, (state, src, why) in taken.items():  # the inbox's record went with the rows
            if state == "waiting":  # killed twice while reading it: set aside, nothing imported
                assert name in left_in_inbox and name not in source_ids, f"kill {kill}: {name}"
                assert why.startswith("fbdesk stopped while reading this file (2 times)"), why
                continue
            assert state == "imported" and src == source_ids.get(name), f"kill {kill}: {name}"
        for name in source_ids:
            if name.startswith("inbox-"):
                assert name in taken, f"kill {kill}: {name} imported without its inbox record"
        for key, value in decisions.items():
            ok = {value}
            if in_flight and in_flight["kind"] == "decide" and in_flight["key"] == key:
                ok.add((in_flight["status"], in_flight["decision"]))
            assert decided.get(key) in ok, f"kill {kill}: decision on {key} lost"
        if in_flight and in_flight["kind"] == "decide":
            got = decided.get(in_flight["key"])
            if got == (in_flight["status"], in_flight["decision"]):
                decisions[in_flight["key"]] = got
        for name, rows in committed_imports.items():
            assert sources.get(name) == rows == counts.get(name), f"kill {kill}: {name} lost"
        if in_flight is not None and in_flight["kind"] in ("import", "inbox"):
            name = in_flight["file"]
            if name in sources:  # committed just before the kill: then wholly there
                assert counts[name] == in_flight["rows"]
                committed_imports[name] = in_flight["rows"]
        if in_flight is not None and in_flight["kind"] == "inbox" and \
                in_flight["file"] not in sources:  # fmt: skip
            left_in_inbox[in_flight["file"]] = in_flight["rows"]
        for name in sources:
            if name not in committed_imports and name in left_in_inbox:
                # a later look at the folder took it in: wholly
                assert counts[name] == left_in_inbox.pop(name), f"kill {kill}: {name} half"
                committed_imports[name] = counts[name]
            assert name in committed_imports, f"kill {kill}: {name} appeared half-reported"
        for key, value in labels.items():
            ok = {value}
            if in_flight and in_flight["kind"] == "label" and \
                    (in_flight["item"], in_flight["field"]) == key:  # fmt: skip
                ok.add(in_flight["value"])
            assert stored.get(key) in ok, f"kill {kill}: label {key} lost"
        if in_flight and in_flight["kind"] == "label":
            key = (in_flight["item"], in_flight["field"])
            if stored.get(key) == in_flight["value"]:
                labels[key] = in_flight["value"]
    print(
        f"crash drill: {KILLS} kills, {mid_transaction_kills} during an operation, "
        f"{len(committed_imports)} imports (inbox ones among them), {len(labels)} labels and "
        f"{len(decisions)} decisions, {len(themes)} taxonomy edits verified; "
        f"{classified} classify runs (with learning) completed"
    )
    assert mid_transaction_kills > KILLS // 10
    if KILLS >= 10:  # the long runs finished classifying, with what was learned from labels
        with Workspace.open(ws) as opened:
            learned = opened.conn.execute(
                "SELECT count(*) FROM classification WHERE method = 'learned'").fetchone()[0]  # fmt: skip
        assert classified > 0 and learned > 0
