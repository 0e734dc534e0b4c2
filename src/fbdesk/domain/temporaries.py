"""The temporaries fbdesk writes beside a file, and when one is stale: the one rule the files
it writes (``io``) and the workspace copies (``store``) both sweep by."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

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
