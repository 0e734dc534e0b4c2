"""The fonts the window falls back to for scripts the desktop may lack.

Qt shapes Arabic and Devanagari and applies the bidi algorithm itself; what it needs is a font
for every character. Windows and macOS bring fonts for every script, a bare Linux desktop often
none for Chinese, Japanese, Korean or emoji. The pack's fallback fonts (``resources/fonts``)
are added to the application's fonts, so Qt's per-character fallback finds them where the
system has nothing better; Symbola draws emoji when the desktop has no emoji font.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

FILES = ("NotoSansArabic.ttf", "NotoSansHebrew.ttf", "NotoSansDevanagari.ttf",
         "WenQuanYiMicroHei-CJK.ttf", "Symbola-Emoji.ttf")  # fmt: skip
_families: list[str] = []


def install() -> list[str]:
    """Add the fallback fonts to the application (once); returns their family names."""
    from PySide6.QtGui import QFontDatabase

    from fbdesk.resources import resource_path

    if _families:
        return _families
    for file in FILES:
        try:
            path = resource_path("fonts", file)
        except FileNotFoundError:
            log.warning("font %s is missing from this installation", file)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("font %s could not be loaded", path)
            continue
        _families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if "Symbola" in _families and not QFontDatabase.applicationEmojiFontFamilies():
        QFontDatabase.addApplicationEmojiFontFamily("Symbola")
    return _families
