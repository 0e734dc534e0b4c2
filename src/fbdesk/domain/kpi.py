"""The KPIs every cycle shows, their definitions and default targets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KpiDefinition:
    key: str
    title: str
    unit: str
    target: float | None
    higher_is_better: bool
    definition: str
    lowest: float = 0.0  # the lowest target that can be set
    decimals: int = 1
    short: str = ""  # the KPI strip's title, where the title is long (the tooltip has it whole)


KPIS: tuple[KpiDefinition, ...] = (
    KpiDefinition("collection_rate", "Feedback collection rate", "%", 70.0, True,
                  "respondents ÷ customers invited"),
    KpiDefinition("processing_days", "Processing time", "days", 2.0, False,
                  "median time from feedback submitted to classified and reviewed"),
    KpiDefinition("csat", "Customer satisfaction", "/5", 4.3, True,
                  "mean CSAT on a 1–5 scale (other scales normalised)"),
    KpiDefinition("resolution_rate", "Technical issue resolution", "%", 90.0, True,
                  "share of feedback linked to a documented decision"),
    KpiDefinition("loop_closure", "Loop closure", "%", 95.0, True,
                  "share of feedback providers who were told the outcome"),
    KpiDefinition("satisfaction_relation", "Satisfaction–performance correlation", "|r|", None,
                  True, "strongest correlation between satisfaction (CSAT, NPS, sentiment, "
                  "share negative) and a performance metric that survives the false-discovery "
                  "correction (q ≤ 0.05), over the whole history, with the strongest per area",
                  0.0, 2, "Satisfaction ~ metric"),
    KpiDefinition("technical_issues", "Customer-reported technical issues", "%", -70.0, False,
                  "change in items about bugs, reliability and performance against the "
                  "previous comparable cycle", -100.0, 1, "Tech issues vs last"),
    KpiDefinition("recommendation_coverage", "Recommendation coverage", "%", 90.0, True,
                  "items linked to an improvement whose recommendation an assessor reviewed, "
                  "over all items", 0.0, 1, "Rec. coverage"),
)  # fmt: skip


def short_title(key: str) -> str:
    d = next(k for k in KPIS if k.key == key)
    return d.short or d.title


MIN_SAMPLE = 30  # fewer observations than this: the figure is shown but too few to judge by


@dataclass(frozen=True)
class KpiValue:
    key: str
    title: str
    value: float | None
    unit: str
    target: float | None
    basis: str  # how it was measured, or why it cannot be yet
    n: int | None = None  # how many it was measured on: customers invited, items, customers
    minimum: int = MIN_SAMPLE  # fewer than this: too few to judge by

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None when unmeasured or too few to judge by."""
        if self.value is None or self.target is None or self.thin:
            return None
        d = next(k for k in KPIS if k.key == self.key)
        return self.value >= self.target if d.higher_is_better else self.value <= self.target

    @property
    def thin(self) -> bool:
        """Measured, but on fewer than ``minimum`` observations: too few to judge by."""
        return self.value is not None and self.n is not None and self.n < self.minimum

    @property
    def shown(self) -> str:
        """The value as the window shows it: '21.4%', '3.3/5', '1.5 days', or '—'."""
        if self.value is None:
            return "—"
        if self.unit == "|r|":
            return f"|r| {self.value:.2f}"
        unit = self.unit if self.unit in ("%", "/5") else f" {self.unit}"
        sign = "+" if self.key == "technical_issues" and self.value > 0 else ""
        return f"{sign}{self.value:.1f}{unit}".replace("-", "−")

    def to_json(self) -> dict:
        return {"title": self.title, "value": self.value, "unit": self.unit,
                "target": self.target, "met": self.met, "thin": self.thin, "basis": self.basis,
                "n": self.n, "shown": self.shown, "status": self.status}  # fmt: skip

    @property
    def status(self) -> str:
        """In words: met, below target, too few to judge, reported (no target), no data yet."""
        if self.thin:
            return "too few to judge"
        if self.value is not None and self.target is None:
            return "reported"
        return {True: "met", False: "below target", None: "no data yet"}[self.met]


def kpi(
    key: str,
    value: float | None,
    basis: str,
    targets: dict[str, float] | None = None,
    n: int | None = None,
    minimum: int = MIN_SAMPLE,
) -> KpiValue:
    d = next(k for k in KPIS if k.key == key)
    target = (targets or {}).get(key, d.target)
    if d.target is None and not target:  # a KPI only reported unless a target is set
        target = None
    return KpiValue(key, d.title, value, d.unit, target, basis, n, minimum)
