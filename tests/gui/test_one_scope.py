"""The window opens on the scope the command line summarises by default, and shows the same
figures and the same order of improvements as ``stats`` and ``rank``."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QLabel

from tests.cli.test_cli import fbdesk


def test_the_window_and_the_command_line_agree(demo_window):
    w = demo_window("Prioritize", ready=lambda w: w.prioritize_page.ranking is not None)
    path = str(w.session.ws.path)
    stats = json.loads(fbdesk("stats", "-w", path, "--json").stdout)
    assert stats["scope"] == f"cycle {w.cycle.currentText()}"

    shown = [card.findChild(QLabel, "kpiValue").text() for card in w.kpis._cards]
    expected = []
    for k in stats["kpis"].values():
        digits = 2 if k["unit"] == "|r|" else 1  # a coefficient: "|r| 0.34"
        if k["value"] is not None:
            assert f"{abs(k['value']):.{digits}f}" in k["shown"] and k["unit"] in k["shown"]
        expected.append(k["shown"])
    assert shown == expected

    ranked = json.loads(fbdesk("rank", "-w", path, "--json").stdout)
    assert ranked["scope"] == stats["scope"]
    window_order = list(w.prioritize_page.ranking.frame["title"])
    assert window_order == [r["title"] for r in ranked["candidates"]]
    assert w.prioritize_page.ranking.frame["evidence_what"].str.contains("p95 latency").any()
