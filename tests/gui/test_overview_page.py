"""The overview the window opens on, "Classify again", and pages that say what is missing."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from fbdesk.services.importing import import_files
from fbdesk.store.workspace import Workspace
from fbdesk.ui.main_window import STEPS, MainWindow


def opened(qtbot, path, size=(1280, 800)) -> MainWindow:
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitUntil(lambda: w.session.ws is not None, timeout=10_000)
    idle(qtbot, w, lambda: w.overview.page.overview is not None)
    return w


def idle(qtbot, w, ready=lambda: True) -> None:
    qtbot.waitUntil(lambda: w.runner.idle and ready(), timeout=60_000)


def survey(tmp_path, rows: str, name: str = "small.fbdesk", classify: bool = False):
    path = tmp_path / name
    src = tmp_path / f"{name}.csv"
    src.write_text("comment,rating,date\n" + rows)
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [src])
        if classify:
            from fbdesk.services.classify import classify as run

            run(ws)
    return path


SLOW = "".join(f"Checkout is slow and crashes {i},2,2026-07-{i + 1:02d}\n" for i in range(12))


def test_the_window_opens_on_what_is_left_to_do(qtbot, demo_window):
    w = demo_window("Overview", lambda w: w.overview.page.overview is not None)
    page, o = w.overview.page, w.overview.page.overview
    assert w.steps.currentRow() == 0 and w.pages.currentWidget() is page
    assert page.title.text() == "2026-Q3 at a glance"
    review = page.card_text("review")
    assert f"{o.unreviewed:,} of {o.items:,} items are not reviewed yet" in review
    assert f"{o.urgent_unreviewed:,} of them are urgent" in review
    decide = page.card_text("decide")
    assert "10 of the top 10 improvements have no decision yet" in decide
    assert f"#1  {o.undecided[0]['title']}" in decide and "… and 5 more." in decide
    figures = page.card_text("figures")
    assert "Processing time cannot be measured yet: no item reviewed yet." in figures
    sources = page.card_text("sources")
    assert "Customer pulse survey Q2-Q3 2026.csv" in sources
    assert "1,083 survey responses, 1 Jul – 30 Sep 2026" in sources
    assert "15 metric series, 1 Apr – 30 Sep 2026" in sources
    # The ranking the overview made is the one Prioritize shows: it is not computed again.
    assert w.prioritize_page.ranking is o.ranking and not w.prioritize.stale

    # "Review the N urgent items" opens Review on exactly those.
    button = page.buttons["reviewAction0"]
    assert button.text() == f"Review the {o.urgent_unreviewed:,} urgent items →"
    button.click()
    assert w.steps.currentRow() == STEPS.index("Review")
    r = w.review_page
    assert r.urgent.currentData() is True and r.reviewed.currentData() is False
    assert r.model.rowCount() == o.urgent_unreviewed

    # "Decide on #1" opens Prioritize on it.
    w.steps.setCurrentRow(0)
    idle(qtbot, w)
    page.buttons["decideAction0"].click()
    idle(qtbot, w)
    assert w.steps.currentRow() == STEPS.index("Prioritize")
    assert w.prioritize_page.current_key() == o.undecided[0]["key"]
    assert w.prioritize_page.title.text() == o.undecided[0]["title"]


def test_a_decision_and_a_label_show_on_the_overview_when_it_is_shown_again(qtbot, demo_window):
    from fbdesk.services.prioritize import decide
    from fbdesk.ui.runner import Op
    from fbdesk.ui.session import Changes

    w = demo_window("Overview", lambda w: w.overview.page.overview is not None)
    first = w.overview.page.overview.undecided[0]
    w.runner.run(Op(lambda ws, _p: decide(ws, first["key"], status="planned",
                                          decision="Cache the checkout totals"),
                    changes=Changes(decisions=True)))  # fmt: skip
    w.steps.setCurrentRow(STEPS.index("Import"))
    w.steps.setCurrentRow(0)
    idle(qtbot, w, lambda: w.overview.page.overview.undecided[0]["key"] != first["key"])
    assert "9 of the top 10 improvements" in w.overview.page.card_text("decide")


def test_an_unclassified_workspace_says_so_and_classifies_again(qtbot, tmp_path):
    w = opened(qtbot, survey(tmp_path, SLOW))
    page = w.overview.page
    assert "The 12 items of 2026-Q3 are not classified yet" in page.card_text("review")
    assert page.card_text("decide").startswith("Classify the feedback first")
    assert not w.review_page.state.isHidden()
    assert "not classified yet" in w.review_page.state_text.text()
    w.steps.setCurrentRow(STEPS.index("Prioritize"))
    idle(qtbot, w, lambda: w.prioritize_page.ranking is not None)
    assert w.prioritize_page.stack.currentIndex() == 1  # the reason, not an empty table
    assert "Classify the feedback first" in w.prioritize_page.empty.text()
    w.steps.setCurrentRow(0)
    page.buttons["reviewAction0"].click()  # Classify now
    assert not w.runner.idle  # in the background
    idle(qtbot, w, lambda: w.overview.page.overview.classified == 12)
    assert w.statusBar().currentMessage() == "Classified 12 items"
    assert w.review_page.state.isHidden()
    assert "12 of 12 items are not reviewed yet" in page.card_text("review")
    w.steps.setCurrentRow(STEPS.index("Prioritize"))
    idle(qtbot, w)
    assert w.prioritize_page.stack.currentIndex() == 0
    assert w.prioritize_page.table.rowCount() >= 1


def test_classify_again_is_in_the_review_menu_and_tool_bar(qtbot, tmp_path):
    w = opened(qtbot, survey(tmp_path, SLOW, classify=True))
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Review")
    names = [a.text() for a in menu.actions()]
    assert names[0] == "&Classify Again" and "&Taxonomy…" in names
    menu.actions()[0].trigger()
    assert not w.runner.idle
    idle(qtbot, w)
    assert w.statusBar().currentMessage().startswith("All 12 items were already classified")
    w.steps.setCurrentRow(STEPS.index("Review"))
    assert w.review_page.classify.isVisible() and w.review_page.classify.text() == "Classify again"
    w.review_page.classify.click()
    assert not w.runner.idle
    idle(qtbot, w)


def test_an_edit_made_while_work_runs_is_saved_once_it_ends(qtbot, tmp_path):
    w = opened(qtbot, survey(tmp_path, SLOW, classify=True))
    w.steps.setCurrentRow(STEPS.index("Review"))
    model = w.review_page.model
    column = [model.key(c) for c in range(model.columnCount())].index("sentiment")
    w.review.classify_again()
    assert not w.runner.idle
    model.setData(model.index(0, column), "positive")
    idle(qtbot, w, lambda: w.undo_stack.count() == 1)
    assert model.data(model.index(0, column)) == "positive"


def metrics_of_2024(tmp_path):
    src = tmp_path / "metrics.csv"
    rows = "".join(f"2024-01-{d:02d} 00:00:00,Checkout,p95 latency,ms,{300 + d}\n"
                   for d in range(1, 31))  # fmt: skip
    src.write_text("timestamp,service,metric,unit,value\n" + rows)
    return src


def test_a_metric_that_misses_the_feedback_says_both_periods(qtbot, tmp_path):
    path = survey(tmp_path, SLOW, classify=True)
    with Workspace.open(path) as ws:
        import_files(ws, [metrics_of_2024(tmp_path)], kind="metrics")
    w = opened(qtbot, path)
    w.steps.setCurrentRow(STEPS.index("Correlate"))
    idle(qtbot, w, lambda: w.correlate_page.run is not None)
    p = w.correlate_page
    assert p.plots.isHidden() and not p.empty.isHidden()
    assert ("The metric covers 1 Jan – 30 Jan 2024 and the feedback 1 Jul – 12 Jul 2026: they "
            "do not overlap in time") in p.empty.text()  # fmt: skip
    assert "could be tested" in p.findings.item(0).text()
    sources = w.overview.page.card_text("sources")
    assert "metrics.csv: The metric covers 1 Jan – 30 Jan 2024" in sources


def test_nothing_of_the_workspace_before_stays_after_opening_another(qtbot, demo_window, tmp_path):
    w = demo_window("Correlate", lambda w: w.correlate_page.run is not None, all_cycles=True)
    assert w.correlate_page.plots.isVisible() and w.correlate_page.metric_box.count() > 0
    w.steps.setCurrentRow(STEPS.index("Prioritize"))
    idle(qtbot, w, lambda: w.prioritize_page.table.rowCount() > 0)
    w.report_page.built({"path": "/tmp/pack.pdf", "pages": 9, "findings": 3, "improvements": 9})
    w.steps.setCurrentRow(STEPS.index("Correlate"))
    other = survey(tmp_path, SLOW, classify=True)
    w.open_workspace(other)
    idle(qtbot, w, lambda: w.session.path == other and w.correlate_page.run is not None)
    p = w.correlate_page
    assert p.metric_box.count() == 0 and p.findings.count() == 0
    assert p.plots.isHidden() and p.plots.time.fig is None
    assert "import technical metrics first" in p.empty.text()
    assert w.prioritize_page.ranking is None and w.prioritize_page.table.rowCount() == 0
    assert w.report_page.result.text() == "" and not w.report_page.open.isEnabled()


def test_an_empty_workspace_has_nothing_to_report(qtbot, tmp_path):
    path = tmp_path / "empty.fbdesk"
    Workspace.open(path, create=True).close()
    w = opened(qtbot, path)
    assert "There is no feedback in the workspace yet" in w.overview.page.card_text("review")
    w.steps.setCurrentRow(STEPS.index("Report"))
    assert not w.report_page.build.isEnabled()
    assert "Nothing to report yet" in w.report_page.gaps.text()
    assert not [b for b in w.findChildren(QMessageBox) if b.isVisible()]


def test_without_a_workspace_the_overview_says_how_to_start(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.overview.page.title.text() == "No workspace open"
    assert w.overview.page.buttons["startAction0"].text() == "Open a workspace…"
