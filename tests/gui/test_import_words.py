"""What the window says after an import: the cycle each file went into, and where to look when
that is not the cycle shown."""

from __future__ import annotations

from fbdesk.domain.mapping import ImportReport, SourceKind
from fbdesk.ui.import_controller import imported_words


def report(cycle: str, rows: int) -> ImportReport:
    return ImportReport(file="qualtRics_sample.csv", kind=SourceKind.SURVEY, format="CSV",
                        shape="Qualtrics, 3 header rows", sheet=None, cycle=cycle,
                        rows_imported=rows)  # fmt: skip


def test_an_import_into_another_cycle_says_where_its_items_went():
    text = imported_words([report("2017-Q3", 1)], "2025-Q3")
    assert "1 row imported into cycle 2017-Q3" in text
    assert "Not the cycle shown (2025-Q3): the items are dated in 2017-Q3" in text


def test_an_import_into_the_cycle_shown_says_no_more():
    text = imported_words([report("2025-Q3", 40)], "2025-Q3")
    assert text.endswith("40 rows imported into cycle 2025-Q3")
    assert imported_words([report("2017-Q3", 1)], None).endswith("into cycle 2017-Q3")
