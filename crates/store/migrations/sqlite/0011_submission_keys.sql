-- Signed submissions: the Ed25519 public keys an enterprise signs what it sends with, their
-- revocations, and the requests received signed, each with the exact bytes signed.
--
-- All three are ledger records (kinds `submission_key`, `submission_key_revocation` and
-- `signed_submission`), each stored with its leaf in one transaction, and append-only like
-- every other table. A public key is registered once across the whole platform, whatever the
-- enterprise; a key is revoked at most once (the revocation's key is its primary key). A
-- revocation and a submission name their key together with its enterprise, and the foreign
-- key is to that pair, so neither can name another enterprise's key even behind yima's back.
-- A submission keeps its body as received, and the body's SHA-256, which its leaf commits
-- to; the signature covers the method, the target, the signing time and that digest. A
-- revocation and a submission racing for one key run in turn (each checks the other's table
-- in an IMMEDIATE transaction, under the one writer), so that no submission is stored
-- received at or after its key's revocation, whichever commits first.
--
-- Uuids are 16-byte BLOBs; timestamps are the fixed-width RFC 3339 text of the other tables,
-- which sorts as time does. `signed_submissions` keeps its rowid: its rows hold bodies of up
-- to tens of megabytes, which WITHOUT ROWID tables store badly.

CREATE TABLE submission_keys (
    id            BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    enterprise    TEXT NOT NULL REFERENCES enterprises (credit_code),
    public_key    BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
    label         TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    registered_by TEXT NOT NULL REFERENCES accounts (id),
    registered_at TEXT NOT NULL,
    -- What revocations and submissions refer to: a key with its enterprise.
    UNIQUE (id, enterprise)
) STRICT;

-- An enterprise's keys, in the order they were registered.
CREATE INDEX submission_keys_enterprise ON submission_keys (enterprise, registered_at, id);

CREATE TABLE submission_key_revocations (
    key_id     BLOB NOT NULL PRIMARY KEY CHECK (length(key_id) = 16),
    enterprise TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    revoked_by TEXT NOT NULL REFERENCES accounts (id),
    revoked_at TEXT NOT NULL,
    FOREIGN KEY (key_id, enterprise) REFERENCES submission_keys (id, enterprise)
) STRICT, WITHOUT ROWID;

CREATE TABLE signed_submissions (
    id          BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    key_id      BLOB NOT NULL CHECK (length(key_id) = 16),
    enterprise  TEXT NOT NULL,
    method      TEXT NOT NULL CHECK (length(method) BETWEEN 1 AND 16),
    target      TEXT NOT NULL CHECK (length(target) BETWEEN 1 AND 65536),
    signed_at   TEXT NOT NULL,
    body        BLOB NOT NULL,
    body_sha256 BLOB NOT NULL CHECK (length(body_sha256) = 32),
    signature   BLOB NOT NULL CHECK (length(signature) = 64),
    request_id  TEXT CHECK (request_id IS NULL OR length(request_id) <= 200),
    received_at TEXT NOT NULL,
    FOREIGN KEY (key_id, enterprise) REFERENCES submission_keys (id, enterprise)
) STRICT;

-- An enterprise's submissions, newest first.
CREATE INDEX signed_submissions_enterprise ON signed_submissions (enterprise, received_at, id);

CREATE TRIGGER submission_keys_no_update BEFORE UPDATE ON submission_keys
BEGIN SELECT RAISE(ABORT, 'submission_keys is append-only'); END;
CREATE TRIGGER submission_keys_no_delete BEFORE DELETE ON submission_keys
BEGIN SELECT RAISE(ABORT, 'submission_keys is append-only'); END;
CREATE TRIGGER submission_key_revocations_no_update BEFORE UPDATE ON submission_key_revocations
BEGIN SELECT RAISE(ABORT, 'submission_key_revocations is append-only'); END;
CREATE TRIGGER submission_key_revocations_no_delete BEFORE DELETE ON submission_key_revocations
BEGIN SELECT RAISE(ABORT, 'submission_key_revocations is append-only'); END;
CREATE TRIGGER signed_submissions_no_update BEFORE UPDATE ON signed_submissions
BEGIN SELECT RAISE(ABORT, 'signed_submissions is append-only'); END;
CREATE TRIGGER signed_submissions_no_delete BEFORE DELETE ON signed_submissions
BEGIN SELECT RAISE(ABORT, 'signed_submissions is append-only'); END;
