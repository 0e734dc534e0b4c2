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
- **Copying text out.** A joining form is written to the PDF's text map as the letter it stands
  for, so copying or ``pdftotext`` gives the original Arabic characters back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

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
    font_of.cache_clear()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's text map of a font subset, with every Arabic presentation form (a joining
    form or ligature) mapped to the letters it stands for. A ligature's letters are written in
    display order, as its glyph is: text extraction (poppler, pdf.js) reverses right-to-left
    runs character by character, so lam-alef comes back as lam, alef."""

    def target(cp: int) -> str:
        text = chr(cp)
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


# Paragraph markup: tags stay as they are, text is cut into font runs (and, where it holds
# right-to-left letters, broken into lines here and reordered line by line).

_TOKEN = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|[^<&]+|[<&]", re.S)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&nbsp;": "\xa0"}


def _unescape(entity: str) -> str:
    if entity.startswith("&#x"):
        return chr(int(entity[3:-1], 16))
    if entity.startswith("&#"):
        return chr(int(entity[2:-1]))
    return _ENTITIES.get(entity, entity)


@dataclass(frozen=True)
class _Char:
    ch: str
    tags: tuple[str, ...]  # the open tags around it, outermost first
    segment: int  # which isolated text from a file it belongs to; 0: the pack's own words


def _parse(markup: str) -> list[_Char | str]:
    """Characters with their open tags; a ``<br/>`` stays a string."""
    out: list[_Char | str] = []
    stack: list[str] = []
    segment, depth, count = 0, 0, 0
    for tok in _TOKEN.findall(markup):
        if tok.startswith("<") and len(tok) > 1:
            name = tok.strip("</>").split()[0].lower() if tok.strip("</>") else ""
            if name == "br":
                out.append("br")
            elif tok.startswith("</"):
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i].strip("<>").split()[0].lower() == name:
                        del stack[i]
                        break
            elif not tok.endswith("/>"):
                stack.append(tok)
            continue
        text = _unescape(tok) if tok.startswith("&") and len(tok) > 1 else tok
        for ch in text:
            if ch == FSI:
                depth += 1
                if depth == 1:
                    count += 1
                    segment = count
                continue
            if ch == PDI and depth:
                depth -= 1
                segment = segment if depth else 0
                continue
            out.append(_Char(ch, tuple(stack), segment))
    return out


def _base_font(tags: tuple[str, ...], style) -> tuple[str, float]:
    from reportlab.lib.fonts import tt2ps

    from fbdesk.report import pack

    bold = italic = 0
    size = style.fontSize
    for tag in tags:
        name = tag.strip("<>").split()[0].lower()
        bold |= name in ("b", "strong")
        italic |= name in ("i", "em")
        if name == "font" and (m := re.search(r'size="?([\d.]+)', tag)):
            size = float(m.group(1))
    family = pack.FONT if style.fontName in (pack.FONT, pack.BOLD, pack.ITALIC) else None
    if family is None:
        return style.fontName, size
    bold |= style.fontName == pack.BOLD
    italic |= style.fontName == pack.ITALIC
    return tt2ps(family, bold, italic), size


def _emit(chars: list[_Char], style) -> str:
    """Markup for characters in display order: their tags, and a font tag per fallback run."""
    out = []
    for tags, group in _groups(chars):
        base, _ = _base_font(tags, style)
        text = "".join(out_runs(group, base))
        opened = "".join(tags)
        closed = "".join(f"</{tag.strip('<>').split()[0]}>" for tag in reversed(tags))
        out.append(opened + text + closed)
    return "".join(out)


def _groups(chars: list[_Char]):
    group: list[str] = []
    tags: tuple[str, ...] | None = None
    for c in chars:
        if c.tags != tags and group:
            yield tags, "".join(group)
            group = []
        tags = c.tags
        group.append(c.ch)
    if group:
        yield tags, "".join(group)


def out_runs(text: str, base: str) -> list[str]:
    return [escape(s) if f == base else f'<font name="{f}">{escape(s)}</font>'
            for s, f in runs(text, base)]  # fmt: skip


def markup(source: str, style) -> str:
    """Paragraph markup with font runs, for text that needs no reordering."""
    out, line = [], []
    for item in _parse(source):
        if item == "br":
            out.append(_emit(line, style) + "<br/>")
            line = []
        else:
            line.append(item)
    return "".join(out) + _emit(line, style)


def _width(chars: list[_Char], style) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = 0.0
    for tags, text in _groups(chars):
        base, size = _base_font(tags, style)
        total += sum(stringWidth(s, f, size) for s, f in runs(text, base))
    return total


def _lines(chars: list[_Char | str], style, width: float) -> list[list[_Char]]:
    """Greedy line breaking in logical order at spaces (anywhere inside a word too long)."""
    words: list[list[_Char]] = [[]]
    breaks: set[int] = set()
    for item in chars:
        if item == "br":
            breaks.add(len(words))
            words.append([])
        elif item.ch == " ":
            words[-1].append(item)
            words.append([])
        else:
            words[-1].append(item)
    lines: list[list[_Char]] = [[]]
    used = 0.0
    for i, word in enumerate(words):
        if i in breaks and lines[-1]:
            lines.append([])
            used = 0.0
        w = _width(word, style)
        if used + _width([c for c in word if c.ch != " "], style) > width and lines[-1]:
            lines.append([])
            used = 0.0
        while w > width and len(word) > 1:  # a word wider than the line: cut it
            cut = max(1, max(k for k in range(1, len(word) + 1)
                             if _width(word[:k], style) <= width or k == 1))  # fmt: skip
            lines[-1].extend(word[:cut])
            lines.append([])
            word, w, used = word[cut:], _width(word[cut:], style), 0.0
        lines[-1].extend(word)
        used += w
    return [line for line in lines if line] or [[]]


def _reorder(line: list[_Char], rtl: bool) -> list[_Char]:
    """One line in display order: each text from a file is reordered on its own (an isolate),
    inside a line that keeps the pack's own left-to-right words where they are — or the whole
    line at once when it is all one style (quotes, headings, cells)."""
    while line and line[-1].ch == " ":
        line = line[:-1]
    if len({c.tags for c in line}) <= 1 and line:
        tags = line[0].tags
        text, segment = [], 0
        for c in line:
            if c.segment != segment:
                text.append((PDI if segment else "") + (FSI if c.segment else ""))
                segment = c.segment
            text.append(c.ch)
        text.append(PDI if segment else "")
        return [_Char(ch, tags, 0) for ch in display("".join(text), rtl)]
    out: list[_Char] = []
    i = 0
    while i < len(line):
        j = i
        while j < len(line) and line[j].segment == line[i].segment and line[j].tags == line[i].tags:
            j += 1
        piece = line[i:j]
        if piece[0].segment:
            out += [_Char(ch, piece[0].tags, 0) for ch in display("".join(c.ch for c in piece))]
        else:
            out += piece
        i = j
    return out


def _reshaped(chars: list[_Char | str]) -> list[_Char | str]:
    """Arabic joining forms, worked out on each run of one style in logical order."""
    out: list[_Char | str] = []
    run: list[_Char] = []

    def flush() -> None:
        if run:
            text = reshape("".join(c.ch for c in run))
            out.extend(_Char(ch, run[0].tags, run[0].segment) for ch in text)
            run.clear()

    for item in chars:
        if item == "br" or (run and (item.tags, item.segment) != (run[0].tags, run[0].segment)):
            flush()
        if item == "br":
            out.append(item)
        else:
            run.append(item)
    flush()
    return out


class ScriptParagraph(Paragraph):
    """A paragraph whose text may be in any script: fallback fonts per run, Han and kana lines
    broken between characters, right-to-left text broken into lines first, then reordered."""

    def __init__(self, text, style, *args, **kwargs) -> None:
        self._chars = None
        if text is not None and "frags" not in kwargs:
            chars = _parse(text)
            plain = "".join(c.ch for c in chars if c != "br")
            self._plain = "".join(ch for ch in plain if ch not in CONTROLS)
            if has_cjk(plain):
                style = _restyled(style, wordWrap="CJK")
            if needs_bidi(plain):
                self._chars, self._laid_for, self._style0 = _reshaped(chars), None, style
                self._rtl = first_strong_rtl(plain)  # the paragraph's direction
                if self._rtl and style.alignment == TA_LEFT:
                    style = _restyled(style, alignment=TA_RIGHT)
                text = escape(self._plain)
            else:
                text = markup(text, style)
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth, availHeight):
        if self._chars is not None and self._laid_for != availWidth:
            self._laid_for = availWidth
            s = self.style
            room = (availWidth - s.leftIndent - s.rightIndent - max(s.firstLineIndent, 0)) * 0.98
            lines = _lines(self._chars, self._style0, room)
            text = "<br/>".join(_emit(_reorder(line, self._rtl), self._style0) for line in lines)
            self._setup(text, s, self.bulletText, None, cleanBlockQuotedText)
        return super().wrap(availWidth, availHeight)

    def getPlainText(self, identify=None) -> str:
        if self._chars is not None or getattr(self, "_plain", None):
            return self._plain
        return super().getPlainText(identify)


def _restyled(style, **changes):
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}", parent=style, **changes)
