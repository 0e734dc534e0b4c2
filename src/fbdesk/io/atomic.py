"""Writing a file so that a failure (disk full, read-only folder) leaves nothing behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.temporaries import sweep_stale


@contextmanager
def replacing(path: Path, what: str) -> Iterator[Path]:
    """Yields a temporary path beside ``path`` to write; once written it replaces ``path``.
    On an OS error nothing is left and a message names ``what`` could not be written.
    Temporaries a killed process left in the folder are removed first."""
    sweep_stale(path.parent)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise FbdeskError(f"{what} could not be written ({exc.strerror or exc})",
                          "Check free disk space and that the folder is writable",
                          file=str(path)) from exc  # fmt: skip
    finally:
        with suppress(OSError):  # gone after the rename; a read-only folder refuses even that
            tmp.unlink()


def write_settings(path: Path, text: str, what: str) -> None:
    """Write one of fbdesk's settings files outside any workspace (``what`` names it in a
    message): its folder made if need be, the file replaced whole or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FbdeskError(f"The folder for fbdesk's settings cannot be made ({exc})",
                          "Check that your home folder is writable", file=str(path)) from exc  # fmt: skip
    with replacing(path, what) as tmp:
        tmp.write_text(text, encoding="utf-8")
