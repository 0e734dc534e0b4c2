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


def pdf_text(path) -> str:
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return re.sub(r"\s+", " ", out)


def test_the_assessors_words_typed_in_the_window_are_in_the_pack(qtbot, demo_window, tmp_path):
    from PySide6.QtWidgets import QLineEdit

    w = demo_window("Report")
    words = w.report_page.words
    qtbot.waitUntil(lambda: words.cycle == "2026-Q3" and w.runner.idle, timeout=60_000)
    assert "NPS" in words.summary.toPlainText()  # prefilled from the measures and findings
    words.summary.selectAll()
    qtbot.keyClicks(words.summary, "Checkout stability is this quarter's one priority.")
    edits = words.comments_box.findChildren(QLineEdit)
    assert len(edits) >= 4  # the finding and the ranked improvements
    qtbot.keyClicks(edits[0], "The August incident was the payment provider.")
    qtbot.keyClicks(edits[-1], "Search waits for the new index.")
    words.sections["themes"].setChecked(False)
    qtbot.waitUntil(lambda: w.runner.idle and not words._pending, timeout=10_000)

    out = tmp_path / "pack.pdf"
    w.report.build_pack(str(out), w.report_page.options())
    qtbot.waitUntil(lambda: w.report_page.open.isEnabled(), timeout=60_000)
    text = pdf_text(out)
    assert "Checkout stability is this quarter's one priority." in text
    assert "The August incident was the payment provider." in text
    assert "Search waits for the new index." in text
    assert "Themes Theme Items" not in text and "Aspect sentiment" not in text

    # Edit ▸ Undo puts the section back, and the page shows it
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.runner.idle and words.sections["themes"].isChecked(),
                    timeout=60_000)  # fmt: skip
    # fbdesk report prints what was stored
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "fbdesk", "report", "-w", str(w.session.path), "-o",
                    str(tmp_path / "cli.pdf"), "--cycle", "2026-Q3"], check=True,
                   capture_output=True)  # fmt: skip
    text = pdf_text(tmp_path / "cli.pdf")
    assert "Checkout stability is this quarter's one priority." in text
    assert "Search waits for the new index." in text and "Aspect sentiment" in text


def test_the_preview_shows_the_packs_pages_as_images_before_the_pdf(qtbot, demo_window,
                                                                    tmp_path):  # fmt: skip
    from pypdf import PdfReader

    w = demo_window("Report")
    page = w.report_page
    qtbot.waitUntil(lambda: page.words.cycle == "2026-Q3" and w.runner.idle, timeout=60_000)
    page.preview.click()
    qtbot.waitUntil(lambda: w.report.preview_dialog is not None and w.runner.idle,
                    timeout=60_000)  # fmt: skip
    dialog = w.report.preview_dialog
    out = tmp_path / "pack.pdf"
    w.report.build_pack(str(out), page.options())
    qtbot.waitUntil(lambda: page.open.isEnabled(), timeout=60_000)
    assert len(dialog.pages) == len(PdfReader(str(out)).pages)  # the same layout
    first = dialog.pages[0].pixmap().toImage()
    assert first.width() > 600 and first.height() > 850
    # the page is drawn: the title's blue and the table's text are there, not a blank page
    colours = {first.pixelColor(x, y).name() for x in range(0, first.width(), 7)
               for y in range(0, first.height() // 3, 7)}  # fmt: skip
    assert len(colours) > 20 and any(c.startswith("#1") for c in colours)
    dialog.grab().save(str(tmp_path / "preview.png"))
