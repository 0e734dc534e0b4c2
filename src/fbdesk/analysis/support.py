"""Support text read as support text: greetings, thanks and sign-offs are politeness, not an
opinion or a theme; pasted diagnostics (troubleshooting dumps, logs, stack traces, user-agent
strings, settings listings) are the machine's words, not the customer's.

``body`` gives the text to classify: the same length as the item's text, with those parts
blanked out, so that every offset (quotes, sentence spans) still points into the original.
The item keeps its text; the notes say what was left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fbdesk.analysis.text import sentences

# A sentence that is only politeness: a greeting, thanks (for help, time, any suggestions),
# a sign-off with a name, or "any help would be appreciated".
COURTESY = re.compile(
    r"^\W*(?:"
    r"(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[\w .,'-]{0,30}"
    r"|(?:(?:many |big |a lot of )?thanks?|thank you|thx|ty|tia|cheers|regards|best regards"
    r"|kind regards|best wishes|best|sincerely|yours truly)"
    r"(?: (?:so|very) much| a lot| again| all| everyone| in advance)*"
    r"(?: for (?:any|your|all|the|reading|taking)\b[\w ']{0,40})?"
    r"(?:[ ,]+[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2})?"
    r"|(?:any|all) (?:help|ideas|suggestions|advice|assistance)\b[\w ']{0,40}"
    r"|please fix(?: it)?"
    r")\W*$",
    re.IGNORECASE,
)
_USER_AGENT = re.compile(r"Mozilla/\d\.\d \(|Gecko/\d{6,}|AppleWebKit/\d|useragent:", re.I)
_HEADINGS = re.compile(
    r"^\W*(?:Application Basics|Crash Reports|Important Modified Preferences|Library Versions|"
    r"Graphics|Accessibility|Mail and News Accounts|Add-ons|Exception Type|Thread \d+ Crashed|"
    r"Traceback \(most recent call last\)|Binary Images)\b",
    re.IGNORECASE,
)
_KEY_VALUE = re.compile(r"^\s*[\w .()/-]{1,40}:\s+\S[^:]{0,80}$")  # "Version: 128.12.0esr"
# Tried only where a token starts (look-behind), its parts taken whole: linear in the text,
# however long a pasted token is.
_TECHNICAL_TOKEN = re.compile(r"(?<!\S)[^\s\d./\\_=:@#<>{}\[\]|]*+[\d./\\_=:@#<>{}\[\]|]\S*+")
# What every politeness sentence starts with (or holds, for "many thanks", "kind regards"): most
# items hold none and skip the pass. "good", "any", "all" and "please" alone are everyday words,
# so only the phrases COURTESY reads count.
_COURTESY_HINT = re.compile(r"(?<!\w)(?i:thank|thx|ty|tia|cheers|regards|best|sincerely|yours|hi|"
                            r"hello|hey|dear|greetings|good (?:morning|afternoon|evening)|"
                            r"(?:any|all) (?:help|ideas|suggestions|advice|assistance)|"
                            r"please fix)")  # fmt: skip
MIN_DUMP = 200  # characters of diagnostics that make an item "contain a diagnostic dump"


@dataclass(frozen=True)
class Body:
    text: str  # the item's text with politeness and diagnostics blanked out
    courtesy: int  # politeness sentences left out
    diagnostics: int  # characters of diagnostics left out

    @property
    def notes(self) -> list[str]:
        out = []
        if self.diagnostics >= MIN_DUMP:
            out.append(f"contains a diagnostic dump ({self.diagnostics:,} characters not read)")
        if self.courtesy:
            out.append("greetings, thanks and sign-offs not read as opinion")
        return out


def is_courtesy(sentence: str) -> bool:
    return bool(COURTESY.match(sentence))


def _technical_share(chunk: str) -> tuple[int, float]:
    """Tokens, and the share of them holding a digit or a path, key or markup character."""
    n = len(chunk.split())
    return n, len(_TECHNICAL_TOKEN.findall(chunk)) / max(n, 1)


def _diagnostic(chunk: str) -> bool:
    if _USER_AGENT.search(chunk) or _HEADINGS.match(chunk):
        return True
    n, share = _technical_share(chunk)
    return n >= 6 and share >= 0.5


def _listing(chunk: str) -> bool:
    """A short line that could belong to a dump: "key: value", or mostly technical tokens."""
    n, share = _technical_share(chunk)
    return bool(_KEY_VALUE.match(chunk)) or (n >= 2 and share >= 0.5)


def _diagnostic_lines(text: str) -> list[tuple[int, int]]:
    """Lines that are diagnostics: technical on their own, or a run of "key: value" lines
    next to one (or three of them in a row)."""
    lines = list(re.finditer(r"[^\n]+", text))
    kind = ["strong" if _diagnostic(m.group()) else "weak" if _listing(m.group()) else ""
            for m in lines]  # fmt: skip
    out: list[tuple[int, int]] = []
    run: list[int] = []
    for k in [*range(len(lines)), None]:
        if k is not None and kind[k]:
            run.append(k)
            continue
        if run and (any(kind[j] == "strong" for j in run) or len(run) >= 3):
            out += [(lines[j].start(), lines[j].end()) for j in run]
        run = []
    return out


def body(text: str) -> Body:
    """The part of ``text`` that is the customer's own opinion, at the same offsets."""
    if "\n" in text:
        dump = _diagnostic_lines(text)
    else:  # one line: a "key: value" alone is not a dump, only a technical line is
        dump = [(0, len(text))] if len(text) > 40 and _diagnostic(text) else []
    if not dump and not _COURTESY_HINT.search(text):
        return Body(text, 0, 0)  # most short items: nothing to leave out, nothing copied
    chars = list(text)
    dropped = 0
    for start, end in dump:
        chars[start:end] = " " * (end - start)
        dropped += end - start
    kept = "".join(chars)
    spans = [(s, e) for s, e in sentences(kept) if kept[s:e].strip()]
    polite = [(s, e) for s, e in spans if is_courtesy(kept[s:e])]
    if polite and len(polite) < len(spans):  # "Thanks!" alone is what the customer said
        for s, e in polite:
            chars[s:e] = " " * (e - s)
    else:
        polite = []
    if dropped and not "".join(chars).strip():  # all of it looked technical: read it all
        return Body(text, 0, 0)
    return Body("".join(chars), len(polite), dropped)
