"""The Report step in the window: building the pack writes a PDF and offers to open it."""

from __future__ import annotations

from pypdf import PdfReader


def test_building_the_pack_from_the_window(qtbot, demo_window, tmp_path):
    w = demo_window("Report")
    page = w.report_page
    page.author.setText("Dana")
    out = tmp_path / "pack.pdf"
    w.report.build_pack(str(out), page.options())
    qtbot.waitUntil(lambda: page.open.isEnabled(), timeout=60_000)
    assert out.exists() and "pages" in page.result.text()
    reader = PdfReader(str(out))
    assert reader.metadata.author == "Dana" and len(reader.pages) >= 6
