"""Writing a file so that a failure (disk full, read-only folder) leaves nothing behind."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from fbdesk.domain.errors import FbdeskError

# The temporary names fbdesk writes beside a file (``.NAME.tmp-PID``, ``.NAME.new-PID``, and
# the journal SQLite keeps beside one). A process killed while writing leaves one behind.
TEMPORARY = re.compile(r"^\..+\.(?:tmp|new)-(\d+)(?:-journal|-wal|-shm)?$")
STALE_AFTER = 86_400.0  # seconds: older than this, a temporary is stale whoever made it


def sweep_stale(folder: Path) -> list[Path]:
    """Remove the temporaries of fbdesk's naming in ``folder`` that no running process is
    writing: the process that made one is gone, or it is a day old. Returns those removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = TEMPORARY.match(entry.name)
        if m is None or int(m.group(1)) == os.getpid():
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if _alive(int(m.group(1))) and now - entry.stat().st_mtime < STALE_AFTER:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap check: the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


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
