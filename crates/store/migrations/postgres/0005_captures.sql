-- Capture jobs: what was received, and (written with the job's events, in one transaction)
-- how it ended. A job with no outcome is running, or was cut off by a restart, in which case
-- none of its events were stored.

CREATE TABLE epcis_captures (
    id              UUID        NOT NULL PRIMARY KEY,
    received_at     TIMESTAMPTZ NOT NULL,
    submitter       TEXT,
    error_behaviour TEXT        NOT NULL CHECK (error_behaviour IN ('rollback', 'proceed')),
    document_bytes  BIGINT      NOT NULL CHECK (document_bytes >= 0),
    document_sha256 TEXT        NOT NULL CHECK (char_length(document_sha256) = 64)
);

CREATE TABLE epcis_capture_outcomes (
    capture_id  UUID        NOT NULL PRIMARY KEY REFERENCES epcis_captures (id),
    finished_at TIMESTAMPTZ NOT NULL,
    success     BOOLEAN     NOT NULL,
    stored      BIGINT      NOT NULL CHECK (stored >= 0),
    duplicates  BIGINT      NOT NULL CHECK (duplicates >= 0),
    faults      TEXT        NOT NULL
);

CREATE TRIGGER epcis_captures_append_only BEFORE UPDATE OR DELETE ON epcis_captures
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER epcis_capture_outcomes_append_only BEFORE UPDATE OR DELETE ON epcis_capture_outcomes
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();

-- Anomalies: what the history checks found wrong with an event, stored with it (the event is
-- accepted and flagged, never refused for these).
CREATE TABLE epcis_anomalies (
    event    UUID    NOT NULL REFERENCES epcis_events (id),
    position INTEGER NOT NULL CHECK (position >= 0),
    kind     TEXT    NOT NULL,
    epc      TEXT COLLATE "C" NOT NULL,
    detail   TEXT    NOT NULL,
    PRIMARY KEY (event, position)
);

CREATE INDEX epcis_anomalies_kind ON epcis_anomalies (kind, event);

CREATE TRIGGER epcis_anomalies_append_only BEFORE UPDATE OR DELETE ON epcis_anomalies
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
