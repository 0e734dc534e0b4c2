"""The targets dialog takes the outcome KPIs' targets: a fall in technical issues is a negative
change, the correlation is reported until a target is set."""

from __future__ import annotations

from fbdesk.domain.kpi import kpi
from fbdesk.ui.targets_dialog import TargetsDialog


def test_outcome_targets_have_their_own_ranges(qtbot):
    shown = [kpi("technical_issues", 5.0, "x"), kpi("satisfaction_relation", 0.34, "y")]
    d = TargetsDialog(shown, "2026-Q3", 0)
    qtbot.addWidget(d)
    tech, rel = d.boxes["technical_issues"], d.boxes["satisfaction_relation"]
    assert tech.value() == -70.0 and tech.minimum() == -100.0
    assert rel.value() == 0.0 and rel.text() == "reported, no target" and rel.maximum() == 1.0
    rel.setValue(0.4)
    assert d.targets()["satisfaction_relation"] == 0.4 and rel.decimals() == 2
    assert d.targets()["recommendation_coverage"] == 90.0
