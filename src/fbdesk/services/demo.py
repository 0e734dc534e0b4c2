"""The demo workspace: two quarterly cycles of realistic feedback and metrics, made by code.

Everything is generated deterministically (a fixed seed), written as the exports an assessor
would receive (a Qualtrics survey CSV, a help-desk ticket workbook, a Google Play review
export in UTF-16, an invitation list, and an hourly metric export), and imported through the
same path as real files. A planted incident gives the later steps something to find: checkout
p95 latency triples for three days in the second cycle, and checkout satisfaction drops with a
lag of about a day.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import random
import tempfile
from pathlib import Path

from fbdesk.domain.progress import Progress
from fbdesk.services.demo_usage import release_notes, usage_file, version_on

SEED = 20260401
START = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
INCIDENT = (dt.datetime(2026, 8, 12, tzinfo=dt.UTC), dt.datetime(2026, 8, 15, tzinfo=dt.UTC))
AREAS = ["Checkout", "Search", "Accounts & login", "Reporting", "Mobile app"]
SEGMENTS = [("Enterprise", 0.2), ("Mid-market", 0.35), ("SMB", 0.45)]
PLANS = {"Enterprise": "Enterprise", "Mid-market": "Business", "SMB": "Pro"}
FIRST = [
    "Maria",
    "Jonas",
    "Aiko",
    "Liam",
    "Sofia",
    "Noah",
    "Elena",
    "Omar",
    "Chloé",
    "Mateo",
    "Priya",
    "Lukas",
    "Zoë",
    "Ivan",
    "Fatima",
    "Hannah",
    "Kenji",
    "Olga",
    "Diego",
    "Amara",
]
LAST = [
    "Keller",
    "Nakamura",
    "Okafor",
    "Svensson",
    "Moreau",
    "Rossi",
    "Novak",
    "Haddad",
    "Schmidt",
    "García",
    "Kowalski",
    "Ivanova",
    "Brennan",
    "Costa",
    "Lindqvist",
    "Patel",
]

AREA_WORDS = {
    "Checkout": ["checkout", "payment page", "the cart", "placing an order"],
    "Search": ["search", "the search results", "filters in search", "finding products"],
    "Accounts & login": ["login", "signing in", "password reset", "two-factor login"],
    "Reporting": ["the reports", "the dashboard", "exporting reports", "the analytics view"],
    "Mobile app": ["the mobile app", "the Android app", "the iPhone app", "the app"],
}
# Fragments per theme: (negative, positive-or-neutral). {a} is an area phrase.
THEMES = {
    "performance": (
        [
            "{a} is painfully slow",
            "{a} takes forever to load",
            "{a} keeps timing out",
            "{a} is so laggy it is unusable",
            "pages in {a} hang for 20 seconds",
            "{a} got really slow after the last update",
        ],
        ["{a} feels fast now", "{a} loads quickly", "speed of {a} is fine"],
    ),
    "reliability": (
        [
            "{a} crashes every time I open it",
            "I get a 502 error in {a}",
            "{a} was down for hours",
            "{a} freezes and I have to restart",
            "error messages all the time in {a}",
        ],
        ["{a} has been stable this month", "no more errors in {a}"],
    ),
    "usability": (
        [
            "{a} is confusing",
            "I can't find anything in {a}",
            "too many clicks in {a}",
            "the layout of {a} is cluttered",
        ],
        ["{a} is easy to use", "the new design of {a} is clean and intuitive"],
    ),
    "feature request": (
        [
            "please add dark mode to {a}",
            "we need bulk export in {a}",
            "it would be great if {a} supported saved filters",
            "please let us schedule {a}",
        ],
        ["would love an API for {a}", "a keyboard shortcut for {a} would help"],
    ),
    "bug": (
        [
            "{a} shows the wrong totals",
            "the button in {a} does nothing",
            "{a} duplicates my entries",
            "dates in {a} are off by one day",
        ],
        ["a small bug in {a}: the label is misaligned"],
    ),
    "billing": (
        [
            "I was charged twice",
            "the invoice is wrong",
            "pricing went up without notice",
            "my refund never arrived",
        ],
        ["billing is clear and simple", "fair price for what we get"],
    ),
    "documentation": (
        ["the docs for {a} are outdated", "no documentation on how {a} works"],
        ["the help articles about {a} are useful"],
    ),
    "security": (
        [
            "I am worried about how {a} stores our data",
            "someone else's data appeared in {a}",
            "two-factor codes are not sent",
        ],
        ["glad you added SSO", "good to see the privacy settings"],
    ),
    "onboarding": (
        ["setting up {a} was hard", "the onboarding did not explain {a}"],
        ["setup took five minutes", "onboarding was smooth"],
    ),
    "integrations": (
        [
            "the Salesforce sync for {a} fails",
            "the API for {a} returns errors",
            "the Slack integration stopped working",
        ],
        ["the Zapier integration is great"],
    ),
    "support": (
        ["support took a week to answer", "nobody from support replied"],
        ["support solved my problem in minutes", "your support team is excellent"],
    ),
    "praise": (
        ["it used to be better"],
        [
            "love the product",
            "great tool, we use it every day",
            "fantastic work, thank you",
            "best app in its category",
        ],
    ),
}
THEME_WEIGHTS = {"performance": 14, "reliability": 11, "usability": 12, "feature request": 13,
                 "bug": 10, "billing": 6, "documentation": 4, "security": 3, "onboarding": 5,
                 "integrations": 6, "support": 6, "praise": 10}  # fmt: skip
OPENERS = ["", "", "", "Honestly, ", "Since last week ", "Again: ", "Hi team, ", "FYI "]
CLOSERS = ["", "", ".", "!", ". Please fix.", ". Thanks.", " :(", ". Otherwise happy."]


def demo_path() -> Path:
    from fbdesk.applog import data_dir

    return data_dir() / "demo.fbdesk"


class _Gen:
    def __init__(self) -> None:
        self.r = random.Random(SEED)
        self.customers = []
        for i in range(4500):
            seg = self._weighted(SEGMENTS)
            first, last = self.r.choice(FIRST), self.r.choice(LAST)
            self.customers.append({
                "id": f"C-{10001 + i}", "segment": seg, "plan": PLANS[seg],
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}{i % 97}@example.com".replace("é", "e")
                .replace("ë", "e").replace("í", "i"),
                "arr": {"Enterprise": 120000, "Mid-market": 30000, "SMB": 4000}[seg]
                * self.r.uniform(0.5, 1.8),
            })  # fmt: skip

        # Slow swings of checkout latency (releases, load): a day-by-day multiplier that
        # checkout satisfaction follows a day later, on top of the incident.
        drift, level, r = [], 0.0, random.Random(SEED + 1)
        for _ in range((END - START).days + 1):
            level = 0.9 * level + r.gauss(0, 0.06)
            drift.append(math.exp(level))
        self.drift = drift

    def _weighted(self, pairs):
        x, acc = self.r.random(), 0.0
        for value, w in pairs:
            acc += w
            if x <= acc:
                return value
        return pairs[-1][0]

    def when(self) -> dt.datetime:
        span = (END - START).total_seconds()
        return START + dt.timedelta(seconds=self.r.random() * span)

    def incident_effect(self, when: dt.datetime, area: str) -> tuple[float, bool]:
        """How likely a checkout item is a performance complaint because of what checkout
        latency did a day earlier, and whether that was the incident."""
        if area != "Checkout":
            return 0.0, False
        lagged = when - dt.timedelta(days=1)
        if INCIDENT[0] <= lagged < INCIDENT[1]:
            return 0.85, True
        day = max(0, (lagged - START).days)
        return min(0.7, max(0.0, 3.0 * (self.drift[day] - 1))), False

    def item(self, when: dt.datetime, area: str | None = None) -> dict:
        area = area or self.r.choice(AREAS)
        effect, incident = self.incident_effect(when, area)
        if effect and self.r.random() < effect:
            theme, negative = self.r.choice(["performance", "performance", "reliability"]), True
        else:
            theme = self._weighted([(k, v / 100) for k, v in THEME_WEIGHTS.items()])
            negative = self.r.random() < (0.25 if theme == "praise" else 0.5)
        neg, pos = THEMES[theme]
        fragment = self.r.choice(neg if negative else pos).format(a=self.r.choice(AREA_WORDS[area]))
        text = self.r.choice(OPENERS) + fragment
        text = text[0].upper() + text[1:] + self.r.choice(CLOSERS)
        if self.r.random() < 0.25:  # a second sentence, often of another theme
            t2 = self._weighted([(k, v / 100) for k, v in THEME_WEIGHTS.items()])
            n2, p2 = THEMES[t2]
            extra = self.r.choice(n2 if self.r.random() < 0.5 else p2)
            extra = extra.format(a=self.r.choice(AREA_WORDS[area]))
            text += " " + extra[0].upper() + extra[1:] + "."
        base = 2.0 if negative else 4.4
        if incident:
            base -= 0.6
        csat = max(1, min(5, round(self.r.gauss(base, 0.8))))
        nps = max(0, min(10, round(self.r.gauss(3.5 if negative else 8.8, 1.8))))
        return {"area": area, "theme": theme, "text": text, "csat": csat, "nps": nps,
                "customer": self.r.choice(self.customers), "when": when}  # fmt: skip


def _survey(g: _Gen, folder: Path, n: int) -> Path:
    path = folder / "Customer pulse survey Q2-Q3 2026.csv"
    names = ["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate",
             "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
             "ExternalReference", "DistributionChannel", "UserLanguage", "Q1", "Q2", "Q3",
             "Q4", "Q5"]  # fmt: skip
    labels = [
        *names[:13],
        "Overall, how satisfied are you with our product?",
        "How likely are you to recommend us to a friend or colleague?",
        "Which part of the product do you use most?",
        "What is the main reason for your score?",
        "Customer segment",
    ]
    import_ids = [f'{{"ImportId":"{k}"}}' for k in
                  ["startDate", "endDate", "status", "progress", "finished", "recordedDate",
                   "_recordId", "recipientLastName", "recipientFirstName", "recipientEmail",
                   "externalDataReference", "distributionChannel", "userLanguage", "QID1",
                   "QID2", "QID3", "QID4_TEXT", "QID5"]]  # fmt: skip
    scale = {5: "Very satisfied", 4: "Satisfied", 3: "Neither satisfied nor dissatisfied",
             2: "Dissatisfied", 1: "Very dissatisfied"}  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerows([names, labels, import_ids])
        for _ in range(n):
            it = g.item(g.when())
            c = it["customer"]
            end = it["when"]
            start = end - dt.timedelta(seconds=g.r.randint(40, 900))
            first, last = c["name"].split(" ", 1)
            w.writerow([
                start.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S"), 0, 100,
                1, end.strftime("%Y-%m-%d %H:%M:%S"), f"R_{g.r.getrandbits(60):015x}", last,
                first, c["email"], c["id"], "email", "EN", scale[it["csat"]], it["nps"],
                it["area"], it["text"] if g.r.random() < 0.9 else "", c["segment"],
            ])  # fmt: skip
    return path


def _invitations(g: _Gen, folder: Path, quarter: int) -> Path:
    path = folder / f"Survey invitations 2026-Q{quarter}.csv"
    sent = dt.datetime(2026, 3 * quarter - 2, 3, 9, tzinfo=dt.UTC)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Customer ID", "Email", "Invitation channel", "Invited on"])
        for c in g.customers:
            w.writerow([c["id"], c["email"], "email", sent.strftime("%d.%m.%Y %H:%M")])
    return path


def _tickets(g: _Gen, folder: Path, n: int) -> Path:
    from openpyxl import Workbook

    path = folder / "Helpdesk tickets Apr-Sep 2026.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tickets")
    ws.append(["Ticket ID", "Created", "Subject", "Description", "Status", "Priority",
               "Product area", "Customer ID", "Requester", "Requester email", "Plan",
               "Channel"])  # fmt: skip
    for i in range(n):
        it = g.item(g.when())
        c = it["customer"]
        subject = it["text"].split(".")[0][:60]
        status = g.r.choice(["Solved", "Solved", "Open", "Pending", "Closed"])
        priority = (
            "Urgent"
            if it["theme"] in ("reliability", "security") and g.r.random() < 0.4
            else g.r.choice(["Low", "Normal", "Normal", "High"])
        )
        ws.append([70000 + i, it["when"].replace(tzinfo=None), subject,
                   f"<p>{it['text']}</p><p>Account: {c['id']}</p>", status, priority,
                   it["area"], c["id"], c["name"], c["email"], c["plan"],
                   g.r.choice(["email", "web form", "chat"])])  # fmt: skip
    ws2 = wb.create_sheet("Read me")
    ws2.append(["Exported from the help desk"])
    wb.save(path)
    return path


def _reviews(g: _Gen, folder: Path, n: int) -> Path:
    path = folder / "reviews_reviews_com.example.shop_202609.csv"
    header = ["Package Name", "App Version Code", "App Version Name", "Reviewer Language",
              "Device", "Review Submit Date and Time", "Review Submit Millis Since Epoch",
              "Review Last Update Date and Time", "Review Last Update Millis Since Epoch",
              "Star Rating", "Review Title", "Review Text", "Developer Reply Date and Time",
              "Developer Reply Millis Since Epoch", "Developer Reply Text", "Review Link"]  # fmt: skip
    rows = [header]
    for _ in range(n):
        it = g.item(g.when(), area=g.r.choice(["Mobile app", "Checkout", "Search", "Mobile app"]))
        when = it["when"]
        millis = int(when.timestamp() * 1000)
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        version = version_on(when, g.r.choice(["4.12.0", "4.12.1", "4.13.0"]))
        rows.append(["com.example.shop", str(400 + int(version[2:4])), version, "en",
                     g.r.choice(["Pixel 8", "SM-S918B", "moto g54"]), stamp, str(millis), stamp,
                     str(millis), str(it["csat"]), "", it["text"] if g.r.random() < 0.85 else "",
                     "", "", "", ""])  # fmt: skip
    with path.open("w", newline="", encoding="utf-16") as fh:  # Play exports are UTF-16 LE + BOM
        csv.writer(fh).writerows(rows)
    return path


def _metrics(g: _Gen, folder: Path) -> Path:
    path = folder / "service_metrics_hourly.csv"
    base = {"Checkout": 310, "Search": 180, "Accounts & login": 140, "Reporting": 650,
            "Mobile app": 260}  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "service", "metric", "unit", "value"])
        t = START
        while t < END:
            hour = t.hour + t.minute / 60
            daily = 1 + 0.25 * math.sin((hour - 9) / 24 * 2 * math.pi)
            for area in AREAS:
                lat = base[area] * daily * g.r.lognormvariate(0, 0.08)
                err = max(0.0, g.r.gauss(0.4, 0.12))
                avail = min(100.0, 99.95 + g.r.gauss(0, 0.03))
                if area == "Checkout":
                    lat *= g.drift[(t - START).days]
                if area == "Checkout" and INCIDENT[0] <= t < INCIDENT[1]:
                    lat *= 3.1
                    err += 2.5
                    avail -= 0.8
                stamp = t.strftime("%Y-%m-%d %H:%M:%S")
                w.writerow([stamp, area, "p95 latency", "ms", f"{lat:.1f}"])
                w.writerow([stamp, area, "error rate", "%", f"{err:.3f}"])
                w.writerow([stamp, area, "availability", "%", f"{avail:.3f}"])
            t += dt.timedelta(hours=1)
    return path


CHECKOUT_SURVEY_FROM = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
CHECKOUT_SURVEY_PER_DAY = 9


def _checkout_survey(g: _Gen, folder: Path) -> Path:
    """The one-question survey shown after a purchase, from Q3 on: enough checkout ratings that
    the incident is judged on at least 30 before, during and after."""
    path = folder / "Post-purchase checkout survey Jul-Sep 2026.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Response ID", "Submitted", "Customer ID", "Email", "Product area",
                    "Satisfaction (1-5)", "Comment"])  # fmt: skip
        day = CHECKOUT_SURVEY_FROM
        n = 0
        while day < END:
            for _ in range(CHECKOUT_SURVEY_PER_DAY):
                it = g.item(day + dt.timedelta(seconds=g.r.random() * 86_400), area="Checkout")
                n += 1
                w.writerow([f"PP-{n:05d}", it["when"].strftime("%Y-%m-%d %H:%M:%S"),
                            it["customer"]["id"], it["customer"]["email"], "Checkout",
                            it["csat"], it["text"] if g.r.random() < 0.15 else ""])  # fmt: skip
            day += dt.timedelta(days=1)
    return path


def write_demo_files(folder: Path) -> dict[str, list[Path]]:
    g = _Gen()
    files = {
        "feedback": [
            _survey(g, folder, 2100),
            _tickets(g, folder, 1700),
            _reviews(g, folder, 1300),
        ],
        "invitations": [_invitations(g, folder, 2), _invitations(g, folder, 3)],
        "metrics": [_metrics(g, folder)],
    }
    files["feedback"].append(_checkout_survey(g, folder))  # last: the files above stay as they were
    files["usage"] = [usage_file(folder, START, END, SEED)]
    files["releases"] = [release_notes(folder)]
    return files


def write_demo(path: Path, progress: Progress | None = None) -> Path:
    """Write the demo workspace to ``path`` (replacing it), through the normal import path, as a
    finished cycle: every item classified and the technical evidence of the ranking kept."""
    from fbdesk.services import alerts
    from fbdesk.services.classify import classify
    from fbdesk.services.correlate import technical_evidence
    from fbdesk.services.importing import import_files
    from fbdesk.services.releases import import_list
    from fbdesk.store import queries
    from fbdesk.store.workspace import Workspace

    progress = progress or Progress()
    path = Path(path)
    tmp = path.with_name(f".{path.name}.demo-{os.getpid()}")
    with tempfile.TemporaryDirectory(prefix="fbdesk-demo-") as folder:
        progress.step(0.05, "Writing the demo exports")
        files = write_demo_files(Path(folder))
        tmp.unlink(missing_ok=True)
        with Workspace.open(tmp, create=True) as ws:
            progress.step(0.3, "Importing feedback")
            import_files(ws, files["feedback"])
            for quarter, f in zip((2, 3), files["invitations"], strict=True):
                import_files(ws, [f], cycle=f"2026-Q{quarter}", kind="invitations")
            progress.step(0.35, "Importing metrics")
            import_files(ws, files["metrics"], kind="metrics")
            import_files(ws, files["usage"], kind="metrics")
            import_list(ws, files["releases"][0])
            classify(ws, progress=progress.part(0.4, 0.8))
            technical_evidence(ws, progress.part(0.8, 0.98))
            raised = alerts.check(ws)  # as the window does after an import; a finished cycle's
            alerts.set_state(ws, [a["id"] for a in raised], "seen")  # alerts were looked at
            with ws.transaction() as conn:
                queries.mark_demo(conn)
    os.replace(tmp, path)
    progress.step(1.0, "Demo ready")
    return path
