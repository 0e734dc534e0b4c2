"""The store's read questions give the same answers from a workspace file and from the same
workspace copied to the server."""

from __future__ import annotations

import pytest

from fbdesk.store import assignments, classification, queries, review_rows, settings
from fbdesk.store.workspace import Workspace

READS = {
    "cycles": lambda c, cycle, item: queries.cycles(c),
    "feedback_kinds": lambda c, cycle, item: queries.feedback_kinds(c, cycle),
    "cycle_id": lambda c, cycle, item: queries.cycle_id(c, "2026-Q3"),
    "feedback_count": lambda c, cycle, item: queries.feedback_count(c, cycle),
    "metric_series": lambda c, cycle, item: queries.metric_series(c),
    "sources": lambda c, cycle, item: queries.sources(c, cycle),
    "invited": lambda c, cycle, item: queries.invited(c, cycle),
    "processing_times": lambda c, cycle, item: queries.processing_times(c, cycle),
    "source_periods": lambda c, cycle, item: queries.source_periods(c, cycle),
    "classified_count": lambda c, cycle, item: queries.classified_count(c),
    "item_texts": lambda c, cycle, item: queries.item_texts(c, [item, item + 1]),
    "review_rows": lambda c, cycle, item: review_rows.review_rows(c, cycle),
    "review_rows_all": lambda c, cycle, item: review_rows.review_rows(c),
    "in_force": lambda c, cycle, item: review_rows.in_force(c, [item, item + 2]),
    "why": lambda c, cycle, item: review_rows.why(c, item),
    "saved_taxonomy": lambda c, cycle, item: review_rows.saved_taxonomy(c),
    "to_split": lambda c, cycle, item: assignments.to_split(c, cycle),
    "queue": lambda c, cycle, item: assignments.queue(c, assignments.people(c)[0], cycle),
    "double_coded": lambda c, cycle, item: assignments.double_coded(c, cycle),
    "people": lambda c, cycle, item: assignments.people(c),
    "coders": lambda c, cycle, item: assignments.coders(c, item),
    "kpi_targets": lambda c, cycle, item: settings.get(c, "kpi_targets"),
    "least_certain": lambda c, cycle, item: classification.least_certain(c, cycle, 10),
    "satisfaction": lambda c, cycle, item: queries.satisfaction(c, cycle),
    "satisfaction_all": lambda c, cycle, item: queries.satisfaction(c),
    "survey_respondents": lambda c, cycle, item: queries.survey_respondents(c, cycle),
    "progress": lambda c, cycle, item: assignments.progress(c, cycle),
    "has_labels": lambda c, cycle, item: classification.has_labels(c, 1),
}


# The kept workspace has no metrics, no invitations, no edited taxonomy and no unassigned item
# left to split.
EMPTY_IN_THE_KEPT_WORKSPACE = {"metric_series", "invited", "saved_taxonomy", "to_split"}


@pytest.fixture(scope="module")
def both(pg_server, tmp_path_factory):
    """The kept workspace as a file and on the server, open, with a cycle and an item."""
    import shutil

    import psycopg

    from fbdesk.store import team_copy
    from tests.conftest import DATA

    path = tmp_path_factory.mktemp("both") / "q3.fbdesk"
    shutil.copy(DATA / "workspaces" / "schema-11.fbdesk", path)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE both_engines")
    team_copy.file_to_server(path, pg_server.url("both_engines"))
    file, server = Workspace.open(path), Workspace.open(pg_server.url("both_engines"))
    cycle = queries.cycles(file.conn)[-1]["id"]
    item = file.conn.execute("SELECT min(id) FROM feedback WHERE cycle_id = ?",
                             (cycle,)).fetchone()[0]  # fmt: skip
    yield file, server, cycle, item
    file.close()
    server.close()


@pytest.mark.parametrize("name", sorted(READS))
def test_the_same_answer_from_both_engines(both, name):
    file, server, cycle, item = both
    answer = READS[name](file.conn, cycle, item)
    assert (answer in (None, [], {}, 0)) == (name in EMPTY_IN_THE_KEPT_WORKSPACE)
    assert READS[name](server.conn, cycle, item) == answer
