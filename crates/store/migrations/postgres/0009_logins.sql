-- People's logins: passwords, sessions and failed logins, for signing in to the web console
-- with an account's id and password rather than with an API key.
--
-- A password is its argon2id hash in PHC form, who set it and when; a change is a new row,
-- and the newest (by `set_at`, then by `id`, a UUIDv7 the application makes rather than a
-- sequence, which would be one node's) is in force. A session is the SHA-256 digests of its
-- cookie's secret and of its CSRF token, its account and its lifetime; a logout is a row of
-- `session_ends`, at most one per session. A failed login keeps the account id as typed, not
-- a reference to accounts: an attempt on an id that names no account must be counted too.
-- All four are append-only, like every other table. Account ids are COLLATE "C", as
-- accounts' are, so that they compare alike on every node and engine.

CREATE TABLE account_passwords (
    id      UUID             NOT NULL,
    account TEXT COLLATE "C" NOT NULL,
    hash    TEXT             NOT NULL CHECK (char_length(hash) BETWEEN 1 AND 500),
    set_at  TIMESTAMPTZ      NOT NULL,
    set_by  TEXT COLLATE "C" NOT NULL,
    CONSTRAINT account_passwords_pkey PRIMARY KEY (id),
    CONSTRAINT account_passwords_account_fkey FOREIGN KEY (account) REFERENCES accounts (id),
    CONSTRAINT account_passwords_set_by_fkey FOREIGN KEY (set_by) REFERENCES accounts (id)
);

-- An account's passwords, the newest last: the one in force.
CREATE INDEX account_passwords_account ON account_passwords (account, set_at, id);

CREATE TABLE sessions (
    secret_sha256 TEXT             NOT NULL CHECK (char_length(secret_sha256) = 64),
    account       TEXT COLLATE "C" NOT NULL,
    csrf_sha256   TEXT             NOT NULL CHECK (char_length(csrf_sha256) = 64),
    created_at    TIMESTAMPTZ      NOT NULL,
    expires_at    TIMESTAMPTZ      NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (secret_sha256),
    CONSTRAINT sessions_account_fkey FOREIGN KEY (account) REFERENCES accounts (id),
    CONSTRAINT sessions_lifetime CHECK (expires_at > created_at)
);

CREATE TABLE session_ends (
    session  TEXT        NOT NULL,
    ended_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT session_ends_pkey PRIMARY KEY (session),
    CONSTRAINT session_ends_session_fkey FOREIGN KEY (session) REFERENCES sessions (secret_sha256)
);

CREATE TABLE login_failures (
    account TEXT COLLATE "C" NOT NULL CHECK (char_length(account) BETWEEN 1 AND 200),
    at      TIMESTAMPTZ      NOT NULL,
    address TEXT             CHECK (char_length(address) <= 64)
);

-- An account's recent failures, the newest first.
CREATE INDEX login_failures_account ON login_failures (account, at);

CREATE TRIGGER account_passwords_append_only BEFORE UPDATE OR DELETE ON account_passwords
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER sessions_append_only BEFORE UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER session_ends_append_only BEFORE UPDATE OR DELETE ON session_ends
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER login_failures_append_only BEFORE UPDATE OR DELETE ON login_failures
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
