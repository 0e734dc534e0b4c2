"""Masking that is true: names as whole words only, names signed after a greeting or sign-off
masked whether or not they are known customers', and the cover says how many of each."""

from __future__ import annotations

from fbdesk.services.report import SIGNED, Masker
from tests.conftest import EXPORTS

DESKTOP = EXPORTS / "support_tickets" / "2025-07-sumo-thunderbird-desktop-questions.csv"


def test_a_known_name_is_masked_as_a_whole_word_only():
    masker = Masker(["pending"])
    assert masker("It works depending on the day; pending wrote back.") == (
        "It works depending on the day; [name] wrote back.")
    assert masker.counts["names"] == 1


def test_names_signed_after_greetings_and_sign_offs_are_masked():
    masker = Masker([])
    assert masker("Please help!! Thank you Ann Example") == "Please help!! Thank you [name]"
    assert masker("Regards,\nBo Sample") == "Regards,\n[name]"
    assert masker("Hi all, thanks for the update") == "Hi all, thanks for the update"
    assert masker.counts == {"e-mail addresses": 0, "phone numbers": 0, "names": 2,
                             "customer ids": 0}
    assert masker.summary() == "2 names"


def test_customer_ids_written_into_a_comment_are_masked_as_whole_words():
    masker = Masker([], ids=["C-10442", "884213907", "77"])
    text = "Account C-10442 (ref 884213907) was charged twice; C-104420 and 77 items are not ids"
    assert masker(text) == ("Account [customer id] (ref [customer id]) was charged twice; "
                            "C-104420 and 77 items are not ids")  # whole words, 4 characters up
    assert masker.counts["customer ids"] == 2 and masker.counts["phone numbers"] == 0
    assert masker.summary() == "2 customer ids"
    assert Masker([], on=False, ids=["C-10442"])(text) == text


def test_no_signed_name_survives_on_a_real_forum_month(ws):
    from fbdesk.services.importing import import_files
    from fbdesk.services.report import gather

    import_files(ws, [DESKTOP])
    texts = [t for (t,) in ws.conn.execute("SELECT text FROM feedback") if t]
    signed = sum(1 for t in texts if SIGNED.search(t))
    assert signed > 20  # people sign their forum posts with their names
    masker = Masker([])
    masked = [masker(t) for t in texts]
    assert not any(SIGNED.search(t) for t in masked)
    assert masker.counts["names"] >= signed and masker.counts["e-mail addresses"] >= 1
    data = gather(ws)  # the cover says what the pack's own masking replaced
    assert data.masked_what and not any(SIGNED.search(q["text"]) for v in data.verbatims
                                        for q in v["quotes"])  # fmt: skip
