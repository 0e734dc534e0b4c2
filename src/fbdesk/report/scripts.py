"""Text in every script, ready for reportlab, which draws one font's glyphs left to right.

- **Fonts per character.** DejaVu Sans draws Latin, Greek and Cyrillic; Arabic, Hebrew and
  Devanagari go to Noto Sans, Chinese, Japanese and Korean to WenQuanYi Micro Hei, emoji to
  Symbola (all shipped in ``resources/fonts``, subset by ``packaging/make_fonts.py``). Text is
  cut into runs by the font that has the glyphs. An emoji no font has prints as its name
  (``:pensive face:``), never as an empty box.
- **Right to left.** Arabic letters take their joining forms (arabic-reshaper), then each line
  is put in display order by the Unicode bidi algorithm (python-bidi) *after* it is broken, so a
  long Hebrew or Arabic quote reads from its first line down. Text from a file is isolated
  (``t()`` in the pack wraps it in FSI…PDI): a right-to-left override in a comment reorders that
  comment only, never the words around it; the control characters themselves are not drawn.
- **Shaping.** Devanagari takes its conjuncts, half forms, reph and vowel signs placed before
  their consonant from the font's layout tables, applied by HarfBuzz (reportlab shapes words
  with uharfbuzz); only words holding Devanagari are shaped, so Latin text keeps its letters
  (no "st" ligature in a customer's word).
- **Copying text out.** A joining form is written to the PDF's text map as the letter it stands
  for, and a shaped glyph that has no character of its own (a conjunct) as the letters it
  draws, so copying or ``pdftotext`` gives the original characters back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

ARABIC, HEBREW, DEVANAGARI = "NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari"
CJK, EMOJI = "WenQuanYiMicroHei-CJK", "Symbola-Emoji"
FALLBACK_FILES = {ARABIC: "NotoSansArabic.ttf", HEBREW: "NotoSansHebrew.ttf",
                  DEVANAGARI: "NotoSansDevanagari.ttf", CJK: "WenQuanYiMicroHei-CJK.ttf",
                  EMOJI: "Symbola-Emoji.ttf"}  # fmt: skip
# A character of these blocks takes its script's font even where DejaVu has a glyph, so a
# word is never drawn in two designs.
SCRIPT_FONTS = [((0x0600, 0x08FF), ARABIC), ((0xFB50, 0xFDFF), ARABIC), ((0xFE70, 0xFEFF), ARABIC),
                ((0x0590, 0x05FF), HEBREW), ((0xFB1D, 0xFB4F), HEBREW),
                ((0x0900, 0x097F), DEVANAGARI), ((0xA8E0, 0xA8FF), DEVANAGARI)]  # fmt: skip
AFTER_MAIN = (CJK, EMOJI)

FSI, PDI = "\u2068", "\u2069"
CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
REORDERING = CONTROLS - {FSI, PDI} - {"\u200e"}
# Invisible joiners of emoji sequences: each emoji of a sequence is drawn on its own.
DROPPED = frozenset("\ufe0e\ufe0f\u200d") | {chr(c) for c in range(0x1F3FB, 0x1F400)}

_cmaps: dict[str, frozenset[int]] = {}
_drawn: dict[int, str] = {}  # private code point of a shaped glyph → the letters it draws


def register(main_fonts: Iterable[str]) -> None:
    """Register the fallback fonts (once) and learn which characters every font draws."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    from fbdesk.resources import resource_path

    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in FALLBACK_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    for name in [*main_fonts, *FALLBACK_FILES]:
        if name not in _cmaps:
            _cmaps[name] = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
    # reportlab writes each font subset's text map with this function; ours maps joining forms
    # back to letters and writes characters beyond U+FFFF (emoji) as UTF-16 pairs.
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    _shape_only_devanagari()
    font_of.cache_clear()


def _shape_only_devanagari() -> None:
    """reportlab shapes a whole word of a paragraph styled ``shaping`` with its first piece's
    font and that font's features, ligatures included (a quote mark before a Hindi word makes
    the word DejaVu's empty boxes). Ours shapes each Devanagari piece of a word with its own
    font and leaves the other pieces as they are, and records which letters each glyph
    without a character of its own stands for."""
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph

    shape = ttfonts.shapeFragWord
    if getattr(paragraph.shapeFragWord, "devanagari_only", False) or ttfonts.uharfbuzz is None:
        return

    def shape_word(word, *args, **kwargs):
        if isinstance(word, ttfonts.ShapedFragWord):  # laid out again: shaped already
            return word
        pieces = word[1:]
        if not any(not hasattr(f, "cbDefn") and needs_shaping(s) for f, s in pieces):
            return word
        out, width = ttfonts.makeShapedFragWord(word)([]), 0.0
        for f, s in pieces:
            if hasattr(f, "cbDefn") or isinstance(s, ttfonts.ShapedStr) or not needs_shaping(s):
                out.append((f, s))
                width += 0 if hasattr(f, "cbDefn") else stringWidth(s, f.fontName, f.fontSize)
                continue
            shaped = shape([stringWidth(s, f.fontName, f.fontSize), (f, s)], *args, **kwargs)
            width += shaped[0]
            out.extend(tuple(piece) for piece in shaped[1:])
            _remember(s, [(ch, sd.cluster) for _f, t in shaped[1:]
                          for ch, sd in zip(t, getattr(t, "__shapeData__", ()), strict=False)])  # fmt: skip
        out.insert(0, width)
        return out

    shape_word.devanagari_only = True
    paragraph.shapeFragWord = shape_word


def _remember(text: str, glyphs: list[tuple[str, int]]) -> None:
    """For each private-use glyph of a shaped word: the letters of its cluster that no other
    glyph of the cluster draws as a character of its own."""
    starts = sorted({cluster for _ch, cluster in glyphs if cluster >= 0})
    if not starts:
        return
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    for ch, cluster in glyphs:
        if 0xE000 <= ord(ch) <= 0xF8FF and ord(ch) not in _drawn and cluster in ends:
            own = {c for c, k in glyphs if k == cluster and not 0xE000 <= ord(c) <= 0xF8FF}
            _drawn[ord(ch)] = "".join(c for c in text[cluster : ends[cluster]] if c not in own)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's text map of a font subset, with every Arabic presentation form (a joining
    form or ligature) mapped to the letters it stands for. A ligature's letters are written in
    display order, as its glyph is: text extraction (poppler, pdf.js) reverses right-to-left
    runs character by character, so lam-alef comes back as lam, alef."""

    def target(cp: int) -> str:
        text = _drawn.get(cp) or chr(cp)
        if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
            text = unicodedata.normalize("NFKC", text).replace(" ", "")[::-1] or text
        return text.encode("utf-16-be").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{target(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])  # fmt: skip


@lru_cache(maxsize=65536)
def font_of(ch: str, base: str) -> str | None:
    """The font that draws ``ch`` when the text's own font is ``base``; None when none does."""
    cp = ord(ch)
    for (lo, hi), name in SCRIPT_FONTS:
        if lo <= cp <= hi and cp in _cmaps.get(name, ()):
            return name
    if cp in _cmaps.get(base, ()) or base not in _cmaps:
        return base
    for name in AFTER_MAIN:
        if cp in _cmaps.get(name, ()):
            return name
    return None


def stand_in(ch: str) -> str | None:
    """``:pensive face:`` for an emoji or pictograph no font draws; None for anything else."""
    cp = ord(ch)
    if cp >= 0x1F000 or unicodedata.category(ch) == "So":
        name = unicodedata.name(ch, "")
        return f":{name.lower()}:" if name else None
    return None


def runs(text: str, base: str) -> list[tuple[str, str]]:
    """``text`` (already in display order) cut into (text, font) runs; controls and emoji
    joiners are left out, an emoji without a glyph becomes its name in ``base``."""
    out: list[tuple[str, str]] = []
    for ch in text:
        if ch in CONTROLS or ch in DROPPED:
            continue
        font = font_of(ch, base)
        if font is None:
            named = stand_in(ch)
            ch, font = (named, base) if named else (ch, base)
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + ch, font)
        else:
            out.append((ch, font))
    return out


def is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def needs_bidi(text: str) -> bool:
    return any(is_rtl(ch) or ch in REORDERING for ch in text)


def display(text: str, rtl: bool | None = None) -> str:
    """One line of logical text in display order (joining forms for Arabic), controls removed;
    text without right-to-left letters or controls comes back as it was. ``rtl`` sets the
    line's direction (by default its first strong character outside isolates decides)."""
    if not needs_bidi(text):
        return "".join(ch for ch in text if ch not in CONTROLS)
    from bidi import get_display

    base = {True: "R", False: "L", None: None}[rtl]
    shown = get_display(reshape(text), base_dir=base) if base else get_display(reshape(text))
    return "".join(ch for ch in shown if ch not in CONTROLS)


def reshape(text: str) -> str:
    if not any(0x0600 <= ord(ch) <= 0x08FF for ch in text):
        return text
    import arabic_reshaper

    return arabic_reshaper.reshape(text)


def first_strong_rtl(text: str) -> bool:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def needs_shaping(text: str) -> bool:
    """Devanagari: conjuncts, half forms and vowel signs placed before their consonant come
    from the font's layout tables, which HarfBuzz applies (reportlab's shaping)."""
    return any(0x0900 <= ord(ch) <= 0x097F or 0xA8E0 <= ord(ch) <= 0xA8FF for ch in text)


def has_cjk(text: str) -> bool:
    """Han or kana: written without spaces, so a line may break between any two characters."""
    return any(0x3040 <= ord(ch) <= 0x30FF or 0x3400 <= ord(ch) <= 0x9FFF for ch in text)


def draw_string(canvas, x: float, y: float, text: str, font: str, size: float,
                right: bool = False) -> None:  # fmt: skip
    """``canvas.drawString`` for text in any script (one line)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = runs(display(text), font)
    if right:
        x -= sum(stringWidth(s, f, size) for s, f in pieces)
    for s, f in pieces:
        canvas.setFont(f, size)
        canvas.drawString(x, y, s)
        x += stringWidth(s, f, size)
