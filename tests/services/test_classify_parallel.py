"""Many items are classified on every core, with the same results as on one."""

from __future__ import annotations

import pytest

from fbdesk.analysis.taxonomy import default_taxonomy
from fbdesk.domain.errors import Cancelled
from fbdesk.domain.progress import Progress
from fbdesk.services import classify as svc

TEXTS = [f"Checkout is slow again, case {i}. Thanks!" if i % 3 == 0 else
         f"We lost all our data after update {i}" if i % 3 == 1 else
         f"Love the new dashboard {i}, but search times out" for i in range(3_000)]  # fmt: skip


def test_every_core_gives_what_one_core_gives(monkeypatch):
    taxonomy = default_taxonomy()
    areas = [None] * len(TEXTS)
    monkeypatch.setattr(svc, "PARALLEL_FROM", 10**9)
    serial = svc.classify_texts(TEXTS, areas, taxonomy)
    monkeypatch.setattr(svc, "PARALLEL_FROM", 100)
    monkeypatch.setattr(svc, "CHUNK", 250)  # twelve chunks shared between the cores
    seen = []
    parallel = svc.classify_texts(TEXTS, areas, taxonomy, Progress(lambda f, t: seen.append(f)))
    assert parallel == serial
    assert seen == sorted(seen) and seen[-1] == pytest.approx(0.9)


def test_cancelling_on_every_core_stops(monkeypatch):
    monkeypatch.setattr(svc, "PARALLEL_FROM", 100)
    monkeypatch.setattr(svc, "CHUNK", 250)
    progress = Progress(lambda f, t: progress.cancel() if f > 0.2 else None)
    with pytest.raises(Cancelled):
        svc.classify_texts(TEXTS, [None] * len(TEXTS), default_taxonomy(), progress)
