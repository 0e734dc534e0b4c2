"""Workspace schema and its migrations. ``user_version`` is the schema version."""

from __future__ import annotations

APPLICATION_ID = 0x46424453  # "FBDS"
SCHEMA_VERSION = 12

# Each entry migrates from version (index) to version (index + 1).
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE cycle (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,
        period_start INTEGER,
        period_end   INTEGER,
        created_at   TEXT NOT NULL
    );
    CREATE TABLE source (
        id             INTEGER PRIMARY KEY,
        cycle_id       INTEGER REFERENCES cycle(id),
        file_name      TEXT NOT NULL,
        sha256         TEXT NOT NULL,
        kind           TEXT NOT NULL,
        format         TEXT NOT NULL,
        header_shape   TEXT NOT NULL,
        sheet          TEXT,
        encoding       TEXT,
        signature      TEXT NOT NULL,
        mapping_json   TEXT NOT NULL,
        rows_read      INTEGER NOT NULL,
        rows_imported  INTEGER NOT NULL,
        rows_duplicate INTEGER NOT NULL,
        rows_skipped   INTEGER NOT NULL,
        skipped_json   TEXT NOT NULL,
        notices_json   TEXT NOT NULL,
        imported_at    TEXT NOT NULL
    );
    CREATE TABLE feedback (
        id             INTEGER PRIMARY KEY,
        cycle_id       INTEGER NOT NULL REFERENCES cycle(id),
        source_id      INTEGER NOT NULL REFERENCES source(id),
        source_row     INTEGER NOT NULL,
        dedupe_key     INTEGER NOT NULL UNIQUE,
        kind           TEXT NOT NULL,
        external_id    TEXT,
        text           TEXT NOT NULL,
        title          TEXT,
        submitted      REAL,
        rating         REAL,
        rating_low     REAL,
        rating_high    REAL,
        csat           REAL,
        nps            REAL,
        customer_id    TEXT,
        customer_email TEXT,
        customer_name  TEXT,
        segment        TEXT,
        plan           TEXT,
        arr            REAL,
        channel        TEXT,
        product_area   TEXT,
        ticket_status  TEXT,
        topic          TEXT,
        tags           TEXT,
        app_version    TEXT,
        language       TEXT,
        extra_json     TEXT
    );
    CREATE INDEX feedback_cycle ON feedback(cycle_id);
    CREATE INDEX feedback_source ON feedback(source_id);
    CREATE TABLE ticket_reply (
        id         INTEGER PRIMARY KEY,
        source_id  INTEGER NOT NULL REFERENCES source(id),
        dedupe_key INTEGER NOT NULL UNIQUE,
        ticket_id  TEXT NOT NULL,
        created    REAL,
        author     TEXT,
        text       TEXT
    );
    CREATE INDEX ticket_reply_ticket ON ticket_reply(ticket_id);
    CREATE TABLE invitation (
        id          INTEGER PRIMARY KEY,
        cycle_id    INTEGER NOT NULL REFERENCES cycle(id),
        source_id   INTEGER NOT NULL REFERENCES source(id),
        dedupe_key  INTEGER NOT NULL UNIQUE,
        customer_id TEXT,
        email       TEXT,
        channel     TEXT,
        invited     REAL
    );
    CREATE TABLE metric_series (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL,
        area      TEXT NOT NULL DEFAULT '',
        unit      TEXT NOT NULL DEFAULT '',
        source_id INTEGER REFERENCES source(id),
        UNIQUE (name, area)
    );
    CREATE TABLE metric_point (
        series_id INTEGER NOT NULL REFERENCES metric_series(id),
        ts        REAL NOT NULL,
        value     REAL NOT NULL,
        PRIMARY KEY (series_id, ts)
    ) WITHOUT ROWID;
    CREATE TABLE mapping_memory (
        signature    TEXT PRIMARY KEY,
        mapping_json TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    CREATE TABLE audit (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id TEXT,
        detail    TEXT NOT NULL
    );
    """,
    # 2: classification results, the assessor's labels, and an edited taxonomy.
    """
    CREATE TABLE classification (
        item_id         INTEGER PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
        input_key       INTEGER NOT NULL,
        sentiment       REAL NOT NULL,
        sentiment_label TEXT NOT NULL,
        themes          TEXT NOT NULL,
        primary_theme   TEXT,
        area            TEXT,
        urgency         TEXT,
        urgency_reason  TEXT,
        confidence      REAL NOT NULL,
        method          TEXT NOT NULL,
        why             TEXT NOT NULL,
        classified_at   REAL NOT NULL
    );
    CREATE TABLE assessor_label (
        item_id     INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
        field       TEXT NOT NULL,
        value       TEXT,
        labelled_at REAL NOT NULL,
        PRIMARY KEY (item_id, field)
    );
    CREATE TABLE taxonomy (
        version  INTEGER PRIMARY KEY,
        json     TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );
    ALTER TABLE feedback ADD COLUMN received_at REAL;
    """,
    # 3: which product areas a metric series serves, and the assessor's verdict on findings.
    """
    CREATE TABLE metric_link (
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        area      TEXT NOT NULL,
        PRIMARY KEY (series_id, area)
    );
    CREATE TABLE finding_state (
        key        TEXT PRIMARY KEY,
        state      TEXT NOT NULL CHECK (state IN ('pinned', 'dismissed')),
        text       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 4: improvements (one per theme × area), decisions on them, who was told, and settings.
    """
    CREATE TABLE improvement (
        key         TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        effort      TEXT NOT NULL DEFAULT 'M',
        confidence  REAL NOT NULL DEFAULT 0.8,
        status      TEXT NOT NULL DEFAULT 'proposed'
                    CHECK (status IN ('proposed', 'planned', 'in progress', 'shipped',
                                      'declined')),
        decision    TEXT NOT NULL DEFAULT '',
        owner       TEXT NOT NULL DEFAULT '',
        target_date TEXT NOT NULL DEFAULT '',
        shipped_at  REAL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE notified (
        improvement_key TEXT NOT NULL REFERENCES improvement(key) ON DELETE CASCADE,
        customer        TEXT NOT NULL,
        notified_at     TEXT NOT NULL,
        PRIMARY KEY (improvement_key, customer)
    );
    CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 5: improvements the assessor merged into another (their feedback counts there).
    """
    CREATE TABLE improvement_merge (
        key  TEXT PRIMARY KEY,
        into_key TEXT NOT NULL
    );
    """,
    # 6: watched folders and what became of each file in them, alerts, improvements made by
    # hand and feedback linked to (or taken from) an improvement by hand, and when each item
    # was first classified (received → classified → reviewed).
    """
    CREATE TABLE inbox_folder (
        path     TEXT PRIMARY KEY,
        added_at TEXT NOT NULL
    );
    CREATE TABLE inbox_file (
        path      TEXT PRIMARY KEY,
        size      INTEGER NOT NULL,
        mtime     REAL NOT NULL,
        sha256    TEXT NOT NULL,
        state     TEXT NOT NULL CHECK (state IN ('imported', 'duplicate', 'waiting', 'ignored')),
        reason    TEXT NOT NULL DEFAULT '',
        source_id INTEGER REFERENCES source(id),
        seen_at   TEXT NOT NULL
    );
    CREATE TABLE alert (
        id         INTEGER PRIMARY KEY,
        key        TEXT NOT NULL UNIQUE,
        kind       TEXT NOT NULL CHECK (kind IN ('urgent', 'spike')),
        title      TEXT NOT NULL,
        detail     TEXT NOT NULL,
        item_ids   TEXT NOT NULL,
        created_at REAL NOT NULL,
        state      TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'seen', 'dismissed'))
    );
    CREATE TABLE alerted_item (
        item_id  INTEGER PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
        alert_id INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE
    );
    CREATE TABLE improvement_hand (
        key   TEXT PRIMARY KEY,
        theme TEXT NOT NULL DEFAULT '',
        area  TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE improvement_link (
        key     TEXT NOT NULL,
        item_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
        linked  INTEGER NOT NULL CHECK (linked IN (0, 1)),
        PRIMARY KEY (key, item_id)
    );
    ALTER TABLE feedback ADD COLUMN classified_at REAL;
    UPDATE feedback SET classified_at =
        (SELECT c.classified_at FROM classification c WHERE c.item_id = feedback.id);
    """,
    # 7: the classifications a re-scoring replaced, so that learning is an undoable step
    """
    CREATE TABLE classification_version (
        step            INTEGER NOT NULL,
        item_id         INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
        sentiment       REAL,
        sentiment_label TEXT,
        themes          TEXT,
        primary_theme   TEXT,
        area            TEXT,
        urgency         TEXT,
        urgency_reason  TEXT,
        confidence      REAL,
        method          TEXT,
        why             TEXT,
        classified_at   REAL,
        PRIMARY KEY (step, item_id)
    );
    """,
    # 8: the assessor's own words for the pack of a cycle: the executive summary, a comment per
    # finding and per improvement, and quotes and sections pinned or left out
    """
    CREATE TABLE pack_note (
        cycle_id   INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL
                   CHECK (kind IN ('summary', 'finding', 'improvement', 'quote', 'section')),
        key        TEXT NOT NULL,
        text       TEXT NOT NULL DEFAULT '',
        state      TEXT NOT NULL DEFAULT '' CHECK (state IN ('', 'pinned', 'left out')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (cycle_id, kind, key)
    );
    """,
    # 9: who made each label, decision and taxonomy version; review queues (items assigned to
    # named assessors, two of them for an item coded blind twice) and each coder's own labels
    # of a double-coded item, kept apart from the label in force until it is reconciled
    """
    ALTER TABLE assessor_label ADD COLUMN labelled_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE improvement ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE taxonomy ADD COLUMN saved_by TEXT NOT NULL DEFAULT '';
    CREATE TABLE queue_item (
        item_id     INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
        person      TEXT NOT NULL,
        double      INTEGER NOT NULL DEFAULT 0 CHECK (double IN (0, 1)),
        assigned_at TEXT NOT NULL,
        assigned_by TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (item_id, person)
    );
    CREATE INDEX queue_item_person ON queue_item(person);
    CREATE TABLE coder_label (
        item_id     INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
        person      TEXT NOT NULL,
        field       TEXT NOT NULL,
        value       TEXT,
        labelled_at REAL NOT NULL,
        PRIMARY KEY (item_id, person, field)
    );
    """,
    # 10: the product's releases (a second way to slice time beside quarters), and whether a
    # metric series is technical or measures usage (active users, feature uses)
    """
    CREATE TABLE release (
        version  TEXT PRIMARY KEY,
        released REAL NOT NULL,
        notes    TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL
    );
    ALTER TABLE metric_series ADD COLUMN kind TEXT NOT NULL DEFAULT 'technical'
        CHECK (kind IN ('technical', 'usage'));
    """,
    # 11: an improvement's kind (immediate fix or platform investment) with its reason, its
    # recommendation as the assessor left it and whether they reviewed it; alerts on metrics
    # (an incident with satisfaction falling in its area, a relation newly significant)
    """
    ALTER TABLE improvement ADD COLUMN kind TEXT NOT NULL DEFAULT ''
        CHECK (kind IN ('', 'fix', 'platform'));
    ALTER TABLE improvement ADD COLUMN kind_reason TEXT NOT NULL DEFAULT '';
    ALTER TABLE improvement ADD COLUMN recommendation TEXT NOT NULL DEFAULT '';
    ALTER TABLE improvement ADD COLUMN recommendation_reviewed INTEGER NOT NULL DEFAULT 0
        CHECK (recommendation_reviewed IN (0, 1));
    ALTER TABLE alert RENAME TO alert_before_9;
    CREATE TABLE alert (
        id         INTEGER PRIMARY KEY,
        key        TEXT NOT NULL UNIQUE,
        kind       TEXT NOT NULL CHECK (kind IN ('urgent', 'spike', 'metric', 'relation')),
        title      TEXT NOT NULL,
        detail     TEXT NOT NULL,
        item_ids   TEXT NOT NULL,
        created_at REAL NOT NULL,
        state      TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'seen', 'dismissed'))
    );
    INSERT INTO alert(id, key, kind, title, detail, item_ids, created_at, state)
        SELECT id, key, kind, title, detail, item_ids, created_at, state FROM alert_before_9;
    CREATE TABLE alerted_item_9 (
        item_id  INTEGER PRIMARY KEY REFERENCES feedback(id) ON DELETE CASCADE,
        alert_id INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE
    );
    INSERT INTO alerted_item_9(item_id, alert_id) SELECT item_id, alert_id FROM alerted_item;
    DROP TABLE alerted_item;
    DROP TABLE alert_before_9;
    ALTER TABLE alerted_item_9 RENAME TO alerted_item;
    """,
    # 12: the language each item was read in (ISO 639-1; '' when it has no letters to tell by),
    # kept with the classification and with the versions a re-scoring replaced
    """
    ALTER TABLE classification ADD COLUMN language TEXT;
    ALTER TABLE classification_version ADD COLUMN language TEXT;
    """,
]

assert len(MIGRATIONS) == SCHEMA_VERSION


# What earlier builds wrote at a version whose migration was edited later, without a new
# version: a workspace of that version may differ from today's migrations in these ways only.
# - the first version had an index on feedback(external_id), removed from migration 1 since;
EARLIER_OBJECTS: dict[int, list[str]] = {
    1: ["CREATE INDEX feedback_external ON feedback(external_id)"],
}
# - migration 6 gained two tables after it was first written; opening creates them.
LATE_TABLES: dict[int, tuple[str, ...]] = {6: ("improvement_hand", "improvement_link")}
