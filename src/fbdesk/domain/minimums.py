"""The smallest samples and margins a figure of the pack needs before it is judged: one table,
editable per workspace (the ``minimums`` setting), shown on the method page."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Minimum:
    key: str
    title: str
    default: float
    what: str  # what falls short below it, in the assessor's words
    decimals: int = 0
    fixed: bool = False  # the statistics need it as it is: shown, not editable


MINIMUMS: tuple[Minimum, ...] = (
    Minimum("ratings", "Ratings or items behind a KPI", 30,
            "a KPI, NPS, CSAT or negative share on fewer is shown with its n but neither met "
            "nor missed: too few to judge"),
    Minimum("comparable", "Items of each kind in both cycles", 30,
            "with fewer, with different kinds of source, or with a product one cycle's "
            "exports speak of and the other's not at all, the previous cycle is not "
            "compared: no trend and no change is shown"),
    Minimum("paired", "Paired time buckets for a correlation", 10,
            "a correlation on fewer buckets with both a metric and feedback gives a warning, "
            "not a number (fixed)", fixed=True),
    Minimum("csat_margin", "CSAT margin for 'back' after an incident", 0.2,
            "the week after counts as back when its difference from the week before lies "
            "within ± this margin (95 % interval)", 2),
    Minimum("nps_margin", "NPS margin for 'back' after an incident", 5.0,
            "the same for NPS, in points", 1),
)  # fmt: skip


@dataclass(frozen=True)
class Minimums:
    ratings: int = 30
    comparable: int = 30
    paired: int = 10
    csat_margin: float = 0.2
    nps_margin: float = 5.0

    @classmethod
    def from_setting(cls, values: dict[str, float]) -> Minimums:
        """From the stored setting: a value that is missing, negative or not a number keeps
        its default; counts are whole numbers."""
        out = {}
        fixed = {m.key for m in MINIMUMS if m.fixed}
        for f in fields(cls):
            v = values.get(f.name)
            if f.name in fixed:
                continue
            if v is None or v < 0:
                continue
            out[f.name] = round(v) if f.type in (int, "int") else float(v)
        return cls(**out)

    def rows(self) -> list[tuple[str, str, float, str]]:
        """(key, title, value, what it means) for each minimum, in table order."""
        return [(m.key, m.title, getattr(self, m.key), m.what) for m in MINIMUMS]
