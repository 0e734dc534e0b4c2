"""What fbdesk says of an item's language."""

# The sentiment label of an item in a language the sentiment rules cannot read: it is not an
# opinion of "neutral", and shares of sentiment leave it out (saying how many).
NOT_SCORED = "not scored (language)"
SENTIMENTS = ("positive", "neutral", "negative")
ENGLISH = "en"
UNKNOWN = ""  # no letters to tell a language by (an emoji, a number): read as English

NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "pl": "Polish", "cs": "Czech", "sk": "Slovak",
    "hu": "Hungarian", "ro": "Romanian", "sv": "Swedish", "da": "Danish", "nb": "Norwegian",
    "fi": "Finnish", "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "el": "Greek",
    "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "sl": "Slovenian", "hr": "Croatian",
    "sr": "Serbian", "ca": "Catalan", "id": "Indonesian", "vi": "Vietnamese", "ar": "Arabic",
    "he": "Hebrew", "": "unknown",
}  # fmt: skip


def name(code: str | None) -> str:
    """The language's name in English ("Italian"), or its code when fbdesk has no name."""
    return NAMES.get(code or "", code or "unknown")


def language_choices(languages) -> list[tuple[str, str]]:
    """(code, "Italian · 114") for each language among ``languages`` (one code per item),
    the most frequent first; items with no language are left out."""
    counts: dict[str, int] = {}
    for code in languages:
        if code:
            counts[code] = counts.get(code, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], name(kv[0])))
    return [(code, f"{name(code)} · {n:,}") for code, n in ranked]
