"""Paragraphs of the pack whose text may be in any script (see ``scripts``): paragraph markup
keeps its tags, its text is cut into font runs, and text holding right-to-left letters is
broken into lines here, in logical order, then each line is put in display order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from fbdesk.report.scripts import (
    CONTROLS,
    FSI,
    PDI,
    display,
    first_strong_rtl,
    has_cjk,
    needs_bidi,
    needs_shaping,
    reshape,
    runs,
)

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
            if needs_shaping(plain) and not needs_bidi(plain) and shaping_available():
                style = _restyled(style, shaping=1)
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


def shaping_available() -> bool:
    """Whether reportlab can shape text (it shapes with uharfbuzz when that is installed)."""
    from reportlab.pdfbase import ttfonts

    return ttfonts.uharfbuzz is not None


def _restyled(style, **changes):
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}", parent=style, **changes)
