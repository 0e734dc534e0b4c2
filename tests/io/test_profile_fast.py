"""A column of plain whole numbers is profiled from its values directly: exactly the profile
the general path gives, on every column of every export the tests hold and on made-up ones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fbdesk.domain.errors import FbdeskError
from fbdesk.io import mapping
from fbdesk.io.headers import flatten
from fbdesk.io.reading import read_file

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = sorted(p for p in [*DATA.joinpath("exports").rglob("*"), *DATA.joinpath("metrics").rglob("*")]
               if p.suffix.lower() in (".csv", ".xlsx", ".xls", ".tsv", ".txt"))  # fmt: skip


def general(col: pd.Series, label: str, monkeypatch) -> mapping.Profile:
    with monkeypatch.context() as m:
        m.setattr(mapping, "_whole_numbers", lambda *_: None)
        return mapping.profile(col, label)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_column_of_the_exports(path, monkeypatch):
    try:
        table = flatten(read_file(path))
    except FbdeskError:
        pytest.skip("a file the tests hold to be refused")
    for name, (_, col) in zip(table.names, table.data.items(), strict=True):
        assert mapping.profile(col, name) == general(col, name, monkeypatch), (path.name, name)


COLUMNS = {
    "grid": ["3", "1", "", "5", "n/a", "4"],
    "leading zeros": ["007", "7", "070"],
    "negative": ["-3", "2", "-0"],
    "floats": pd.Series([1.0, 2.0, None, 4.0]),
    "ints": pd.Series([1, 2, 3], dtype="int64"),
    "mixed": ["3", "three", "4"],
    "decimals": ["3,5", "4"],
    "long ids": ["12345678901234567890", "2"],
    "dates by header": ["20240101", "20240102"],
    "empty": ["", "", "n/a"],
}  # fmt: skip


@pytest.mark.parametrize("label", COLUMNS)
def test_made_up_columns(label, monkeypatch):
    col = COLUMNS[label]
    col = col if isinstance(col, pd.Series) else pd.Series(col, dtype=object)
    header = "submitted date" if label.startswith("dates") else label
    assert mapping.profile(col, header) == general(col, header, monkeypatch)


def test_the_fast_path_is_taken_for_a_grid():
    col = pd.Series(["3", "1", "", "5"], dtype=object)
    assert mapping._whole_numbers(col, "q1") is not None
    assert mapping._whole_numbers(col, "date of visit") is None
