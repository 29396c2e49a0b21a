-- Recall notices (召回通知) and their acknowledgements.
--
-- A notice recalls one or more batches, each named by its product's GTIN (14 digits) and its
-- lot, kept in the notice's order (`position`) so that the notice reads back as its leaf
-- committed to it; a batch is named once per notice. Every enterprise holding affected goods
-- acknowledges the notice, once: the acknowledgement's primary key is the notice and the
-- enterprise, so that of two racing, one is stored and the other refused by the key (no
-- advisory lock, no row lock needed: notices are never removed, and the key decides). Both
-- are ledger records (kinds `recall_notice` and `recall_acknowledgement`), each stored with
-- its leaf in one transaction, and append-only like every other table: a notice that was
-- wrong is followed by another, never edited.
--
-- A scan looks its batch up in `recall_notice_batches` by (gtin, lot): the unique key, led by
-- those columns, is that index. Notices are listed newest first by (opened_at, id), a
-- notice's acknowledgements by (acknowledged_at, enterprise). GTINs, lots, credit codes and
-- account ids are COLLATE "C", as they are elsewhere, so that they compare alike on every
-- node and engine.

CREATE TABLE recall_notices (
    id        UUID             NOT NULL,
    reason    TEXT             NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
    opened_by TEXT COLLATE "C" NOT NULL,
    opened_at TIMESTAMPTZ      NOT NULL,
    CONSTRAINT recall_notices_pkey PRIMARY KEY (id),
    CONSTRAINT recall_notices_opened_by_fkey FOREIGN KEY (opened_by) REFERENCES accounts (id)
);

-- Notices, newest first.
CREATE INDEX recall_notices_opened ON recall_notices (opened_at, id);

CREATE TABLE recall_notice_batches (
    recall   UUID             NOT NULL,
    position INTEGER          NOT NULL CHECK (position BETWEEN 0 AND 99),
    gtin     TEXT COLLATE "C" NOT NULL CHECK (char_length(gtin) = 14),
    lot      TEXT COLLATE "C" NOT NULL CHECK (char_length(lot) BETWEEN 1 AND 20),
    CONSTRAINT recall_notice_batches_pkey PRIMARY KEY (recall, position),
    -- A batch once per notice; and the notices of a batch, by its GTIN and lot.
    CONSTRAINT recall_notice_batches_batch_key UNIQUE (gtin, lot, recall),
    CONSTRAINT recall_notice_batches_recall_fkey
        FOREIGN KEY (recall) REFERENCES recall_notices (id)
);

CREATE TABLE recall_acknowledgements (
    recall          UUID             NOT NULL,
    enterprise      TEXT COLLATE "C" NOT NULL,
    account         TEXT COLLATE "C" NOT NULL,
    acknowledged_at TIMESTAMPTZ      NOT NULL,
    note            TEXT             CHECK (char_length(note) BETWEEN 1 AND 500),
    CONSTRAINT recall_acknowledgements_pkey PRIMARY KEY (recall, enterprise),
    CONSTRAINT recall_acknowledgements_recall_fkey
        FOREIGN KEY (recall) REFERENCES recall_notices (id),
    CONSTRAINT recall_acknowledgements_enterprise_fkey
        FOREIGN KEY (enterprise) REFERENCES enterprises (credit_code),
    CONSTRAINT recall_acknowledgements_account_fkey
        FOREIGN KEY (account) REFERENCES accounts (id)
);

-- A notice's acknowledgements, in the order they were given.
CREATE INDEX recall_acknowledgements_order
    ON recall_acknowledgements (recall, acknowledged_at, enterprise);

CREATE TRIGGER recall_notices_append_only BEFORE UPDATE OR DELETE ON recall_notices
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER recall_notice_batches_append_only BEFORE UPDATE OR DELETE ON recall_notice_batches
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER recall_acknowledgements_append_only BEFORE UPDATE OR DELETE ON recall_acknowledgements
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
