"""Metric alerts: an incident in an area during which satisfaction there surely fell, and a
relation between a metric and feedback newly significant, raise alerts like urgent items do —
once each, in the list, in `fbdesk alerts` and from `run`."""

from __future__ import annotations

import json
import subprocess
import sys

from fbdesk.services import alerts


def metric_alerts(ws) -> list[dict]:
    return [a for a in alerts.alerts(ws, include_dismissed=True)
            if a["kind"] in ("metric", "relation")]  # fmt: skip


def test_the_planted_incident_raises_a_metric_alert_in_the_demo(demo_engine_ws):
    found = metric_alerts(demo_engine_ws)
    incident = [a for a in found if a["kind"] == "metric"]
    assert len(incident) == 1
    a = incident[0]
    assert a["title"] == "Checkout p95 latency incident of 12–14 Aug 2026: CSAT fell in Checkout"
    assert "Checkout CSAT fell from 3.25 (n = 88) to 1.54 (n = 37; difference −1.71" in a["detail"]
    assert a["state"] == "seen"  # the demo is a finished cycle: its alerts were looked at
    ids = a["item_ids"]
    assert len(ids) >= 37
    areas = demo_engine_ws.conn.execute(
        f"SELECT DISTINCT coalesce(nullif(f.product_area, ''), c.area) FROM feedback f "
        f"LEFT JOIN classification c ON c.item_id = f.id WHERE f.id IN ({','.join('?' * len(ids))})",
        ids).fetchall()  # fmt: skip
    assert areas == [("Checkout",)]
    relation = [a for a in found if a["kind"] == "relation"]
    assert relation and all(a["item_ids"] == [] for a in relation)
    assert any(a["title"] == "Checkout p95 latency now moves with Checkout Performance items"
               and a["detail"].startswith("r = +0.41, q = 0.002") for a in relation)  # fmt: skip


def test_each_is_raised_once_and_urgent_items_stay_for_their_own_alert(demo_engine_ws):
    before = len(metric_alerts(demo_engine_ws))
    assert alerts.check(demo_engine_ws) == []
    with demo_engine_ws.transaction() as conn:
        conn.execute("DELETE FROM alert WHERE kind IN ('metric', 'relation')")
    again = alerts.check(demo_engine_ws)
    assert len(again) == before and {a["state"] for a in again} == {"new"}
    assert alerts.unseen(demo_engine_ws) == before
    covered = demo_engine_ws.conn.execute("SELECT count(*) FROM alerted_item WHERE alert_id IN "
                                   "(SELECT id FROM alert WHERE kind = 'metric')").fetchone()[0]
    assert covered == 0  # an urgent item among them still gets its urgent alert


def test_switched_off_nothing_is_raised(demo_engine_ws):
    with demo_engine_ws.transaction() as conn:
        conn.execute("DELETE FROM alert")
    s = alerts.with_setting(alerts.AlertSettings.load(demo_engine_ws), "metric=off")
    s.save(demo_engine_ws)
    assert alerts.check(demo_engine_ws) == []


def test_the_command_line_lists_them(demo_engine_ws):
    path = str(getattr(demo_engine_ws, "address", demo_engine_ws.path))  # a file, or a server's address
    out = subprocess.run([sys.executable, "-m", "fbdesk", "alerts", "-w", path, "--json"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    kinds = {a["kind"] for a in json.loads(out)}
    assert {"metric", "relation"} <= kinds
