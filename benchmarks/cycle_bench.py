"""The whole cycle through the command line, step by step, beside the naive peers.

Run: uv run python benchmarks/cycle_bench.py [--sizes 100000 500000] [--runs 3] [--peer-runs 1]

The workload is generated once per size (deterministic, kept in ``benchmarks/out/``):

- an XLSX of survey comments, support tickets, app reviews and forum posts (six columns:
  response id, submitted, rating, comment, product area, channel) over 90 days. Lengths as
  an assessor meets them: most are a short survey answer, some a few sentences, about one in
  ten a long ticket with a greeting, paragraphs, a sign-off and now and then a pasted log;
- 90 days of hourly metrics for two series of the Checkout service (p95 latency, error rate)
  with an incident planted on days 40–42, when Checkout comments turn sour and ratings drop.

Each step is a whole ``fbdesk`` process (start-up included), timed in a fresh workspace; the
cycle is run ``--runs`` times and each step's median is shown. Peak memory is the largest
resident size of the step's process or of any process it waited for (GNU ``time``). The peers are
whole processes too, measured in the same run: ``pandas.read_excel(engine="openpyxl")`` of the
same file (import), a plain ``vaderSentiment`` loop over the same texts (classify), and
reportlab building as many pages and charts as the pack has (report). A CPU column (user and
system time of the step and its children) moves less than wall time when others share the
machine.

Installed fbdesk runs from compiled bytecode; an environment synced without it (and with
``PYTHONDONTWRITEBYTECODE`` set) compiles every module in every process, which adds seconds
to each step: the benchmark says so and stops unless ``--allow-source`` is given. Compile with
``uv sync --compile-bytecode``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import AREAS, OUT

VERSION = 1  # raised when the generated workload changes: the kept files are written again
START = dt.datetime(2026, 7, 1)
DAYS = 90
INCIDENT_DAYS = (40, 43)  # [first, last) day of the planted Checkout incident
BUDGETS = {"import": 1.5, "import metrics": 0.5, "classify": 6.0, "correlate": 2.0,
           "rank": 1.5, "report": 3.0}  # fmt: skip
CYCLE_BUDGET = 15.0
HEADER = ["Response ID", "Submitted", "Rating", "Comment", "Product area", "Channel"]
CHANNELS = [("Survey", 0.55), ("Support ticket", 0.2), ("App review", 0.15),
            ("Community forum", 0.1)]  # fmt: skip

THINGS = ["checkout", "search", "login", "the dashboard", "the report page", "the mobile app",
          "the export", "sync", "the invoice", "billing", "the API", "notifications",
          "the settings page", "onboarding", "the integration with Slack", "password reset",
          "the new editor", "filters", "the calendar view", "two-factor login"]  # fmt: skip
GOOD = ["great", "fast", "easy to use", "intuitive", "reliable", "helpful", "smooth", "nice",
        "clean", "excellent", "good", "simple", "useful", "stable", "quick"]  # fmt: skip
BAD = ["slow", "confusing", "broken", "buggy", "unusable", "frustrating", "laggy", "clunky",
       "terrible", "annoying", "bad", "awful", "unreliable", "expensive", "hard to find"]  # fmt: skip
BOOST = ["", "", "", "very ", "really ", "so ", "extremely ", "kind of ", "a bit ", "quite "]
SHORT = ["Great product", "Love it!", "Good service", "Too slow", "Fine", "ok", "Works well",
         "Not bad", "Could be better", "Terrible support", "Thanks", "Easy to use",
         "Keeps crashing", "Excellent!!", "meh", "Very happy with it", "Please fix the bugs",
         "Nothing to add", "Price is too high", "Best app ever"]  # fmt: skip
TEMPLATES = [
    "{thing} is {boost}{good}", "{thing} is {boost}{bad}", "{thing} is not {good}",
    "I love {thing} but {thing2} is {boost}{bad}", "{thing} keeps crashing when I open {thing2}",
    "{thing} times out every {n} minutes", "Please add dark mode to {thing}",
    "Since the last update {thing} won't load", "We were charged twice for {thing}",
    "{thing} takes forever to load on Monday mornings", "The team fixed {thing} quickly, thanks",
    "It would be nice if {thing} could export to PDF", "I can't log in after the password reset",
    "Honestly {thing} works great now", "Why is {thing} so {bad}?",
    "{thing} has been {boost}{good} since {month}", "No response from support for {n} days",
    "{thing} is down again!!", "Lost my data when {thing} crashed", "{thing} feels {bad} :(",
    "We need SSO for {thing}", "The docs for {thing} are {boost}{bad}",
    "Without a doubt the best {thing} we have used", "Never this {good} before",
]  # fmt: skip
LOG = ["Version: 128.{n}.0esr", "Build ID: 2026{n:04d}", "OS: Windows_NT 10.0 19045",
       "Exception Type: EXC_BAD_ACCESS (SIGSEGV)", "at com.fbdesk.sync.Worker.run(Worker.java:{n})",
       "GET /api/v2/reports?id={n} 502 Bad Gateway", "user_agent: Mozilla/5.0 (X11; Linux x86_64)"]  # fmt: skip


def _sentence(r: random.Random, sour: bool) -> str:
    tpl = r.choice(TEMPLATES)
    s = tpl.format(thing=r.choice(THINGS), thing2=r.choice(THINGS), boost=r.choice(BOOST),
                   good=r.choice(BAD if sour and r.random() < 0.6 else GOOD), bad=r.choice(BAD),
                   n=r.randint(2, 90), month=r.choice(["June", "July", "the spring"]))  # fmt: skip
    s = s[0].upper() + s[1:]
    return s if s[-1] in "!?)" else s + r.choice([".", ".", ".", "!", ""])


def _comment(r: random.Random, channel: str, sour: bool) -> str:
    u = r.random()
    if channel == "Survey" and u < 0.45:
        return r.choice(SHORT)
    if u < 0.6 and channel != "Support ticket":
        return _sentence(r, sour)
    if channel != "Support ticket" or u < 0.8:
        return " ".join(_sentence(r, sour) for _ in range(r.randint(2, 5)))
    # A ticket: greeting, paragraphs, sometimes a pasted log, a sign-off.
    parts = [r.choice(["Hi team,", "Hello,", "Dear support,", "Hi"])]
    for _ in range(r.randint(2, 6)):
        parts.append(" ".join(_sentence(r, sour) for _ in range(r.randint(2, 6))))
        if r.random() < 0.12:
            parts.append("\n".join(r.choice(LOG).format(n=r.randint(1, 9999))
                                   for _ in range(r.randint(3, 12))))  # fmt: skip
    parts.append(r.choice(["Thanks,\nDana", "Regards, Sam Lee", "Thank you in advance!",
                           "Cheers"]))  # fmt: skip
    return "\n\n".join(parts)


def feedback_rows(n: int, seed: int = 22):
    r = random.Random(seed)
    channels, weights = zip(*CHANNELS, strict=True)
    for i in range(n):
        day = r.randrange(DAYS)
        when = START + dt.timedelta(days=day, seconds=r.randrange(86_400))
        area = r.choice(AREAS)
        sour = area == "Checkout" and INCIDENT_DAYS[0] <= day < INCIDENT_DAYS[1]
        channel = r.choices(channels, weights)[0]
        rating = max(1, min(5, round(r.gauss(2.0 if sour else 3.9, 1.0))))
        yield [f"R{i:08d}", when.strftime("%Y-%m-%d %H:%M:%S"), rating,
               _comment(r, channel, sour), area, channel]  # fmt: skip


def feedback_file(n: int) -> tuple[Path, Path]:
    """The XLSX, and the same comments as JSON lines for the sentiment peer."""
    from openpyxl import Workbook

    OUT.mkdir(exist_ok=True)
    path, texts = OUT / f"cycle_{n}_v{VERSION}.xlsx", OUT / f"cycle_{n}_v{VERSION}.jsonl"
    if path.exists() and texts.exists():
        return path, texts
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Responses")
    ws.append(HEADER)
    with texts.open("w", encoding="utf-8") as fh:
        for row in feedback_rows(n):
            ws.append(row)
            fh.write(json.dumps(row[3]) + "\n")
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.rename(path)
    return path, texts


def metrics_file() -> Path:
    """Hourly p95 latency and error rate of Checkout, 90 days, one column per series."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"cycle_metrics_v{VERSION}.csv"
    if path.exists():
        return path
    r = random.Random(5)
    lines = ["timestamp,service,p95 latency (ms),error rate (%)"]
    for h in range(DAYS * 24):
        t = START + dt.timedelta(hours=h)
        daily = 1 + 0.25 * __import__("math").sin((t.hour - 9) / 24 * 6.283)
        lat, err = 310 * daily * r.lognormvariate(0, 0.08), max(0.0, r.gauss(0.4, 0.12))
        if INCIDENT_DAYS[0] <= h // 24 < INCIDENT_DAYS[1]:
            lat, err = lat * 3.1, err + 2.5
        lines.append(f"{t:%Y-%m-%d %H:%M:%S},Checkout,{lat:.1f},{err:.3f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall time, peak resident MB (the process or any process it waited for), and CPU time
    (user and system, its children's included: less moved by other work on the machine).

    Started through ``/usr/bin/time``: a process forked from this one would count this
    process's own peak as its own (Linux carries the peak over a fork and an exec)."""
    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak"
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", str(peak), *cmd],
                              capture_output=True, text=True, check=False)  # fmt: skip
        secs = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        kb, user, system = peak.read_text().split()[-3:]
    return secs, int(kb) / 1024, float(user) + float(system)


FBDESK = [sys.executable, "-m", "fbdesk"]


def cycle(xlsx: Path, metrics: Path, folder: Path) -> dict[str, tuple[float, float, float]]:
    ws = str(folder / "cycle.fbdesk")
    steps = [
        ("import", ["import", "-w", ws, "--no-classify", "--cycle", "Q3", str(xlsx)]),
        ("import metrics", ["import", "-w", ws, "--kind", "metrics", str(metrics)]),
        ("classify", ["classify", "-w", ws]),
        ("correlate", ["correlate", "-w", ws, "--json"]),
        ("rank", ["rank", "-w", ws]),
        ("report", ["report", "-w", ws, "-o", str(folder / "pack.pdf")]),
    ]
    out = {}
    for name, args in steps:
        out[name] = run([*FBDESK, *args])
    return out


PEER_EXCEL = "import sys, pandas as pd; pd.read_excel(sys.argv[1], engine='openpyxl')"
PEER_VADER = """import sys, json
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
a = SentimentIntensityAnalyzer()
with open(sys.argv[1], encoding='utf-8') as fh:
    for line in fh:
        a.polarity_scores(json.loads(line))
"""
PEER_PACK = """import sys
import numpy as np
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from reportlab.lib.styles import getSampleStyleSheet
pages, charts = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(0)
style = getSampleStyleSheet()["BodyText"]
story = []
per_page = -(-charts // pages)
for p in range(pages):
    story.append(Paragraph(f"Page {p + 1}. " + "Findings and the reasons for them. " * 20, style))
    for _ in range(min(per_page, charts)):
        charts -= 1
        d = Drawing(480, 150)
        lp = LinePlot()
        lp.x, lp.y, lp.width, lp.height = 40, 20, 420, 110
        ys = np.cumsum(rng.normal(size=2160))
        lp.data = [list(zip(range(2160), ys.tolist()))]
        d.add(lp)
        story.append(d)
    story.append(PageBreak())
SimpleDocTemplate(sys.argv[1], pagesize=A4).build(story)
"""


def pack_shape(workspace: Path, pdf: Path) -> tuple[int, int]:
    """Pages of the pack written, and the charts it draws (counted by building it again here)."""
    pages = len(re.findall(rb"/Type /Page[^s]", pdf.read_bytes()))
    from fbdesk.report import charts
    from fbdesk.services.report import build_pack
    from fbdesk.store.workspace import Workspace

    drawn = [0]
    for name in ("time_chart", "scatter_chart", "lag_chart", "theme_chart"):
        original = getattr(charts, name)

        def counted(*a, _f=original, **k):
            drawn[0] += 1
            return _f(*a, **k)

        setattr(charts, name, counted)
    with Workspace.open(workspace) as ws:
        build_pack(ws, pdf.with_name("again.pdf"))
    return pages, drawn[0]


def peers(xlsx: Path, texts: Path, pages: int, charts: int, folder: Path) -> dict:
    py = [sys.executable, "-c"]
    return {
        "import": run([*py, PEER_EXCEL, str(xlsx)]),
        "classify": run([*py, PEER_VADER, str(texts)]),
        "report": run([*py, PEER_PACK, str(folder / "peer.pdf"), str(pages), str(charts)]),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000])
    ap.add_argument("--runs", type=int, default=3, help="cycles per size (median shown)")
    ap.add_argument("--peer-runs", type=int, default=1, help="runs of each peer")
    ap.add_argument("--allow-source", action="store_true",
                    help="run even where the packages have no compiled bytecode")  # fmt: skip
    args = ap.parse_args()
    import importlib.util

    pandas_init = Path(importlib.util.find_spec("pandas").origin)
    if not list((pandas_init.parent / "__pycache__").glob("__init__.*.pyc")) and \
            not args.allow_source:  # fmt: skip
        sys.exit(
            "The packages have no compiled bytecode: every step would compile them first. "
            "Run `uv sync --compile-bytecode` (or pass --allow-source)."
        )
    metrics = metrics_file()
    tables = []
    for n in args.sizes:
        start = time.perf_counter()
        xlsx, texts = feedback_file(n)
        print(f"{n:,} items: {xlsx.name} ({xlsx.stat().st_size / 1e6:.1f} MB, "
              f"{time.perf_counter() - start:.0f} s to get)", flush=True)  # fmt: skip
        runs = []
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(args.runs):
                folder = Path(tmp) / f"run{k}"
                folder.mkdir()
                runs.append(cycle(xlsx, metrics, folder))
                print(f"  cycle {k + 1}: " + ", ".join(f"{s} {t:.2f}s"
                                                       for s, (t, _, _) in runs[-1].items()),
                      flush=True)  # fmt: skip
            last = Path(tmp) / f"run{args.runs - 1}"
            pages, charts = pack_shape(last / "cycle.fbdesk", last / "pack.pdf")
            peer_runs = [peers(xlsx, texts, pages, charts, Path(tmp))
                         for _ in range(args.peer_runs)]  # fmt: skip
        peer = {s: statistics.median(p[s][0] for p in peer_runs) for s in peer_runs[0]}
        peer_mb = {s: max(p[s][1] for p in peer_runs) for s in peer_runs[0]}
        steps = {s: (statistics.median(r[s][0] for r in runs), max(r[s][1] for r in runs),
                     statistics.median(r[s][2] for r in runs)) for s in runs[0]}  # fmt: skip
        tables.append((n, steps, peer, peer_mb, pages, charts))
    for n, steps, peer, peer_mb, pages, charts in tables:
        print(f"\n{n:,} items, median of {args.runs} (peers: {args.peer_runs} run(s); "
              f"the pack: {pages} pages, {charts} charts)")  # fmt: skip
        print(f"{'step':16} {'median':>8} {'CPU':>7} {'budget':>7} {'peak MB':>8}   "
              f"peer (whole process, wall)")  # fmt: skip
        for s, (secs, mb, cpu) in steps.items():
            budget = BUDGETS[s] * (1 if n <= 100_000 else 5)
            line = f"{s:16} {secs:>7.2f}s {cpu:>6.2f}s {budget:>6.1f}s {mb:>8.0f}"
            if s in peer:
                name = {"import": "pandas+openpyxl read", "classify": "vaderSentiment loop",
                        "report": "reportlab pages+charts"}[s]  # fmt: skip
                line += (f"   {name} {peer[s]:.2f}s ({peer_mb[s]:.0f} MB): "
                         f"fbdesk {secs / peer[s]:.2f}× its time")  # fmt: skip
            print(line)
        total = sum(secs for secs, _, _ in steps.values())
        cpu = sum(c for _, _, c in steps.values())
        budget = CYCLE_BUDGET * (1 if n <= 100_000 else 5)
        print(f"{'whole cycle':16} {total:>7.2f}s {cpu:>6.2f}s {budget:>6.1f}s "
              f"{max(mb for _, mb, _ in steps.values()):>8.0f}")  # fmt: skip
    if len(tables) > 1:
        (n0, s0, *_), (n1, s1, *_) = tables[0], tables[-1]
        print(f"\n{n1:,} against {n0:,}: " + ", ".join(
            f"{s} {s1[s][0] / s0[s][0]:.1f}×" for s in s0))  # fmt: skip


if __name__ == "__main__":
    main()
