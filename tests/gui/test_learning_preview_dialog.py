"""The window applies learning by itself only when it changes at most 2 % of the cycle's
items; beyond that it shows what would change and asks: Apply, or keep the current labels."""

from __future__ import annotations

import pytest

from fbdesk.services.classify import classify
from fbdesk.services.importing import import_files
from fbdesk.services.review import LabelCommand
from fbdesk.store.workspace import Workspace
from fbdesk.ui.learning_dialog import LearningPreviewDialog
from fbdesk.ui.main_window import MainWindow
from tests.conftest import EXPORTS

DESKTOP = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"


@pytest.fixture
def forum(tmp_path):
    """The forum month (1,329 items) and 60 more: 20 parcels and 40 invoices, each group the
    same words but for a number (what the assessor labels in one is learned for the others)."""
    extra = tmp_path / "post.csv"
    extra.write_text("comment,date\n" + "".join(
        [f"Parcel {i} arrived on Tuesday,2025-07-{i % 28 + 1:02d}\n" for i in range(20)]
        + [f"Invoice {i} was sent by post,2025-07-{i % 28 + 1:02d}\n" for i in range(40)]))  # fmt: skip
    path = tmp_path / "forum.fbdesk"
    with Workspace.open(path, create=True) as ws:
        import_files(ws, [DESKTOP, extra])
        classify(ws)
        ids = {t.split()[0]: i for i, t in ws.conn.execute(
            "SELECT id, text FROM feedback WHERE text LIKE 'Parcel 0 %' "
            "OR text LIKE 'Invoice 0 %'")}  # fmt: skip
        assert ws.conn.execute("SELECT count(*) FROM feedback").fetchone() == (1389,)
    return path, ids


def sentiments(w, prefix: str) -> set[str]:
    return {s for (s,) in w.session.ws.conn.execute(
        "SELECT c.sentiment_label FROM classification c JOIN feedback f ON f.id = c.item_id "
        "WHERE f.text LIKE ? AND NOT EXISTS (SELECT 1 FROM assessor_label l "
        "WHERE l.item_id = f.id)", (prefix + " %",))}  # fmt: skip


def learn(qtbot, w, label_item: int) -> None:
    from fbdesk.services.edits import Labels

    w.review._push(Labels((LabelCommand(label_item, "sentiment", "negative"),)), "Set sentiment")
    qtbot.waitUntil(lambda: w.runner.idle, timeout=30_000)
    w.review_page.rescore.click()
    qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)


def test_little_change_is_applied_by_itself_and_more_is_asked(qtbot, forum, monkeypatch):
    path, ids = forum
    asked = []
    answer = [LearningPreviewDialog.DialogCode.Rejected]

    def exec_(dialog):
        asked.append((dialog.summary.text(), dialog.distribution.rowCount(),
                      dialog.flips.rowCount()))  # fmt: skip
        return answer[0]

    monkeypatch.setattr(LearningPreviewDialog, "exec", exec_)
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.session.ws is not None and w.runner.idle, timeout=60_000)
    assert w.cycle.currentText() == "2025-Q3"
    assert sentiments(w, "Parcel") == sentiments(w, "Invoice") == {"neutral"}

    # 19 parcels of 1,389 items (1.4 %): applied without asking, one undo step.
    learn(qtbot, w, ids["Parcel"])
    assert asked == [] and sentiments(w, "Parcel") == {"negative"}
    assert "(the labels of 19 changed)" in w.review_page.banner_text.text()
    assert w.undo_stack.undoText() == "Learning from labels (19 items re-scored)"

    # 39 invoices (2.8 %): asked; kept, nothing changes and the banner says so.
    learn(qtbot, w, ids["Invoice"])
    [(summary, rows, flips)] = asked
    assert summary.startswith("Learning would change the labels of 39 of the 1,389 items (2.8%)")
    # the sentiment heading and its four values ("not scored (language)" the fourth); 8 examples
    assert rows == 5 and flips == 8
    assert sentiments(w, "Invoice") == {"neutral"}
    banner = w.review_page.banner_text.text()
    assert banner.startswith("You kept the current labels: what was learned from your labels "
                             "is kept aside and the rules decide")  # fmt: skip
    assert "39 of the 1,389 items (2.8%)" in banner

    # Asked again and applied: the invoices follow the label, as one undo step.
    answer[0] = LearningPreviewDialog.DialogCode.Accepted
    w.review_page.rescore.click()
    qtbot.waitUntil(lambda: w.runner.idle and len(asked) == 2, timeout=60_000)
    qtbot.waitUntil(lambda: w.runner.idle, timeout=60_000)
    assert sentiments(w, "Invoice") == {"negative"}
    assert "(the labels of 39 changed)" in w.review_page.banner_text.text()
    w.undo_stack.undo()
    qtbot.waitUntil(lambda: w.runner.idle and sentiments(w, "Invoice") == {"neutral"},
                    timeout=30_000)  # fmt: skip
    w.close()
