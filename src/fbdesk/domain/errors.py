"""Errors that carry what the assessor needs to act on them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FbdeskError(Exception):
    """Base of every error fbdesk reports to a person.

    ``what`` says what went wrong in plain words, ``hint`` what to do about it; the location
    fields are filled in where they are known.
    """

    what: str
    hint: str = ""
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(f"file {self.file!r}")
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    @property
    def message(self) -> str:
        text = self.what.rstrip(".") + "."
        if self.where:
            text = f"{self.where[0].upper()}{self.where[1:]}: {text}"
        if self.hint:
            text += " " + self.hint.rstrip(".") + "."
        return text

    def __str__(self) -> str:
        return self.message


class ImportRefused(FbdeskError):
    """A file cannot be imported (unreadable, unsafe, or not recognised)."""


class WorkspaceError(FbdeskError):
    """A workspace file cannot be opened or written."""


class DamagedWorkspace(WorkspaceError):
    """The workspace file is damaged; a backup copy may be offered instead (never over it)."""


class Cancelled(FbdeskError):
    """Long work was cancelled by the person; nothing was changed."""

    def __init__(self, what: str = "Cancelled", **kw: object) -> None:
        super().__init__(what, **kw)  # type: ignore[arg-type]
