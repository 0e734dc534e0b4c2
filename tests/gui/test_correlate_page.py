"""The Correlate step in the window: findings, choosing a pair, pinning, exporting plots."""

from __future__ import annotations

import pytest


@pytest.fixture
def page(demo_window):
    return demo_window("Correlate", lambda w: w.correlate_page.run is not None, all_cycles=True)


def test_findings_are_listed_and_the_first_is_plotted(page):
    p = page.correlate_page
    assert p.findings.count() == len(p.run.findings) >= 1
    assert "Checkout p95 latency" in p.findings.item(0).text()
    assert p.metric_box.currentText() == "Checkout p95 latency"
    assert p.area_box.currentText() == "Checkout"
    assert "significant" in p.stat.text()
    assert p.plots.time.fig["series"] == "Checkout p95 latency"


def test_choosing_another_pair_redraws(qtbot, page):
    p = page.correlate_page
    before = p.plots.scatter.fig
    p.metric_box.setCurrentIndex(p.metric_box.findText("Search p95 latency"))
    assert p.area_box.currentText() == "Search"
    assert p.plots.scatter.fig is not before
    assert p.plots.time.fig["series"] == "Search p95 latency"
    assert p.plots.time.fig["area"] == "Search"
    p.signal_box.setCurrentIndex(p.signal_box.findText("CSAT"))
    assert p.plots.time.fig["signal"] == "csat"
    assert "not significant" in p.stat.text()


def test_pinning_is_remembered(qtbot, page):
    p = page.correlate_page
    p.findings.setCurrentRow(0)
    p.pin.click()
    qtbot.waitUntil(lambda: p.findings.item(0).text().startswith("📌"), timeout=10_000)
    key = p.run.findings[0].key
    row = page.session.ws.conn.execute("SELECT state FROM finding_state WHERE key = ?",
                                       (key,)).fetchone()  # fmt: skip
    assert row == ("pinned",)


def test_exporting_writes_png_and_svg(page, tmp_path):
    from PySide6.QtGui import QImage

    p = page.correlate_page
    for tab in range(p.plots.count()):
        p.plots.setCurrentIndex(tab)
        png, svg = tmp_path / f"plot{tab}.png", tmp_path / f"plot{tab}.svg"
        p.plots.export(str(png))
        p.plots.export(str(svg))
        image = QImage(str(png))
        assert not image.isNull() and image.width() >= 1200
        text = svg.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<?xml") and "<svg" in text and "</svg>" in text
    import xml.etree.ElementTree as ET

    root = ET.parse(tmp_path / "plot0.svg").getroot()  # well-formed, and a chart of the pair
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Checkout p95 latency" in texts and "Apr" in texts
    assert sum(1 for e in root.iter() if e.tag.endswith(("polyline", "path"))) >= 2
