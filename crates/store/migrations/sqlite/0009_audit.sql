-- The audit trail: who did what, when, from where.
--
-- The server records the requests it answered that wrote, or that read with a key, in
-- batches; each batch is a ledger record (kind `audit`), so the trail is as tamper-evident as
-- the records it watches: a batch is stored with its leaf, in one transaction, and both are
-- append-only like every other record. A batch's entries are kept in their order (`position`)
-- so that the batch reads back as its leaf committed to it.
--
-- `account` is plain text, not a reference to accounts: the public has none, and the trail
-- must keep what was asked even of an account it could not have found. Timestamps are the
-- fixed-width RFC 3339 text of the other tables, which sorts as time does.
--
-- CHECKs are OR chains rather than IN lists, for the reason 0007's header gives.

CREATE TABLE audit_batches (
    id          BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_entries (
    batch      BLOB    NOT NULL REFERENCES audit_batches (id),
    position   INTEGER NOT NULL CHECK (position >= 0),
    at         TEXT    NOT NULL,
    account    TEXT,
    key_id     TEXT,
    method     TEXT    NOT NULL CHECK (length(method) BETWEEN 1 AND 16),
    route      TEXT    NOT NULL CHECK (length(route) BETWEEN 1 AND 300),
    target     TEXT    NOT NULL CHECK (length(target) BETWEEN 1 AND 2000),
    status     INTEGER NOT NULL CHECK (status >= 100 AND status <= 599),
    address    TEXT    CHECK (address IS NULL OR length(address) <= 64),
    request_id TEXT    CHECK (request_id IS NULL OR length(request_id) <= 200),
    PRIMARY KEY (batch, position)
) STRICT, WITHOUT ROWID;

-- Entries newest first, of everyone or of one account.
CREATE INDEX audit_entries_at ON audit_entries (at, batch, position);
CREATE INDEX audit_entries_account ON audit_entries (account, at, batch, position);

CREATE TRIGGER audit_batches_no_update BEFORE UPDATE ON audit_batches
BEGIN SELECT RAISE(ABORT, 'audit_batches is append-only'); END;
CREATE TRIGGER audit_batches_no_delete BEFORE DELETE ON audit_batches
BEGIN SELECT RAISE(ABORT, 'audit_batches is append-only'); END;
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
