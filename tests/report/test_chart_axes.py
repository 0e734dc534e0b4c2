"""Every satisfaction axis in the pack's charts names its scale, as the metric axes name their
unit: "Checkout CSAT (1–5)", not a bare "Checkout CSAT"."""

from __future__ import annotations

import numpy as np
import pytest
from reportlab.graphics.shapes import Group, String

from fbdesk.report import charts
from fbdesk.report.layout import register_fonts


def strings(node):
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            yield child.text
        elif isinstance(child, Group):
            yield from strings(child)


def figure(signal: str, label: str) -> dict:
    t = np.arange(20, dtype=float) * 86_400
    y = np.linspace(1.5, 4.5, 20)
    return {"series": "Checkout p95 latency", "unit": "ms", "area": "Checkout",
            "signal": signal, "signal_label": label, "grid": "day", "t": t,
            "x": np.linspace(200, 900, 20), "y": y, "lag": 1, "incidents": [],
            "scatter": (np.linspace(200, 900, 19), y[1:])}  # fmt: skip


@pytest.mark.parametrize(("signal", "label", "title"), [
    ("csat", "CSAT", "Checkout CSAT (1–5)"),
    ("nps", "NPS", "Checkout NPS (−100 to 100)"),
    ("sentiment", "mean sentiment", "Checkout mean sentiment (−1 to +1)"),
    ("negative", "share of negative items", "Checkout share of negative items (0–1)"),
    ("theme:performance", "Performance items", "Checkout Performance items (per day)"),
])  # fmt: skip
def test_the_satisfaction_axis_names_its_scale(signal, label, title):
    register_fonts()
    fig = figure(signal, label)
    assert title in list(strings(charts.time_chart(fig)))
    assert title in list(strings(charts.scatter_chart(fig)))
