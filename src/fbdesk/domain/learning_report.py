"""What learning from the assessor's labels reports: per model, the labels it learned from (and
how many of them only accepted what fbdesk read), how often it was right in cross-validation
beside the rules on the same labels, and whether it is in use; and what the learning did to
the items. Stored in the workspace as JSON (:meth:`LearningReport.as_json`)."""

from __future__ import annotations

from dataclasses import dataclass

MODELS = (("sentiment", "sentiment"), ("theme", "primary theme"), ("area", "area"))


@dataclass(frozen=True)
class ModelQuality:
    """One learned model: ``key`` (sentiment, theme, area) and its name in sentences."""

    key: str
    name: str
    labels: int = 0
    accepted: int = 0  # of the labels, those that accept what fbdesk read
    accuracy: float | None = None  # right in 5-fold cross-validation; None: too few to measure
    rules_accuracy: float | None = None  # the rules on the same labels
    in_force: bool = False  # it replaces the rules
    state: str = ""  # why it is in use or kept aside, in words


@dataclass(frozen=True)
class LearningReport:
    models: tuple[ModelQuality, ...]
    min_labels: int
    rescored: int = 0  # items given the models' labels
    step: int | None = None  # the kept classifications the re-scoring replaced (its undo)
    changed: int | None = None  # items whose labels the re-scoring changed, where counted
    kept: bool = False  # the assessor kept the current labels: every model is kept aside

    def model(self, key: str) -> ModelQuality:
        return next(m for m in self.models if m.key == key)

    @property
    def learned(self) -> list[ModelQuality]:
        """The models with enough labels to have been learned."""
        return [m for m in self.models if m.labels >= self.min_labels]

    @property
    def measured(self) -> list[ModelQuality]:
        """The models whose accuracy was measured."""
        return [m for m in self.models if m.accuracy]

    @classmethod
    def from_json(cls, data: dict, min_labels: int) -> LearningReport:
        """The report as stored (``{"sentiment_labels": …, "theme_accuracy": …}``); a report
        of an older fbdesk lacks some keys, read as nothing."""
        models = tuple(ModelQuality(
            key, name, labels=int(data.get(f"{key}_labels") or 0),
            accepted=int(data.get(f"{key}_accepted") or 0),
            accuracy=data.get(f"{key}_accuracy"), rules_accuracy=data.get(f"{key}_rules_accuracy"),
            in_force=bool(data.get(f"{key}_in_force")), state=data.get(f"{key}_state") or "")
            for key, name in MODELS)  # fmt: skip
        return cls(models, int(data.get("min_labels") or min_labels),
                   int(data.get("rescored") or 0), data.get("step"), data.get("changed"),
                   bool(data.get("kept")))  # fmt: skip

    def as_json(self) -> dict:
        out: dict = {"rescored": self.rescored, "min_labels": self.min_labels}
        for name in ("step", "changed"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.kept:
            out["kept"] = True
        for m in self.models:
            out.update({f"{m.key}_labels": m.labels, f"{m.key}_accepted": m.accepted,
                        f"{m.key}_accuracy": m.accuracy,
                        f"{m.key}_rules_accuracy": m.rules_accuracy,
                        f"{m.key}_in_force": m.in_force, f"{m.key}_state": m.state})  # fmt: skip
        return out
