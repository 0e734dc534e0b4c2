"""Make the fallback fonts the pack draws with, from Debian's font packages.

reportlab embeds TrueType (``glyf``) outlines only, so every font here is a TrueType one, cut
down to the characters feedback uses:

- ``NotoSansArabic``, ``NotoSansHebrew``, ``NotoSansDevanagari`` (fonts-noto-core, SIL OFL 1.1):
  their scripts' blocks, Arabic with its presentation forms (the joining forms are drawn as
  those characters), Devanagari with its layout tables and every glyph they reach (conjuncts,
  half forms, reordered vowel signs: the pack shapes Devanagari with HarfBuzz, and Qt does);
- ``WenQuanYiMicroHei-CJK`` (fonts-wqy-microhei, Apache 2.0): kana, CJK punctuation, full-width
  forms, every Hangul syllable, and the Han characters of GB 2312 and JIS X 0208 (9,788: the
  characters of everyday Chinese and Japanese);
- ``Symbola-Emoji`` (fonts-symbola, free for any use): the emoji and pictograph blocks, drawn
  in one colour.

Run with fontTools (the ``packaging`` dependency group) after unpacking the three packages:

    apt-get download fonts-noto-core fonts-wqy-microhei fonts-symbola
    for f in fonts-*.deb; do dpkg -x "$f" debfonts; done
    uv run --group packaging python packaging/make_fonts.py debfonts/usr/share/fonts/truetype \
        [NotoSansDevanagari.ttf ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

OUT = Path(__file__).resolve().parents[1] / "resources" / "fonts"


def _blocks(*ranges: tuple[int, int]) -> set[int]:
    return {cp for lo, hi in ranges for cp in range(lo, hi + 1)}


def _encodable(cp: int, *codecs: str) -> bool:
    for codec in codecs:
        try:
            chr(cp).encode(codec)
            return True
        except UnicodeEncodeError:
            continue
    return False


COMMON = _blocks((0x20, 0x7E), (0xA0, 0xBF), (0x2000, 0x206F))  # spaces, digits, punctuation
FONTS = {
    "NotoSansArabic.ttf": ("noto/NotoSansArabic-Regular.ttf", COMMON | _blocks(
        (0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
        (0xFE70, 0xFEFF))),
    "NotoSansHebrew.ttf": ("noto/NotoSansHebrew-Regular.ttf", COMMON | _blocks(
        (0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    "NotoSansDevanagari.ttf": ("noto/NotoSansDevanagari-Regular.ttf", COMMON | _blocks(
        (0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))),
    "WenQuanYiMicroHei-CJK.ttf": ("wqy/wqy-microhei.ttc", COMMON | _blocks(
        (0x3000, 0x30FF), (0x3130, 0x318F), (0xAC00, 0xD7A3), (0xFF00, 0xFFEF))
        | {cp for cp in range(0x4E00, 0xA000) if _encodable(cp, "gb2312", "shift_jis")}),
    "Symbola-Emoji.ttf": ("ancient-scripts/Symbola_hint.ttf", _blocks(
        (0x2300, 0x23FF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))),
}  # fmt: skip


SHAPED = {"NotoSansDevanagari.ttf"}  # fonts that keep their layout tables


def make(source_dir: Path, only: list[str]) -> None:
    for out, (source, unicodes) in FONTS.items():
        if only and out not in only:
            continue
        options = subset.Options()
        options.hinting = False  # smaller; the pack is read on screens and printed, not at 9 px
        # Arabic joining forms come from the presentation-form characters; Devanagari needs
        # its substitutions and mark positions.
        options.layout_features = ["*"] if out in SHAPED else []
        options.name_IDs = ["*"]
        options.name_legacy = True
        options.notdef_outline = True
        path = source_dir / source
        font = TTCollection(str(path)).fonts[0] if path.suffix == ".ttc" else TTFont(str(path))
        sub = subset.Subsetter(options)
        sub.populate(unicodes=unicodes)
        sub.subset(font)
        assert "glyf" in font, f"{source} has no TrueType outlines"
        font.save(str(OUT / out))
        print(f"{out}: {len(font.getBestCmap())} characters, {(OUT / out).stat().st_size:,} bytes")


if __name__ == "__main__":
    make(Path(sys.argv[1]), sys.argv[2:])  # optionally, only the fonts named
