"""Finding the files fbdesk ships (resources/, ui/) from a checkout, a wheel or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _candidates(folder: str) -> list[Path]:
    found = [
        _PACKAGE / "_data" / folder,  # an installed wheel
        _PACKAGE.parents[1] / folder,  # a source checkout: src/fbdesk → repository root
    ]
    frozen = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle
    if frozen:
        found.insert(0, Path(frozen) / folder)
    return found


def resource_path(*parts: str, folder: str = "resources") -> Path:
    for base in _candidates(folder):
        path = base.joinpath(*parts)
        if path.exists():
            return path
    raise FileNotFoundError(f"{folder}/{'/'.join(parts)} is missing from this installation")
