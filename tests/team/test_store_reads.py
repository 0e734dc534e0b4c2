"""Every read question the store asks, put to the demo workspace (classified, with metrics,
releases, improvements, queues and labels) as a file and as the same content copied to the
server: the same answers, row for row."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import psycopg
import pytest

from fbdesk.store import (
    assignments,
    automation,
    classification,
    correlation,
    driver_items,
    improvements,
    item_lookup,
    learned,
    pack_inputs,
    pack_reading,
    queries,
    release_rows,
    review_rows,
    team_copy,
)
from fbdesk.store.workspace import Workspace


def plain(answer):
    """An answer as plain values: frames as their columns and rows, arrays as lists, NaN as
    None (a missing value reads as NaN or None depending on the column's other values)."""
    if isinstance(answer, pd.DataFrame):
        return {"columns": list(answer.columns),
                "rows": [plain(list(r)) for r in answer.itertuples(index=False)]}  # fmt: skip
    if isinstance(answer, np.ndarray):
        return plain(answer.tolist())
    if isinstance(answer, dict):
        return {k: plain(v) for k, v in answer.items()}
    if isinstance(answer, list | tuple | set):
        items = [plain(v) for v in answer]
        return sorted(items, key=repr) if isinstance(answer, set) else items
    if isinstance(answer, np.generic):
        answer = answer.item()
    if isinstance(answer, float) and math.isnan(answer):
        return None
    if isinstance(answer, bool):
        return int(answer)
    return answer


@pytest.fixture(scope="module")
def engines(pg_server, demo_master, tmp_path_factory):
    path = tmp_path_factory.mktemp("reads") / "demo.fbdesk"
    shutil.copyfile(demo_master, path)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE store_reads")
    team_copy.file_to_server(path, pg_server.url("store_reads"))
    file, server = Workspace.open(path), Workspace.open(pg_server.url("store_reads"))
    c = file.conn
    cycle = queries.cycles(c)[-1]["id"]
    items = [r[0] for r in c.execute("SELECT id FROM feedback WHERE cycle_id = ? ORDER BY id "
                                     "LIMIT 40", (cycle,))]  # fmt: skip
    theme = c.execute("SELECT primary_theme FROM classification WHERE primary_theme != '' "
                      "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]  # fmt: skip
    series = c.execute("SELECT min(id) FROM metric_series").fetchone()[0]
    external = [r[0] for r in c.execute("SELECT trim(external_id) FROM feedback WHERE "
                                        "external_id IS NOT NULL LIMIT 3")]  # fmt: skip
    texts = [r[0] for r in c.execute("SELECT trim(text) FROM feedback LIMIT 3")]
    yield {"file": file, "server": server, "cycle": cycle, "items": items, "theme": theme,
           "series": series, "external": external, "texts": texts}  # fmt: skip
    file.close()
    server.close()


READS = {
    "pack_inputs.files": lambda c, a: pack_inputs.files(c, a["cycle"]),
    "pack_inputs.satisfaction": lambda c, a: pack_inputs.satisfaction(c, a["cycle"]),
    "pack_inputs.satisfaction_all": lambda c, a: pack_inputs.satisfaction(c, None),
    "pack_inputs.languages": lambda c, a: pack_inputs.languages(c, a["cycle"]),
    "pack_inputs.quote_candidates": lambda c, a: pack_inputs.quote_candidates(
        c, a["items"], a["theme"]),
    "pack_reading.customer_names": lambda c, a: pack_reading.customer_names(c),
    "pack_reading.customer_ids": lambda c, a: pack_reading.customer_ids(c),
    "pack_reading.submitted_range": lambda c, a: pack_reading.submitted_range(c, a["cycle"]),
    "pack_reading.aspect_sentiment": lambda c, a: pack_reading.aspect_sentiment(c, a["cycle"]),
    "pack_reading.theme_quotes": lambda c, a: pack_reading.theme_quotes(
        c, a["items"], a["theme"]),
    "pack_reading.label_agreement": lambda c, a: [vars(x) if hasattr(x, "__dict__") else x
                                                  for x in pack_reading.label_agreement(c)],
    "improvements.items": lambda c, a: improvements.items(c, a["cycle"]),
    "improvements.improvements": lambda c, a: improvements.improvements(c),
    "improvements.notified": lambda c, a: improvements.notified(c),
    "improvements.weights": lambda c, a: improvements.weights(c),
    "improvements.value_weights": lambda c, a: improvements.value_weights(c),
    "improvements.merges": lambda c, a: improvements.merges(c),
    "improvements.hand_made": lambda c, a: improvements.hand_made(c),
    "improvements.next_hand_key": lambda c, a: improvements.next_hand_key(c),
    "improvements.links": lambda c, a: improvements.links(c),
    "automation.folders": lambda c, a: automation.folders(c),
    "automation.seen_files": lambda c, a: automation.seen_files(c),
    "automation.waiting_files": lambda c, a: automation.waiting_files(c),
    "automation.alert_settings": lambda c, a: automation.alert_settings(c),
    "automation.unalerted_urgent": lambda c, a: automation.unalerted_urgent(c, 0.0),
    "automation.alerts": lambda c, a: automation.alerts(c, include_dismissed=True),
    "automation.negative_by_theme": lambda c, a: automation.negative_by_theme(c, 0.0),
    "automation.latest_received": lambda c, a: automation.latest_received(c),
    "learned.unreviewed": lambda c, a: [vars(u) for u in learned.unreviewed(c, a["cycle"], None)],
    "learned.unreviewed_only": lambda c, a: [vars(u) for u in learned.unreviewed(
        c, None, a["items"][:5])],
    "learned.reviewed_among": lambda c, a: learned.reviewed_among(c, a["items"]),
    "learned.words_of": lambda c, a: learned.words_of(c, a["items"]),
    "correlation.feedback_signals": lambda c, a: correlation.feedback_signals(c, a["cycle"]),
    "correlation.metric_points": lambda c, a: correlation.metric_points(c, a["series"]),
    "correlation.links": lambda c, a: correlation.links(c),
    "correlation.finding_states": lambda c, a: correlation.finding_states(c),
    "correlation.data_fingerprint": lambda c, a: correlation.data_fingerprint(c),
    "correlation.change_fingerprint": lambda c, a: correlation.change_fingerprint(c),
    "release_rows.releases": lambda c, a: release_rows.releases(c),
    "release_rows.item_times": lambda c, a: release_rows.item_times(c),
    "release_rows.app_versions": lambda c, a: release_rows.app_versions(c),
    "release_rows.series_kinds": lambda c, a: release_rows.series_kinds(c),
    "item_lookup.by_external_id": lambda c, a: item_lookup.by_external_id(c, a["external"]),
    "item_lookup.by_text": lambda c, a: item_lookup.by_text(c, a["texts"]),
    "classification.items_to_classify": lambda c, a: classification.items_to_classify(
        c, a["cycle"]),
    "classification.taxonomy_rows": lambda c, a: classification.taxonomy_rows(c),
    "classification.model_quality": lambda c, a: classification.model_quality(c),
    "classification.labels": lambda c, a: classification.labels(c, "sentiment"),
    "classification.effective": lambda c, a: classification.effective(c, a["cycle"]),
    "classification.label_states": lambda c, a: classification.label_states(c, a["cycle"]),
    "classification.item_details": lambda c, a: classification.item_details(c, a["cycle"]),
    "classification.unreviewed_labels": lambda c, a: [vars(x) for x in classification
                                                      .unreviewed_labels(c, a["items"], 0.0)],
    "classification.least_certain": lambda c, a: classification.least_certain(c, None, 20),
    "driver_items.ratings": lambda c, a: driver_items.ratings(c, a["cycle"]),
    "queries.feedback_products": lambda c, a: queries.feedback_products(c, a["cycle"]),
    "queries.metric_series_count": lambda c, a: queries.metric_series_count(c),
    "queries.most_common": lambda c, a: queries.most_common(c, "segment"),
    "assignments.blind_items": lambda c, a: assignments.blind_items(c),
    "assignments.own_labels": lambda c, a: assignments.own_labels(
        c, a["items"], (assignments.people(c) or [""])[0]),
    "assignments.texts": lambda c, a: assignments.texts(c, a["items"][:5]),
    "review_rows.review_rows": lambda c, a: review_rows.review_rows(c, a["cycle"]),
}


@pytest.mark.parametrize("name", sorted(READS))
def test_a_store_read_answers_alike_from_a_file_and_from_a_server(engines, name):
    on_file = plain(READS[name](engines["file"].conn, engines))
    assert plain(READS[name](engines["server"].conn, engines)) == on_file
