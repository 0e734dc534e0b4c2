"""The ported English Snowball stemmer gives NLTK's stem for every word fbdesk meets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer

from fbdesk.analysis.snowball import EnglishStemmer

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


def every_word() -> list[str]:
    words: set[str] = set()
    for path in [*DATA.rglob("*.csv"), *DATA.rglob("*.txt"), ROOT / "resources" / "taxonomy.json"]:
        text = path.read_text(encoding="utf-8", errors="ignore").lower()
        words.update(re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text))
    # the special cases, apostrophes, leading y, short words and suffix chains by hand
    words.update(["skies", "dying", "'tis", "yelling", "sayings", "generously", "a", "by",
                  "organizationally", "hopefulness", "conditionally", "rationalization"])  # fmt: skip
    return sorted(words)


def test_the_port_stems_every_word_as_nltk_does():
    words = every_word()
    assert len(words) > 5_000
    nltk, ours = SnowballStemmer("english"), EnglishStemmer()
    differ = [(w, nltk.stem(w), ours.stem(w)) for w in words if nltk.stem(w) != ours.stem(w)]
    assert differ == []


def test_stemming_does_not_import_nltk():
    code = ("import sys; from fbdesk.analysis.text import stem; stem('running'); "
            "print('nltk' in sys.modules, 'scipy' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
