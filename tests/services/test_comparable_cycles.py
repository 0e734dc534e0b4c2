"""A trend or a 'met' only where the numbers can carry it: cycles of other kinds of source are
not compared, and a KPI on fewer than the minimum sample is too few to judge."""

from __future__ import annotations

from fbdesk.domain.kpi import MIN_SAMPLE, KpiValue
from tests.conftest import EXPORTS

JUNE = EXPORTS / "support_tickets" / "2025-06-sumo-thunderbird-android-questions.csv"
JULY = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-android-questions.csv"
PLAY = EXPORTS / "google_play_review_export_fennec_3rows.csv"


def test_a_kpi_on_too_few_is_neither_met_nor_missed():
    few = KpiValue("csat", "Customer satisfaction", 5.0, "/5", 4.3, "2 rated items", n=2)
    enough = KpiValue("csat", "Customer satisfaction", 5.0, "/5", 4.3, "", n=MIN_SAMPLE)
    assert few.thin and few.met is None and few.to_json()["thin"] is True
    assert enough.met is True


def test_trends_only_against_a_cycle_of_the_same_kinds_of_source(engine_ws):
    ws = engine_ws
    from fbdesk.services import comparable, prioritize
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.stats import scope

    import_files(ws, [JUNE, JULY])
    classify(ws)
    q3 = scope(ws, "2025-Q3").cycle
    prev, why = comparable.previous_comparable(ws, q3)
    assert prev == scope(ws, "2025-Q2").cycle and why == ""

    import_files(ws, [PLAY])  # two reviews from long before: the cycle before June's
    classify(ws)
    q2 = scope(ws, "2025-Q2").cycle
    prev, why = comparable.previous_comparable(ws, q2)
    assert prev is None
    assert why.endswith("is not comparable: it holds app_reviews, this cycle tickets")
    ranking = prioritize.rank(ws, q2, evidence=False)
    assert len(ranking.frame) and ranking.frame["trend"].eq(1.0).all()
    key = ranking.frame["key"].iloc[0]
    assert any(line.endswith(why) for line in ranking.explain(key))


DESKTOP = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"


def test_a_cycle_whose_feedback_is_about_another_product_is_not_compared(engine_ws):
    """June holds Android questions only; July adds the desktop product's 1,329: the themes,
    urgent counts and trends would all 'rise' from a new export, not from customers."""
    ws = engine_ws
    from fbdesk.services import comparable, prioritize
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.stats import scope

    import_files(ws, [JUNE, JULY, DESKTOP])
    classify(ws)
    q3 = scope(ws, "2025-Q3").cycle
    prev, why = comparable.previous_comparable(ws, q3)
    assert prev is None
    assert why == ("2025-Q2 is not comparable: it holds no tickets about thunderbird, "
                   "this cycle 1,329")
    ranking = prioritize.rank(ws, q3, evidence=False)
    assert len(ranking.frame) and ranking.frame["trend"].eq(1.0).all()
