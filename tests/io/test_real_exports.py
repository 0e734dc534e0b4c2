"""Every real export in the shared data folder imports as an assessor would expect."""

from __future__ import annotations

import datetime as dt

import pytest

from fbdesk.domain.mapping import Role, SourceKind
from fbdesk.services.importing import import_files, plan_import
from tests.conftest import EXPORTS, METRICS
from tests.helpers import fetch

QUALTRICS = EXPORTS / "qualtrics"
TICKETS = EXPORTS / "support_tickets"


def utc(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC)


def test_every_shared_export_is_recognised(real_data):
    files = sorted(p for p in (real_data / "exports").rglob("*.csv"))
    files += sorted((real_data / "metrics").rglob("*.csv"))
    expected = {"qualtrics": SourceKind.SURVEY, "google_play": SourceKind.APP_REVIEWS,
                "questions": SourceKind.TICKETS, "answers": SourceKind.TICKET_REPLIES,
                "nab": SourceKind.METRICS}  # fmt: skip
    assert len(files) == 13
    for f in files:
        plan = plan_import(f)
        kind = next(k for key, k in expected.items() if key in str(f))
        assert plan.mapping.kind == kind, f
        assert len(plan.table.data) > 0, f


def test_qualtrics_current_layout(ws, ws_path):
    plan = plan_import(QUALTRICS / "qualtRics_sample.csv")
    assert plan.table.shape.startswith("Qualtrics, 3 header rows")
    assert plan.mapping.kind == SourceKind.SURVEY
    assert [c.name for c in plan.mapping.of(Role.TEXT)] == ["Q2"]
    assert plan.mapping.first(Role.TEXT).description == "This is a free text question."
    [report] = import_files(ws, [QUALTRICS / "qualtRics_sample.csv"])
    assert report.rows_imported == 1  # the three header rows are not data
    [(text, ext, submitted)] = fetch(ws_path, "SELECT text, external_id, submitted FROM feedback")
    assert text == "Hello World!"
    assert ext == "R_2YPOQ602ER1jkf1"
    assert utc(submitted) == dt.datetime(2017, 7, 18, 8, 28, 48, tzinfo=dt.UTC)


def test_qualtrics_legacy_layout_with_bom_and_trailing_commas(ws, ws_path):
    plan = plan_import(QUALTRICS / "qualtRics_sample_legacy.csv")
    assert plan.table.raw.encoding == "utf-8 (BOM)"
    assert plan.table.shape.startswith("Qualtrics legacy")
    assert plan.table.names[0] == "ResponseID"  # no BOM glued to the first name
    assert len(plan.table.names) == 15  # the trailing comma adds no column
    [report] = import_files(ws, [QUALTRICS / "qualtRics_sample_legacy.csv"])
    assert report.rows_imported == 1
    [(text, ext)] = fetch(ws_path, "SELECT text, external_id FROM feedback")
    assert (text, ext) == ("Hello World!", "R_2YPOQ602ER1jkf1")


def test_same_response_in_two_layouts_is_one_item(ws, ws_path):
    reports = import_files(
        ws, [QUALTRICS / "qualtRics_sample.csv", QUALTRICS / "qualtRics_sample_legacy.csv"]
    )
    assert [r.rows_imported for r in reports] == [1, 0]
    assert reports[1].rows_duplicate == 1
    assert fetch(ws_path, "SELECT count(*) FROM feedback") == [(1,)]


def test_qualtrics_2016_layout_with_dict_import_ids(ws, ws_path):
    path = QUALTRICS / "QualtricsTools_Sample_Survey_Insights.csv"
    plan = plan_import(path)
    assert "2016 layout" in plan.table.shape
    assert len(plan.table.names) == 190
    assert len(plan.table.data) == 5
    texts = [c.name for c in plan.mapping.of(Role.TEXT)]
    assert "Q52" in texts  # the free-response question
    [report] = import_files(ws, [path])
    assert report.rows_imported == 5
    rows = fetch(ws_path, "SELECT external_id, text, submitted FROM feedback ORDER BY id")
    assert [r[0] for r in rows][:2] == ["R_e8z6glNpLL4PkcR", "R_7NT5RemfRQtuKzz"]
    assert not any("ImportId" in r[1] for r in rows)
    assert all(utc(r[2]).date() == dt.date(2016, 5, 13) for r in rows)


def test_google_play_export(ws, ws_path):
    path = EXPORTS / "google_play_review_export_fennec_3rows.csv"
    plan = plan_import(path)
    assert plan.mapping.kind == SourceKind.APP_REVIEWS
    assert plan.mapping.first(Role.TEXT).name == "Review Text"
    assert plan.mapping.first(Role.RATING).name == "Star Rating"
    assert plan.mapping.first(Role.SUBMITTED).name == "Review Submit Date and Time"
    [report] = import_files(ws, [path])
    assert report.rows_imported == 3  # the row with a rating and no text is kept
    rows = fetch(ws_path, "SELECT text, title, rating, rating_high, csat, submitted, app_version "
                          "FROM feedback ORDER BY submitted")  # fmt: skip
    assert rows[0][1] == "😉😉😉"  # the emoji-only title survives
    assert rows[0][0].startswith("This app is totally lit")
    assert utc(rows[0][5]) == dt.datetime(2017, 12, 26, 22, 30, 31, tzinfo=dt.UTC)
    assert all(r[2] == 5 and r[3] == 5 and r[4] == 5 for r in rows)
    assert rows[2][0] == "" and rows[2][6] == "58.0.2"


@pytest.mark.parametrize("month, count", [("06", 56), ("07", 48)])
def test_support_tickets_with_html_bodies(ws, ws_path, month, count):
    path = TICKETS / f"2025-{month}-sumo-thunderbird-android-questions.csv"
    plan = plan_import(path)
    assert plan.mapping.kind == SourceKind.TICKETS
    assert plan.mapping.first(Role.TICKET_ID).name == "id"
    [report] = import_files(ws, [path])
    assert report.rows_imported == count
    rows = fetch(ws_path, "SELECT external_id, text, title, submitted, ticket_status, tags, "
                          "topic, customer_name FROM feedback ORDER BY id")  # fmt: skip
    assert not any("<p>" in r[1] or "<br" in r[1] for r in rows)
    assert all(r[0].isdigit() for r in rows)
    if month == "06":
        first = rows[0]
        assert first[0] == "1514923"
        assert first[1].startswith("I'm not happy with the way the mailbox folders")
        assert "\n" in first[1]  # paragraphs stay paragraphs
        assert first[2] == "Thunderbird on Android Mobil Phone"
        # 2025-06-01 09:02:56 -0700 is 16:02:56 UTC
        assert utc(first[3]) == dt.datetime(2025, 6, 1, 16, 2, 56, tzinfo=dt.UTC)
        assert first[4] == "open"
        assert first[5] == "thunderbird-android; customization"
        assert first[6] == "customization"
        assert first[7] == "sabine.haluszka-seidel"


def test_ticket_replies_keep_ticket_ids_as_ids(ws, ws_path):
    path = TICKETS / "2025-06-sumo-thunderbird-android-answers.csv"
    plan = plan_import(path)
    assert plan.mapping.kind == SourceKind.TICKET_REPLIES
    [report] = import_files(ws, [path])
    assert report.rows_imported == 28
    rows = fetch(ws_path, "SELECT ticket_id, created, text FROM ticket_reply ORDER BY id")
    assert rows[0][0] == "1514923"
    assert utc(rows[0][1]) == dt.datetime(2025, 6, 2, 4, 36, 11, tzinfo=dt.UTC)
    assert not any("<a " in r[2] for r in rows)


@pytest.mark.parametrize(
    "name, first_value",
    [
        ("ec2_request_latency_system_failure", 45.868),
        ("ec2_cpu_utilization_24ae8d", None),
        ("elb_request_count_8c0756", None),
    ],
)
def test_nab_metric_series(ws, ws_path, name, first_value):
    path = METRICS / "nab" / f"{name}.csv"
    plan = plan_import(path)
    assert plan.mapping.kind == SourceKind.METRICS
    [report] = import_files(ws, [path])
    assert report.series == [name]
    [(series_id, sname)] = fetch(ws_path, "SELECT id, name FROM metric_series")
    assert sname == name
    points = fetch(ws_path, "SELECT ts, value FROM metric_point WHERE series_id=? ORDER BY ts",
                   (series_id,))  # fmt: skip
    distinct_times = len({line.split(",")[0] for line in path.read_text().splitlines()[1:]})
    assert len(points) == distinct_times == report.rows_imported
    first_line = path.read_text().splitlines()[1].split(",")
    first_time = dt.datetime.strptime(first_line[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
    assert utc(points[0][0]) == first_time
    if first_value is not None:
        assert points[0][1] == pytest.approx(first_value)


def test_daylight_saving_repeats_are_averaged_and_said(ws, ws_path):
    path = METRICS / "nab" / "ec2_request_latency_system_failure.csv"
    [report] = import_files(ws, [path])
    assert any("share a time stamp" in n for n in report.notices)
    stamp = dt.datetime(2014, 3, 9, 3, 0, tzinfo=dt.UTC).timestamp()
    [(value,)] = fetch(ws_path, "SELECT value FROM metric_point WHERE ts=?", (stamp,))
    repeated = [float(line.split(",")[1]) for line in path.read_text().splitlines()
                if line.startswith("2014-03-09 03:00:00")]  # fmt: skip
    assert len(repeated) == 12
    assert value == pytest.approx(sum(repeated) / len(repeated))


def test_reimporting_everything_adds_nothing(ws, ws_path, real_data):
    files = sorted((real_data / "exports").rglob("*.csv"))
    files += sorted((real_data / "metrics").rglob("*.csv"))
    first = import_files(ws, files)
    counts = fetch(ws_path, "SELECT (SELECT count(*) FROM feedback), (SELECT count(*) FROM "
                            "metric_point), (SELECT count(*) FROM ticket_reply)")  # fmt: skip
    # the legacy sample repeats the current one; the desktop month holds 1,329 questions
    assert counts[0][0] == 1 + 5 + 3 + 56 + 48 + 1329
    second = import_files(ws, files)
    assert sum(r.rows_imported for r in second) == 0
    assert sum(r.rows_duplicate for r in second) == sum(r.rows_imported for r in first) + 1
    assert fetch(ws_path, "SELECT (SELECT count(*) FROM feedback), (SELECT count(*) FROM "
                          "metric_point), (SELECT count(*) FROM ticket_reply)") == counts  # fmt: skip


def test_mapping_is_remembered_per_layout(ws):
    path = TICKETS / "2025-06-sumo-thunderbird-android-questions.csv"
    plan = plan_import(path, ws)
    assert not plan.mapping.remembered
    plan.mapping.set_role(plan.table.names.index("locale"), Role.SEGMENT)
    from fbdesk.services.importing import import_plans

    import_plans(ws, [plan])
    # Next month's export has the same layout: the corrected mapping is used without asking.
    july = plan_import(TICKETS / "2025-07-sumo-thunderbird-android-questions.csv", ws)
    assert july.mapping.remembered
    assert july.mapping.first(Role.SEGMENT).name == "locale"
