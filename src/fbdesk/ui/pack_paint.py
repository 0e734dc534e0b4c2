"""Paints a page of the pack with Qt from the instructions the PDF is made of
(``report/preview.py``): paths, fills, strokes, colours, transforms and text in the pack's
fonts. It reads only what the pack writes — no images, no shading patterns — which is why a
PDF rasteriser need not be shipped for the preview."""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)

_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+",
                    re.S)  # fmt: skip
_ESCAPES = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12, b"(": 40, b")": 41, b"\\": 92}


def _string(token: bytes) -> bytes:
    if token.startswith(b"<"):
        return bytes.fromhex(token[1:-1].decode())
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i : i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        if nxt.isdigit():
            digits = re.match(rb"[0-7]{1,3}", body[i + 1 :]).group()
            out.append(int(digits, 8) & 0xFF)
            i += 1 + len(digits)
        else:
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
            i += 2
    return bytes(out)


class _State:
    def __init__(self) -> None:
        self.ctm = QTransform()
        self.fill = QColor(0, 0, 0)
        self.stroke = QColor(0, 0, 0)
        self.width = 1.0
        self.fill_alpha = self.stroke_alpha = 1.0
        self.font, self.size, self.leading, self.char, self.word = None, 10.0, 0.0, 0.0, 0.0

    def copy(self) -> _State:
        other = _State()
        other.__dict__.update(self.__dict__)
        return other


def paint(recorded, page: int, scale: float = 1.0) -> QImage:
    """Page ``page`` (from 0) of ``recorded`` as an image, ``scale`` pixels per point."""
    image = QImage(int(recorded.width * scale), int(recorded.height * scale),
                   QImage.Format.Format_RGB32)  # fmt: skip
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        _run(p, recorded, page, recorded.pages[page].encode("latin-1", "replace"),
             QTransform(scale, 0, 0, -scale, 0, recorded.height * scale))  # fmt: skip
    finally:
        p.end()
    return image


def _run(p: QPainter, recorded, page: int, stream: bytes, device: QTransform) -> None:
    states = recorded.states[page] if page < len(recorded.states) else {}
    st, stack, args = _State(), [], []
    path, clip = QPainterPath(), False
    tm = tlm = QTransform()
    fonts: dict[tuple, QFont] = {}

    def num(i: int) -> float:
        return float(args[i])

    def draw(fill: bool, stroke: bool, rule=Qt.FillRule.WindingFill) -> None:
        nonlocal path
        path.setFillRule(rule)
        p.setTransform(st.ctm * device)
        pen_color, brush_color = QColor(st.stroke), QColor(st.fill)
        pen_color.setAlphaF(st.stroke_alpha)
        brush_color.setAlphaF(st.fill_alpha)
        p.setPen(QPen(pen_color, st.width) if stroke else Qt.PenStyle.NoPen)
        p.setBrush(QBrush(brush_color) if fill else Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        path = QPainterPath()

    def show(raw: bytes) -> None:
        nonlocal tm
        spec = recorded.fonts.get(st.font)
        if spec is None:
            return
        text = "".join(chr(spec.codes[b]) if spec.codes and b < len(spec.codes) else chr(b)
                       for b in raw)  # fmt: skip
        key = (spec.family, spec.bold, spec.italic)
        if key not in fonts:
            font = QFont(spec.family)
            font.setBold(spec.bold)
            font.setItalic(spec.italic)
            fonts[key] = font
        font = QFont(fonts[key])
        font.setPixelSize(max(1, round(st.size * 8)))  # drawn 8× larger, scaled down: sharp
        p.setFont(font)
        p.setPen(st.fill)
        p.setTransform(QTransform(1 / 8, 0, 0, -1 / 8, 0, 0) * tm * st.ctm * device)
        p.drawText(QPointF(0, 0), text)
        advance = QFontMetricsF(font).horizontalAdvance(text) / 8
        advance += st.char * len(text) + st.word * text.count(" ")
        tm = QTransform().translate(advance, 0) * tm

    for m in _TOKEN.finditer(stream):
        tok = m.group()
        if tok[:1] in b"(<[]/" or re.fullmatch(rb"[-+]?(\d+\.?\d*|\.\d+)", tok):
            args.append(tok)
            continue
        op = tok.decode("latin-1")
        try:
            if op == "q":
                stack.append((st.copy(), clip))
                p.save()
            elif op == "Q" and stack:
                st, clip = stack.pop()
                p.restore()
            elif op == "cm":
                st.ctm = QTransform(*(num(i) for i in range(6))) * st.ctm
            elif op in ("rg", "RG", "g", "G", "k", "K"):
                if op in ("g", "G"):
                    color = QColor.fromRgbF(num(0), num(0), num(0))
                elif op in ("k", "K"):
                    c, mg, y, k = (num(i) for i in range(4))
                    color = QColor.fromRgbF((1 - c) * (1 - k), (1 - mg) * (1 - k), (1 - y) * (1 - k))
                else:
                    color = QColor.fromRgbF(num(0), num(1), num(2))
                if op.islower():
                    st.fill = color
                else:
                    st.stroke = color
            elif op == "w":
                st.width = num(0)
            elif op == "gs":
                key, value = states.get(args[0].decode("latin-1").lstrip("/"), ("", 1))
                if key == "ca":
                    st.fill_alpha = float(value)
                elif key == "CA":
                    st.stroke_alpha = float(value)
            elif op == "re":
                path.addRect(num(0), num(1), num(2), num(3))
            elif op == "m":
                path.moveTo(num(0), num(1))
            elif op == "l":
                path.lineTo(num(0), num(1))
            elif op == "c":
                path.cubicTo(num(0), num(1), num(2), num(3), num(4), num(5))
            elif op == "v":
                path.cubicTo(path.currentPosition(), QPointF(num(0), num(1)),
                             QPointF(num(2), num(3)))  # fmt: skip
            elif op == "y":
                path.cubicTo(num(0), num(1), num(2), num(3), num(2), num(3))
            elif op == "h":
                path.closeSubpath()
            elif op in ("f", "F"):
                draw(True, False)
            elif op == "f*":
                draw(True, False, Qt.FillRule.OddEvenFill)
            elif op == "S":
                draw(False, True)
            elif op == "s":
                path.closeSubpath()
                draw(False, True)
            elif op in ("B", "b"):
                draw(True, True)
            elif op in ("B*", "b*"):
                draw(True, True, Qt.FillRule.OddEvenFill)
            elif op in ("W", "W*"):
                clip = True
                p.setTransform(st.ctm * device)
                p.setClipPath(path, Qt.ClipOperation.IntersectClip)
            elif op == "n":
                path = QPainterPath()
            elif op == "BT":
                tm = tlm = QTransform()
            elif op == "Tf":
                st.font, st.size = args[0].decode("latin-1").lstrip("/"), num(1)
            elif op == "TL":
                st.leading = num(0)
            elif op == "Tc":
                st.char = num(0)
            elif op == "Tw":
                st.word = num(0)
            elif op == "Tm":
                tm = tlm = QTransform(*(num(i) for i in range(6)))
            elif op == "Td":
                tm = tlm = QTransform().translate(num(0), num(1)) * tlm
            elif op == "TD":
                st.leading = -num(1)
                tm = tlm = QTransform().translate(num(0), num(1)) * tlm
            elif op == "T*":
                tm = tlm = QTransform().translate(0, -st.leading) * tlm
            elif op == "Tj":
                show(_string(args[0]))
            elif op == "'":
                tm = tlm = QTransform().translate(0, -st.leading) * tlm
                show(_string(args[0]))
            elif op == "TJ":
                for a in args[1:-1]:
                    if a[:1] in b"(<":
                        show(_string(a))
                    else:  # a kerning adjustment, thousandths of the font size
                        tm = QTransform().translate(-float(a) / 1000 * st.size, 0) * tm
        except (IndexError, ValueError):
            pass  # an instruction the pack does not write this way: left out of the preview
        args = []
