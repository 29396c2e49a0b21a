-- EPCIS events. One row per captured event, keeping the exact JSON text it is served as (the
-- text its ledger entry commits to) beside the columns queries filter on; the identifiers an
-- event names are rows of their own, keyed as `yima_codes::gs1::normalise_epcis_id` keys them,
-- so that MATCH_epc and tracing find an object whichever form it was written in.
--
-- An event is one record however often it is sent: its CBV event hash ID is unique, except
-- that an error declaration (the same event with `errorDeclaration` added) is a record of its
-- own. Text that is compared is COLLATE "C".

CREATE TABLE epcis_events (
    id                UUID    NOT NULL PRIMARY KEY,
    hash_id           TEXT    NOT NULL CHECK (hash_id LIKE 'ni:///sha-256;%'),
    declares_error    BOOLEAN NOT NULL,
    event_id          TEXT,
    event_type        TEXT    NOT NULL,
    action            TEXT    CHECK (action IN ('ADD', 'OBSERVE', 'DELETE')),
    event_time        TIMESTAMPTZ NOT NULL,
    record_time       TIMESTAMPTZ NOT NULL,
    biz_step          TEXT,
    disposition       TEXT,
    read_point        TEXT,
    biz_location      TEXT,
    transformation_id TEXT,
    submitter         TEXT,
    capture_id        UUID,
    document          TEXT    NOT NULL,
    UNIQUE (hash_id, declares_error)
);

CREATE INDEX epcis_events_event_time ON epcis_events (event_time);
CREATE INDEX epcis_events_record_time ON epcis_events (record_time, id);
CREATE INDEX epcis_events_event_id ON epcis_events (event_id) WHERE event_id IS NOT NULL;

-- role: epc (epcList, childEPCs), parent, input, output. Found by identifier only (the primary
-- key): an event's own identifiers are read from its document, so no second index is kept.
CREATE TABLE epcis_event_epcs (
    epc   TEXT COLLATE "C" NOT NULL,
    event UUID    NOT NULL REFERENCES epcis_events (id),
    role  TEXT    NOT NULL CHECK (role IN ('epc', 'parent', 'input', 'output')),
    PRIMARY KEY (epc, event, role)
);

CREATE TABLE epcis_event_classes (
    class    TEXT COLLATE "C" NOT NULL,
    event    UUID    NOT NULL REFERENCES epcis_events (id),
    role     TEXT    NOT NULL CHECK (role IN ('epc', 'input', 'output')),
    position INTEGER NOT NULL,
    quantity DOUBLE PRECISION,
    uom      TEXT,
    PRIMARY KEY (class, event, role, position)
);

-- kind: biz_transaction, source, destination; type as EPCIS JSON writes it (bare CBV name or
-- the user's URI), value keyed like EPCs.
CREATE TABLE epcis_event_links (
    kind  TEXT    NOT NULL CHECK (kind IN ('biz_transaction', 'source', 'destination')),
    type  TEXT    NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    event UUID    NOT NULL REFERENCES epcis_events (id),
    PRIMARY KEY (kind, type, value, event)
);

CREATE TRIGGER epcis_events_append_only BEFORE UPDATE OR DELETE ON epcis_events
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER epcis_event_epcs_append_only BEFORE UPDATE OR DELETE ON epcis_event_epcs
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER epcis_event_classes_append_only BEFORE UPDATE OR DELETE ON epcis_event_classes
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER epcis_event_links_append_only BEFORE UPDATE OR DELETE ON epcis_event_links
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
