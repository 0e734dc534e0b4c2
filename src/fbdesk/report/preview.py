"""The pack's pages as drawing instructions, for a preview in the window: the same document and
flowables as the PDF, laid out onto a canvas that keeps each page's content (PDF operators)
and says which font and which characters each of its font names stands for.

The window paints these with Qt (``ui/pack_preview.py``), so no PDF rasteriser is shipped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class PageFont:
    family: str  # "DejaVu Sans"
    bold: bool
    italic: bool
    codes: tuple[int, ...] | None  # code → Unicode code point of a subset; None: Latin-1


@dataclass
class Recorded:
    width: float
    height: float
    pages: list[str] = field(default_factory=list)  # each page's content stream
    fonts: dict[str, PageFont] = field(default_factory=dict)  # "F2+0" → the font it names
    # per page, its transparency states: "gRLs0" → ("ca", 0.3)
    states: list[dict[str, tuple[str, object]]] = field(default_factory=list)


class _Recording(Canvas):
    """A canvas that keeps each page's content stream as it is finished."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.recorded: list[str] = []
        self.states: list[dict] = []

    def showPage(self) -> None:
        self.recorded.append("\n".join(self._code))
        self.states.append({name: kv for kv, name in self._extgstate._c.items()})
        super().showPage()

    def save(self) -> None:
        self.fonts = _fonts(self)  # the subsets are let go of once the file is written
        super().save()


def _fonts(canvas: Canvas) -> dict[str, PageFont]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    out = {}
    for name, internal in canvas._doc.fontMapping.items():
        font = pdfmetrics.getFont(name)
        face = name.lower()
        bold, italic = "bold" in face, "oblique" in face or "italic" in face
        state = font.state.get(canvas._doc) if isinstance(font, TTFont) else None
        if state is not None:
            family = font.face.familyName
            family = family.decode("latin-1") if isinstance(family, bytes) else str(family)
            for n, codes in enumerate(state.subsets):
                out[f"{state.internalName}+{n}"] = PageFont(family, bold, italic, tuple(codes))
        else:  # a standard PDF font: Helvetica and its kin
            out[internal.lstrip("/")] = PageFont("Helvetica", bold, italic, None)
    return out


def record(data) -> Recorded:
    """Lay ``data`` (a PackData) out as the PDF would be, keeping every page's instructions."""
    from reportlab.lib.pagesizes import A4

    from fbdesk.report.pack import document

    doc, story = document(data, io.BytesIO(), deterministic=True)
    doc.build(story, canvasmaker=_Recording)
    canvas = doc.canv
    return Recorded(A4[0], A4[1], list(canvas.recorded), canvas.fonts, canvas.states)
