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
-- to; the signature covers the method, the target, the signing time and that digest.
--
-- A revocation and a submission racing for one key run in turn without advisory locks: the
-- revocation reads the key's row FOR UPDATE, a submission FOR SHARE, each before it reads
-- the other's table (so submissions do not wait for each other, only for a revocation), and
-- no submission is stored received at or after its key's revocation, whichever commits
-- first. Credit codes and account ids are COLLATE "C", as they are elsewhere, so that they
-- compare alike on every node and engine.

CREATE TABLE submission_keys (
    id            UUID             NOT NULL,
    enterprise    TEXT COLLATE "C" NOT NULL,
    public_key    BYTEA            NOT NULL CHECK (octet_length(public_key) = 32),
    label         TEXT             NOT NULL CHECK (char_length(label) BETWEEN 1 AND 100),
    registered_by TEXT COLLATE "C" NOT NULL,
    registered_at TIMESTAMPTZ      NOT NULL,
    CONSTRAINT submission_keys_pkey PRIMARY KEY (id),
    CONSTRAINT submission_keys_public_key_key UNIQUE (public_key),
    -- What revocations and submissions refer to: a key with its enterprise.
    CONSTRAINT submission_keys_id_enterprise_key UNIQUE (id, enterprise),
    CONSTRAINT submission_keys_enterprise_fkey
        FOREIGN KEY (enterprise) REFERENCES enterprises (credit_code),
    CONSTRAINT submission_keys_registered_by_fkey
        FOREIGN KEY (registered_by) REFERENCES accounts (id)
);

-- An enterprise's keys, in the order they were registered.
CREATE INDEX submission_keys_enterprise ON submission_keys (enterprise, registered_at, id);

CREATE TABLE submission_key_revocations (
    key_id     UUID             NOT NULL,
    enterprise TEXT COLLATE "C" NOT NULL,
    reason     TEXT             NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    revoked_by TEXT COLLATE "C" NOT NULL,
    revoked_at TIMESTAMPTZ      NOT NULL,
    CONSTRAINT submission_key_revocations_pkey PRIMARY KEY (key_id),
    CONSTRAINT submission_key_revocations_key_fkey FOREIGN KEY (key_id, enterprise)
        REFERENCES submission_keys (id, enterprise),
    CONSTRAINT submission_key_revocations_revoked_by_fkey
        FOREIGN KEY (revoked_by) REFERENCES accounts (id)
);

CREATE TABLE signed_submissions (
    id          UUID             NOT NULL,
    key_id      UUID             NOT NULL,
    enterprise  TEXT COLLATE "C" NOT NULL,
    method      TEXT             NOT NULL CHECK (char_length(method) BETWEEN 1 AND 16),
    target      TEXT             NOT NULL CHECK (char_length(target) BETWEEN 1 AND 65536),
    signed_at   TIMESTAMPTZ      NOT NULL,
    body        BYTEA            NOT NULL,
    body_sha256 BYTEA            NOT NULL CHECK (octet_length(body_sha256) = 32),
    signature   BYTEA            NOT NULL CHECK (octet_length(signature) = 64),
    request_id  TEXT             CHECK (char_length(request_id) <= 200),
    received_at TIMESTAMPTZ      NOT NULL,
    CONSTRAINT signed_submissions_pkey PRIMARY KEY (id),
    CONSTRAINT signed_submissions_key_fkey FOREIGN KEY (key_id, enterprise)
        REFERENCES submission_keys (id, enterprise)
);

-- An enterprise's submissions, newest first.
CREATE INDEX signed_submissions_enterprise ON signed_submissions (enterprise, received_at, id);

CREATE TRIGGER submission_keys_append_only BEFORE UPDATE OR DELETE ON submission_keys
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER submission_key_revocations_append_only
    BEFORE UPDATE OR DELETE ON submission_key_revocations
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER signed_submissions_append_only BEFORE UPDATE OR DELETE ON signed_submissions
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
