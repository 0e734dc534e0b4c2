"""The pack's key-drivers page, the one-line sentence page 1 can use, and the satisfaction
impact in the ranked improvements."""

from __future__ import annotations

from fbdesk.report.driver_lines import DriverLine
from fbdesk.report.pack import render
from tests.report.test_pack import pack_data, text_of

BILLING = DriverLine("Billing", None, "CSAT", -0.42, -0.63, -0.21, 310, 2000)
PRAISE = DriverLine("Praise", None, "CSAT", 0.61, 0.45, 0.8, 200, 2110)
DOCS = DriverLine("Docs", None, "CSAT", -0.1, -0.3, 0.1, 90, 2220)
THIN = DriverLine("Refunds + Returns", None, "CSAT", None, None, None, 12, 2298)
LOCAL = DriverLine("Billing", "Checkout", "CSAT", -0.8, -1.2, -0.4, 120, 900)
MODEL = {"outcome": "CSAT", "n": 2310, "r2": 0.08, "level": 0.95, "resamples": 2000}


def test_the_sentence_says_the_cost_its_interval_and_n():
    assert BILLING.sentence() == "Billing costs 0.42 CSAT points (0.21–0.63), 310 items"
    assert PRAISE.sentence() == "Praise adds 0.61 CSAT points (0.45–0.80), 200 items"
    assert DOCS.sentence() == "Docs: no clear effect on CSAT (−0.30 to +0.10 points), 90 items"
    assert LOCAL.sentence().startswith("Billing in Checkout costs 0.80 CSAT points (0.40–1.20)")
    assert "too few rated items to judge" in THIN.sentence() and "12 items" in THIN.sentence()
    nps = DriverLine("Billing", None, "NPS", -12.4, -19.6, -5.2, 310, 2000)
    assert nps.sentence() == "Billing costs 12 NPS points (5–20), 310 items"


def test_the_drivers_page_shows_the_chart_the_table_and_the_method(tmp_path):
    data = pack_data(drivers=[BILLING, LOCAL, DOCS, PRAISE, THIN], top_drivers=[BILLING],
                     drivers_model=MODEL)  # fmt: skip
    out = tmp_path / "pack.pdf"
    render(data, out)
    text = " ".join(text_of(out).split())
    page = text[text.index("Key drivers of satisfaction") :]
    assert "CSAT of 2,310 rated items" in page and "R² 0.08" in page
    assert "Billing costs 0.42 CSAT points (0.21–0.63), 310 items" in page
    assert "What each theme costs in CSAT per item" in page  # the chart's title
    assert "rated items carrying the theme" in page and "costly and common: fix first" in page
    assert "Refunds + Returns — too few to judge 12 2,298" in page
    assert "Billing −0.42 −0.63 to −0.21 310 2,000" in page
    assert "Billing in Checkout costs 0.80 CSAT points" in page  # a theme × area cost
    assert "How this is measured" in page and "2,000 resamples" in page


def test_too_few_ratings_and_no_ratings_say_so(tmp_path):
    thin = pack_data(drivers=[THIN], drivers_model={**MODEL, "n": 20, "r2": None})
    render(thin, tmp_path / "thin.pdf")
    assert "Too few to judge: 20 rated items" in " ".join(text_of(tmp_path / "thin.pdf").split())
    render(pack_data(), tmp_path / "none.pdf")
    text = " ".join(text_of(tmp_path / "none.pdf").split())
    assert "Key drivers of satisfaction No classified feedback with a CSAT or NPS rating" in text


def test_the_ranked_improvements_show_the_satisfaction_impact(tmp_path):
    row = {"rank": 1, "title": "Payments", "customers": 3, "severity": 1.2, "value": 1.0,
           "satisfaction": 1.42, "trend": 1.0, "evidence": 1.0, "effort": "M", "score": 5.1,
           "status": "proposed", "owner": "", "why": ["× satisfaction impact 1.42^1: …"]}  # fmt: skip
    data = pack_data(improvements=[row], weights={"severity": 1, "value": 1, "satisfaction": 2,
                                                  "trend": 1, "evidence": 1, "effort": 1})  # fmt: skip
    render(data, tmp_path / "pack.pdf")
    text = " ".join(text_of(tmp_path / "pack.pdf").split())
    assert "satisfaction impact^2" in text and "Sat." in text and "1.42" in text


def test_the_demo_pack_carries_its_top_drivers(demo_ws):
    from fbdesk.services.report import gather

    data = gather(demo_ws)
    assert data.drivers_model["outcome"] == "CSAT" and data.drivers_model["r2"] > 0
    assert data.top_drivers and all(isinstance(d, DriverLine) for d in data.top_drivers)
    assert all(d.clear and d.impact < 0 and d.area is None for d in data.top_drivers)
    impacts = [d.impact for d in data.top_drivers]
    assert impacts == sorted(impacts)
    assert (
        " costs " in data.top_drivers[0].sentence()
        and "CSAT points" in data.top_drivers[0].sentence()
    )


def test_a_drivers_section_with_nothing_to_show_does_not_take_a_page_alone(tmp_path):
    """Feedback with no rating (forum questions) leaves one line to say: the ranked
    improvements follow on the same page instead of leaving it nearly empty."""
    from pypdf import PdfReader

    for name, data in (("none", pack_data()),
                       ("thin", pack_data(drivers=[THIN],
                                          drivers_model={**MODEL, "n": 20, "r2": None}))):  # fmt: skip
        render(data, tmp_path / f"{name}.pdf")
        pages = [p.extract_text() for p in PdfReader(str(tmp_path / f"{name}.pdf")).pages]
        page = next(p for p in pages if "Key drivers of satisfaction" in p)
        assert "Ranked improvements" in page, name


def test_the_quadrants_labels_never_overlap():
    """The demo's themes with no clear effect crowd around 230–300 items and 0 points: their
    names were printed over each other."""
    from reportlab.graphics.shapes import Group, String

    from fbdesk.report.drivers_page import chart
    from fbdesk.report.layout import register_fonts

    register_fonts()
    crowd = [("Bug report", 0.15, 239), ("Usability & UX", 0.11, 244),
             ("Integrations & API", 0.03, 231), ("Reliability & errors", -0.07, 272),
             ("Performance", -0.15, 297), ("Billing & pricing", -0.17, 216),
             ("Onboarding & setup", 0.0, 98), ("Security & privacy", 0.13, 122),
             ("Documentation", -0.29, 91), ("Support experience", -0.43, 156),
             ("Feature request", -0.74, 185), ("Praise", 1.07, 345)]  # fmt: skip
    lines = [DriverLine(name, None, "CSAT", v, v - 0.3, v + 0.3, n, 2500 - n)
             for name, v, n in crowd]  # fmt: skip
    names = {name for name, _v, _n in crowd}

    def strings(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                yield child
            elif isinstance(child, Group):
                yield from strings(child)

    boxes = [s.getBounds() for s in strings(chart(lines)) if s.text in names]
    assert len(boxes) == len(names)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)
