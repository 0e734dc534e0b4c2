"""The Key drivers tab of the Correlate step: the quadrant with its intervals, the table, the
hover with numbers and quotes, an area chosen, and a new reading after labels change."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(demo_window):
    return demo_window("Correlate", lambda w: w.correlate_page.drivers.run is not None)


def test_the_quadrant_shows_every_judged_driver_with_its_interval(qtbot, window):
    p = window.correlate_page
    p.tabs.setCurrentIndex(1)
    v = p.drivers
    assert v.outcome.currentText() == "CSAT" and v.area.currentText() == "All areas"
    assert [v.outcome.itemText(i) for i in range(v.outcome.count())] == ["CSAT", "NPS"]
    assert "Checkout" in [v.area.itemText(i) for i in range(v.area.count())]
    model = v.run.models["CSAT"]
    judged = [d for d in model.drivers if d.judged]
    plot = v.plot
    assert len(plot.lines) == len(judged) == len(plot.points.data) > 3
    xs, ys = plot.points.getData()
    assert sorted(xs) == sorted(d.n_with for d in judged)
    assert sorted(ys) == pytest.approx(sorted(d.impact for d in judged))
    import pyqtgraph as pg

    bars = [i for i in plot.plot.items if isinstance(i, pg.ErrorBarItem)]
    assert len(bars) == 1 and len(bars[0].opts["x"]) == len(judged)
    assert v.table.rowCount() == len(model.drivers)
    assert v.table.item(0, 0).text() == plot.lines[0].theme  # most points lost first
    assert "R² 0." in v.summary.text() and "2,563 rated items" in v.summary.text()


def test_hovering_a_point_shows_its_numbers_and_three_quotes(qtbot, window):
    v = window.correlate_page.drivers
    plot = v.plot
    i = next(n for n, ln in enumerate(plot.lines) if ln.clear and ln.impact < 0)
    tip = plot.describe(i)
    line = plot.lines[i]
    assert f"costs {-line.impact:.2f} CSAT points" in tip
    assert f"{line.n_with:,} rated items with it" in tip and tip.count("“") == 3
    spot = plot.points.points()[i]
    plot._hovered(plot.points, [spot], None)  # what pyqtgraph calls on hover
    assert plot.caption.text() == tip
    assert plot.points.opts["tip"](x=0, y=0, data=i) == tip


def test_an_area_shows_its_own_drivers(qtbot, window):
    v = window.correlate_page.drivers
    v.area.setCurrentIndex(v.area.findText("Checkout"))
    assert "CSAT over Checkout" in v.summary.text()
    assert v.plot.lines and all(ln.area == "Checkout" for ln in v.plot.lines)
    assert {v.table.item(r, 1).text() for r in range(v.table.rowCount())} == {"Checkout"}
    v.outcome.setCurrentIndex(v.outcome.findText("NPS"))
    assert "NPS over" in v.summary.text() and v.plot.lines[0].outcome == "NPS"


def test_the_drivers_are_read_again_when_the_labels_change(qtbot, window):
    from fbdesk.services.review import LabelCommand, apply_all
    from fbdesk.ui.runner import Op
    from fbdesk.ui.session import Changes

    v = window.correlate_page.drivers
    before = v.run
    ids = [int(i) for (i,) in window.session.ws.conn.execute(
        "SELECT f.id FROM feedback f JOIN cycle c ON c.id = f.cycle_id WHERE c.name = "
        "'2026-Q3' AND f.csat = 1 ORDER BY f.id LIMIT 80")]  # fmt: skip
    edit = [LabelCommand(i, "themes", "billing") for i in ids]
    window.runner.run(Op(lambda ws, _p: apply_all(ws, edit), "Relabelling",
                         changes=Changes(labels=True, item_ids=tuple(ids))))  # fmt: skip
    qtbot.waitUntil(lambda: window.runner.idle and v.run is not before, timeout=60_000)
    billing = next(d for d in v.run.models["CSAT"].drivers if "billing" in d.themes)
    old = next(d for d in before.models["CSAT"].drivers if "billing" in d.themes)
    assert billing.n_with > old.n_with and billing.impact < old.impact


def test_the_themes_names_do_not_print_over_each_other(qtbot, window):
    """Bug report, Usability & UX and Integrations & API sit within a few items and points of
    each other on the demo: each name goes where no other name is, as the window is sized."""
    import pyqtgraph as pg

    window.resize(1280, 800)
    p = window.correlate_page
    p.tabs.setCurrentIndex(1)
    plot = p.drivers.plot
    names = {ln.theme for ln in plot.lines}
    for size in ((1280, 800), (1024, 700)):
        window.resize(*size)
        qtbot.wait(200)
        labels = [i for i in plot.plot.items if isinstance(i, pg.TextItem)
                  and i.toPlainText() in names]  # fmt: skip
        assert len(labels) == len(names)
        boxes = [label.sceneBoundingRect() for label in labels]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.intersects(b), (size, a, b)
