"""Learning from the assessor's labels: corrections teach at once (an item whose words are the
same as a corrected one takes the correction) and, once there are enough of them, through
retrained models that re-score the items nobody has reviewed yet. A full re-scoring keeps the
classifications it replaced, so the assessor can take it back.
"""

from __future__ import annotations

import json
import re

import numpy as np

from fbdesk.analysis.classify import item_text
from fbdesk.analysis.learning import (
    MIN_LABELS,
    CategoryModel,
    SentimentModel,
    cross_validated_accuracy,
    sentiment_label_target,
)
from fbdesk.analysis.sentiment import label_of, scorer
from fbdesk.domain.language import NOT_SCORED
from fbdesk.domain.learning_report import LearningReport
from fbdesk.domain.progress import Progress
from fbdesk.services.learning_reading import TextReader
from fbdesk.services.workspace_taxonomy import workspace_taxonomy
from fbdesk.store import classification, learned
from fbdesk.store.workspace import Workspace

_NON_WORD = re.compile(r"[^a-z]+")


def signature(text: str) -> str:
    """Words only, lower-case: texts that differ in case, digits or punctuation match."""
    return _NON_WORD.sub(" ", text.lower()).strip()


ACCEPTED_WEIGHT = 0.3  # how much a label that accepts what fbdesk read counts beside a correction


def _labelled(ws: Workspace, field: str):
    """The assessor's labels of ``field``, their texts and how much each counts: a label that
    says what the item's automatic label says (Enter, Accept shown, or the same value chosen)
    counts ``ACCEPTED_WEIGHT``, a correction 1."""
    frame = classification.labels(ws.conn, field)
    if field == "sentiment":  # the sentiment model reads what the rules read: English
        unread = (frame["value"] == NOT_SCORED) | (frame["automatic"] == NOT_SCORED)
        frame = frame[~unread].reset_index(drop=True)

    texts = [item_text(t, x) for t, x in zip(frame["title"], frame["text"], strict=True)]
    weights = [ACCEPTED_WEIGHT if c and _text(v) == _text(a) else 1.0
               for v, a, c in zip(frame["value"], frame["automatic"], frame["classified"],
                                  strict=True)]  # fmt: skip
    return frame, texts, weights


def _text(value) -> str:
    """A label as text: no label (None, NaN) is the empty one."""
    return value if isinstance(value, str) else ""


NONE = "(none)"  # the class of items the assessor said no theme or area fits
ADD_CONFIDENCE = 0.6  # how sure a model must be to label what the rules found nothing in
MIN_PER_CLASS = 10  # labels of every kind a model needs before it may replace the rules


def in_force(labels: list[str], accuracy: float | None, rules: float) -> tuple[bool, str]:
    """Whether a learned model replaces the rules: only when every kind it learned has
    MIN_PER_CLASS labels and, on the same labels, it is right more often in cross-validation
    than the rules are. Otherwise it is kept aside, and the reason says why in words."""
    counts: dict[str, int] = {}
    for v in labels:
        counts[v] = counts.get(v, 0) + 1
    few = {k: n for k, n in counts.items() if n < MIN_PER_CLASS}
    if few:
        listed = ", ".join(f"{k} {n}" for k, n in sorted(few.items(), key=lambda kv: kv[1]))
        return False, (f"kept aside, the rules decide: too few labels of some kinds ({listed}; "
                       f"{MIN_PER_CLASS} of each needed)")  # fmt: skip
    if accuracy is None:
        return False, "kept aside, the rules decide: too few labels to measure it"
    if accuracy <= rules:
        return False, (f"kept aside, the rules decide: right {accuracy:.0%} in 5-fold "
                       f"cross-validation, no better than the rules ({rules:.0%}) on the same "
                       "labels")  # fmt: skip
    return True, (f"in use: right {accuracy:.0%} in 5-fold cross-validation, the rules "
                  f"{rules:.0%} on the same labels")  # fmt: skip


def _share_equal(a: list, b: list) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / max(len(a), 1)


def retrain(ws: Workspace, progress: Progress | None = None, only: list[int] | None = None,
            cycle: int | None = None) -> LearningReport:  # fmt: skip
    """Learn from the assessor's labels (all of them, whatever their cycle) and re-score every
    item nobody has reviewed — of ``cycle`` only, when given (the one the assessor works on:
    re-scoring 100k items takes most of a minute) — or only the items ``only`` (those the rules
    just classified, without measuring the models again).

    Returns the number of labels per model, the cross-validated accuracy of each (None while
    there are too few labels) and the number of items re-scored.
    """
    progress = progress or Progress()
    report, rows = learn(ws, progress, only, cycle)
    if only is not None and not rows:
        return typed(report)
    return typed(save(ws, report, rows, full=only is None, progress=progress))


def learn(ws: Workspace, progress: Progress | None = None, only: list[int] | None = None,
          cycle: int | None = None) -> tuple[dict, list[learned.Learned]]:  # fmt: skip
    """What :func:`retrain` would write, without writing anything: the models' report and the
    labels they give the items nobody has reviewed (of ``cycle``, or only ``only``)."""
    progress = progress or Progress()
    report: dict = {"rescored": 0, "min_labels": MIN_LABELS}
    # A rating without a comment has no words to learn from: the rules' "nothing" stands.
    items = [r for r in learned.unreviewed(ws.conn, cycle, only)
             if item_text(r.title, r.text).strip()]  # fmt: skip
    if only is not None and not items:
        return report, []  # nothing to re-score: no model is fitted for nothing
    texts = [item_text(r.title, r.text) for r in items]
    updates: dict[int, dict] = {r.id: {} for r in items}

    from fbdesk.analysis.classify import RuleClassifier

    # The sentiment model's scorer: sentences it scored are not scored again for the signals.
    rules = RuleClassifier(workspace_taxonomy(ws), scorer())
    kept = (classification.model_quality(ws.conn) or {}) if only is not None else {}
    frame, labelled, weights = _labelled(ws, "sentiment")
    # What the models will read of the items is read meanwhile (on another core, with many),
    # for the models that have labels enough to learn from.
    may_learn = {f: len(_labelled(ws, f)[0]) >= MIN_LABELS for f in ("primary_theme", "area")}
    scored = [t for r, t in zip(items, texts, strict=True) if r.scored]
    with TextReader(rules, scored if len(frame) >= MIN_LABELS else [],
                    texts if any(may_learn.values()) else []) as reader:  # fmt: skip
        return _learn(ws, progress, only, items, texts, updates, rules, kept,
                      (frame, labelled, weights), scored, reader, report)


def _learn(ws, progress, only, items, texts, updates, rules, kept, sentiment_labels, scored,
           reader, report) -> tuple[dict, list[learned.Learned]]:  # fmt: skip
    frame, labelled, weights = sentiment_labels
    ids = [r.id for r in items]
    stars, origins = [r.csat for r in items], [r.origin for r in items]
    rule_themes = {r.id: r.themes for r in items}
    sentiment_model = reading = None
    report["sentiment_labels"] = len(frame)
    report["sentiment_accepted"] = sum(w < 1 for w in weights)
    memory = {signature(t): v for t, v in zip(labelled, frame["value"], strict=True)}
    if len(frame) >= MIN_LABELS and frame["value"].nunique() >= 2:
        progress.step(0.2, "Learning sentiment")
        values = list(frame["value"])
        if only is None or "sentiment_in_force" not in kept:  # never measured: measure now
            accuracy = _cv_labels(labelled, values, weights)
            by_rules = _share_equal([rules.classify(t).sentiment_label for t in labelled], values)
            report["sentiment_accuracy"], report["sentiment_rules_accuracy"] = accuracy, by_rules
            report["sentiment_in_force"], report["sentiment_state"] = in_force(
                values, accuracy, by_rules)  # fmt: skip
        else:
            report["sentiment_in_force"] = bool(kept.get("sentiment_in_force"))
        if ids and report["sentiment_in_force"]:
            sentiment_model = SentimentModel(scorer()).fit(
                labelled, np.array([sentiment_label_target(v) for v in values]), weights)  # fmt: skip
    signatures = {t: signature(t) for t in dict.fromkeys(texts)}
    for i, t in zip(ids, texts, strict=True):
        if signatures[t] in memory:
            updates[i]["sentiment_exact"] = memory[signatures[t]]

    # An area read from a mapped column is the customer's own answer: it is not re-scored.
    open_area = [r.area_from != "mapped column" for r in items]
    models = []
    for field, name, at, scope in (("primary_theme", "theme", 0.5, None),
                                   ("area", "area", 0.7, open_area)):  # fmt: skip
        model = _learn_category(ws, rules, field, name, (ids, texts, signatures), scope, updates,
                                report, lambda what, at=at: progress.step(at, what),
                                only is None or f"{name}_in_force" not in kept, kept)  # fmt: skip
        if model is not None:
            models.append((field, model[0], model[1], [getattr(r, field) for r in items]))

    # Each distinct text is read once for every model (its n-grams, its signals).
    vectorizers = [v for m in [sentiment_model, *(m for _, m, _, _ in models)] if m
                   for v in (m.words, m.chars)]  # fmt: skip
    if vectorizers:
        progress.step(0.8, "Reading the items")
        reading = reader.read(vectorizers, sentiment_model is not None, bool(models))
    if sentiment_model is not None:
        distinct = list(dict.fromkeys(scored))  # a text's score depends on its words alone
        predicted = sentiment_model.predict(distinct, reading)
        words = sentiment_model.top_words(distinct, predicted, reading=reading)
        by_text = dict(zip(distinct, zip(predicted, words, strict=True), strict=True))
        for r, t in zip(items, texts, strict=True):
            if r.scored:  # a model of English words does not read other languages either
                s, w = by_text[t]
                updates[r.id]["sentiment"] = (float(s), label_of(float(s)), w)
    for field, model, chosen_ids, current in models:
        _predict_category(model, field, chosen_ids, current, (ids, texts, stars, origins),
                          reading, updates)  # fmt: skip

    progress.step(0.9, "Labelling the items")
    rows = []
    for i, u in updates.items():
        if not u:
            continue
        sent, theme, area = u.get("sentiment"), u.get("primary_theme"), u.get("area")
        primary = u.get("primary_theme_exact") or (theme[0] if theme else None)
        area_label = u.get("area_exact") or (area[0] if area else None)
        exact = {k for k in ("sentiment", "primary_theme", "area") if f"{k}_exact" in u}
        why = {
            "sentiment": u.get("sentiment_exact") or (sent[1] if sent else None),
            "primary_theme": primary,
            "area": area_label,
            "theme_words": theme[2] if theme else [],
            "area_words": area[2] if area else [],
            "sentiment_words": sent[2] if sent else [],
            "same_text_labelled": sorted(exact),
        }
        rows.append(learned.Learned(
            item_id=i,
            sentiment=sent[0] if sent else None,
            sentiment_label=u.get("sentiment_exact") or (sent[1] if sent else None),
            primary_theme=primary,
            themes=_with_primary(rule_themes[i], primary) if primary else None,
            confidence=1.0 if exact else (theme[1] if theme else None),
            area=area_label,
            area_from="learned" if area_label else None,
            why=json.dumps(why, ensure_ascii=False),
        ))  # fmt: skip
    return report, rows


def save(ws: Workspace, report: dict, rows: list[learned.Learned], full: bool = True,
         progress: Progress | None = None) -> dict:  # fmt: skip
    """Write what :func:`learn` found, in one transaction. A ``full`` learning keeps the
    classifications it replaces as one step (the assessor may take it back) and the models'
    report; returns the report with the step and the number of items re-scored."""
    report = dict(report)
    with ws.transaction() as conn:
        if full:  # a re-scoring the assessor may take back: keep what it replaces
            report["step"] = classification.keep_versions(conn, [r.item_id for r in rows])
        learned.save_learned(conn, rows)
        if full:  # what the assessor is told about the models' accuracy
            learned.save_model_quality(conn, report)
        ws.audit("retrain", "models", None, {**report, "items": len(rows)}, actor="fbdesk")
    report["rescored"] = len(rows)
    (progress or Progress()).step(1.0, "Re-scored")
    return report


def typed(report: dict) -> LearningReport:
    """The report :func:`learn` and :func:`save` build (the stored JSON's shape), typed."""
    return LearningReport.from_json(report, MIN_LABELS)


def describe_models(report: LearningReport) -> list[str]:
    """Per model, the labels it learned from and how often it was right on labels it had not
    seen — what tells the assessor when to trust it."""
    least = report.min_labels
    out = []
    for m in report.models:
        if m.labels < least:
            state = f"too few to learn from yet (it takes {least})"
        elif m.state:
            state = m.state
        elif m.accuracy is None:
            state = "too few of each kind to measure"
        else:
            state = f"right {m.accuracy:.0%} of the time in 5-fold cross-validation"
        if m.labels >= least and m.accepted:
            state += (f"; {m.accepted:,} of the labels accept what fbdesk read and count "
                      f"{ACCEPTED_WEIGHT:g} each")  # fmt: skip
        out.append(f"{m.name}: {m.labels:,} labels, {state}")
    return out


def model_quality(ws: Workspace) -> LearningReport | None:
    """The report of the last full learning (labels per model, cross-validated accuracy)."""
    stored = classification.model_quality(ws.conn)
    return typed(stored) if stored is not None else None


def _learn_category(ws: Workspace, rules, field: str, name: str, unreviewed: tuple,
                    scope: list[bool] | None, updates: dict,
                    report: dict, step, measure: bool, kept: dict) -> tuple | None:  # fmt: skip
    """Learn one categorical field from the assessor's labels: the model and the unreviewed
    items in ``scope`` (all when None) it is to label (:func:`_predict_category`), or None
    when it is not to label any. Notes the items whose very words were labelled.

    A label the assessor cleared ("no theme fits") is learned as a label of its own, NONE."""
    ids, texts, signatures = unreviewed
    frame, labelled, weights = _labelled(ws, field)
    values = [v or NONE for v in frame["value"]]
    report[f"{name}_labels"] = sum(v != NONE for v in values)
    report[f"{name}_accepted"] = sum(v != NONE and w < 1 for v, w in zip(values, weights,
                                                                         strict=True))  # fmt: skip
    chosen_ids = [k for k, i in enumerate(ids) if scope is None or scope[k]]
    memory = {signature(t): v for t, v in zip(labelled, values, strict=True) if v != NONE}
    for k in chosen_ids:
        if signatures[texts[k]] in memory:
            updates[ids[k]][f"{field}_exact"] = memory[signatures[texts[k]]]
    if report[f"{name}_labels"] < MIN_LABELS or len(set(values) - {NONE}) < 2:
        return None
    step(f"Learning {name}s")
    known = (_stars(frame["csat"]), list(frame["origin"]))
    # The model learns, and may predict, only the kinds with enough labels to learn from.
    counts = {v: values.count(v) for v in set(values)}
    keep = [k for k, v in enumerate(values) if counts[v] >= MIN_PER_CLASS]
    if len({values[k] for k in keep}) < 2:
        report[f"{name}_in_force"] = False
        report[f"{name}_state"] = (f"kept aside, the rules decide: fewer than two kinds with "
                                   f"{MIN_PER_CLASS} labels each")  # fmt: skip
        return None
    labelled, values = [labelled[k] for k in keep], [values[k] for k in keep]
    weights = [weights[k] for k in keep]
    known = tuple([e[k] for k in keep] for e in known)
    if measure:
        accuracy = cross_validated_accuracy(labelled, values, lambda: CategoryModel(rules), known,
                                            weights=weights)  # fmt: skip
        found = [getattr(rules.classify(t), field) or NONE for t in labelled]
        by_rules = _share_equal(found, values)
        report[f"{name}_accuracy"], report[f"{name}_rules_accuracy"] = accuracy, by_rules
        report[f"{name}_in_force"], report[f"{name}_state"] = in_force(values, accuracy, by_rules)
    else:
        report[f"{name}_in_force"] = bool(kept.get(f"{name}_in_force"))
    if not chosen_ids or not report[f"{name}_in_force"]:
        return None
    return CategoryModel(rules).fit(labelled, values, *known, weights=weights), chosen_ids


def _predict_category(model: CategoryModel, field: str, chosen_ids: list[int],
                      current: list[str | None], unreviewed: tuple, reading,
                      updates: dict) -> None:  # fmt: skip
    """Note, per item of ``chosen_ids``, the label ``model`` gives it, its probability and the
    words that weighed most. An item the rules found nothing for gets a learned label only
    when the model is at least ``ADD_CONFIDENCE`` sure; a NONE prediction leaves the rules'
    label as it is. Items alike in words, rating and source are the same to the model: each
    such kind is scored once."""
    ids, texts, stars, origins = unreviewed
    kinds: dict[tuple, int] = {}
    kind = [kinds.setdefault((texts[k], stars[k], origins[k]), len(kinds)) for k in chosen_ids]
    pick, their_stars, their = (list(x) for x in zip(*kinds, strict=True))
    classes, proba = model.predict_proba(pick, their_stars, their, reading)
    chosen = [classes[int(p.argmax())] for p in proba]
    words = model.top_words(pick, chosen, their, reading=reading)
    best = proba.max(axis=1)
    for k, j in zip(chosen_ids, kind, strict=True):
        c = chosen[j]
        if c == NONE or (not current[k] and best[j] < ADD_CONFIDENCE):
            continue
        updates[ids[k]][field] = (c, float(best[j]), words[j])


def _with_primary(themes: str | None, primary: str) -> str:
    """The themes with the learned primary one first (added when the rules did not find it)."""
    rest = [t.strip() for t in (themes or "").split(";") if t.strip() and t.strip() != primary]
    return "; ".join([primary, *rest])


def _stars(values) -> list[float | None]:
    return [None if v is None or v != v else float(v) for v in values]


def _cv_labels(texts: list[str], labels: list[str], weights: list[float]) -> float | None:
    class _Wrap:
        def fit(self, t, y, weights=None):
            self.m = SentimentModel(scorer()).fit(
                t, np.array([sentiment_label_target(v) for v in y]), weights)  # fmt: skip
            return self

        def predict(self, t):
            return [label_of(float(s)) for s in self.m.predict(t)]

    return cross_validated_accuracy(texts, labels, _Wrap, weights=weights)


def swap_learning(ws: Workspace, step: int) -> int:
    """Undo a learning step's re-scoring — every label it changed back as it was — or, done
    again, redo it. Returns the number of items."""
    with ws.transaction() as conn:
        n = classification.swap_versions(conn, step)
        ws.audit("rescore swapped", "models", None, {"step": step, "items": n})
    return n
