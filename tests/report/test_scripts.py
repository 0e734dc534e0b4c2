"""Feedback in every script prints in the pack: each character drawn by a font that has it,
right-to-left text in reading order, emoji never as empty boxes, bidi controls kept inside
the comment that holds them."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from fbdesk.report.pack import render
from tests.report.test_pack import pack_data

QUOTES = {
    "zh": "结账页面太慢了，付款总是失败。请尽快修复！",
    "ja": "支払いができません。アプリが毎回フリーズします。",
    "ko": "결제가 안 돼요. 앱이 계속 멈춥니다.",
    "ar": "الدفع لا يعمل منذ أمس والتطبيق بطيء جدا",
    "he": "התשלום לא עובד מאתמול והאפליקציה איטית",
    "ru": "Оплата не проходит уже второй день.",
    "hi": "भुगतान काम नहीं कर रहा है",
}
MIXED = "התשלום ב-Checkout Pro לא עובד מאתמול"
EMOJI = "Slow again 😔 👍🏽 🥲 ❤️"
OVERRIDE = "evil \u202eRLO text"
LONG_HE = " ".join(f"שורה {n} של תלונה ארוכה על התשלום" for n in
                   ("אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה"))  # fmt: skip


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("scripts") / "pack.pdf"
    quotes = [*QUOTES.values(), MIXED, EMOJI, OVERRIDE, LONG_HE]
    render(pack_data(workspace="客户反馈.fbdesk",
                     verbatims=[{"theme": "性能 / パフォーマンス / 성능", "quotes": quotes},
                                {"theme": "תשלום", "quotes": [QUOTES["ar"]]}],
                     decided=[{"title": MIXED, "status": "planned", "decision": QUOTES["ar"],
                               "owner": "שרה", "target_date": "2026-12-15"}]), out)  # fmt: skip
    return out


def drawn(path) -> dict[str, set[str]]:
    """The characters each embedded font subset draws (read from its text map; the first
    128 codes of a subset are kept for ASCII, drawn or not)."""
    out: dict[str, set[str]] = {}
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" not in font:  # reportlab's initial Helvetica, never drawn with
                continue
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars = cmap.split("beginbfchar", 1)[1]
            for hexes in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]+)>", chars):
                out.setdefault(name, set()).update(bytes.fromhex(hexes).decode("utf-16-be"))
    return out


def test_every_character_is_drawn_by_a_font_that_has_it(pack):
    from reportlab.pdfbase import pdfmetrics

    faces = {}
    for name in pdfmetrics.getRegisteredFontNames():
        face = getattr(pdfmetrics.getFont(name), "face", None)
        if face is not None:
            faces[face.name.decode() if isinstance(face.name, bytes) else face.name] = face
    fonts = drawn(pack)
    for family in ("NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari", "WenQuanYi",
                   "Symbola"):  # fmt: skip
        assert any(name.startswith(family) for name in fonts), family
    missing = {(name, ch) for name, chars in fonts.items() for ch in chars
               if ord(ch) not in faces[name].charToGlyph
               and ord(ch) > 0x7F and not ch.isspace()}  # fmt: skip
    assert not missing  # no empty boxes
    everything = set().union(*fonts.values())
    for text in [*QUOTES.values(), "😔👍❤"]:
        assert set(text.replace(" ", "")) <= everything


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_pdftotext_gives_the_words_back_in_logical_order(pack):
    text = subprocess.run(["pdftotext", str(pack), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    text = re.sub(r"[\u202a-\u202e]", "", text)  # poppler's own direction marks
    for lang, quote in QUOTES.items():
        assert quote in text, lang
    lines = " ".join(text.split("\n"))
    first, last = lines.index("שורה אחת"), lines.index("שורה שמונה")
    assert first < last  # a quote over several lines reads from its first line down
    assert "“evil txet OLR”" in text  # the override reverses its own comment only…
    assert "“Оплата" in text and "“भुगतान" in text  # …not the comments around it
    assert ":smiling face with tear:" in text  # an emoji no font has, by its name
    assert "客户反馈.fbdesk · Customer feedback assessment" in text  # the running header


def test_chart_labels_in_any_script_are_drawn_with_fonts_that_have_them():
    import numpy as np
    from reportlab.graphics.shapes import Group, String
    from reportlab.pdfbase import pdfmetrics

    from fbdesk.report import charts
    from fbdesk.report.pack import register_fonts

    register_fonts()
    days = np.arange(14) * 86400.0 + 1.78e9
    fig = {
        "grid": "day",
        "area": "checkout",
        "t": days,
        "themes": {"性能": np.ones(14), "תשלום": np.full(14, 2.0), "결제 😔": np.ones(14)},
    }
    drawing = charts.theme_chart(fig)

    def strings(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                yield child
            elif isinstance(child, Group):
                yield from strings(child)

    labels = list(strings(drawing))
    shown = "".join(s.text for s in labels)
    for name in ("性能", "םולשת", "결제"):  # Hebrew in display order
        assert name in shown
    for s in labels:
        cmap = pdfmetrics.getFont(s.fontName).face.charToGlyph
        assert all(ord(ch) in cmap for ch in s.text if not ch.isspace()), (s.text, s.fontName)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_devanagari_is_shaped_and_latin_keeps_its_letters(tmp_path):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import SimpleDocTemplate

    from fbdesk.report import pack as pack_module
    from fbdesk.report.script_paragraph import ScriptParagraph

    pack_module.register_fonts()
    style = ParagraphStyle("body", fontName=pack_module.FONT, fontSize=12, leading=16)
    out = tmp_path / "shaped.pdf"
    text = "Customer wrote: “क्षत्रिय हिन्दी” — checkout"
    SimpleDocTemplate(str(out)).build([ScriptParagraph(text, style)])
    face = pdfmetrics.getFont("NotoSansDevanagari").face
    # The conjunct क्ष and the i-sign before its consonant are glyphs the font reaches only
    # through its layout tables: drawn, they have no character of their own.
    unmapped = {gid for cp, gid in face.charToGlyph.items() if 0xE000 <= cp <= 0xF8FF}
    assert unmapped
    extracted = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                               check=True).stdout  # fmt: skip
    assert "Customer wrote:" in extracted and "checkout" in extracted  # no "ﬆ" ligature
    assert set("क्षत्रियहिन्दी") <= set(extracted)  # a conjunct is copied out as its letters
