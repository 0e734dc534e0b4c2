"""Icons shipped in resources/icons (SVG, sharp at any screen density)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from fbdesk.resources import resource_path


@cache
def icon(name: str) -> QIcon:
    try:
        return QIcon(str(resource_path("icons", f"{name}.svg")))
    except FileNotFoundError:
        return QIcon()
