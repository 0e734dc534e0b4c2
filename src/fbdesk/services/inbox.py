"""Watched folders: exports dropped there are imported without questions when fbdesk knows
their layout; the others wait in the Inbox for the assessor.

A file is read only once it has settled: unchanged since the previous look (when there was
one), untouched for ``settle`` seconds, not held open by Office, and readable. A file is
imported once: its content hash is compared with every file imported before, by hand or from a
folder, and what became of each file is committed in the same transaction as its rows.
"""

from __future__ import annotations

import logging
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from fbdesk.domain.errors import FbdeskError
from fbdesk.domain.mapping import ImportReport, Role, SourceKind
from fbdesk.domain.progress import Progress
from fbdesk.io.reading import SUPPORTED
from fbdesk.services import confirmed
from fbdesk.services.importing import ImportPlan, file_sha256, import_plans, plan_import
from fbdesk.store import automation, settings
from fbdesk.store.workspace import Workspace

log = logging.getLogger(__name__)

SETTLE_SECONDS = 3.0
# A layout never seen before is imported without asking when the kind of export and the
# column that matters most (the customers' words, a rating; a metric's time and values) were
# recognised at least this surely; below, the file waits for a person.
AUTO_CONFIDENCE = 0.6

_KEY_ROLES = {
    SourceKind.METRICS: (Role.TIMESTAMP, Role.VALUE, Role.METRIC_COLUMN),
    SourceKind.INVITATIONS: (Role.CUSTOMER_ID, Role.CUSTOMER_EMAIL),
}
_FEEDBACK_ROLES = (Role.TEXT, Role.TITLE, Role.RATING, Role.NPS)


@dataclass
class InboxRun:
    """What one look at the watched folders did."""

    imported: list[ImportReport] = field(default_factory=list)
    waiting: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), new ones
    pending: list[str] = field(default_factory=list)  # still being written, or locked
    refused: list[tuple[Path, os.stat_result, str]] = field(default_factory=list)  # never read
    duplicates: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def items(self) -> int:
        return sum(r.rows_imported for r in self.imported if r.kind.is_feedback)

    def summary(self) -> str:
        parts = [f"{len(self.imported)} file(s) imported ({self.items:,} items)"]
        if self.waiting:
            parts.append(f"{len(self.waiting)} waiting for a person")
        if self.pending:
            parts.append(f"{len(self.pending)} still being written")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already imported")
        if self.refused:
            parts.append(f"{len(self.refused)} refused (not a file, or a link out of the folder)")
        return ", ".join(parts)


def folders(ws: Workspace) -> list[Path]:
    """The folders watched on this computer: those the workspace names that the person here
    allowed (absolute paths only)."""
    allowed = confirmed.allowed(ws.path)
    return [Path(p) for p in automation.folders(ws.conn) if _absolute(p) and p in allowed]


def asked(ws: Workspace) -> list[tuple[str, str]]:
    """The folders the workspace names that are not watched here, each with why: not allowed
    on this computer yet, or not an absolute path (which is never watched)."""
    allowed = confirmed.allowed(ws.path)
    out = []
    for p in automation.folders(ws.conn):
        if not _absolute(p):
            out.append((p, "not an absolute path, so it is never watched"))
        elif p not in allowed:
            out.append((p, "named by the workspace and not allowed on this computer yet"))
    return out


def _absolute(path: str) -> bool:
    return os.path.isabs(path) and Path(path).is_absolute()


def watch(ws: Workspace, folder: str | os.PathLike) -> Path:
    """Watch ``folder`` (the person here chose it, so it is allowed on this computer too)."""
    folder = Path(folder).expanduser().resolve()
    if not folder.is_dir():
        raise FbdeskError(f"{folder} is not a folder", "Choose the folder exports are saved to",
                          file=str(folder))  # fmt: skip
    with ws.transaction():
        if automation.add_folder(ws.conn, str(folder)):
            ws.audit("watch", "folder", str(folder), {})
    confirmed.allow(ws.path, folder)
    return folder


def unwatch(ws: Workspace, folder: str | os.PathLike) -> None:
    with ws.transaction():
        automation.remove_folder(ws.conn, str(folder))
        ws.audit("unwatch", "folder", str(folder), {})
    confirmed.revoke(ws.path, Path(folder))


def waiting(ws: Workspace) -> list[dict]:
    """Files the assessor has to map (or ignore), oldest first, still present on disk."""
    return [w for w in automation.waiting_files(ws.conn) if Path(w["path"]).exists()]


def ignore(ws: Workspace, path: str) -> None:
    """Stop listing a waiting file (until it changes)."""
    with ws.transaction():
        automation.ignore_file(ws.conn, path)
        ws.audit("ignore", "inbox_file", path, {})


def candidates(roots: list[Path]) -> list[tuple[Path, os.stat_result, str | None]]:
    """Every importable file under the folders, as (path, stat, why it is refused or None).
    Names browsers and copy tools give files still being written (``.part``, ``.crdownload``,
    ``.tmp``) are not importable. Only regular files are read: a pipe or a device (a FIFO named
    ``.csv``, a link to ``/dev/zero``) would never end, and a link leading out of the watched
    folder is not followed."""
    found = []
    for root in roots:
        if not root.is_dir():
            log.warning("watched folder %s is missing", root)
            continue
        real_root = root.resolve()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith((".", "~$")) or path.suffix.lower() not in SUPPORTED:
                    continue
                try:
                    found.append((path, *_regular(path, real_root)))
                except OSError:  # removed while we looked
                    continue
    return found


def _regular(path: Path, root: Path) -> tuple[os.stat_result, str | None]:
    own = path.lstat()
    if stat.S_ISLNK(own.st_mode):
        target = path.resolve()
        if target != root and root not in target.parents:
            return own, (f"A link to {target}, outside the watched folder: it is not followed. "
                         "Save the export itself in the folder")  # fmt: skip
        try:
            st = path.stat()
        except OSError:
            return own, "A link to a file that does not exist"
    else:
        st = own
    if not stat.S_ISREG(st.st_mode):
        return st, ("Not a file but a pipe, a device or a socket: only files are read. "
                    "Save the export itself in the folder")  # fmt: skip
    return st, None


def _held_open(path: Path) -> bool:
    """Office keeps an owner file ``~$name`` (or ``~$`` + name without its first two letters)
    beside a document it has open; Windows refuses to open a file another program writes."""
    for owner in (f"~${path.name}", f"~${path.name[2:]}"):
        if (path.parent / owner).exists():
            return True
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError:
        return True
    return False


def automatic(plan: ImportPlan, min_confidence: float = AUTO_CONFIDENCE) -> str | None:
    """None when ``plan`` may be imported without asking; otherwise why a person must look."""
    m = plan.mapping
    if m.remembered:
        return None
    if m.kind_confidence < min_confidence:
        return (f"Not sure what kind of export this is ({m.kind.label}, "
                f"{m.kind_confidence:.0%} sure): open it to confirm")  # fmt: skip
    roles = _FEEDBACK_ROLES if m.kind.is_feedback else _KEY_ROLES.get(m.kind, ())
    key = sorted((c for c in m.columns if c.role in roles), key=lambda c: -c.confidence)
    if key and key[0].confidence < min_confidence:
        c = key[0]
        return (f"Column {c.name!r} looks like {c.role.value} but only {c.confidence:.0%} "
                f"sure: open it to confirm the mapping")  # fmt: skip
    try:
        plan.check(limit=1, rows=1_000)
    except FbdeskError as exc:
        return exc.message
    return None


def scan(
    ws: Workspace,
    extra: list[str | os.PathLike] = (),
    settle: float = SETTLE_SECONDS,
    previous: dict[str, tuple[int, float]] | None = None,
    progress: Progress | None = None,
    min_confidence: float = AUTO_CONFIDENCE,
) -> InboxRun:
    """Look at the watched folders (and ``extra`` ones) once and import what is ready."""
    ready, run = look(ws, extra, settle, previous)
    return take(ws, ready, run, progress, min_confidence)


def look(
    ws: Workspace,
    extra: list[str | os.PathLike] = (),
    settle: float = SETTLE_SECONDS,
    previous: dict[str, tuple[int, float]] | None = None,
) -> tuple[list[tuple[Path, os.stat_result]], InboxRun]:
    """The files that are new or changed and have settled (cheap: directory listings and one
    small query, so the window can ask every few seconds).

    ``previous`` holds (size, mtime) per path from the last look and is updated: a file that
    changed since then is left for the next look. Without it (one look, as ``fbdesk run``
    makes), the file's age alone decides.
    """
    roots = folders(ws) + [Path(p).expanduser().resolve() for p in extra]
    seen = automation.seen_files(ws.conn)
    run = InboxRun()
    now = time.time()
    looked: dict[str, tuple[int, float]] = {}
    ready: list[tuple[Path, os.stat_result]] = []
    for path, st, refusal in candidates(list(dict.fromkeys(roots))):
        key = str(path)
        looked[key] = (st.st_size, st.st_mtime)
        old = seen.get(key)
        if old is not None and old[0] == st.st_size and old[1] == st.st_mtime:
            run.unchanged += 1
            continue
        if refusal is not None:
            run.refused.append((path, st, refusal))
            continue
        settling = now - st.st_mtime < settle or (
            previous is not None and previous.get(key) != looked[key]
        )
        if settling or _held_open(path):
            run.pending.append(key)
            continue
        ready.append((path, st))
    if previous is not None:
        previous.clear()
        previous.update(looked)
    return ready, run


# A file being read is named in the workspace first (committed), and the name is cleared with
# what became of the file. A name still there at the next look means the process died while
# reading that file (a native crash, memory exhausted, killed): it is tried once more, after
# every other file, and set aside for a person when it stops the process again.
_READING = "inbox_reading"
_CRASHED = ("fbdesk stopped while reading this file ({times}); it was set aside so that it "
            "cannot stop the next look. Import it by hand to see why, or ignore it")  # fmt: skip


def _mark_reading(ws: Workspace, path: Path, st: os.stat_result, tries: int) -> None:
    with ws.transaction():
        settings.put(ws.conn, _READING, {"path": str(path), "size": st.st_size,
                                         "mtime": st.st_mtime, "tries": tries})  # fmt: skip


def _clear_reading(ws: Workspace) -> None:
    settings.remove(ws.conn, _READING)


def _after_crash(ws: Workspace, ready: list[tuple[Path, os.stat_result]], run: InboxRun
                 ) -> tuple[list[tuple[Path, os.stat_result]], dict[str, int]]:  # fmt: skip
    """The files in the order they are taken, the one a process died reading last (or set
    aside when it did so twice); and how often each was tried before."""
    died = settings.get(ws.conn, _READING)
    if not died:
        return ready, {}
    key = died.get("path")
    same = [(p, st) for p, st in ready if str(p) == key
            and (st.st_size, st.st_mtime) == (died.get("size"), died.get("mtime"))]  # fmt: skip
    if not same:  # changed since, or gone: an ordinary file again
        with ws.transaction():
            _clear_reading(ws)
        return ready, {}
    others = [(p, st) for p, st in ready if str(p) != key]
    tries = int(died.get("tries", 1))
    if tries < 2:
        return others + same, {key: tries}
    st = same[0][1]
    reason = _CRASHED.format(times=f"{tries} times")
    with ws.transaction():
        automation.record_file(ws.conn, key, st.st_size, st.st_mtime, "", "waiting", reason)
        ws.audit("inbox_wait", "inbox_file", key, {"reason": reason}, actor="fbdesk")
        _clear_reading(ws)
    run.waiting.append((key, reason))
    log.warning("inbox: %s set aside, the process stopped while reading it %d times", key, tries)
    return others, {}


def take(
    ws: Workspace,
    ready: list[tuple[Path, os.stat_result]],
    run: InboxRun | None = None,
    progress: Progress | None = None,
    min_confidence: float = AUTO_CONFIDENCE,
) -> InboxRun:
    """Import (or set aside for a person) the files :func:`look` found ready."""
    progress = progress or Progress()
    run = run or InboxRun()
    seen = automation.seen_files(ws.conn)
    hashes = automation.imported_hashes(ws.conn)
    for path, st, reason in run.refused:
        key = str(path)
        with ws.transaction():
            automation.record_file(ws.conn, key, st.st_size, st.st_mtime, "", "waiting", reason)
            ws.audit("inbox_refuse", "inbox_file", key, {"reason": reason}, actor="fbdesk")
        run.waiting.append((key, reason))
        log.warning("inbox: %s refused: %s", key, reason)
    ready, tried = _after_crash(ws, ready, run)
    for n, (path, st) in enumerate(ready):
        progress.step(n / max(len(ready), 1), f"Inbox: {path.name}")
        _mark_reading(ws, path, st, tried.get(str(path), 0) + 1)
        _take(ws, path, st, seen.get(str(path)), hashes, run, min_confidence)
    progress.step(1.0, run.summary())
    if run.imported or run.waiting:
        log.info("inbox: %s", run.summary())
    return run


def _duplicate(ws: Workspace, key: str, st: os.stat_result, sha: str, run: InboxRun) -> None:
    """Record a file whose content was imported before: it is not read again."""
    with ws.transaction():
        automation.record_file(ws.conn, key, st.st_size, st.st_mtime, sha, "duplicate")
        _clear_reading(ws)
    run.duplicates.append(key)


def _take(ws: Workspace, path: Path, st: os.stat_result, old, hashes: set[str], run: InboxRun,
          min_confidence: float) -> None:  # fmt: skip
    key = str(path)
    try:
        sha = file_sha256(path)
    except OSError:
        with ws.transaction():
            _clear_reading(ws)
        run.pending.append(key)
        return
    if sha in hashes:
        _duplicate(ws, key, st, sha, run)
        return
    if old is not None and old[2] == sha and old[3] in ("waiting", "ignored"):
        with ws.transaction():  # touched, not changed: it keeps its place
            automation.record_file(ws.conn, key, st.st_size, st.st_mtime, sha, old[3],
                              _reason(ws, key))  # fmt: skip
            _clear_reading(ws)
        return
    try:
        plan = plan_import(path, ws)
        if plan.sha256 != sha:  # it changed since it was hashed: what was parsed counts
            sha = plan.sha256
            if sha in hashes:
                _duplicate(ws, key, st, sha, run)
                return
        reason = automatic(plan, min_confidence)
        if reason is None:

            def record(p: ImportPlan, report: ImportReport) -> None:
                automation.record_file(ws.conn, key, st.st_size, st.st_mtime, p.sha256, "imported",
                                  report.summary(), report.source_id)  # fmt: skip
                _clear_reading(ws)

            run.imported += import_plans(ws, [plan], on_stored=record)
            hashes.add(plan.sha256)
            return
    except FbdeskError as exc:
        reason = exc.message
    with ws.transaction():
        automation.record_file(ws.conn, key, st.st_size, st.st_mtime, sha, "waiting", reason)
        ws.audit("inbox_wait", "inbox_file", key, {"reason": reason}, actor="fbdesk")
        _clear_reading(ws)
    run.waiting.append((key, reason))


def _reason(ws: Workspace, path: str) -> str:
    return automation.file_reason(ws.conn, path)


def settle_imported(ws: Workspace) -> int:
    """Mark the waiting files the assessor has since imported by hand (same content)."""
    hashes = automation.imported_hashes(ws.conn)
    done = 0
    with ws.transaction():
        for w in waiting(ws):
            path = Path(w["path"])
            try:
                st = path.stat()
                if not stat.S_ISREG(st.st_mode):
                    continue
                sha = file_sha256(path)
            except OSError:
                continue
            if sha in hashes:
                automation.record_file(ws.conn, w["path"], st.st_size, st.st_mtime, sha, "imported",
                                  "imported by hand")  # fmt: skip
                done += 1
    return done
