-- The audit trail: who did what, when, from where.
--
-- The server records the requests it answered that wrote, or that read with a key, in
-- batches; each batch is a ledger record (kind `audit`), so the trail is as tamper-evident as
-- the records it watches: a batch is stored with its leaf, in one transaction, and both are
-- append-only like every other record. A batch's entries are kept in their order (`position`)
-- so that the batch reads back as its leaf committed to it.
--
-- `account` is plain text, not a reference to accounts: the public has none, and the trail
-- must keep what was asked even of an account it could not have found. It is COLLATE "C", as
-- account ids are, so that it is compared as they are on every node and engine.

CREATE TABLE audit_batches (
    id          UUID        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT audit_batches_pkey PRIMARY KEY (id)
);

CREATE TABLE audit_entries (
    batch      UUID        NOT NULL,
    position   INTEGER     NOT NULL CHECK (position >= 0),
    at         TIMESTAMPTZ NOT NULL,
    account    TEXT COLLATE "C",
    key_id     TEXT COLLATE "C",
    method     TEXT        NOT NULL CHECK (char_length(method) BETWEEN 1 AND 16),
    route      TEXT        NOT NULL CHECK (char_length(route) BETWEEN 1 AND 300),
    target     TEXT        NOT NULL CHECK (char_length(target) BETWEEN 1 AND 2000),
    status     INTEGER     NOT NULL CHECK (status BETWEEN 100 AND 599),
    address    TEXT        CHECK (char_length(address) <= 64),
    request_id TEXT        CHECK (char_length(request_id) <= 200),
    CONSTRAINT audit_entries_pkey PRIMARY KEY (batch, position),
    CONSTRAINT audit_entries_batch_fkey FOREIGN KEY (batch) REFERENCES audit_batches (id)
);

-- Entries newest first, of everyone or of one account.
CREATE INDEX audit_entries_at ON audit_entries (at, batch, position);
CREATE INDEX audit_entries_account ON audit_entries (account, at, batch, position);

CREATE TRIGGER audit_batches_append_only BEFORE UPDATE OR DELETE ON audit_batches
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
