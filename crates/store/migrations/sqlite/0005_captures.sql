-- Capture jobs: what was received, and (written with the job's events, in one transaction)
-- how it ended. A job with no outcome is running, or was cut off by a restart, in which case
-- none of its events were stored.

CREATE TABLE epcis_captures (
    id              BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    received_at     TEXT    NOT NULL,
    submitter       TEXT,
    error_behaviour TEXT    NOT NULL CHECK (error_behaviour IN ('rollback', 'proceed')),
    document_bytes  INTEGER NOT NULL CHECK (document_bytes >= 0),
    document_sha256 TEXT    NOT NULL CHECK (length(document_sha256) = 64)
) STRICT;

CREATE TABLE epcis_capture_outcomes (
    capture_id  BLOB    NOT NULL PRIMARY KEY REFERENCES epcis_captures (id),
    finished_at TEXT    NOT NULL,
    success     INTEGER NOT NULL CHECK (success IN (0, 1)),
    stored      INTEGER NOT NULL CHECK (stored >= 0),
    duplicates  INTEGER NOT NULL CHECK (duplicates >= 0),
    faults      TEXT    NOT NULL
) STRICT;

CREATE TRIGGER epcis_captures_no_update BEFORE UPDATE ON epcis_captures
BEGIN SELECT RAISE(ABORT, 'epcis_captures is append-only'); END;
CREATE TRIGGER epcis_captures_no_delete BEFORE DELETE ON epcis_captures
BEGIN SELECT RAISE(ABORT, 'epcis_captures is append-only'); END;
CREATE TRIGGER epcis_capture_outcomes_no_update BEFORE UPDATE ON epcis_capture_outcomes
BEGIN SELECT RAISE(ABORT, 'epcis_capture_outcomes is append-only'); END;
CREATE TRIGGER epcis_capture_outcomes_no_delete BEFORE DELETE ON epcis_capture_outcomes
BEGIN SELECT RAISE(ABORT, 'epcis_capture_outcomes is append-only'); END;

-- Anomalies: what the history checks found wrong with an event, stored with it (the event is
-- accepted and flagged, never refused for these).
CREATE TABLE epcis_anomalies (
    event    BLOB    NOT NULL REFERENCES epcis_events (id),
    position INTEGER NOT NULL CHECK (position >= 0),
    kind     TEXT    NOT NULL,
    epc      TEXT    NOT NULL,
    detail   TEXT    NOT NULL,
    PRIMARY KEY (event, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX epcis_anomalies_kind ON epcis_anomalies (kind, event);

CREATE TRIGGER epcis_anomalies_no_update BEFORE UPDATE ON epcis_anomalies
BEGIN SELECT RAISE(ABORT, 'epcis_anomalies is append-only'); END;
CREATE TRIGGER epcis_anomalies_no_delete BEFORE DELETE ON epcis_anomalies
BEGIN SELECT RAISE(ABORT, 'epcis_anomalies is append-only'); END;
