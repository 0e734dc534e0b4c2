"""Releases: the list (entered, imported, proposed from app versions), release periods as a
second slice of time beside quarters, and the before/after comparison of each release."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from fbdesk.domain.errors import FbdeskError


def day(text: str) -> float:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).timestamp()


def test_release_periods_slice_time_beside_quarters_every_item_once(demo_engine_ws):
    """Every item falls in exactly one quarter and in at most one release period; each period
    holds exactly the dated items from its release's day to the next release's."""
    from fbdesk.services import releases

    items = releases.item_slices(demo_engine_ws)
    total = demo_engine_ws.conn.execute("SELECT count(*) FROM feedback").fetchone()[0]
    assert len(items) == total == items["id"].nunique()  # one row per item: one quarter each
    assert items["cycle"].isin(["2026-Q2", "2026-Q3"]).all()
    by_quarter = items["cycle"].value_counts()
    assert by_quarter.sum() == total
    listed = releases.release_list(demo_engine_ws)
    assert [(r.version, r.released) for r in listed] == [
        ("4.13.0", day("2026-07-21")), ("4.14.0", day("2026-09-01"))]  # fmt: skip
    in_period = items[items["release"] != ""]
    ts = items["ts"].to_numpy()
    first = (ts >= day("2026-07-21")) & (ts < day("2026-09-01"))
    second = ts >= day("2026-09-01")
    assert (items["release"] == "4.13.0").sum() == first.sum() > 1000
    assert (items["release"] == "4.14.0").sum() == second.sum() > 1000
    assert len(in_period) == first.sum() + second.sum()  # none counted in two periods
    outside = items[items["release"] == ""]
    assert (outside["ts"].isna() | (outside["ts"] < day("2026-07-21"))).all()
    # Both releases lie inside Q3: every item of a release period is a Q3 item, and the
    # quarter slice and the release slice count the same items where they overlap.
    assert (in_period["cycle"] == "2026-Q3").all()
    q3 = items[items["cycle"] == "2026-Q3"]
    assert len(q3[q3["release"] == ""]) + len(in_period) == len(q3)


def test_a_release_added_between_splits_a_period_and_undo_puts_it_back(demo_engine_ws):
    from fbdesk.services import releases

    before = releases.item_slices(demo_engine_ws)["release"].value_counts().to_dict()
    undo = releases.add(demo_engine_ws, "4.13.5", "2026-08-10", "hotfix")
    after = releases.item_slices(demo_engine_ws)["release"].value_counts().to_dict()
    assert after["4.13.0"] + after["4.13.5"] == before["4.13.0"]
    assert after["4.14.0"] == before["4.14.0"] and after[""] == before[""]
    redo = undo.apply(demo_engine_ws)
    assert releases.item_slices(demo_engine_ws)["release"].value_counts().to_dict() == before
    redo.apply(demo_engine_ws)
    assert "4.13.5" in {r.version for r in releases.release_list(demo_engine_ws)}


def test_a_date_that_is_not_a_date_is_refused_and_nothing_changes(demo_engine_ws):
    from fbdesk.services import releases

    with pytest.raises(FbdeskError, match="2026-07-21"):
        releases.add(demo_engine_ws, "5.0", "21/07/26")
    assert len(releases.release_list(demo_engine_ws)) == 2


def test_releases_are_proposed_from_the_app_versions_of_reviews(demo_engine_ws):
    from fbdesk.services import releases

    found = {p.version: p for p in releases.propose(demo_engine_ws)}
    assert found["4.13.0"].released == day("2026-07-21") and found["4.13.0"].listed
    assert found["4.14.0"].released == day("2026-09-01") and found["4.14.0"].listed
    assert not found["4.12.1"].listed
    releases.accept_proposals(demo_engine_ws, list(found.values()))
    assert {"4.12.0", "4.12.1"} <= {r.version for r in releases.release_list(demo_engine_ws)}


def test_a_release_list_file_is_imported_whole_or_refused_with_row_and_column(demo_engine_ws, tmp_path):
    from fbdesk.services import releases

    good = tmp_path / "releases.csv"
    good.write_text("Version,Release date,Notes\n5.0.0,2026-09-20,Dark mode\n\n"
                    "4.14.0,2026-09-02,moved a day\n", encoding="utf-8")  # fmt: skip
    releases.import_list(demo_engine_ws, good)
    listed = {r.version: r for r in releases.release_list(demo_engine_ws)}
    assert listed["5.0.0"].notes == "Dark mode" and listed["4.14.0"].released == day("2026-09-02")
    bad = tmp_path / "bad.csv"
    bad.write_text("Version,Date\n6.0,2026-10-01\n6.1,someday\n", encoding="utf-8")
    with pytest.raises(FbdeskError) as err:
        releases.import_list(demo_engine_ws, bad)
    assert "row 3" in err.value.message and "'Date'" in err.value.message
    assert "6.0" not in {r.version for r in releases.release_list(demo_engine_ws)}


def test_the_comparison_finds_the_crash_rate_rise_and_judges_only_on_enough(demo_engine_ws):
    """4.14.0: the mobile app's crash rate rises clearly; CSAT is given with its n and
    interval; a theme with too few items is not judged."""
    from fbdesk.services import releases
    from fbdesk.services.minimums import set_minimums

    found = {c.release.version: c for c in releases.compare(demo_engine_ws)}
    assert set(found) == {"4.13.0", "4.14.0"}
    c = found["4.14.0"]
    assert c.window.days == 28 and c.next_version is None
    crash = next(m for m in c.metrics if m.measure == "Mobile app crash rate")
    assert crash.clear and crash.low > 0.5 and crash.n_before == crash.n_after == 28
    assert c.metrics[0] is crash  # the clearest change first
    csat = c.satisfaction[0]
    assert csat.measure == "CSAT" and csat.judged and csat.n_before > 300 and csat.n_after > 300
    assert csat.low < csat.impact < csat.high
    # A figure below the workspace's minimum is given with its n and not judged.
    set_minimums(demo_engine_ws, {"ratings": csat.n_after + 1})
    again = {x.release.version: x for x in releases.compare(demo_engine_ws)}["4.14.0"]
    assert not again.satisfaction[0].judged and again.satisfaction[0].n_after == csat.n_after


def test_windows_never_reach_into_another_release():
    from fbdesk.analysis import releases as rel

    spans = rel.periods([rel.Release("b", day("2026-07-10")), rel.Release("a", day("2026-07-01")),
                         rel.Release("c", day("2026-09-01"))])  # fmt: skip
    assert [p.version for p in spans] == ["a", "b", "c"]
    assert rel.window(spans, 0, day("2026-10-01")).days == 9  # the next release is 9 days on
    assert rel.window(spans, 1, day("2026-10-01")).days == 9  # the previous one 9 days back
    assert rel.window(spans, 2, day("2026-09-15")).days == 14  # the data end 14 days on
    idx = rel.period_index(np.array([day("2026-06-30"), day("2026-07-01"), np.nan,
                                     day("2026-07-10"), day("2027-01-01")]), spans)  # fmt: skip
    assert idx.tolist() == [-1, 0, -1, 1, 2]


def test_a_release_list_workbook_with_date_cells_is_imported(demo_engine_ws, tmp_path):
    from openpyxl import Workbook

    from fbdesk.services import releases

    path = tmp_path / "releases.xlsx"
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Release", "Released on", "What changed"])
    sheet.append(["5.1.0", dt.datetime(2026, 10, 5), "Bulk export"])
    sheet.append(["5.2.0", dt.datetime(2026, 11, 2), ""])
    wb.save(path)
    releases.import_list(demo_engine_ws, path)
    listed = {r.version: r for r in releases.release_list(demo_engine_ws)}
    assert listed["5.1.0"].released == day("2026-10-05") and listed["5.1.0"].notes == "Bulk export"
    assert listed["5.2.0"].released == day("2026-11-02") and len(listed) == 4
