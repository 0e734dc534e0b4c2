"""What an assessor can decide about an improvement."""

from __future__ import annotations

STATUSES = ("proposed", "planned", "in progress", "shipped", "declined")
DECIDED = STATUSES[1:]  # a decision was recorded: the feedback's loop can be closed
