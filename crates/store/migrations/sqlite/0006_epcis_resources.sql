-- The REST binding's resources beside the events query: the listings of what events name,
-- the list of capture jobs, and named queries.
--
-- A listing of distinct values (event types, business steps, dispositions, read points,
-- business locations; EPCs have their table's primary key) walks one of these indexes a value
-- at a time, so a page costs a seek per value however many events share it. Partial where
-- most events may leave the field out.
CREATE INDEX epcis_events_type ON epcis_events (event_type);
CREATE INDEX epcis_events_biz_step ON epcis_events (biz_step) WHERE biz_step IS NOT NULL;
CREATE INDEX epcis_events_disposition ON epcis_events (disposition)
    WHERE disposition IS NOT NULL;
CREATE INDEX epcis_events_read_point ON epcis_events (read_point) WHERE read_point IS NOT NULL;
CREATE INDEX epcis_events_biz_location ON epcis_events (biz_location)
    WHERE biz_location IS NOT NULL;

-- Capture jobs are listed newest first.
CREATE INDEX epcis_captures_received ON epcis_captures (received_at, id);

-- A named query's definition. A name has one definition at a time: the latest (highest
-- generation), unless it was removed. A name defined again after its removal gets the next
-- generation, so (name, generation) being unique is what refuses two definitions racing for
-- one free name. `definition` is the JSON query object as the client wrote it.
CREATE TABLE named_queries (
    id         BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    generation INTEGER NOT NULL CHECK (generation >= 0),
    definition TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    submitter  TEXT,
    UNIQUE (name, generation)
) STRICT;

-- The removal of a definition (DELETE /queries/{name}): a record of its own, at most one per
-- definition.
CREATE TABLE named_query_removals (
    query      BLOB NOT NULL PRIMARY KEY REFERENCES named_queries (id),
    removed_at TEXT NOT NULL,
    submitter  TEXT
) STRICT, WITHOUT ROWID;

CREATE TRIGGER named_queries_no_update BEFORE UPDATE ON named_queries
BEGIN SELECT RAISE(ABORT, 'named_queries is append-only'); END;
CREATE TRIGGER named_queries_no_delete BEFORE DELETE ON named_queries
BEGIN SELECT RAISE(ABORT, 'named_queries is append-only'); END;
CREATE TRIGGER named_query_removals_no_update BEFORE UPDATE ON named_query_removals
BEGIN SELECT RAISE(ABORT, 'named_query_removals is append-only'); END;
CREATE TRIGGER named_query_removals_no_delete BEFORE DELETE ON named_query_removals
BEGIN SELECT RAISE(ABORT, 'named_query_removals is append-only'); END;
