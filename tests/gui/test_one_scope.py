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
        unit = k["unit"] if k["unit"] in ("%", "/5") else f" {k['unit']}"
        expected.append("—" if k["value"] is None else f"{k['value']:.1f}{unit}")
    assert shown == expected

    ranked = json.loads(fbdesk("rank", "-w", path, "--json").stdout)
    assert ranked["scope"] == stats["scope"]
    window_order = list(w.prioritize_page.ranking.frame["title"])
    assert window_order == [r["title"] for r in ranked["candidates"]]
    assert w.prioritize_page.ranking.frame["evidence_what"].str.contains("p95 latency").any()
