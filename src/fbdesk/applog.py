"""Where fbdesk keeps its log file, and setting up logging to it."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def data_dir() -> Path:
    from platformdirs import user_data_dir

    path = Path(user_data_dir("fbdesk", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def setup_logging(level: int = logging.INFO) -> Path | None:
    """A rotating log file in the user data folder; returns its path (None if unwritable)."""
    root = logging.getLogger()
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return None
    try:
        path = log_dir() / "fbdesk.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
