"""Whether a metric series is technical (latency, errors, availability…) or measures usage
(active users, sessions, feature uses): recognised from its name and unit when imported."""

from __future__ import annotations

import re

TECHNICAL = "technical"
USAGE = "usage"

_USAGE_NAME = re.compile(
    r"\b(active users?|users? active|[dwm]au|sessions?|uses|usage|used|adoption|logins? count|"
    r"feature use\w*|opens|visits|visitors|page ?views|events|clicks|enabled accounts)\b",
    re.IGNORECASE,
)
_USAGE_UNIT = re.compile(r"^(users?|uses|sessions?|visits|events|accounts|count|#)$",
                         re.IGNORECASE)  # fmt: skip


def kind_of(name: str, unit: str = "") -> str:
    """'usage' for a series that counts use ("active users", "saved filter uses", unit
    "users"), otherwise 'technical'."""
    if _USAGE_NAME.search(name or "") or _USAGE_UNIT.match((unit or "").strip()):
        return USAGE
    return TECHNICAL
