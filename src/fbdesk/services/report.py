"""The Report step: gather what the pack says from the other steps, then let ``report.pack``
lay it out. Personal data is masked here, before any text reaches the document."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

import fbdesk
from fbdesk.analysis.findings import partial_quarter
from fbdesk.domain.progress import Progress
from fbdesk.report.pack import PackData
from fbdesk.services import agreement, report_front
from fbdesk.services.in_force import labels_in_force
from fbdesk.services.minimums import minimums
from fbdesk.services.pack_notes import Draft, notes
from fbdesk.services.quotes import choose
from fbdesk.store import pack_inputs, pack_reading, queries
from fbdesk.store.workspace import Workspace

# Every masking pattern runs in time linear in the text: a match may start only where a run
# of its characters starts (look-behind) and runs are taken whole (possessive ``++``), so a
# pasted token of a million characters is read once, never once per position.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
PHONE_RUN = re.compile(r"(?<!\w)\+?\d[\d ()/.-]*+")
_WORD = re.compile(r"\w").match
PHONE_DIGITS = 9  # fewer digits is a date (2026-12-15) or an amount, not a phone number
LONGEST_PERSONAL = 320  # an e-mail address has at most 254 characters; a phone far fewer
# A name after a greeting or a sign-off ("Thanks, Jo Smith", "Regards\nJo", "Hi Jo"), masked
# whether or not it is a known customer's: people sign forum posts with their full names.
SIGNED = re.compile(
    r"(?<!\w)(?i:many thanks|thanks|thank you|thx|regards|best regards|kind regards|best wishes|"
    r"cheers|sincerely|yours truly|hi|hello|hey|dear)(?!\w)[ \t,!.:\n–-]{0,4}"
    r"((?!(?:All|Team|Everyone|Everybody|Folks|Guys|There|Again|You|In|For|So|And|The|I|"
    r"Mozilla|Thunderbird|Firefox|Support)\b)[A-Z][\w'’-]{1,30}+(?: [A-Z][\w'’-]{1,30}+){0,2})"
)


def _phone(m: re.Match) -> str:
    """``[phone]`` for the run of digits and separators ``m`` when it holds a phone number: up
    to its last digit that no letter, digit or underscore follows, with at least nine digits."""
    run = m.group()
    end, follows = len(run), m.string[m.end() : m.end() + 1]
    while end and not (run[end - 1].isdigit() and not _WORD(follows)):
        end, follows = end - 1, run[end - 1]
    if sum(c.isdigit() for c in run[:end]) >= PHONE_DIGITS:
        return "[phone]" + run[end:]
    return run


def _whole_words(words: list[str], shortest: int, case: bool = False) -> re.Pattern | None:
    """One pattern matching any of ``words`` (of ``shortest`` characters or more) as a whole
    word, the longest first."""
    words = sorted({w.strip() for w in words if isinstance(w, str) and len(w.strip()) >= shortest},
                   key=len, reverse=True)  # fmt: skip
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)",
                      0 if case else re.I)  # fmt: skip


class Masker:
    """Replaces e-mail addresses, phone numbers, the names of customers in the cycle (as whole
    words only), names signed after a greeting or a sign-off, and (``ids``) the customers' ids
    of four characters or more written into a text; counts what it replaced."""

    def __init__(self, names: list[str], on: bool = True, ids: list[str] = ()) -> None:
        self.on = on
        self.names = _whole_words(names, 3)
        self.ids = _whole_words([str(i) for i in ids], 4, case=True)
        self.counts = {"e-mail addresses": 0, "phone numbers": 0, "names": 0, "customer ids": 0}

    def __call__(self, text: str, limit: int | None = None) -> str:
        """``text`` masked; with ``limit``, its first ``limit`` characters (cut before masking,
        with room for a whole address at the cut, so a long text costs no more than a short
        one and no half address survives)."""
        if limit is not None:
            text = text[: limit + LONGEST_PERSONAL]
        if self.on and text:
            text, n = EMAIL.subn("[e-mail]", text)
            self.counts["e-mail addresses"] += n
            if self.ids:  # before phone numbers: an id of nine digits is an id
                text, n = self.ids.subn("[customer id]", text)
                self.counts["customer ids"] += n
            text = PHONE_RUN.sub(self._phone, text)
            if self.names:
                text, n = self.names.subn("[name]", text)
                self.counts["names"] += n
            text, n = SIGNED.subn(lambda m: m.group()[: m.start(1) - m.start()] + "[name]", text)
            self.counts["names"] += n
        return text if limit is None else text[:limit]

    def _phone(self, m: re.Match) -> str:
        out = _phone(m)
        self.counts["phone numbers"] += out.startswith("[phone]")
        return out

    def summary(self) -> str:
        """What was masked, for the cover: '3 e-mail addresses, 41 names'."""
        done = [f"{n:,} {what if n != 1 else what[:-1].replace('addresse', 'address')}"
                for what, n in self.counts.items() if n]  # fmt: skip
        return ", ".join(done) or "nothing needed masking"


def gather(ws: Workspace, cycle_name: str | None = None, mask: bool = True,
           author: str = "", date: dt.date | None = None,
           progress: Progress | None = None, all_cycles: bool = False,
           mask_ids: bool = True) -> PackData:  # fmt: skip
    from fbdesk.services import correlate as correlate_service
    from fbdesk.services import prioritize
    from fbdesk.services.feedback_view import taxonomy_choices, taxonomy_json
    from fbdesk.services.stats import kpis

    progress = progress or Progress()
    from fbdesk.services.stats import scope

    where = scope(ws, cycle_name, all_cycles)
    cycle, cycle_label = where.cycle, where.name
    progress.step(0.05, "Summarising the cycle")
    summary = {"sources": queries.sources(ws.conn, cycle),
               "kpis": {k.key: k.to_json() for k in kpis(ws, cycle)},
               "feedback_count": queries.feedback_count(ws.conn, cycle)}  # fmt: skip
    masker = Masker(pack_reading.customer_names(ws.conn), mask,
                    pack_reading.customer_ids(ws.conn) if mask_ids else [])  # fmt: skip
    theme_names = dict(taxonomy_choices(ws)["themes"])
    progress.step(0.15, "Correlating satisfaction with the metrics")
    run = correlate_service.correlate(ws, cycle, intervals="significant")
    findings = [f for f in run.findings if f.state == "pinned"]
    pinned = bool(findings)
    if not findings:
        findings = [f for f in run.findings if f.state != "dismissed"][:3]
    figures = [correlate_service.figure(run, f.series_id, f.area, f.signal,
                                        f.result.method if f.result else "pearson",
                                        None if f.result else 0)  # an incident: no lag found
               for f in findings]  # fmt: skip
    progress.step(0.6, "Ranking improvements")
    ranking = prioritize.rank(ws, cycle)  # the one ranking: evidence from the whole history
    top = ranking.as_json()[:10]
    for row in top:  # the assessor may have typed a customer's name into them
        row["recommendation"], row["kind_reason"] = (masker(row["recommendation"]),
                                                     masker(row["kind_reason"]))  # fmt: skip
    progress.step(0.7, "Key drivers")
    drivers, costly, model = _drivers(ws, cycle)
    progress.step(0.73, "Releases and adoption")
    from fbdesk.services.report_releases import releases_section

    releases, adoption = releases_section(ws, cycle, masker)
    progress.step(0.75, "Themes and verbatims")
    words = notes(ws, cycle)
    themes, verbatims = _themes(ws, cycle, theme_names, masker, words["quote"])
    front = report_front.front(ws, cycle, findings, run.grid.name if run.grid else None,
                               run.message or "No finding stands out this cycle.", top, words)
    front.summary = masker(front.summary)
    front.headlines = [replace(h, text=masker(h.text), comment=masker(h.comment))
                       for h in front.headlines]
    front.actions = [replace(a, action=masker(a.action), owner=masker(a.owner),
                             comment=masker(a.comment)) for a in front.actions]
    front.costs_most = "; ".join(line.sentence() for line in costly)  # key drivers, top three
    sat = pack_inputs.satisfaction(ws.conn, cycle)
    least = minimums(ws)
    loop = prioritize.resolution_kpis(ws, cycle)
    decided = ranking.frame[ranking.frame["status"].isin(prioritize.DECIDED)]
    period = _period(ws, cycle)
    tax = json.loads(taxonomy_json(ws))
    return PackData(
        workspace=Path(ws.path).name, cycle=cycle_label, period=period,
        author=author, date=(date or dt.date.today()).isoformat(), version=fbdesk.__version__,
        sources=summary["sources"], kpis=list(summary["kpis"].values()),
        findings=[masker(f.text) for f in findings], findings_pinned=pinned,
        figures=figures, grid=run.grid.name if run.grid else None,
        tests=sum(1 for r in run.results if r.p is not None), correlation_note=run.message,
        improvements=top, weights=ranking.weights.__dict__,
        decided=[{k: masker(str(v)) for k, v in r.items()}
                 for r in decided[["title", "status", "decision", "owner", "target_date"]]
                 .to_dict("records")],
        loop={"resolution": loop["resolution"], "loop": loop["loop"]},
        shipped=prioritize.shipped_effects(ws, cycle),
        themes=themes, verbatims=verbatims,
        taxonomy_version=str(tax.get("version", "")), accuracy=_accuracy(ws, cycle),
        agreement=agreement.pack_text(ws, cycle),
        masked=mask, feedback_count=summary["feedback_count"],
        masked_what=masker.summary() if mask else "",
        front=front, files=[_file_line(f) for f in pack_inputs.files(ws.conn, cycle)],
        languages=_languages(sat), solved=_solved(sat),
        minimums=[(title, value, what) for _k, title, value, what in least.rows()],
        finding_keys=[f.key for f in findings],
        finding_comments={k: masker(v) for k, v in words["finding"].items()},
        improvement_comments={k: masker(v) for k, v in words["improvement"].items()},
        left_out=set(words["left_out"]),
        drivers=drivers, top_drivers=costly, drivers_model=model,
        releases=releases, adoption=adoption,
        kind_counts=ranking.frame["kind"].value_counts().to_dict(),
        coverage=partial_quarter(cycle_label if cycle is not None else None,
                                 *pack_reading.submitted_range(ws.conn, cycle)),
    )  # fmt: skip


def _drivers(ws: Workspace, cycle: int | None) -> tuple[list, list, dict]:
    """The key drivers of CSAT (of NPS where nothing is rated on CSAT): every line, the top
    three costs, and the model's quality."""
    from fbdesk.services.drivers import OUTCOMES, drivers

    run = drivers(ws, cycle)
    outcome = next((o for o in OUTCOMES if o in run.models and run.models[o].judged),
                   next(iter(run.models), None))  # fmt: skip
    if outcome is None:
        return [], [], {}
    m = run.models[outcome]
    return run.lines(outcome), run.top(3), {"outcome": outcome, "n": m.n, "r2": m.r2,
                                             "level": m.level, "resamples": m.boot}  # fmt: skip


def _period(ws: Workspace, cycle: int | None) -> str:
    lo, hi = pack_reading.submitted_range(ws.conn, cycle)
    if lo is None:
        return "no dated feedback"
    a, b = (dt.datetime.fromtimestamp(v, dt.UTC) for v in (lo, hi))
    return f"{a:%-d %b %Y} – {b:%-d %b %Y}"


def _themes(ws: Workspace, cycle: int | None, names: dict, masker: Masker,
            states: dict[str, str]):  # fmt: skip
    """Volume, share negative, aspect sentiment and change against the previous cycle per theme;
    and a few representative quotes for the largest ones."""
    from fbdesk.services.prioritize import previous_comparable

    def table(c: int | None) -> pd.DataFrame:
        eff = labels_in_force(ws, c)[["id", "sentiment", "themes"]]
        eff["theme"] = eff["themes"].astype("object").where(eff["themes"].notna(), "")
        eff["theme"] = eff["theme"].astype(str).str.split(";")
        eff = eff.explode("theme")
        eff["theme"] = eff["theme"].str.strip()
        return eff[eff["theme"].fillna("") != ""]

    now = table(cycle)
    prev_id, _ = previous_comparable(ws, cycle)  # no change against what cannot be compared
    before = table(prev_id).groupby("theme")["id"].nunique() if prev_id else pd.Series(dtype=int)
    # Aspect sentiment: per theme, the sentiment of the sentences that mention it.
    aspects = pack_reading.aspect_sentiment(ws.conn, cycle)
    rows = []
    for theme, g in now.groupby("theme"):
        n = g["id"].nunique()
        prev = int(before.get(theme, 0)) if prev_id else None
        rows.append({"id": theme, "theme": names.get(theme, theme), "items": n,
                     "negative": float((g["sentiment"] == "negative").mean()),
                     "aspect": aspects.get(theme),
                     "previous": prev,
                     "change": (n - prev) / prev if prev else None})  # fmt: skip
    rows.sort(key=lambda r: -r["items"])
    ids = now.groupby("theme")["id"].apply(list).to_dict()
    verbatims = choose(ws, [(r["id"], r["theme"], ids[r["id"]]) for r in rows], states, masker)
    return rows, verbatims


def _file_line(f: dict) -> dict:
    from fbdesk.analysis.findings import period

    return {**f, "period": period(f["first"], f["last"])}


def _languages(sat: dict) -> str:
    """The share of items not in English, from the language the sources record."""
    if not sat["language_n"]:
        return (f"No source of the cycle records the language of its items ({sat['items']:,} "
                "items); fbdesk does not detect languages, so the share not in English is not "
                "known.")  # fmt: skip
    other = sat["language_n"] - sat["english"]
    known = "" if sat["language_n"] == sat["items"] else \
        f" ({sat['items'] - sat['language_n']:,} items record no language)"  # fmt: skip
    return (f"{other / sat['language_n']:.0%} of the items whose source records a language are "
            f"not in English ({other:,} of {sat['language_n']:,}){known}.")  # fmt: skip


def _solved(sat: dict) -> str:
    """'Solved in the help desk: 12 % of tickets (n = 857)', or '' without a status column."""
    if not sat["status_n"]:
        return ""
    return (f"Solved in the help desk: {sat['solved'] / sat['status_n']:.0%} of tickets "
            f"({sat['solved']:,} of {sat['status_n']:,} with a status)")  # fmt: skip


def _accuracy(ws: Workspace, cycle: int | None) -> str:
    """How often the automatic labels agreed with the assessor's, on the items reviewed."""
    rows = pack_reading.label_agreement(ws.conn)
    parts = []
    for field in ("sentiment", "primary_theme"):
        pairs = [(r.assessor, r.automatic) for r in rows if r.field == field]
        if len(pairs) >= 20:
            agree = sum(a == b for a, b in pairs) / len(pairs)
            parts.append(f"{field.replace('_', ' ')}: the automatic label matched the "
                         f"assessor's on {agree:.0%} of {len(pairs)} reviewed items")  # fmt: skip
    from fbdesk.services.learning import model_quality

    learned = model_quality(ws)
    measured = learned.measured if learned is not None else []
    for m in measured:
        rules = (f" (the rules {m.rules_accuracy:.0%} on the same labels)"
                 if m.rules_accuracy is not None else "")  # fmt: skip
        use = ("it labels the items nobody reviewed" if m.in_force and not learned.kept
               else "kept aside: the rules label the items nobody reviewed")  # fmt: skip
        parts.append(f"the {m.name} model learned from {m.labels:,} labels was right on "
                     f"{m.accuracy:.0%} of them in 5-fold cross-validation{rules}, {use}")  # fmt: skip
    accuracy = "; ".join(parts) or "fewer than 20 items reviewed: accuracy on the assessor's " \
        "labels is not measured yet"  # fmt: skip
    if not any(m.in_force for m in measured) or (learned is not None and learned.kept):
        accuracy += ". No learned model is in use: every label not set by an assessor is the rules'"
    return accuracy


def build_pack(ws: Workspace, out: str | Path, cycle_name: str | None = None, mask: bool = True,
               deterministic: bool = False, author: str = "",
               progress: Progress | None = None, all_cycles: bool = False,
               mask_ids: bool = True) -> dict:  # fmt: skip
    """Write the PDF assessment pack (atomically); returns pages and what went in."""
    from fbdesk.io.atomic import sweep_stale
    from fbdesk.report.pack import render

    progress = progress or Progress()
    date = dt.date(2000, 1, 1) if deterministic else None
    data = gather(ws, cycle_name, mask, author, date, progress, all_cycles, mask_ids)
    if deterministic:
        data.date = "(fixed for a reproducible pack)"
    progress.step(0.9, "Laying out the pack")
    sweep_stale(Path(out).parent)  # what a killed pack left behind
    pages = render(data, Path(out), deterministic)
    progress.step(1.0, "Pack written")
    return {"pages": pages, "findings": len(data.findings), "improvements": len(data.improvements),
            "path": str(out), "top": data.improvements[0] if data.improvements else None,
            "scope": data.cycle, "order": [r["title"] for r in data.improvements]}  # fmt: skip


def preview(ws: Workspace, cycle_name: str | None = None, mask: bool = True, author: str = "",
            progress: Progress | None = None, deterministic: bool = False):  # fmt: skip
    """The pack's pages as drawing instructions (``report.preview.Recorded``), laid out from
    the same data and flowables as :func:`build_pack` would write."""
    from fbdesk.report.preview import record

    progress = progress or Progress()
    data = gather(ws, cycle_name, mask, author, None, progress)
    progress.step(0.9, "Laying out the preview")
    return record(data)


def draft(ws: Workspace, cycle_name: str | None, progress=None) -> Draft:
    """The pack's editable parts for a cycle, gathered as the pack gathers them (unmasked:
    the assessor sees what they work on; the pack masks)."""
    data = gather(ws, cycle_name, mask=False, progress=progress)
    f = data.front
    cid = queries.cycle_id(ws.conn, data.cycle)
    stored = notes(ws, cid)
    comments = stored["improvement"]
    shown = [(q["key"], v["theme"], q["text"], "pinned" if q.get("pinned") else "")
             for v in data.verbatims for q in v["quotes"]]  # fmt: skip
    left = [(key, key.split("|")[0], "", state) for key, state in stored["quote"].items()
            if state == "left out"]  # fmt: skip
    # the words are kept per cycle: a pack of all cycles prints none and offers none to edit
    return Draft(data.cycle if cid is not None else "", f.summary, f.summary_typed,
                 [(h.key, h.text, h.comment) for h in f.headlines],
                 [(i["key"], f"{i['rank']}. {i['title']}", comments.get(i["key"], ""))
                  for i in data.improvements],
                 shown + left, frozenset(stored["left_out"]))  # fmt: skip
