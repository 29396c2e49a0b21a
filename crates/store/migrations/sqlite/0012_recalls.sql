-- Recall notices (召回通知) and their acknowledgements.
--
-- A notice recalls one or more batches, each named by its product's GTIN (14 digits) and its
-- lot, kept in the notice's order (`position`) so that the notice reads back as its leaf
-- committed to it; a batch is named once per notice. Every enterprise holding affected goods
-- acknowledges the notice, once: the acknowledgement's key is the notice and the enterprise,
-- so that of two racing, one is stored and the other refused. Both are ledger records (kinds
-- `recall_notice` and `recall_acknowledgement`), each stored with its leaf in one
-- transaction, and append-only like every other table: a notice that was wrong is followed
-- by another, never edited.
--
-- A scan looks its batch up in `recall_notice_batches` by (gtin, lot): the unique key, led by
-- those columns, is that index. Notices are listed newest first by (opened_at, id), an
-- acknowledgement's notice's by (acknowledged_at, enterprise).
--
-- Uuids are 16-byte BLOBs; timestamps are the fixed-width RFC 3339 text of the other tables,
-- which sorts as time does.

CREATE TABLE recall_notices (
    id        BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    reason    TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    opened_by TEXT NOT NULL REFERENCES accounts (id),
    opened_at TEXT NOT NULL
) STRICT;

-- Notices, newest first.
CREATE INDEX recall_notices_opened ON recall_notices (opened_at, id);

CREATE TABLE recall_notice_batches (
    recall   BLOB    NOT NULL REFERENCES recall_notices (id),
    position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 99),
    gtin     TEXT    NOT NULL CHECK (length(gtin) = 14),
    lot      TEXT    NOT NULL CHECK (length(lot) BETWEEN 1 AND 20),
    PRIMARY KEY (recall, position),
    -- A batch once per notice; and the notices of a batch, by its GTIN and lot.
    UNIQUE (gtin, lot, recall)
) STRICT, WITHOUT ROWID;

CREATE TABLE recall_acknowledgements (
    recall          BLOB NOT NULL REFERENCES recall_notices (id),
    enterprise      TEXT NOT NULL REFERENCES enterprises (credit_code),
    account         TEXT NOT NULL REFERENCES accounts (id),
    acknowledged_at TEXT NOT NULL,
    note            TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 500),
    PRIMARY KEY (recall, enterprise)
) STRICT;

-- A notice's acknowledgements, in the order they were given.
CREATE INDEX recall_acknowledgements_order
    ON recall_acknowledgements (recall, acknowledged_at, enterprise);

CREATE TRIGGER recall_notices_no_update BEFORE UPDATE ON recall_notices
BEGIN SELECT RAISE(ABORT, 'recall_notices is append-only'); END;
CREATE TRIGGER recall_notices_no_delete BEFORE DELETE ON recall_notices
BEGIN SELECT RAISE(ABORT, 'recall_notices is append-only'); END;
CREATE TRIGGER recall_notice_batches_no_update BEFORE UPDATE ON recall_notice_batches
BEGIN SELECT RAISE(ABORT, 'recall_notice_batches is append-only'); END;
CREATE TRIGGER recall_notice_batches_no_delete BEFORE DELETE ON recall_notice_batches
BEGIN SELECT RAISE(ABORT, 'recall_notice_batches is append-only'); END;
CREATE TRIGGER recall_acknowledgements_no_update BEFORE UPDATE ON recall_acknowledgements
BEGIN SELECT RAISE(ABORT, 'recall_acknowledgements is append-only'); END;
CREATE TRIGGER recall_acknowledgements_no_delete BEFORE DELETE ON recall_acknowledgements
BEGIN SELECT RAISE(ABORT, 'recall_acknowledgements is append-only'); END;
