"""Render the application icon (resources/icons/fbdesk.svg) to the files installers need:
packaging/icons/fbdesk.png (1024 px), fbdesk.ico (Windows, 16–256 px), fbdesk.icns (macOS).

Run: QT_QPA_PLATFORM=offscreen uv run python packaging/make_icons.py
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "packaging" / "icons"


def main() -> None:
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication([])  # noqa: F841 - rendering needs an application object
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "fbdesk.svg"))
    image = QImage(1024, 1024, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    OUT.mkdir(parents=True, exist_ok=True)
    png = OUT / "fbdesk.png"
    image.save(str(png))
    big = Image.open(png)
    big.save(OUT / "fbdesk.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(OUT / "fbdesk.icns")
    print("written:", ", ".join(p.name for p in sorted(OUT.iterdir())))


if __name__ == "__main__":
    main()
