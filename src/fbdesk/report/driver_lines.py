"""A key driver as the pack and the command line say it: one typed line and its sentence
("Billing costs 0.42 CSAT points (0.21–0.63), 310 items")."""

from __future__ import annotations

from dataclasses import dataclass

from fbdesk.domain.effect import Effect


@dataclass(frozen=True)
class DriverLine(Effect):
    """One driver of one rating: ``theme`` its name (themes that only occur together joined
    with " + "), ``area`` None for every area; ``impact``, ``low`` and ``high`` in the rating's
    points, negative a cost (None: too few to judge); ``n_with``/``n_without`` rated items."""

    theme: str
    area: str | None
    outcome: str  # "CSAT" or "NPS"
    impact: float | None
    low: float | None
    high: float | None
    n_with: int
    n_without: int

    @property
    def who(self) -> str:
        return self.theme if self.area is None else f"{self.theme} in {self.area}"

    def points(self, v: float) -> str:
        """A number of the rating's points, as the pack prints them: CSAT to two decimals,
        NPS to whole points."""
        return f"{v:.0f}" if self.outcome == "NPS" else f"{v:.2f}"

    def sentence(self) -> str:
        """'Billing costs 0.42 CSAT points (0.21–0.63), 310 items'; 'Praise adds …'; with an
        interval across zero, 'no clear effect on CSAT'; or 'too few to judge'."""
        items = f"{self.n_with:,} item{'s' if self.n_with != 1 else ''}"
        if not self.judged:
            return f"{self.who}: too few rated items to judge its effect on {self.outcome} " \
                   f"({items} with it, {self.n_without:,} without)"  # fmt: skip
        if not self.clear:
            return f"{self.who}: no clear effect on {self.outcome} " \
                   f"({self.span(self.low)} to {self.span(self.high)} points), {items}"  # fmt: skip
        if self.impact < 0:  # type: ignore[operator]
            return (f"{self.who} costs {self.points(-self.impact)} {self.outcome} points "  # type: ignore[operator]
                    f"({self.points(-self.high)}–{self.points(-self.low)}), {items}")  # fmt: skip
        return (f"{self.who} adds {self.points(self.impact)} {self.outcome} points "
                f"({self.points(self.low)}–{self.points(self.high)}), {items}")  # fmt: skip

    def span(self, v: float | None) -> str:
        """A signed number of points ("−0.42", "+0.15", "0.00")."""
        if v is None:
            return "—"
        shown = self.points(abs(v))
        return shown if float(shown) == 0 else ("+" if v > 0 else "−") + shown

    def as_json(self) -> dict:
        return {"theme": self.theme, "area": self.area, "outcome": self.outcome,
                "impact": self.impact, "low": self.low, "high": self.high,
                "n_with": self.n_with, "n_without": self.n_without,
                "judged": self.judged, "clear": self.clear, "sentence": self.sentence()}  # fmt: skip
