"""The language of a feedback item: English recognised cheaply by its common words, anything
else by py3langid (its model ships inside the package; loaded on first use, never at start-up).

py3langid was chosen over lingua on 1,433 real forum posts with their ``locale`` as truth:
both about 94 % right; py3langid 0.31 ms an item at 80 characters against lingua's 10 ms,
3.0 s to load against 26 s, 4.5 MB against 96 MB. It is restricted to the languages feedback
plausibly holds (:data:`LANGUAGES`), which ``benchmarks/language_bench.py`` measures.
"""

from __future__ import annotations

import re
import threading

from fbdesk.domain.language import ENGLISH, UNKNOWN

# Languages support feedback of a European or American product plausibly holds.
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "cs", "sk", "hu", "ro", "sv", "da",
             "nb", "fi", "tr", "ru", "uk", "el", "ja", "zh", "ko", "sl", "hr", "sr", "ca",
             "id", "vi", "ar", "he")  # fmt: skip

# Common English words (some are words of other languages too): a text of plain letters where
# they make up a good share of the words is English without asking the model (of the 1,433
# forum posts, the model reads every one the pre-check passes as English too).
_ENGLISH_TEXT = (
    "the and is are was were have has had not this that with for you your from but what when "
    "how can cannot can't don't doesn't it's i'm i've my we our they them there their which "
    "would could should will been being does did of to in on at by an be it or if no so as "
    "after before into about all any just also than then too very only"
)
_ENGLISH_WORDS = frozenset(_ENGLISH_TEXT.split())
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
ENGLISH_SHARE = 0.18  # of the words; English prose holds 35-50 % of these, other languages ~2 %
MIN_WORDS = 4
READ = 300  # characters read: the start of a long post says its language (measured: 300
# reads 94.6 % right, 1,000 reads 94.3 %, at twice the cost)


def quick_english(text: str) -> bool:
    """Text of plain letters (emoji, curly quotes and dashes aside) whose words are English
    enough: no model needed."""
    head = text[:READ]
    if not head.isascii():
        if any(c.isalpha() for c in head if not c.isascii()):  # "é", "ß", "ж": ask the model
            return False
        head = head.replace("’", "'")
    toks = _LATIN_WORD.findall(head.lower())
    if len(toks) < MIN_WORDS:
        return False
    return sum(t in _ENGLISH_WORDS for t in toks) >= ENGLISH_SHARE * len(toks)


# How sure the model must be: below it, the text is read as English. Measured on 9,000 English
# texts of the labelled sets (tweets, Amazon snippets, app reviews): without it 291 (3.2 %) are
# told another language ("wow", "Damn typos :("), with 0.7 16 (0.2 %); on the forum posts, the
# languages told right stay 94.6 % (benchmarks/language_bench.py).
MIN_PROBABILITY = 0.7

_lock = threading.Lock()
_identifier = None


def _model():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                ident.set_languages([c for c in LANGUAGES if c in ident.nb_classes])
                _identifier = ident
    return _identifier


def detect(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or :data:`UNKNOWN` when it has no letters or
    too few to tell by."""
    if quick_english(text):
        return ENGLISH
    head = text[:READ]
    if not _LETTER.search(head):
        return UNKNOWN
    code, probability = _model().classify(head)
    if probability < MIN_PROBABILITY:  # "lol", "WTF?", "Pizza time.": too little to tell by
        return UNKNOWN
    return "nb" if code == "no" else code


def load() -> None:
    """Load the model now rather than at the first text that needs it."""
    _model()


def model_loaded() -> bool:
    return _identifier is not None


