-- Accounts and their API keys, in place of API tokens.
--
-- An account is a principal under a stable id: an administrator, an enterprise (with its
-- producer and/or seller rights), an industry association (its name and members' credit
-- codes) or a regulator (its jurisdiction and, optionally, the catalogue categories it is
-- limited to). The columns of the other kinds are NULL, which the CHECKs keep so; lists are
-- JSON arrays of strings, written sorted by the application. A key is the SHA-256 digest of
-- its secret, the account it acts for, its scope and its end; it is revoked by a revocation
-- record, at most one per key. All three are records like any other: append-only.
--
-- Each existing API token becomes an administrator account under the token's id and a
-- write-scoped key of the same id and the same digest, so that a token's secret (the
-- bootstrap administrator's admin.token among them) keeps working. Then api_tokens goes.
--
-- CHECKs are OR chains rather than IN lists, for the reason 0007's header gives.

CREATE TABLE accounts (
    id           TEXT    NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    kind         TEXT    NOT NULL CHECK (
        kind = 'admin' OR kind = 'enterprise' OR kind = 'association' OR kind = 'regulator'),
    -- Enterprise: its credit code and rights.
    enterprise   TEXT    CHECK (enterprise IS NULL OR length(enterprise) = 18),
    producer     INTEGER CHECK (producer IS NULL OR producer = 0 OR producer = 1),
    seller       INTEGER CHECK (seller IS NULL OR seller = 0 OR seller = 1),
    -- Association: its name and members.
    name         TEXT    CHECK (name IS NULL OR length(name) BETWEEN 1 AND 200),
    members      TEXT    CHECK (
        members IS NULL OR (json_valid(members) AND json_type(members) = 'array')),
    -- Regulator: `national` or a six-digit GB/T 2260 code, and the categories (none: all).
    jurisdiction TEXT    CHECK (
        jurisdiction IS NULL OR jurisdiction = 'national'
        OR (length(jurisdiction) = 6 AND jurisdiction NOT GLOB '*[^0-9]*')),
    categories   TEXT    CHECK (
        categories IS NULL OR (json_valid(categories) AND json_type(categories) = 'array')),
    created_at   TEXT    NOT NULL,
    CHECK ((kind = 'enterprise') = (enterprise IS NOT NULL)),
    CHECK ((kind = 'enterprise') = (producer IS NOT NULL)),
    CHECK ((kind = 'enterprise') = (seller IS NOT NULL)),
    -- An enterprise account has a right, as the enterprise has a role.
    CHECK (kind <> 'enterprise' OR producer = 1 OR seller = 1),
    CHECK ((kind = 'association') = (name IS NOT NULL)),
    CHECK ((kind = 'association') = (members IS NOT NULL)),
    CHECK ((kind = 'regulator') = (jurisdiction IS NOT NULL)),
    CHECK ((kind = 'regulator') = (categories IS NOT NULL))
) STRICT;

CREATE TABLE api_keys (
    id            TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    account       TEXT NOT NULL REFERENCES accounts (id),
    secret_sha256 TEXT NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
    scope         TEXT NOT NULL CHECK (scope = 'read' OR scope = 'write'),
    created_at    TEXT NOT NULL,
    expires_at    TEXT
) STRICT;

-- An account's keys, oldest first.
CREATE INDEX api_keys_account ON api_keys (account, created_at, id);

CREATE TABLE api_key_revocations (
    key_id     TEXT NOT NULL PRIMARY KEY REFERENCES api_keys (id),
    revoked_at TEXT NOT NULL,
    revoked_by TEXT NOT NULL REFERENCES accounts (id)
) STRICT, WITHOUT ROWID;

INSERT INTO accounts (id, kind, created_at)
    SELECT id, 'admin', created_at FROM api_tokens ORDER BY rowid;
INSERT INTO api_keys (id, account, secret_sha256, scope, created_at, expires_at)
    SELECT id, id, secret_sha256, 'write', created_at, NULL FROM api_tokens ORDER BY rowid;

-- Dropping a table drops its indexes and triggers; it fires no trigger.
DROP TABLE api_tokens;

CREATE TRIGGER accounts_no_update BEFORE UPDATE ON accounts
BEGIN SELECT RAISE(ABORT, 'accounts is append-only'); END;
CREATE TRIGGER accounts_no_delete BEFORE DELETE ON accounts
BEGIN SELECT RAISE(ABORT, 'accounts is append-only'); END;
CREATE TRIGGER api_keys_no_update BEFORE UPDATE ON api_keys
BEGIN SELECT RAISE(ABORT, 'api_keys is append-only'); END;
CREATE TRIGGER api_keys_no_delete BEFORE DELETE ON api_keys
BEGIN SELECT RAISE(ABORT, 'api_keys is append-only'); END;
CREATE TRIGGER api_key_revocations_no_update BEFORE UPDATE ON api_key_revocations
BEGIN SELECT RAISE(ABORT, 'api_key_revocations is append-only'); END;
CREATE TRIGGER api_key_revocations_no_delete BEFORE DELETE ON api_key_revocations
BEGIN SELECT RAISE(ABORT, 'api_key_revocations is append-only'); END;
