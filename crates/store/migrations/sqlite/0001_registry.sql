-- The registry: enterprises, their products, the batches of a product, the unit codes of a
-- batch, and API tokens.
--
-- STRICT tables so a value of the wrong type is refused instead of silently stored. Uuids are
-- 16-byte BLOBs; timestamps are TEXT in one fixed-width RFC 3339 form with microseconds and
-- `Z` (written by the application), so they sort as they compare; dates are TEXT YYYY-MM-DD.
-- Lengths count characters, as the domain's validation does.

CREATE TABLE enterprises (
    credit_code   TEXT    NOT NULL PRIMARY KEY CHECK (length(credit_code) = 18),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address       TEXT    NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
    region        TEXT    NOT NULL CHECK (length(region) = 6),
    is_producer   INTEGER NOT NULL CHECK (is_producer IN (0, 1)),
    is_seller     INTEGER NOT NULL CHECK (is_seller IN (0, 1)),
    registered_at TEXT    NOT NULL,
    -- An enterprise that neither produces nor sells has no business on the platform.
    CHECK (is_producer = 1 OR is_seller = 1)
) STRICT;

CREATE TABLE products (
    id                  BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    producer            TEXT NOT NULL REFERENCES enterprises (credit_code),
    name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    model               TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    category            TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 64),
    standard            TEXT NOT NULL CHECK (length(standard) BETWEEN 1 AND 100),
    -- Several products may have no GTIN; UNIQUE lets NULLs repeat.
    gtin                TEXT UNIQUE CHECK (length(gtin) = 14),
    approval_regime     TEXT NOT NULL CHECK (approval_regime IN ('production_licence', 'ccc')),
    approval_number     TEXT NOT NULL CHECK (length(approval_number) BETWEEN 1 AND 64),
    approval_status     TEXT NOT NULL
        CHECK (approval_status IN ('valid', 'suspended', 'revoked', 'cancelled', 'expired')),
    approval_checked_at TEXT NOT NULL,
    registered_at       TEXT NOT NULL
) STRICT;

CREATE INDEX products_producer ON products (producer);

CREATE TABLE batches (
    id                            BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    product_id                    BLOB    NOT NULL REFERENCES products (id),
    lot                           TEXT    NOT NULL CHECK (length(lot) BETWEEN 1 AND 20),
    production_date               TEXT    NOT NULL CHECK (length(production_date) = 10),
    quantity                      INTEGER NOT NULL CHECK (quantity > 0),
    unit_of_measure               TEXT    NOT NULL CHECK (length(unit_of_measure) BETWEEN 2 AND 3),
    inspection_certificate_number TEXT    NOT NULL
        CHECK (length(inspection_certificate_number) BETWEEN 1 AND 64),
    inspection_issuer             TEXT    NOT NULL CHECK (length(inspection_issuer) BETWEEN 1 AND 200),
    inspection_date               TEXT    NOT NULL CHECK (length(inspection_date) = 10),
    inspection_result             TEXT    NOT NULL
        CHECK (inspection_result IN ('conformant', 'non_conformant')),
    inspection_document_sha256    TEXT    CHECK (length(inspection_document_sha256) = 64),
    registered_at                 TEXT    NOT NULL,
    UNIQUE (product_id, lot)
) STRICT;

-- WITHOUT ROWID: the key is the only way a unit is found (every scan), so the rows live in
-- the key's own b-tree: one search per lookup and one tree fewer to write per insert.
CREATE TABLE unit_codes (
    key           TEXT NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 300),
    scheme        TEXT NOT NULL CHECK (length(scheme) BETWEEN 1 AND 32),
    batch_id      BLOB NOT NULL REFERENCES batches (id),
    -- GS1 units only: the GTIN, and the serial when AI 21 identifies the unit.
    gtin          TEXT CHECK (gtin IS NULL OR length(gtin) = 14),
    serial        TEXT CHECK (serial IS NULL OR length(serial) BETWEEN 1 AND 20),
    registered_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Listing a batch's units (recall scope, exports) needs it.
CREATE INDEX unit_codes_batch ON unit_codes (batch_id);

-- One row per accepted registration of unit codes: how many it added and the batch's total
-- after it. The latest row answers "how many codes does the batch hold" without counting
-- them (a count grows with the batch and would make bulk registration quadratic), and the
-- rows are the batch's history of registrations.
CREATE TABLE unit_registrations (
    batch_id      BLOB    NOT NULL REFERENCES batches (id),
    sequence      INTEGER NOT NULL CHECK (sequence >= 1),
    added         INTEGER NOT NULL CHECK (added >= 1),
    total         INTEGER NOT NULL CHECK (total >= added),
    registered_at TEXT    NOT NULL,
    PRIMARY KEY (batch_id, sequence)
) STRICT, WITHOUT ROWID;

-- The keys platform codes are issued with: id and fingerprint only; the secret stays in the
-- data directory. Ids are never reused: every code carries one.
CREATE TABLE issuing_keys (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id BETWEEN 0 AND 65535),
    fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
    created_at  TEXT NOT NULL
) STRICT;

-- One row per issuing of platform codes (数字身份码) to a batch. The codes themselves are not
-- stored: each carries the key id, the issuance number and its index, and a MAC only the key
-- can make, so the code and this row are all it takes to resolve it.
CREATE TABLE code_issuances (
    key_id    INTEGER NOT NULL CHECK (key_id BETWEEN 0 AND 65535),
    number    INTEGER NOT NULL CHECK (number >= 0),
    batch_id  BLOB    NOT NULL REFERENCES batches (id),
    count     INTEGER NOT NULL CHECK (count >= 1),
    issued_at TEXT    NOT NULL,
    PRIMARY KEY (key_id, number)
) STRICT, WITHOUT ROWID;

CREATE INDEX code_issuances_batch ON code_issuances (batch_id);

CREATE TABLE api_tokens (
    id            TEXT NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
    secret_sha256 TEXT NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
    role          TEXT NOT NULL CHECK (role IN ('admin')),
    created_at    TEXT NOT NULL
) STRICT;

-- Append-only: a record, once acknowledged, is evidence; nothing may rewrite or remove it.
-- The connections enable recursive_triggers so that INSERT OR REPLACE, which deletes the
-- row it replaces, fires these too.
CREATE TRIGGER enterprises_no_update BEFORE UPDATE ON enterprises
BEGIN SELECT RAISE(ABORT, 'enterprises is append-only'); END;
CREATE TRIGGER enterprises_no_delete BEFORE DELETE ON enterprises
BEGIN SELECT RAISE(ABORT, 'enterprises is append-only'); END;

CREATE TRIGGER products_no_update BEFORE UPDATE ON products
BEGIN SELECT RAISE(ABORT, 'products is append-only'); END;
CREATE TRIGGER products_no_delete BEFORE DELETE ON products
BEGIN SELECT RAISE(ABORT, 'products is append-only'); END;

CREATE TRIGGER batches_no_update BEFORE UPDATE ON batches
BEGIN SELECT RAISE(ABORT, 'batches is append-only'); END;
CREATE TRIGGER batches_no_delete BEFORE DELETE ON batches
BEGIN SELECT RAISE(ABORT, 'batches is append-only'); END;

CREATE TRIGGER unit_codes_no_update BEFORE UPDATE ON unit_codes
BEGIN SELECT RAISE(ABORT, 'unit_codes is append-only'); END;
CREATE TRIGGER unit_codes_no_delete BEFORE DELETE ON unit_codes
BEGIN SELECT RAISE(ABORT, 'unit_codes is append-only'); END;

CREATE TRIGGER unit_registrations_no_update BEFORE UPDATE ON unit_registrations
BEGIN SELECT RAISE(ABORT, 'unit_registrations is append-only'); END;
CREATE TRIGGER unit_registrations_no_delete BEFORE DELETE ON unit_registrations
BEGIN SELECT RAISE(ABORT, 'unit_registrations is append-only'); END;

CREATE TRIGGER issuing_keys_no_update BEFORE UPDATE ON issuing_keys
BEGIN SELECT RAISE(ABORT, 'issuing_keys is append-only'); END;
CREATE TRIGGER issuing_keys_no_delete BEFORE DELETE ON issuing_keys
BEGIN SELECT RAISE(ABORT, 'issuing_keys is append-only'); END;

CREATE TRIGGER code_issuances_no_update BEFORE UPDATE ON code_issuances
BEGIN SELECT RAISE(ABORT, 'code_issuances is append-only'); END;
CREATE TRIGGER code_issuances_no_delete BEFORE DELETE ON code_issuances
BEGIN SELECT RAISE(ABORT, 'code_issuances is append-only'); END;

CREATE TRIGGER api_tokens_no_update BEFORE UPDATE ON api_tokens
BEGIN SELECT RAISE(ABORT, 'api_tokens is append-only'); END;
CREATE TRIGGER api_tokens_no_delete BEFORE DELETE ON api_tokens
BEGIN SELECT RAISE(ABORT, 'api_tokens is append-only'); END;
