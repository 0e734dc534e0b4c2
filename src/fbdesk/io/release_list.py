"""Reading a release list from a CSV or XLSX file: a header row naming the version, the date
and (optionally) the notes, then one release per row."""

from __future__ import annotations

import re
from pathlib import Path

from fbdesk.domain.errors import ImportRefused
from fbdesk.io import normalise as nz
from fbdesk.io.reading import read_file

_VERSION = re.compile(r"^(app[ _]?)?(version|release|release name|build|tag)$", re.IGNORECASE)
_DATE = re.compile(r"^(release[ _]?)?(date|released|released on|release date|shipped|day)$",
                   re.IGNORECASE)  # fmt: skip
_NOTES = re.compile(r"^(release[ _]?)?(notes?|description|changes|what changed|summary)$",
                    re.IGNORECASE)  # fmt: skip


def read_release_list(path: str | Path, sheet: str | None = None) -> list[tuple[str, float, str]]:
    """(version, released as epoch seconds, notes) of every row; any row without a version or
    a readable date refuses the whole file, naming the row and the column."""
    path = Path(path)
    table = read_file(path, sheet)
    grid = table.grid
    if grid.empty:
        raise ImportRefused("The file holds no rows", "Write a header row (Version, Date, "
                            "Notes) and one release per row", file=path.name)  # fmt: skip
    header = [str(v).strip() for v in grid.iloc[0].tolist()]

    def find(pattern: re.Pattern) -> int | None:
        return next((i for i, h in enumerate(header) if pattern.match(h)), None)

    vi, di, ni = find(_VERSION), find(_DATE), find(_NOTES)
    if vi is None or di is None:
        missing = " and ".join(w for w, i in (("a version", vi), ("a date", di)) if i is None)
        raise ImportRefused(f"No column names {missing} (the columns are: "
                            f"{', '.join(h for h in header if h) or 'none'})",
                            "Name the columns Version, Date and Notes", file=path.name,
                            sheet=table.sheet)  # fmt: skip
    body = grid.iloc[1:]
    versions = nz.as_text(body[vi]).str.strip()
    dates, _ = nz.parse_dates(body[di], numeric=True)
    notes = nz.as_text(body[ni]).str.strip() if ni is not None else None
    out: list[tuple[str, float, str]] = []
    seen: dict[str, int] = {}
    for k, row in enumerate(body.index):
        line = k + 2  # the header is row 1
        version = versions.loc[row]
        cells = [str(v).strip() for v in body.loc[row].tolist()]
        if not any(cells):
            continue
        if not version:
            raise ImportRefused("The release has no version", "Fill in the version or delete "
                                "the row", file=path.name, sheet=table.sheet, row=line,
                                column=header[vi])  # fmt: skip
        when = dates.loc[row]
        if when != when:  # NaN
            raise ImportRefused(f"The date {cells[di]!r} of release {version} is not readable",
                                "Write it as 2026-07-21", file=path.name, sheet=table.sheet,
                                row=line, column=header[di])  # fmt: skip
        if version in seen:
            raise ImportRefused(f"Release {version} is listed twice (rows {seen[version]} and "
                                f"{line})", "Keep one row per release", file=path.name,
                                sheet=table.sheet, row=line, column=header[vi])  # fmt: skip
        seen[version] = line
        out.append((version, float(when), notes.loc[row] if notes is not None else ""))
    if not out:
        raise ImportRefused("The file lists no release", "Add one release per row under the "
                            "header", file=path.name, sheet=table.sheet)  # fmt: skip
    return out
