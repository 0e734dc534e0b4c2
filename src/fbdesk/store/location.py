"""Where a workspace file lives. SQLite's file locking is unreliable on network shares
(SMB/CIFS, NFS, AFP, WebDAV, sshfs…) and in folders a sync client rewrites behind its back
(OneDrive, Dropbox, iCloud Drive, Google Drive…): two writers at once can damage the file.
This tells those places apart where the platform can: folder names the sync clients use, the
file system type in ``/proc/mounts`` on Linux, ``GetDriveType`` on Windows and ``statfs`` on
macOS. Nothing here reads the file itself.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PurePath

# Folder names the sync clients create (compared in lower case, one path component each).
_SYNCED = [
    (re.compile(r"onedrive( - .*)?|onedrive.*"), "a OneDrive folder"),
    (re.compile(r"dropbox( \(.*\))?"), "a Dropbox folder"),
    (
        re.compile(r"icloud drive|icloud~.*|com~apple~clouddocs|mobile documents"),
        "an iCloud Drive folder",
    ),
    (re.compile(r"google ?drive|googledrive-.*|my drive"), "a Google Drive folder"),
    (re.compile(r"box sync|nextcloud|owncloud|pcloud drive"), "a cloud-synced folder"),
    (re.compile(r"cloudstorage"), "a cloud-synced folder"),  # macOS File Provider folders
]
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afpfs", "afs", "webdav", "davfs",
    "fuse.davfs2", "ncpfs", "9p", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "gpfs",
    "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.onedriver",
    "fuse.google-drive-ocamlfuse", "fuse.dropbox", "fuse.seadrive",
})  # fmt: skip
_DRIVE_REMOTE = 4  # GetDriveTypeW
_MNT_LOCAL = 0x1000  # statfs f_flags on macOS


def by_name(path: PurePath) -> str | None:
    """The sync client whose folder ``path`` is in, judged by the folders' names."""
    for part in path.parts[:-1]:
        name = part.strip().lower()
        for pattern, where in _SYNCED:
            if pattern.fullmatch(name):
                return where
    return None


def _unescape(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)


def by_mounts(path: PurePath, mounts: str) -> str | None:
    """Linux: the type of the file system ``path`` is on, from ``/proc/mounts`` text, when it
    is a network one."""
    best, kind = "", ""
    text = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    if kind in NETWORK_FILE_SYSTEMS or kind.startswith(("nfs", "smb")):
        return f"a network share ({kind})"
    return None


def _windows(path: PurePath) -> str | None:
    anchor = path.anchor
    if anchor.startswith(("\\\\", "//")):
        return "a network share"
    import ctypes

    kind = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(anchor))  # type: ignore[attr-defined]
    return "a network drive" if kind == _DRIVE_REMOTE else None


def _macos(path: PurePath) -> str | None:
    import ctypes
    import ctypes.util

    class StatFs(ctypes.Structure):  # struct statfs with 64-bit inodes
        _fields_ = [("f_bsize", ctypes.c_uint32), ("f_iosize", ctypes.c_int32),
                    ("f_blocks", ctypes.c_uint64), ("f_bfree", ctypes.c_uint64),
                    ("f_bavail", ctypes.c_uint64), ("f_files", ctypes.c_uint64),
                    ("f_ffree", ctypes.c_uint64), ("f_fsid", ctypes.c_int32 * 2),
                    ("f_owner", ctypes.c_uint32), ("f_type", ctypes.c_uint32),
                    ("f_flags", ctypes.c_uint32), ("f_fssubtype", ctypes.c_uint32),
                    ("f_fstypename", ctypes.c_char * 16), ("f_mntonname", ctypes.c_char * 1024),
                    ("f_mntfromname", ctypes.c_char * 1024), ("f_reserved", ctypes.c_uint32 * 8)]  # fmt: skip

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    statfs = libc["statfs$INODE64"] if hasattr(libc, "statfs$INODE64") else libc.statfs
    out = StatFs()
    if statfs(os.fsencode(str(path)), ctypes.byref(out)) != 0:
        return None
    if out.f_flags & _MNT_LOCAL:
        return None
    return f"a network share ({out.f_fstypename.decode(errors='replace')})"


def shared_place(path: str | os.PathLike) -> str | None:
    """What makes ``path`` (a workspace file) unsafe for SQLite's locking — "a OneDrive
    folder", "a network share (nfs4)" — or None where nothing tells."""
    path = Path(path).absolute()
    where = by_name(path)
    if where is not None:
        return where
    folder = path.parent
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
                return by_mounts(folder.resolve(), fh.read())
        if sys.platform == "win32":
            return _windows(folder.resolve())
        if sys.platform == "darwin":
            return _macos(folder.resolve())
    except (OSError, AttributeError, ValueError):
        return None
    return None
