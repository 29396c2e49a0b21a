-- People's logins: passwords, sessions and failed logins, for signing in to the web console
-- with an account's id and password rather than with an API key.
--
-- A password is its argon2id hash in PHC form, who set it and when; a change is a new row,
-- and the newest (by `set_at`, then by `id`, a UUIDv7 the application makes, so that two set
-- in the same microsecond are still in the order they were set) is in force. A session is
-- the SHA-256 digests of its cookie's secret and of its CSRF token, its account and its
-- lifetime; a logout is a row of `session_ends`, at most one per session. A failed login
-- keeps the account id as typed, not a reference to accounts: an attempt on an id that names
-- no account must be counted too. All four are append-only, like every other table.
-- Timestamps are the fixed-width RFC 3339 text of the other tables, which sorts as time does.
--
-- CHECKs are OR chains rather than IN lists, for the reason 0007's header gives.

CREATE TABLE account_passwords (
    id      BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    account TEXT NOT NULL REFERENCES accounts (id),
    hash    TEXT NOT NULL CHECK (length(hash) BETWEEN 1 AND 500),
    set_at  TEXT NOT NULL,
    set_by  TEXT NOT NULL REFERENCES accounts (id)
) STRICT;

-- An account's passwords, the newest last: the one in force.
CREATE INDEX account_passwords_account ON account_passwords (account, set_at, id);

CREATE TABLE sessions (
    secret_sha256 TEXT NOT NULL PRIMARY KEY CHECK (length(secret_sha256) = 64),
    account       TEXT NOT NULL REFERENCES accounts (id),
    csrf_sha256   TEXT NOT NULL CHECK (length(csrf_sha256) = 64),
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    CHECK (expires_at > created_at)
) STRICT, WITHOUT ROWID;

CREATE TABLE session_ends (
    session  TEXT NOT NULL PRIMARY KEY REFERENCES sessions (secret_sha256),
    ended_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE login_failures (
    account TEXT NOT NULL CHECK (length(account) BETWEEN 1 AND 200),
    at      TEXT NOT NULL,
    address TEXT CHECK (address IS NULL OR length(address) <= 64)
) STRICT;

-- An account's recent failures, the newest first.
CREATE INDEX login_failures_account ON login_failures (account, at);

CREATE TRIGGER account_passwords_no_update BEFORE UPDATE ON account_passwords
BEGIN SELECT RAISE(ABORT, 'account_passwords is append-only'); END;
CREATE TRIGGER account_passwords_no_delete BEFORE DELETE ON account_passwords
BEGIN SELECT RAISE(ABORT, 'account_passwords is append-only'); END;
CREATE TRIGGER sessions_no_update BEFORE UPDATE ON sessions
BEGIN SELECT RAISE(ABORT, 'sessions is append-only'); END;
CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions
BEGIN SELECT RAISE(ABORT, 'sessions is append-only'); END;
CREATE TRIGGER session_ends_no_update BEFORE UPDATE ON session_ends
BEGIN SELECT RAISE(ABORT, 'session_ends is append-only'); END;
CREATE TRIGGER session_ends_no_delete BEFORE DELETE ON session_ends
BEGIN SELECT RAISE(ABORT, 'session_ends is append-only'); END;
CREATE TRIGGER login_failures_no_update BEFORE UPDATE ON login_failures
BEGIN SELECT RAISE(ABORT, 'login_failures is append-only'); END;
CREATE TRIGGER login_failures_no_delete BEFORE DELETE ON login_failures
BEGIN SELECT RAISE(ABORT, 'login_failures is append-only'); END;
