"""An estimated effect with its interval, as the key drivers report it."""

from __future__ import annotations


class Effect:
    """Mixed into a dataclass with ``impact``, ``low`` and ``high`` (None: too few to judge)."""

    impact: float | None
    low: float | None
    high: float | None

    @property
    def judged(self) -> bool:
        return self.impact is not None

    @property
    def clear(self) -> bool:
        """The interval leaves zero out: the effect surely moves the rating, one way."""
        return self.judged and (self.high < 0 or self.low > 0)  # type: ignore[operator]
