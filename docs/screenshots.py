"""Screenshots of the window on the demo workspace, for the README: docs/*.png.

Run: QT_QPA_PLATFORM=offscreen uv run python docs/screenshots.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fbdesk.ui.main_window import STEPS, MainWindow

HERE = Path(__file__).resolve().parent


def settle(app, window) -> None:
    """Let the step's background work start, finish and paint."""
    import time

    start = time.monotonic()
    while time.monotonic() - start < 60:
        app.processEvents()
        time.sleep(0.02)
        if window.runner.idle and time.monotonic() - start > 1:
            break
    for _ in range(10):
        app.processEvents()


def inbox_shot(app, window, tmp: Path) -> None:
    """A watched folder receives today's survey file with an outage report, and a file fbdesk
    cannot map: the badge, the alert and the Inbox list."""
    import datetime as dt
    import time

    folder = tmp / "Survey exports"
    folder.mkdir()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    (folder / "pulse-today.csv").write_text(
        "Response ID,Submitted,Satisfaction (1-5),What could we improve?\n"
        f'T1,{now},1,"Outage: checkout is down, every payment attempt times out"\n'
        f'T2,{now},5,"Love the new dashboard, much clearer than before"\n'
    )
    (folder / "budget.csv").write_text("a,b\n1,2\n")
    old = time.time() - 60
    for f in folder.iterdir():
        os.utime(f, (old, old))
    window.steps.setCurrentRow(STEPS.index("Review"))
    window.inbox.watch(str(folder))
    settle(app, window)
    window.inbox.open()
    window.resize(1500, 860)
    settle(app, window)
    window.inbox.panel.alerts.setCurrentItem(window.inbox.panel.alerts.topLevelItem(0))
    app.processEvents()
    window.grab().save(str(HERE / "inbox.png"))
    window.inbox.dock.hide()
    window.resize(1400, 820)


def learned_shot(app, window) -> None:
    """The assessor has confirmed 300 themes: fbdesk learns from them in the background and the
    side panel says which words weighed most for an item nobody has reviewed."""
    from fbdesk.services.review import LabelCommand, apply
    from fbdesk.ui.runner import Op
    from fbdesk.ui.session import Changes

    def confirm(ws, _progress) -> None:
        rows = ws.conn.execute("SELECT item_id, primary_theme FROM classification WHERE "
                               "primary_theme IS NOT NULL ORDER BY item_id LIMIT 300").fetchall()  # fmt: skip
        for item, theme in rows:
            apply(ws, LabelCommand(item, "primary_theme", theme))

    window.runner.run(Op(confirm, "Confirming themes", changes=Changes(labels=True)))
    settle(app, window)
    window.steps.setCurrentRow(STEPS.index("Review"))
    window.review_page.rescore.click()
    settle(app, window)
    page = window.review_page
    page.reviewed.setCurrentIndex(page.reviewed.findData(False))
    page.search.setText("slow")
    app.processEvents()
    page.table.selectRow(1)
    app.processEvents()
    window.grab().save(str(HERE / "learned.png"))


def laptop_shots(app, window) -> None:
    """The overview and the Review step on a laptop's screen: 1024×700 and 1280×800."""
    for size in ((1024, 700), (1280, 800)):
        window.resize(*size)
        for step in ("Overview", "Review"):
            window.steps.setCurrentRow(STEPS.index(step))
            settle(app, window)
            if step == "Review":
                window.review_page.table.selectRow(2)
                app.processEvents()
            window.grab().save(str(HERE / f"{step.lower()}-{size[0]}.png"))
    window.resize(1400, 820)


def drivers_shot(app, window) -> None:
    """Correlate's Key drivers tab, the costliest sure driver under the mouse."""
    window.steps.setCurrentRow(STEPS.index("Correlate"))
    page = window.correlate_page
    page.tabs.setCurrentIndex(1)
    settle(app, window)
    plot = page.drivers.plot
    costly = [i for i, ln in enumerate(plot.lines) if ln.clear and ln.impact < 0]
    if costly:
        plot.caption.setText(plot.describe(costly[0]))
    app.processEvents()
    window.grab().save(str(HERE / "drivers.png"))
    page.tabs.setCurrentIndex(0)


def releases_shots(app, window) -> None:
    """Releases and adoption: before and after 4.14.0, and adoption per area."""
    window.releases.open()
    dialog = window.releases.dialog
    dialog.resize(1100, 700)
    settle(app, window)
    dialog.tabs.setCurrentIndex(1)
    app.processEvents()
    dialog.grab().save(str(HERE / "releases.png"))
    dialog.tabs.setCurrentIndex(2)
    app.processEvents()
    dialog.grab().save(str(HERE / "adoption.png"))
    dialog.close()


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from fbdesk.resources import resource_path
    from fbdesk.services.demo import write_demo, write_demo_files
    from fbdesk.services.importing import plan_import
    from fbdesk.ui.mapping_dialog import MappingDialog

    app = QApplication([])
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.fbdesk"
        write_demo(path)  # as `fbdesk demo` writes it: classified, the evidence kept
        window = MainWindow(path)
        window.resize(1400, 820)
        window.show()
        while window.session.ws is None:  # it paints first, then opens the workspace
            app.processEvents()
        settle(app, window)  # the overview it opens on
        laptop_shots(app, window)
        for name in ("import", "review"):
            window.steps.setCurrentRow(STEPS.index(name.capitalize()))
            if name == "review":
                window.review_page.table.selectRow(2)
            app.processEvents()
            window.grab().save(str(HERE / f"{name}.png"))
        window.cycle.setCurrentIndex(0)  # all cycles: the whole half-year
        for name in ("correlate", "prioritize"):
            window.steps.setCurrentRow(STEPS.index(name.capitalize()))
            settle(app, window)
            window.grab().save(str(HERE / f"{name}.png"))
        drivers_shot(app, window)
        releases_shots(app, window)
        inbox_shot(app, window, Path(tmp))
        learned_shot(app, window)
        window.review.edit_taxonomy()
        settle(app, window)
        window.review.taxonomy_dialog.themes.selectRow(0)
        app.processEvents()
        window.review.taxonomy_dialog.grab().save(str(HERE / "taxonomy.png"))
        window.review.taxonomy_dialog.reject()
        window.review.discover_themes()
        settle(app, window)
        window.review.discovery_dialog.resize(1000, 520)
        app.processEvents()
        window.review.discovery_dialog.grab().save(str(HERE / "discovery.png"))
        window.review.discovery_dialog.close()
        window.close()
        files = write_demo_files(Path(tmp))
        dialog = MappingDialog(
            [plan_import(files["feedback"][0]), plan_import(files["feedback"][1])]
        )
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(HERE / "mapping.png"))
        dialog.close()


if __name__ == "__main__":
    main()
