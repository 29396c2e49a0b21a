-- Accounts and their API keys, in place of API tokens.
--
-- An account is a principal under a stable id: an administrator, an enterprise (with its
-- producer and/or seller rights), an industry association (its name and members' credit
-- codes) or a regulator (its jurisdiction and, optionally, the catalogue categories it is
-- limited to). The columns of the other kinds are NULL, which the CHECKs keep so. Lists are
-- JSON arrays of strings as TEXT, written sorted by the application, so both engines hold and
-- return the same text. A key is the SHA-256 digest of its secret, the account it acts for,
-- its scope and its end; it is revoked by a revocation record, at most one per key. All
-- three are records like any other: append-only. Ids are COLLATE "C": an account's keys are
-- listed by creation time then id, in one order on every node and engine.
--
-- Each existing API token becomes an administrator account under the token's id and a
-- write-scoped key of the same id and the same digest, so that a token's secret (the
-- bootstrap administrator's admin.token among them) keeps working. Then api_tokens goes.

CREATE TABLE accounts (
    id           TEXT COLLATE "C" NOT NULL CHECK (char_length(id) BETWEEN 1 AND 64),
    kind         TEXT        NOT NULL
        CHECK (kind IN ('admin', 'enterprise', 'association', 'regulator')),
    -- Enterprise: its credit code and rights.
    enterprise   TEXT COLLATE "C" CHECK (char_length(enterprise) = 18),
    producer     BOOLEAN,
    seller       BOOLEAN,
    -- Association: its name and members.
    name         TEXT        CHECK (char_length(name) BETWEEN 1 AND 200),
    members      TEXT        CHECK (json_typeof(members::json) = 'array'),
    -- Regulator: `national` or a six-digit GB/T 2260 code, and the categories (none: all).
    jurisdiction TEXT        CHECK (jurisdiction = 'national' OR jurisdiction ~ '^[0-9]{6}$'),
    categories   TEXT        CHECK (json_typeof(categories::json) = 'array'),
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_enterprise CHECK (
        (kind = 'enterprise') = (enterprise IS NOT NULL)
        AND (kind = 'enterprise') = (producer IS NOT NULL)
        AND (kind = 'enterprise') = (seller IS NOT NULL)),
    -- An enterprise account has a right, as the enterprise has a role.
    CONSTRAINT accounts_enterprise_right CHECK (kind <> 'enterprise' OR producer OR seller),
    CONSTRAINT accounts_association CHECK (
        (kind = 'association') = (name IS NOT NULL)
        AND (kind = 'association') = (members IS NOT NULL)),
    CONSTRAINT accounts_regulator CHECK (
        (kind = 'regulator') = (jurisdiction IS NOT NULL)
        AND (kind = 'regulator') = (categories IS NOT NULL))
);

CREATE TABLE api_keys (
    id            TEXT COLLATE "C" NOT NULL CHECK (char_length(id) BETWEEN 1 AND 64),
    account       TEXT COLLATE "C" NOT NULL,
    secret_sha256 TEXT        NOT NULL CHECK (char_length(secret_sha256) = 64),
    scope         TEXT        NOT NULL CHECK (scope IN ('read', 'write')),
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_account_fkey FOREIGN KEY (account) REFERENCES accounts (id),
    CONSTRAINT api_keys_secret_sha256_key UNIQUE (secret_sha256)
);

-- An account's keys, oldest first.
CREATE INDEX api_keys_account ON api_keys (account, created_at, id);

CREATE TABLE api_key_revocations (
    key_id     TEXT COLLATE "C" NOT NULL,
    revoked_at TIMESTAMPTZ NOT NULL,
    revoked_by TEXT COLLATE "C" NOT NULL,
    CONSTRAINT api_key_revocations_pkey PRIMARY KEY (key_id),
    CONSTRAINT api_key_revocations_key_id_fkey FOREIGN KEY (key_id) REFERENCES api_keys (id),
    CONSTRAINT api_key_revocations_revoked_by_fkey
        FOREIGN KEY (revoked_by) REFERENCES accounts (id)
);

INSERT INTO accounts (id, kind, created_at)
    SELECT id, 'admin', created_at FROM api_tokens;
INSERT INTO api_keys (id, account, secret_sha256, scope, created_at, expires_at)
    SELECT id, id, secret_sha256, 'write', created_at, NULL FROM api_tokens;

-- Dropping a table drops its indexes and triggers; it fires no trigger.
DROP TABLE api_tokens;

CREATE TRIGGER accounts_append_only BEFORE UPDATE OR DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER api_keys_append_only BEFORE UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER api_key_revocations_append_only BEFORE UPDATE OR DELETE ON api_key_revocations
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
