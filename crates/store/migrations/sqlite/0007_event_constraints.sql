-- The event tables of 0004 and 0005 rebuilt with constraints that cost less to check, for the
-- sake of capture throughput; the rows are copied unchanged.
--
-- * A CHECK of `x IN (a, b, c)` makes SQLite build a small temporary index each time a row is
--   checked, which cost about a microsecond per row written (as much as the row itself):
--   the same rules are written `x = a OR x = b OR x = c`, and `LIKE` becomes a `substr`.
-- * An event's identity: `UNIQUE (hash_id, declares_error)` indexed the 89 characters of the
--   hash ID, and since hash IDs are random every event landed on a page of its own in a large
--   index, rewriting that page to the WAL. The index now holds the 32 bytes of the SHA-256
--   digest the hash ID spells out in hex, so fewer pages hold it and fewer are written; the
--   CHECK makes the digest determine the whole hash ID, so the rule is the same one. Queries
--   by hash ID match on the same expression (the engine's `hash_key`), then on the text.
--
-- The old tables are renamed (their children's references follow them), the new ones made
-- and filled, then the old ones dropped, children first, so that foreign keys hold at every
-- step and the migration runs in its own transaction like any other.

ALTER TABLE epcis_anomalies RENAME TO epcis_anomalies_0006;
ALTER TABLE epcis_event_links RENAME TO epcis_event_links_0006;
ALTER TABLE epcis_event_classes RENAME TO epcis_event_classes_0006;
ALTER TABLE epcis_event_epcs RENAME TO epcis_event_epcs_0006;
ALTER TABLE epcis_events RENAME TO epcis_events_0006;

CREATE TABLE epcis_events (
    id                BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    -- ni:///sha-256;{64 lower-case hex digits}?ver=CBV2.0, the one form CBV 2.0 writes.
    hash_id           TEXT    NOT NULL CHECK (
        length(hash_id) = 89 AND substr(hash_id, 1, 14) = 'ni:///sha-256;'
        AND substr(hash_id, 79) = '?ver=CBV2.0' AND unhex(substr(hash_id, 15, 64)) IS NOT NULL
        AND lower(substr(hash_id, 15, 64)) = substr(hash_id, 15, 64)),
    declares_error    INTEGER NOT NULL CHECK (declares_error = 0 OR declares_error = 1),
    event_id          TEXT,
    event_type        TEXT    NOT NULL,
    action            TEXT    CHECK (action = 'ADD' OR action = 'OBSERVE' OR action = 'DELETE'),
    event_time        TEXT    NOT NULL,
    record_time       TEXT    NOT NULL,
    biz_step          TEXT,
    disposition       TEXT,
    read_point        TEXT,
    biz_location      TEXT,
    transformation_id TEXT,
    submitter         TEXT,
    capture_id        BLOB    CHECK (capture_id IS NULL OR length(capture_id) = 16),
    document          TEXT    NOT NULL
) STRICT;

CREATE TABLE epcis_event_epcs (
    epc   TEXT    NOT NULL,
    event BLOB    NOT NULL REFERENCES epcis_events (id),
    role  TEXT    NOT NULL
        CHECK (role = 'epc' OR role = 'parent' OR role = 'input' OR role = 'output'),
    PRIMARY KEY (epc, event, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE epcis_event_classes (
    class    TEXT    NOT NULL,
    event    BLOB    NOT NULL REFERENCES epcis_events (id),
    role     TEXT    NOT NULL CHECK (role = 'epc' OR role = 'input' OR role = 'output'),
    position INTEGER NOT NULL,
    quantity REAL,
    uom      TEXT,
    PRIMARY KEY (class, event, role, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE epcis_event_links (
    kind  TEXT    NOT NULL
        CHECK (kind = 'biz_transaction' OR kind = 'source' OR kind = 'destination'),
    type  TEXT    NOT NULL,
    value TEXT    NOT NULL,
    event BLOB    NOT NULL REFERENCES epcis_events (id),
    PRIMARY KEY (kind, type, value, event)
) STRICT, WITHOUT ROWID;

CREATE TABLE epcis_anomalies (
    event    BLOB    NOT NULL REFERENCES epcis_events (id),
    position INTEGER NOT NULL CHECK (position >= 0),
    kind     TEXT    NOT NULL,
    epc      TEXT    NOT NULL,
    detail   TEXT    NOT NULL,
    PRIMARY KEY (event, position)
) STRICT, WITHOUT ROWID;

INSERT INTO epcis_events SELECT * FROM epcis_events_0006 ORDER BY rowid;
INSERT INTO epcis_event_epcs SELECT epc, event, role FROM epcis_event_epcs_0006;
INSERT INTO epcis_event_classes
    SELECT class, event, role, position, quantity, uom FROM epcis_event_classes_0006;
INSERT INTO epcis_event_links SELECT kind, type, value, event FROM epcis_event_links_0006;
INSERT INTO epcis_anomalies
    SELECT event, position, kind, epc, detail FROM epcis_anomalies_0006;

-- Dropping a table drops its indexes and triggers; it fires no trigger.
DROP TABLE epcis_anomalies_0006;
DROP TABLE epcis_event_links_0006;
DROP TABLE epcis_event_classes_0006;
DROP TABLE epcis_event_epcs_0006;
DROP TABLE epcis_events_0006;

-- One event per (hash ID, error declaration), by the digest.
CREATE UNIQUE INDEX epcis_events_hash
    ON epcis_events (unhex(substr(hash_id, 15, 64)), declares_error);
CREATE INDEX epcis_events_event_time ON epcis_events (event_time);
CREATE INDEX epcis_events_record_time ON epcis_events (record_time, id);
CREATE INDEX epcis_events_event_id ON epcis_events (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX epcis_events_type ON epcis_events (event_type);
CREATE INDEX epcis_events_biz_step ON epcis_events (biz_step) WHERE biz_step IS NOT NULL;
CREATE INDEX epcis_events_disposition ON epcis_events (disposition)
    WHERE disposition IS NOT NULL;
CREATE INDEX epcis_events_read_point ON epcis_events (read_point) WHERE read_point IS NOT NULL;
CREATE INDEX epcis_events_biz_location ON epcis_events (biz_location)
    WHERE biz_location IS NOT NULL;
CREATE INDEX epcis_anomalies_kind ON epcis_anomalies (kind, event);

CREATE TRIGGER epcis_events_no_update BEFORE UPDATE ON epcis_events
BEGIN SELECT RAISE(ABORT, 'epcis_events is append-only'); END;
CREATE TRIGGER epcis_events_no_delete BEFORE DELETE ON epcis_events
BEGIN SELECT RAISE(ABORT, 'epcis_events is append-only'); END;
CREATE TRIGGER epcis_event_epcs_no_update BEFORE UPDATE ON epcis_event_epcs
BEGIN SELECT RAISE(ABORT, 'epcis_event_epcs is append-only'); END;
CREATE TRIGGER epcis_event_epcs_no_delete BEFORE DELETE ON epcis_event_epcs
BEGIN SELECT RAISE(ABORT, 'epcis_event_epcs is append-only'); END;
CREATE TRIGGER epcis_event_classes_no_update BEFORE UPDATE ON epcis_event_classes
BEGIN SELECT RAISE(ABORT, 'epcis_event_classes is append-only'); END;
CREATE TRIGGER epcis_event_classes_no_delete BEFORE DELETE ON epcis_event_classes
BEGIN SELECT RAISE(ABORT, 'epcis_event_classes is append-only'); END;
CREATE TRIGGER epcis_event_links_no_update BEFORE UPDATE ON epcis_event_links
BEGIN SELECT RAISE(ABORT, 'epcis_event_links is append-only'); END;
CREATE TRIGGER epcis_event_links_no_delete BEFORE DELETE ON epcis_event_links
BEGIN SELECT RAISE(ABORT, 'epcis_event_links is append-only'); END;
CREATE TRIGGER epcis_anomalies_no_update BEFORE UPDATE ON epcis_anomalies
BEGIN SELECT RAISE(ABORT, 'epcis_anomalies is append-only'); END;
CREATE TRIGGER epcis_anomalies_no_delete BEFORE DELETE ON epcis_anomalies
BEGIN SELECT RAISE(ABORT, 'epcis_anomalies is append-only'); END;
