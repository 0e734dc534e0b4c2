"""The window draws feedback in every script: each character laid out with a glyph (Qt shapes
and orders the text; the fallback fonts shipped with fbdesk fill in what the desktop lacks)."""

from __future__ import annotations

from PySide6.QtGui import QTextLayout

from fbdesk.ui.main_window import MainWindow

TEXTS = {
    "zh": "结账页面太慢了，付款总是失败",
    "ja": "支払いができません。アプリがフリーズします",
    "ko": "결제가 안 돼요. 앱이 계속 멈춥니다",
    "ar": "الدفع لا يعمل منذ أمس",
    "he": "התשלום ב-Checkout Pro לא עובד",
    "ru": "Оплата не проходит",
    "emoji": "Slow again 😔 👍",
    "hi": "भुगतान काम नहीं कर रहा है",  # last: Qt without a Devanagari font can crash on it
}


def test_every_script_has_glyphs_in_the_window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    for lang, text in TEXTS.items():
        layout = QTextLayout(text, window.font())
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        assert runs, lang
        missing = [run.rawFont().familyName() for run in runs if 0 in run.glyphIndexes()]
        assert not missing, f"{lang}: empty boxes in {missing}"
