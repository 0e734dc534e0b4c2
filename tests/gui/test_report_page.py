"""The Report step in the window: building the pack writes a PDF and offers to open it."""

from __future__ import annotations

import shutil

from pypdf import PdfReader

from fbdesk.ui.main_window import STEPS, MainWindow


def test_building_the_pack_from_the_window(qtbot, demo_master, tmp_path):
    path = tmp_path / "demo.fbdesk"
    shutil.copyfile(demo_master, path)
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.ws is not None, timeout=10_000)
    w.steps.setCurrentRow(STEPS.index("Report"))
    page = w.report_page
    page.author.setText("Dana")
    out = tmp_path / "pack.pdf"
    w.build_pack(str(out), page.options())
    qtbot.waitUntil(lambda: page.open.isEnabled(), timeout=60_000)
    assert out.exists() and "pages" in page.result.text()
    reader = PdfReader(str(out))
    assert reader.metadata.author == "Dana" and len(reader.pages) >= 6
