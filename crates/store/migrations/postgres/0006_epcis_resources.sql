-- The REST binding's resources beside the events query: the listings of what events name,
-- the list of capture jobs, and named queries.
--
-- A listing of distinct values (event types, business steps, dispositions, read points,
-- business locations; EPCs have their table's primary key) walks one of these indexes a value
-- at a time, so a page costs a seek per value however many events share it. Listings order
-- by COLLATE "C", as the identifier tables do, so both engines list in one order whatever
-- the database's collation. Partial where most events may leave the field out.
CREATE INDEX epcis_events_type ON epcis_events ((event_type COLLATE "C"));
CREATE INDEX epcis_events_biz_step ON epcis_events ((biz_step COLLATE "C"))
    WHERE biz_step IS NOT NULL;
CREATE INDEX epcis_events_disposition ON epcis_events ((disposition COLLATE "C"))
    WHERE disposition IS NOT NULL;
CREATE INDEX epcis_events_read_point ON epcis_events ((read_point COLLATE "C"))
    WHERE read_point IS NOT NULL;
CREATE INDEX epcis_events_biz_location ON epcis_events ((biz_location COLLATE "C"))
    WHERE biz_location IS NOT NULL;

-- Capture jobs are listed newest first.
CREATE INDEX epcis_captures_received ON epcis_captures (received_at, id);

-- A named query's definition. A name has one definition at a time: the latest (highest
-- generation), unless it was removed. A name defined again after its removal gets the next
-- generation, so (name, generation) being unique is what refuses two definitions racing for
-- one free name. `definition` is the JSON query object as the client wrote it.
CREATE TABLE named_queries (
    id         UUID        NOT NULL PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL CHECK (char_length(name) BETWEEN 1 AND 128),
    generation BIGINT      NOT NULL CHECK (generation >= 0),
    definition TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    submitter  TEXT,
    UNIQUE (name, generation)
);

-- The removal of a definition (DELETE /queries/{name}): a record of its own, at most one per
-- definition.
CREATE TABLE named_query_removals (
    query      UUID        NOT NULL PRIMARY KEY REFERENCES named_queries (id),
    removed_at TIMESTAMPTZ NOT NULL,
    submitter  TEXT
);

CREATE TRIGGER named_queries_append_only BEFORE UPDATE OR DELETE ON named_queries
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER named_query_removals_append_only BEFORE UPDATE OR DELETE ON named_query_removals
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
