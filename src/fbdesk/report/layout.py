"""What every page of the pack is made of: the fonts, the styles, text from files made safe for
paragraph markup, tables and paragraphs that print every script."""

from __future__ import annotations

from xml.sax.saxutils import escape, unescape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle

from fbdesk.report import charts, scripts
from fbdesk.report.script_paragraph import ScriptParagraph

FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
ACCENT = colors.HexColor("#1f5fa8")
MUTED = colors.HexColor("#666666")
MET, MISSED, NO_DATA = (colors.HexColor("#1b7f3b"), colors.HexColor("#b3261e"),
                        colors.HexColor("#888888"))  # fmt: skip


def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from fbdesk.resources import resource_path

    if FONT in pdfmetrics.getRegisteredFontNames():
        scripts.register([FONT, BOLD, ITALIC])
        return
    folder = resource_path("fonts")
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"),
                       (ITALIC, "DejaVuSans-Oblique.ttf")):  # fmt: skip
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, ITALIC)
    addMapping(FONT, 1, 1, BOLD)
    scripts.register([FONT, BOLD, ITALIC])
    charts.FONT = FONT


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "quote": ParagraphStyle("quote", parent=base, fontName=ITALIC, leftIndent=10,
                                textColor=colors.HexColor("#333333"), spaceAfter=3),
        # A heading never ends a page: it goes to the next with what it heads.
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=17, leading=22,
                             textColor=ACCENT, spaceBefore=4, spaceAfter=8, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12, leading=16,
                             spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=28, leading=34,
                                textColor=ACCENT, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=18,
                                   alignment=TA_CENTER, textColor=MUTED),
        "missing": ParagraphStyle("missing", parent=base, fontName=ITALIC, textColor=MUTED),
        "note": ParagraphStyle("note", parent=base, leftIndent=14, textColor=ACCENT,
                               spaceAfter=3),
        "source": ParagraphStyle("source", parent=base, fontSize=7.5, leading=9.5,
                                 leftIndent=20, textColor=MUTED, spaceAfter=5),
    }  # fmt: skip


def t(text: object) -> str:
    """Untrusted text made safe for paragraph markup (``&``, ``<``, ``>`` and quotes) and
    isolated for the bidi algorithm: whatever direction controls it holds reorder it alone."""
    return scripts.FSI + escape(str(text), {'"': "&quot;"}) + scripts.PDI


def _table(rows: list[list], widths: list[float], header: bool = True,
           align_right: tuple[int, ...] = ()) -> Table:  # fmt: skip
    rows = [[_cell(c) for c in row] for row in rows]
    # splitInRow: a cell taller than a page (a long decision note) continues on the next page
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    style = [("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#999999")),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4f6f9")]),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]  # fmt: skip
    if header:
        style.append(("FONT", (0, 0), (-1, 0), BOLD, 8))
    for col in align_right:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    table.setStyle(TableStyle(style))
    return table


def _cell(value):
    """A table cell: text from a file that needs another font or direction becomes a
    paragraph; anything else stays a plain string (it never wraps)."""
    if not (isinstance(value, str) and scripts.FSI in value):
        return value
    plain = unescape(value.replace(scripts.FSI, "").replace(scripts.PDI, ""), {"&quot;": '"'})
    if scripts.needs_bidi(plain) or any(scripts.font_of(ch, FONT) != FONT for ch in plain):
        return _p(value, ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10))
    return plain


def _p(text: str, style) -> Paragraph:
    return ScriptParagraph(text, style)


def _c(text: object, s) -> Paragraph:
    """A table cell holding text from the workspace: escaped once, as paragraph markup, so
    ``Q3 & Q4`` prints as written and a long value wraps inside its column."""
    return _p(t(text), s["cell"])


def _missing(text: str, s) -> Paragraph:
    return _p(t(text), s["missing"])
