"""Checks made on an untrusted file before any parser sees it."""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from fbdesk.domain.errors import ImportRefused

MAX_FILE_BYTES = 1 << 30  # 1 GiB on disk
MAX_UNPACKED_BYTES = 3 << 30  # what a workbook may unpack to
MAX_RATIO = 250  # uncompressed ÷ compressed, for members large enough to matter
RATIO_MIN_MEMBER = 8 << 20
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_container(head: bytes) -> str:
    """'zip', 'ole' or 'text' from a file's first bytes."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return "text"


def check_size(path: Path) -> int:
    size = path.stat().st_size
    _refuse_size(size, path)
    return size


def read_regular(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, read once. A pipe, a device or a socket (a
    FIFO named ``.csv``, a link to ``/dev/zero``) is refused without waiting on it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise ImportRefused("The file does not exist", "Check the path", file=str(path)) from exc
    except IsADirectoryError as exc:
        raise ImportRefused("This is a folder, not a file", file=str(path)) from exc
    except OSError as exc:
        if path.is_dir():
            raise ImportRefused("This is a folder, not a file", file=str(path)) from exc
        raise ImportRefused(f"The file cannot be opened ({exc.strerror or exc})",
                            "Check that it is not open in another program and that you may "
                            "read it", file=path.name) from exc  # fmt: skip
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ImportRefused("This is a folder, not a file", file=str(path))
        if not stat.S_ISREG(st.st_mode):
            raise ImportRefused(
                "This is not a file but a pipe, a device or a socket; fbdesk reads only files",
                "Save the export as a file and import that",
                file=path.name,
            )
        _refuse_size(st.st_size, path)
        # Asked for its size and a byte more (asking for the 1 GiB limit would set aside 1 GiB
        # for every file); only a file that grew meanwhile is read on, up to the limit.
        data = fh.read(st.st_size + 1)
        if len(data) > st.st_size:
            data += fh.read(MAX_FILE_BYTES + 1 - len(data))
    _refuse_size(len(data), path)  # it grew while it was read
    return data


def _refuse_size(size: int, path: Path) -> None:
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"The file is {size / 2**30:.1f} GiB; fbdesk reads files up to 1 GiB",
            "Split the export by date range and import the parts",
            file=path.name,
        )


def check_zip_package(path: Path, data: bytes | None = None) -> zipfile.ZipFile:
    """Refuse zip bombs and XML with DTDs (entity expansion) before a workbook is parsed.

    Returns the open archive (of ``data`` when given, the bytes read from ``path``) so the
    caller can look at its members.
    """
    try:
        archive = zipfile.ZipFile(path if data is None else io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(
            f"The workbook is damaged or incomplete ({exc})",
            "Export it again from the program that made it, or save it again in Excel",
            file=path.name,
        ) from exc
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > RATIO_MIN_MEMBER and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise ImportRefused(
                f"Part {m.filename!r} would unpack to {m.file_size / 2**20:.0f} MiB from "
                f"{m.compress_size / 2**10:.0f} KiB, a ratio no real workbook has "
                "(a 'zip bomb'); it was not opened",
                "Ask the sender for a plain export",
                file=path.name,
            )
        if total > MAX_UNPACKED_BYTES:
            raise ImportRefused(
                "The workbook would unpack to more than 3 GiB; it was not opened",
                "Split the export into smaller files",
                file=path.name,
            )
    for m in members:
        if m.filename.endswith((".xml", ".rels")) or m.filename == "[Content_Types].xml":
            try:
                with archive.open(m) as part:
                    head = part.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError,
                    RuntimeError, ValueError) as exc:  # fmt: skip
                raise ImportRefused(
                    f"The workbook is damaged: part {m.filename!r} cannot be read ({exc})",
                    "Export it again from the program that made it, or save it again in Excel",
                    file=path.name,
                ) from exc
            if _DTD.search(head):
                raise ImportRefused(
                    f"Part {m.filename!r} declares XML entities (a DTD), which workbooks "
                    "never need and which can be used to exhaust memory; it was not opened",
                    "Save the file again from Excel or LibreOffice, or export it as CSV",
                    file=path.name,
                )
    return archive
