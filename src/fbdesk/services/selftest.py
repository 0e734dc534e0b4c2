"""``fbdesk self-test``: prove an installation works end to end, in a few seconds.

Imports every heavy dependency, reads a workbook and a CSV, checks that openpyxl parses with
defusedxml, round-trips a workspace (create, import, classify, check, save as), builds a small
PDF with the embedded font, and writes an export. Used by the bundle test and the release
workflow on every platform.
"""

from __future__ import annotations

import importlib
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HEAVY = ("numpy", "pandas", "scipy.stats", "sklearn.linear_model", "openpyxl", "python_calamine",
         "reportlab.platypus", "vaderSentiment.vaderSentiment", "fbdesk.analysis.snowball",
         "platformdirs", "defusedxml")  # fmt: skip
QT = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg", "pyqtgraph")


def _imports(with_qt: bool) -> str:
    for name in HEAVY + (QT if with_qt else ()):
        importlib.import_module(name)
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    score = SentimentIntensityAnalyzer().polarity_scores("great tool")["compound"]
    if score <= 0:
        raise AssertionError("the VADER lexicon did not load")
    return f"{len(HEAVY) + (len(QT) if with_qt else 0)} modules; VADER lexicon loaded"


def _files(folder: Path) -> str:
    from openpyxl import Workbook

    from fbdesk.io.reading import read_file

    csv = folder / "survey.csv"
    csv.write_text("date,rating,comment\n2026-07-01,2,Checkout is slow\n"
                   "2026-07-02,5,Love the new search\n2026-07-03,1,Billing page crashes\n",
                   encoding="utf-8")  # fmt: skip
    wb = Workbook()
    wb.active.append(["date", "rating", "comment"])
    wb.active.append(["2026-07-04", 4, "Easy to use"])
    wb.save(folder / "survey.xlsx")
    a, b = read_file(csv), read_file(folder / "survey.xlsx")
    if (len(a.grid), len(b.grid)) != (4, 2):
        raise AssertionError(f"read {len(a.grid)} and {len(b.grid)} rows")
    return "csv 4 rows, xlsx 2 rows"


def _languages() -> str:
    """The language model and the stop-word lists ship inside their packages (an installer
    that left them out would fail here, not on the assessor's first Italian comment)."""
    from fbdesk.analysis.discovery import stop_words_of
    from fbdesk.analysis.language import detect

    told = detect("Non riesco a ricevere la posta da ieri sera, il server non risponde")
    if told != "it":
        raise AssertionError(f"an Italian sentence was read as {told!r}")
    if "della" not in stop_words_of("it"):
        raise AssertionError("the Italian stop-words did not load")
    return "language model and stop-words loaded"


def _defused() -> str:
    import openpyxl.xml

    if not getattr(openpyxl.xml, "DEFUSEDXML", False):
        raise AssertionError("openpyxl is not using defusedxml")
    return "openpyxl parses with defusedxml"


def _workspace(folder: Path) -> str:
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.store import queries
    from fbdesk.store.workspace import Workspace

    path = folder / "self-test.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [folder / "survey.csv", folder / "survey.xlsx"], cycle="2026-Q3")
        done = classify(ws)
        copy = ws.save_as(folder / "copy.fbdesk")
    with Workspace.open(copy) as ws:
        problems = ws.check()
        n = queries.classified_count(ws.conn)
    if problems or n != 4 or done["classified"] != 4:
        raise AssertionError(f"round trip: {problems or n}")
    return "created, imported, classified, checked, saved as"


def _pdf(folder: Path) -> str:
    from fbdesk.report.pack import PackData, render

    data = PackData(workspace="self-test", cycle="2026-Q3", period="—", author="", date="—",
                    version="", sources=[], kpis=[], findings=[],
                    findings_pinned=False, figures=[], grid=None, tests=0,
                    correlation_note="", improvements=[], weights={"severity": 1, "value": 1,
                    "trend": 1, "evidence": 1, "effort": 1}, decided=[],
                    loop={"resolution": (None, "—"), "loop": (None, "—")}, shipped=[],
                    themes=[], verbatims=[{"theme": "Unicode", "quotes": ["Проверка, ελληνικά, café",
                                                             "שלום, مرحبا, 你好, 안녕, नमस्ते 🙂"]}],
                    taxonomy_version="", accuracy="", masked=True,
                    feedback_count=0)  # fmt: skip
    out = folder / "self-test.pdf"
    pages = render(data, out, deterministic=True)
    raw = out.read_bytes()
    if not raw.startswith(b"%PDF") or b"DejaVuSans" not in raw:
        raise AssertionError("the PDF lacks the embedded font")
    lacking = [name for name in ("NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari",
                                 "WenQuanYiMicroHei", "Symbola") if name.encode() not in raw]
    if lacking:
        raise AssertionError(f"the PDF lacks the fallback fonts {', '.join(lacking)}")
    return f"{pages} pages, {len(raw):,} bytes, DejaVu Sans and the fallback fonts embedded"


def _export(folder: Path) -> str:
    import pandas as pd

    from fbdesk.io.export import write_table

    path = write_table(pd.DataFrame({"comment": ["=1+1", "ok"]}), folder / "export.xlsx")
    back = pd.read_excel(path, engine="calamine")
    if back["comment"][0] == 2 or str(back["comment"][0]).startswith("="):
        raise AssertionError("a formula survived the export")
    return "xlsx written, formulas neutralised"


def run(with_qt: bool = True) -> list[dict]:
    """Every check with its result; ``ok`` is False for a failed one (with the reason)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="fbdesk-self-test-") as tmp:
        folder = Path(tmp)
        checks: list[tuple[str, Callable[[], str]]] = [
            ("imports", lambda: _imports(with_qt)), ("files", lambda: _files(folder)),
            ("defusedxml", _defused), ("languages", _languages),
            ("workspace", lambda: _workspace(folder)),
            ("pdf", lambda: _pdf(folder)), ("export", lambda: _export(folder)),
        ]  # fmt: skip
        for name, check in checks:
            start = time.perf_counter()
            try:
                detail, ok = check(), True
            except Exception as exc:  # noqa: BLE001 - every failure is reported; none stops the rest
                detail, ok = f"{type(exc).__name__}: {exc}", False
                traceback.print_exc()
            results.append({"check": name, "ok": ok, "detail": detail,
                            "seconds": round(time.perf_counter() - start, 3)})  # fmt: skip
    return results
