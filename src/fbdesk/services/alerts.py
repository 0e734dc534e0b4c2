"""Alerts on critical feedback: new urgent items, and themes whose negative volume jumps; and
on metrics: an incident in a product area during which satisfaction there surely fell (lower
CSAT, NPS or sentiment, or more negative items), and a relation between a metric and feedback
newly significant after the false-discovery correction (read from the whole history's
correlation, kept in the workspace until its data change).

Each urgent item is covered by exactly one alert (items arriving together share one per kind
of urgency); a theme's spike alerts once per day. Thresholds are workspace settings.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass

import pandas as pd

from fbdesk.store import automation
from fbdesk.store.workspace import Workspace

DAY = 86_400.0


@dataclass
class AlertSettings:
    urgent: bool = True
    urgent_max_age_days: float = 14.0  # older urgent items (a back-filled archive) stay quiet
    spike: bool = True
    spike_ratio: float = 3.0  # the last day's negative items against the mean day before
    spike_min_items: int = 5
    spike_baseline_days: int = 28
    metric: bool = True  # incidents with satisfaction falling, relations newly significant

    @classmethod
    def load(cls, ws: Workspace) -> AlertSettings:
        from fbdesk.store.settings import notice, number

        saved, defaults, known, bad = automation.alert_settings(ws.conn), cls(), {}, []
        for name, value in saved.items():
            if name not in cls.__dataclass_fields__:
                continue
            default = getattr(defaults, name)
            if isinstance(default, bool):
                good = value if isinstance(value, bool) else None
            else:
                n = number(value)
                good = None if n is None or n < 0 else type(default)(n)
            if good is None:
                bad.append(f"{name}: {value!r}")
            else:
                known[name] = good
        if bad:
            notice.warning("The workspace's alert settings hold values fbdesk cannot use (%s); "
                           "the defaults are used for them", ", ".join(bad))  # fmt: skip
        return cls(**known)

    def save(self, ws: Workspace) -> None:
        with ws.transaction():
            automation.save_alert_settings(ws.conn, asdict(self))
            ws.audit("alert_settings", "setting", "alerts", asdict(self))


def with_setting(settings: AlertSettings, assignment: str) -> AlertSettings:
    """``settings`` with one threshold changed from ``name=value`` text."""
    from dataclasses import fields, replace

    from fbdesk.domain.errors import FbdeskError

    name, _, text = assignment.partition("=")
    kinds = {f.name: f.type for f in fields(AlertSettings)}
    if name.strip() not in kinds or not text.strip():
        raise FbdeskError(f"Unknown alert setting {assignment!r}",
                          f"Use NAME=VALUE with NAME one of {', '.join(kinds)}")  # fmt: skip
    name, text = name.strip(), text.strip().lower()
    try:
        match kinds[name]:
            case "bool":
                if text not in ("true", "false", "yes", "no", "on", "off", "1", "0"):
                    raise ValueError(text)
                value: object = text in ("true", "yes", "on", "1")
            case "int":
                value = int(text)
            case _:
                value = float(text)
    except ValueError as exc:
        raise FbdeskError(f"{text!r} is not a valid value for {name}",
                          f"Give a {kinds[name]}") from exc  # fmt: skip
    return replace(settings, **{name: value})


def check(ws: Workspace, now: float | None = None) -> list[dict]:
    """Raise the alerts the workspace's items call for; returns the new ones."""
    from fbdesk.services.feedback_view import taxonomy_choices

    now = time.time() if now is None else now
    settings = AlertSettings.load(ws)
    choices = taxonomy_choices(ws)
    new: list[int] = []
    with ws.transaction():
        if settings.urgent:
            new += _urgent(ws, now, settings, dict(choices["urgency"]))
        if settings.spike:
            new += _spikes(ws, now, settings, dict(choices["themes"]))
    if settings.metric:  # the correlation is computed outside the transaction, then kept
        new += _metric_alerts(ws)
    if not new:
        return []
    return [a for a in automation.alerts(ws.conn) if a["id"] in new]


def _urgent(ws: Workspace, now: float, s: AlertSettings, names: dict[str, str]) -> list[int]:
    items = automation.unalerted_urgent(ws.conn, now - s.urgent_max_age_days * DAY)
    made = []
    for urgency, group in items.groupby("urgency", sort=True):
        what = names.get(urgency, urgency.replace("_", " ")).lower()
        n = len(group)
        first = group.iloc[0]
        quote = _quote(first["title"], first["text"])
        title = f"{n} new item{'s' if n != 1 else ''} reporting {what}"
        detail = f"“{quote}”" + (f" and {n - 1} more" if n > 1 else "")
        alert_id = automation.add_alert(ws.conn, f"urgent:{urgency}:{int(group['id'].min())}",
                                   "urgent", title, detail, group["id"].tolist())  # fmt: skip
        if alert_id is not None:
            made.append(alert_id)
    return made


def _spikes(ws: Workspace, now: float, s: AlertSettings, names: dict[str, str]) -> list[int]:
    start = now - (s.spike_baseline_days + 1) * DAY
    neg = automation.negative_by_theme(ws.conn, start)
    if neg.empty:
        return []
    neg = neg[neg["ts"] <= now]
    themes = neg["themes"].fillna("").str.split(";").explode().str.strip()
    themes = themes[themes != ""]
    frame = pd.DataFrame({"theme": themes, "id": neg.loc[themes.index, "id"],
                          "recent": neg.loc[themes.index, "ts"] > now - DAY})  # fmt: skip
    made = []
    day = dt.datetime.fromtimestamp(now, dt.UTC).date().isoformat()
    for theme, group in frame.groupby("theme", sort=True):
        recent = int(group["recent"].sum())
        baseline = (len(group) - recent) / s.spike_baseline_days
        if recent < s.spike_min_items or recent < s.spike_ratio * max(baseline, 1.0):
            continue
        label = names.get(theme, theme.replace("_", " "))
        title = f"Negative feedback on {label} jumped: {recent} in the last day"
        detail = (f"{recent} negative items in the last 24 hours against {baseline:.1f} a day "
                  f"over the {s.spike_baseline_days} days before "
                  f"(alert at {s.spike_ratio:g}× and at least {s.spike_min_items})")  # fmt: skip
        ids = group.loc[group["recent"], "id"].astype(int).tolist()
        alert_id = automation.add_alert(ws.conn, f"spike:{theme}:{day}", "spike", title, detail, ids)
        if alert_id is not None:
            made.append(alert_id)
    return made


def _metric_alerts(ws: Workspace) -> list[int]:
    """An alert per incident during which satisfaction surely fell in an area it serves, and
    per metric × area with a relation newly significant (its strongest signal); each once."""
    from fbdesk.analysis.findings import fmt_days
    from fbdesk.services.correlate import technical_evidence

    evidence = technical_evidence(ws)
    made = []
    with ws.transaction():
        for f in evidence.falls:
            when = fmt_days(f["start"], f["end"])
            ids = automation.items_in_area(ws.conn, f["area"], f["start"], f["end"] + DAY)
            title = f"{f['series']} incident of {when}: {f['measure']} fell in {f['area']}"
            made.append(automation.add_alert(
                ws.conn, f"metric:{f['series']}:{f['area']}:{int(f['start'])}", "metric", title,
                f["text"], ids, cover=False))  # fmt: skip
        strongest: dict[tuple[str, str], dict] = {}
        for r in sorted(evidence.links, key=lambda r: (r["q"], -abs(r["r"]))):
            strongest.setdefault((r["series"], r["area"]), r)
        for (series, area), r in sorted(strongest.items()):
            where = f"{area} " if area else ""
            title = f"{series} now moves with {where}{r['signal_label']}"
            coefficient = f"{r['r']:+.2f}".replace("-", "−")
            detail = (f"r = {coefficient}, q = {r['q']:.3f} after the false-discovery "
                      f"correction, lag {r['lag']} {evidence.grid or 'bucket'}"
                      + (f", n = {r['n']}" if r.get("n") is not None else ""))
            made.append(automation.add_alert(ws.conn, f"relation:{series}:{area}:{r['signal']}",
                                             "relation", title, detail, [], cover=False))  # fmt: skip
    return [m for m in made if m is not None]


def _quote(title: object, text: object, limit: int = 120) -> str:
    words = " ".join(str(v) for v in (title, text) if isinstance(v, str) and v.strip())
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def alerts(ws: Workspace, include_dismissed: bool = False) -> list[dict]:
    return automation.alerts(ws.conn, include_dismissed)


def set_state(ws: Workspace, alert_ids: list[int], state: str) -> None:
    if state not in ("new", "seen", "dismissed"):
        raise ValueError(f"unknown alert state {state!r}")
    with ws.transaction():
        automation.set_alert_state(ws.conn, alert_ids, state)
        ws.audit("alert_state", "alert", ",".join(map(str, alert_ids)), {"state": state})


def unseen(ws: Workspace) -> int:
    return sum(1 for a in automation.alerts(ws.conn) if a["state"] == "new")
