"""The key drivers of a workspace: classified items only, quotes that carry the driver,
measured again when labels change and not when a decision is recorded."""

from __future__ import annotations

from fbdesk.services import drivers as key_drivers
from fbdesk.services import prioritize
from fbdesk.services.review import LabelCommand, apply_all


def q3(ws) -> int:
    return ws.conn.execute("SELECT id FROM cycle WHERE name = '2026-Q3'").fetchone()[0]


def test_quotes_are_comments_of_items_carrying_the_driver(demo_engine_ws):
    run = key_drivers.drivers(demo_engine_ws, q3(demo_engine_ws))
    d = run.top(1)[0]
    driver = next(x for x in run.models["CSAT"].drivers if x.area is None
                  and run.name(x.themes) == d.theme)  # fmt: skip
    quotes = run.quotes[("CSAT", driver.themes, None)]
    assert len(quotes) == 3
    frame = key_drivers.items(demo_engine_ws, q3(demo_engine_ws))
    carrying = frame[[bool(set(driver.themes) & set(ts)) for ts in frame["theme_list"]]]
    assert set(quotes) <= set(carrying["text"])
    rated = carrying.set_index("text")["csat"]
    assert max(rated[q].min() for q in quotes) <= 2  # the lowest rated first, for a cost


def test_a_decision_does_not_measure_again_but_a_label_does(demo_engine_ws):
    cycle = q3(demo_engine_ws)
    before = key_drivers.drivers(demo_engine_ws, cycle).models["CSAT"]
    key = prioritize.rank(demo_engine_ws, cycle).frame.iloc[0]["key"]
    prioritize.decide(demo_engine_ws, key, status="planned", decision="Faster checkout")
    assert key_drivers.drivers(demo_engine_ws, cycle).models["CSAT"] is before
    ids = [i for (i,) in demo_engine_ws.conn.execute(
        "SELECT id FROM feedback WHERE cycle_id = ? AND csat = 1 ORDER BY id LIMIT 60",
        (cycle,))]  # fmt: skip
    apply_all(demo_engine_ws, [LabelCommand(i, "themes", "billing") for i in ids])
    after = key_drivers.drivers(demo_engine_ws, cycle).models["CSAT"]
    assert after is not before
    old, new = (next(d for d in m.drivers if d.themes == ("billing",)) for m in (before, after))
    assert new.n_with > old.n_with and new.impact < old.impact


def test_unclassified_items_are_left_out(demo_engine_ws):
    cycle = q3(demo_engine_ws)
    total = demo_engine_ws.conn.execute("SELECT count(*) FROM feedback WHERE cycle_id = ?",
                                 (cycle,)).fetchone()[0]  # fmt: skip
    with demo_engine_ws.transaction() as conn:
        conn.execute("DELETE FROM classification WHERE item_id IN (SELECT id FROM feedback "
                     "WHERE cycle_id = ? ORDER BY id LIMIT 100)", (cycle,))  # fmt: skip
    run = key_drivers.drivers(demo_engine_ws, cycle)
    assert run.unclassified == 100 and run.classified == total - 100
