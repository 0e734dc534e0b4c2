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
)  # fmt: skip


@dataclass(frozen=True)
class KpiValue:
    key: str
    title: str
    value: float | None
    unit: str
    target: float | None
    basis: str  # how it was measured, or why it cannot be yet

    @property
    def met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        d = next(k for k in KPIS if k.key == self.key)
        return self.value >= self.target if d.higher_is_better else self.value <= self.target

    def to_json(self) -> dict:
        return {"title": self.title, "value": self.value, "unit": self.unit,
                "target": self.target, "met": self.met, "basis": self.basis}  # fmt: skip


def kpi(
    key: str, value: float | None, basis: str, targets: dict[str, float] | None = None
) -> KpiValue:
    d = next(k for k in KPIS if k.key == key)
    target = (targets or {}).get(key, d.target)
    return KpiValue(key, d.title, value, d.unit, target, basis)
