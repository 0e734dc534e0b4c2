"""Masking personal data takes time linear in the text, and a cut never leaves half an
address behind."""

from __future__ import annotations

import time

import pytest

from fbdesk.services.report import Masker

MB = 1_000_000
TOKENS = {
    "word characters": "a" * MB,
    "dotted": "a.b" * (MB // 3),
    "at signs": "x@" * (MB // 2),
    "spaced digits": "1 " * (MB // 2) + "a",
    "digits then a letter": "1" * MB + "a",
    "dashes": "-+" * (MB // 2),
}


@pytest.mark.parametrize("name", TOKENS)
def test_a_pasted_megabyte_token_is_masked_in_linear_time(name):
    masker = Masker(["Maria Keller"])
    started = time.perf_counter()
    masker(TOKENS[name])
    masker(TOKENS[name], limit=400)
    assert time.perf_counter() - started < 3.0  # quadratic patterns took hours on these


def test_masking_finds_what_it_found_before():
    m = Masker(["Maria Keller"])
    said = m("Maria Keller (maria.keller@example.com, +49 30 1234 5678) asked on 2026-12-15")
    assert said == "[name] ([e-mail], [phone]) asked on 2026-12-15"
    assert m("tel:+1 (555) 123-4567; or mail _a+b@ex-ample.co.uk.") == \
        "tel:[phone]; or mail [e-mail]."  # fmt: skip
    assert m("order 12345678 on 2026-12-15, 1.234.567,89 EUR") == \
        "order 12345678 on 2026-12-15, 1.234.567,89 EUR"  # fmt: skip
    assert m("call 0301234567abc") == "call 0301234567abc"  # part of a word, not a number


def test_a_cut_excerpt_keeps_no_half_address():
    m = Masker([])
    text = "x " * 195 + "write to maria.keller@example.com or +49 30 1234 5678 please"
    cut = m(text, limit=420)
    assert len(cut) == 420 and "maria" not in cut and "[e-mail]" in cut
    assert "+49" not in m(text, limit=440)
