"""Support text read as support text: politeness is not opinion or praise, pasted diagnostics
are not the customer's words, and the item keeps its text."""

from __future__ import annotations

import json

from fbdesk.analysis.support import body, is_courtesy
from tests.conftest import EXPORTS

DESKTOP = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"


def test_greetings_thanks_and_sign_offs_are_recognised():
    for polite in ("Thanks.", "Thank you for your time", "Thanks in advance for any help",
                   "Any help would be greatly appreciated.", "Regards, Jo Smith",
                   "Thank you Cliff Hill", "Hi all,", "Cheers!"):  # fmt: skip
        assert is_courtesy(polite), polite
    for opinion in ("Thanks for nothing, the export is broken again",
                    "Thank you, the new dashboard is fast and clear and we love it",
                    "The checkout is slow"):  # fmt: skip
        assert not is_courtesy(opinion), opinion


def test_the_body_keeps_offsets_and_a_lone_thanks():
    text = "Hi all,\nThe export crashes every time.\nThanks in advance for any help"
    read = body(text)
    assert len(read.text) == len(text) and read.courtesy == 2
    assert read.text.strip() == "The export crashes every time."
    assert body("Thanks!").text == "Thanks!"  # said and meant


def test_a_pasted_dump_is_left_out_and_flagged():
    dump = "\n".join(["Application Basics", "Name: Thunderbird", "Version: 128.12.0esr",
                      "OS: Windows_NT 10.0 19045", "Profile Folder: C:\\Users\\x\\AppData",
                      "useragent:Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0)"] * 4)  # fmt: skip
    text = f"Since the update my mail will not download.\n{dump}"
    read = body(text)
    assert read.text.strip() == "Since the update my mail will not download."
    assert read.notes[0].startswith("contains a diagnostic dump")


def test_on_a_real_forum_month_sign_offs_no_longer_make_praise(ws):
    from fbdesk.services.classify import classify
    from fbdesk.services.importing import import_files

    import_files(ws, [DESKTOP])
    classify(ws)
    rows = ws.conn.execute("SELECT themes, why FROM classification").fetchall()
    praise = sum("praise" in (t or "") for t, _ in rows)
    polite = sum(any("sign-offs" in n for n in json.loads(w).get("notes", [])) for _, w in rows)
    dumps = sum(any("diagnostic" in n for n in json.loads(w).get("notes", [])) for _, w in rows)
    assert len(rows) == 1329
    assert praise < 120  # 270 of 1,329 when every closing "Thanks" counted as praise
    assert polite > 250 and dumps >= 3


def test_a_pasted_megabyte_token_is_read_in_linear_time():
    import time

    for text in ("a" * 1_000_000, "x" * 500_000 + " 1" + "y" * 500_000,
                 "Thanks! " + "z" * 1_000_000, "word " * 200_000):  # fmt: skip
        started = time.perf_counter()
        read = body(text)
        assert len(read.text) == len(text)
        assert time.perf_counter() - started < 2  # quadratic would take minutes
