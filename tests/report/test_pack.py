"""The PDF assessment pack: what it says equals what the command line says, hostile text stays
text, personal data is masked, and the same workspace gives the same bytes."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from fbdesk.report.pack import PackData, render
from fbdesk.services.report import Masker

HOSTILE = [
    '<img src="http://127.0.0.1:9/x.png"/> the checkout image is broken',
    '<font color="[[[x]]]">red</font> & <a href="http://127.0.0.1:9/">link</a>',
    "Latency is fine when 0.1 < a < 0.9 & b > 2",
    "Привет, оплата не проходит. Ελληνικά: η σελίδα είναι αργή. Café crème, naïve.",
    "Emoji: 🙂 ✓ ★",
]


def text_of(path) -> str:
    reader = PdfReader(str(path))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def cli(*args) -> str:
    done = subprocess.run([sys.executable, "-m", "fbdesk", *args], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout


def pack_data(**changes) -> PackData:
    base = dict(workspace="w.fbdesk", cycle="2026-Q3", period="1 Jul 2026 – 30 Sep 2026",
                author="A", date="2026-11-28", version="0", sources=[], kpis=[],
                findings=[], findings_pinned=False, figures=[], grid="day", tests=0,
                correlation_note="", improvements=[], weights={"severity": 1, "value": 1,
                "trend": 1, "evidence": 1, "effort": 1}, decided=[],
                loop={"resolution": (None, "none"), "loop": (None, "none")}, shipped=[],
                themes=[], verbatims=[], taxonomy_version="1", accuracy="n/a", masked=True,
                feedback_count=0)  # fmt: skip
    base.update(changes)
    return PackData(**base)


def test_hostile_text_prints_literally_and_nothing_is_fetched(tmp_path):
    data = pack_data(
        verbatims=[{"theme": HOSTILE[1], "quotes": HOSTILE}],
        decided=[{"title": HOSTILE[0], "status": "planned", "decision": HOSTILE[2],
                  "owner": "<b>x</b>", "target_date": "2026-12-15"}],
    )  # fmt: skip
    out = tmp_path / "pack.pdf"
    render(data, out)  # the no_network fixture fails the test on any connection attempt
    text = text_of(out)
    assert '<img src="http://127.0.0.1:9/x.png"/>' in text
    assert '<font color="[[[x]]]">red</font> & <a href="http://127.0.0.1:9/">link</a>' in text
    assert "0.1 < a < 0.9 & b > 2" in text
    assert "Привет, оплата не проходит" in text and "η σελίδα είναι αργή" in text
    assert "Café crème, naïve" in text and "<b>x</b>" in text
    assert not any(p.images for p in PdfReader(str(out)).pages)
    assert [f.name for f in tmp_path.iterdir()] == ["pack.pdf"]  # no temporary file left


def test_personal_data_is_masked():
    m = Masker(["Maria Keller"])
    said = m("Maria Keller (maria.keller@example.com, +49 30 1234 5678) asked on 2026-12-15")
    assert said == "[name] ([e-mail], [phone]) asked on 2026-12-15"
    assert Masker(["Maria Keller"], on=False)("maria@example.com") == "maria@example.com"


@pytest.fixture(scope="module")
def demo_pack(demo_master, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "pack.pdf"
    cli("report", "-w", str(demo_master), "-o", str(out), "--cycle", "2026-Q3")
    return out


def test_the_pack_says_what_the_command_line_says(demo_master, demo_pack):
    text = text_of(demo_pack)
    stats = json.loads(cli("stats", "-w", str(demo_master), "--cycle", "2026-Q3", "--json"))
    for k in stats["kpis"].values():
        if k["value"] is not None:
            digits = 2 if k["unit"] == "|r|" else 1  # a coefficient: "|r| 0.34"
            assert f"{abs(k['value']):.{digits}f}" in k["shown"] and k["unit"] in k["shown"]
            assert f"{k['title']} {k['shown']}" in text
    ranked = json.loads(cli("rank", "-w", str(demo_master), "--json"))["candidates"]
    assert f"1 {ranked[0]['title']} {ranked[0]['customers']}" in text  # one ranking, one scope
    found = json.loads(cli("correlate", "-w", str(demo_master), "--cycle", "2026-Q3", "--json"))
    first = found["findings"][0]
    assert f"Finding 1 {first['text']}" in text
    comp = first["comparison"]  # page 1 says it in plain words, with the same test's figures
    page_one = re.sub(r"\s+", " ", PdfReader(str(demo_pack)).pages[0].extract_text())
    assert (f"fell from {comp['before']:.2f} to {comp['during']:.2f}" in page_one
            and f"n = {comp['n_before']} before, {comp['n_during']} during" in page_one)
    assert "Привет" not in text  # nothing invented
    reader = PdfReader(str(demo_pack))
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline == ["Customer feedback assessment", "Satisfaction and technical performance",
                       "Themes", "Key drivers of satisfaction",
                       "Releases and adoption",  # the demo's two Q3 releases and usage
                       "Ranked improvements",
                       "Indicators and resolution", "In their words",
                       "Method and data"]  # fmt: skip
    assert reader.metadata.title == "Customer feedback assessment — 2026-Q3"
    assert not re.search(r"[\w.+-]+@example\.com", text)  # e-mails masked


def test_deterministic_packs_are_identical(demo_master, tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        cli("report", "-w", str(demo_master), "-o", str(out), "--deterministic")
    assert a.read_bytes() == b.read_bytes()


def test_a_full_disk_leaves_no_pack_and_says_so(tmp_path, monkeypatch):
    import errno
    import os

    from fbdesk.domain.errors import FbdeskError

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "pack.pdf"
    with pytest.raises(FbdeskError) as caught:
        render(pack_data(), out)
    assert "No space left on device" in caught.value.message
    assert list(tmp_path.iterdir()) == []  # neither the pack nor its temporary file


@pytest.mark.parametrize("themes, in_use", [
    (["performance", "support"], False),  # the rules read these right: the model is kept aside
    (["support", "performance"], True),  # the assessor files them otherwise: the model is used
])
def test_the_pack_says_how_often_the_learned_models_were_right(ws, tmp_path, themes, in_use):
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.learning import retrain
    from fbdesk.services.report import build_pack
    from fbdesk.services.review import LabelCommand, apply

    src = tmp_path / "survey.csv"
    src.write_text("comment,rating,date\n" + "".join(
        f'"{["Checkout is slow", "Great support team"][i % 2]} {i}",3,2026-08-0{i % 9 + 1}\n'
        for i in range(60)))  # fmt: skip
    import_files(ws, [src], cycle="2026-Q3")
    classify(ws)
    ids = [r[0] for r in ws.conn.execute("SELECT id FROM feedback ORDER BY id")]
    for i, item in enumerate(ids[:40]):
        apply(ws, LabelCommand(item, "primary_theme", themes[i % 2]))
    model = retrain(ws).model("theme")
    assert model.in_force is in_use
    build_pack(ws, tmp_path / "pack.pdf", deterministic=True)
    text = " ".join(text_of(tmp_path / "pack.pdf").split())
    assert (f"the primary theme model learned from 40 labels was right on {model.accuracy:.0%} "
            f"of them in 5-fold cross-validation (the rules {model.rules_accuracy:.0%} on the "
            "same labels),") in text  # fmt: skip
    # whether the model labels the rest is said: the leader can tell whose labels they read
    used = "it labels the items nobody reviewed"
    aside = "kept aside: the rules label the items nobody reviewed"
    assert (used in text, aside in text) == (in_use, not in_use)
    assert ("No learned model is in use" in text) is not in_use


def test_the_pack_says_when_no_learned_model_is_in_use(ws, tmp_path):
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files
    from fbdesk.services.report import build_pack

    src = tmp_path / "survey.csv"
    src.write_text("comment,rating,date\n" + "".join(
        f'"Checkout is slow {i}",3,2026-08-0{i % 9 + 1}\n' for i in range(30)))  # fmt: skip
    import_files(ws, [src], cycle="2026-Q3")
    classify(ws)
    build_pack(ws, tmp_path / "pack.pdf", deterministic=True)
    text = " ".join(text_of(tmp_path / "pack.pdf").split())
    assert "No learned model is in use: every label not set by an assessor is the rules'" in text


LONG_NOTE = (
    "The checkout team rebuilds the payment retry path, with a circuit breaker in front "
    "of the card processor and an alert when retries pass two per order. "
) * 24


def test_a_decision_note_longer_than_a_page_continues_on_the_next(tmp_path):
    assert len(LONG_NOTE) > 3_500
    data = pack_data(decided=[{"title": "Faster checkout", "status": "planned",
                               "decision": LONG_NOTE, "owner": "Payments",
                               "target_date": "2026-12-15"},
                              {"title": "Unbroken", "status": "planned", "decision": "x" * 9_000,
                               "owner": "y" * 400, "target_date": "z" * 300}])  # fmt: skip
    out = tmp_path / "pack.pdf"
    pages = render(data, out)
    text = text_of(out)
    assert pages > 2
    assert "alert when retries pass two per order" in text
    # every line of the note, none lost at a split (the two words may sit on two pages)
    assert text.count("circuit") == 24 and text.count("breaker in front") == 24


def test_plain_cells_print_what_was_typed_and_wrap(tmp_path):
    data = pack_data(
        decided=[{"title": "Payments", "status": "in progress", "decision": "Retry",
                  "owner": "Q3 & Q4 team", "target_date": "Q3 & Q4 <next>"}],
        improvements=[{"rank": 1, "title": "Payments", "customers": 3, "severity": 1,
                       "value": 1, "trend": 1, "evidence": 1, "effort": "M & L",
                       "score": 1.0, "status": "planned & funded", "owner": "A",
                       "why": ["because"]}],
        files=[{"name": "a&b.csv", "kind": "survey & more", "rows": 1, "sha256": "ab" * 32,
                "period": "1 Jul & 2 Jul 2026"}],
    )  # fmt: skip
    out = tmp_path / "pack.pdf"
    render(data, out)
    text = text_of(out)
    assert "&amp;" not in text and "&lt;" not in text
    assert "Q3 & Q4 <next>" in text and "M & L" in text and "survey & more" in text
    assert "planned & funded" in text and "1 Jul & 2 Jul 2026" in text


def test_a_long_plain_cell_stays_on_the_page(tmp_path):
    from pypdf import PdfReader

    target = "2026-12-15 or later, once the card processor has signed the new contract"
    data = pack_data(decided=[{"title": "Payments", "status": "planned", "decision": "Retry",
                               "owner": "A", "target_date": target}])  # fmt: skip
    out = tmp_path / "pack.pdf"
    render(data, out)
    page_width = float(PdfReader(str(out)).pages[0].mediabox.width)
    seen: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            seen.append(tm[4] * cm[0] + cm[4] + len(text) * size * 0.5)

    for page in PdfReader(str(out)).pages:
        page.extract_text(visitor_text=visit)
    assert target.split()[-1] in text_of(out)
    assert max(seen) < page_width  # nothing runs off the right edge


def test_no_heading_is_left_alone_at_the_foot_of_a_page(demo_pack):
    """Every heading (each is a bookmark) has the start of what it heads on its own page: the
    method page's last heading, "Scoring", once ended a page with its text on the next."""
    reader = PdfReader(str(demo_pack))

    def walk(outline):
        for entry in outline:
            yield from walk(entry) if isinstance(entry, list) else [entry]

    headings = list(walk(reader.outline))
    assert len(headings) > 20
    for entry in headings:
        page = reader.pages[reader.get_destination_page_number(entry)].extract_text()
        assert not page.rstrip().endswith(entry.title), f"'{entry.title}' ends its page"
