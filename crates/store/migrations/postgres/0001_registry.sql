-- The registry: enterprises, their products, the batches of a product, the unit codes of a
-- batch, and API tokens.
--
-- Written for PostgreSQL and the databases that speak its protocol at scale (Citus,
-- YugabyteDB, CockroachDB): ids are UUIDv7 made by the application, no sequences, no
-- advisory locks. Constraint names are given because the store maps them to its errors.
-- Lengths count characters, as the domain's validation does.

CREATE TABLE enterprises (
    -- COLLATE "C": paging orders by credit code, and must order alike on every node and
    -- engine, whatever the database's default collation.
    credit_code   TEXT COLLATE "C" NOT NULL CHECK (char_length(credit_code) = 18),
    name          TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    address       TEXT        NOT NULL CHECK (char_length(address) BETWEEN 1 AND 500),
    region        TEXT        NOT NULL CHECK (char_length(region) = 6),
    is_producer   BOOLEAN     NOT NULL,
    is_seller     BOOLEAN     NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT enterprises_pkey PRIMARY KEY (credit_code),
    -- An enterprise that neither produces nor sells has no business on the platform.
    CONSTRAINT enterprises_some_role CHECK (is_producer OR is_seller)
);

CREATE TABLE products (
    id                  UUID        NOT NULL,
    producer            TEXT COLLATE "C" NOT NULL,
    name                TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    model               TEXT        NOT NULL CHECK (char_length(model) BETWEEN 1 AND 200),
    category            TEXT        NOT NULL CHECK (char_length(category) BETWEEN 1 AND 64),
    standard            TEXT        NOT NULL CHECK (char_length(standard) BETWEEN 1 AND 100),
    gtin                TEXT        CHECK (char_length(gtin) = 14),
    approval_regime     TEXT        NOT NULL
        CHECK (approval_regime IN ('production_licence', 'ccc')),
    approval_number     TEXT        NOT NULL CHECK (char_length(approval_number) BETWEEN 1 AND 64),
    approval_status     TEXT        NOT NULL
        CHECK (approval_status IN ('valid', 'suspended', 'revoked', 'cancelled', 'expired')),
    approval_checked_at TIMESTAMPTZ NOT NULL,
    registered_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT products_pkey PRIMARY KEY (id),
    CONSTRAINT products_producer_fkey FOREIGN KEY (producer) REFERENCES enterprises (credit_code),
    -- Several products may have no GTIN; UNIQUE lets NULLs repeat.
    CONSTRAINT products_gtin_key UNIQUE (gtin)
);

CREATE INDEX products_producer ON products (producer);

CREATE TABLE batches (
    id                            UUID        NOT NULL,
    product_id                    UUID        NOT NULL,
    lot                           TEXT        NOT NULL CHECK (char_length(lot) BETWEEN 1 AND 20),
    production_date               DATE        NOT NULL,
    quantity                      BIGINT      NOT NULL CHECK (quantity > 0),
    unit_of_measure               TEXT        NOT NULL
        CHECK (char_length(unit_of_measure) BETWEEN 2 AND 3),
    inspection_certificate_number TEXT        NOT NULL
        CHECK (char_length(inspection_certificate_number) BETWEEN 1 AND 64),
    inspection_issuer             TEXT        NOT NULL
        CHECK (char_length(inspection_issuer) BETWEEN 1 AND 200),
    inspection_date               DATE        NOT NULL,
    inspection_result             TEXT        NOT NULL
        CHECK (inspection_result IN ('conformant', 'non_conformant')),
    inspection_document_sha256    TEXT        CHECK (char_length(inspection_document_sha256) = 64),
    registered_at                 TIMESTAMPTZ NOT NULL,
    CONSTRAINT batches_pkey PRIMARY KEY (id),
    CONSTRAINT batches_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT batches_product_id_lot_key UNIQUE (product_id, lot)
);

CREATE TABLE unit_codes (
    key           TEXT COLLATE "C" NOT NULL CHECK (char_length(key) BETWEEN 1 AND 300),
    scheme        TEXT        NOT NULL CHECK (char_length(scheme) BETWEEN 1 AND 32),
    batch_id      UUID        NOT NULL,
    -- GS1 units only: the GTIN, and the serial when AI 21 identifies the unit.
    gtin          TEXT        CHECK (gtin IS NULL OR char_length(gtin) = 14),
    serial        TEXT        CHECK (serial IS NULL OR char_length(serial) BETWEEN 1 AND 20),
    registered_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT unit_codes_pkey PRIMARY KEY (key)
    -- No foreign key to batches here, unlike the other tables: every registration locks its
    -- batch row (SELECT … FOR UPDATE) and checks that each unit names it, in the transaction
    -- that inserts the units, and batches are append-only, so the reference cannot break.
    -- The per-row check would halve bulk registration and is what distributed engines
    -- (Citus, YugabyteDB) handle worst on their largest table.
);

-- Listing a batch's units (recall scope, exports) needs it.
CREATE INDEX unit_codes_batch ON unit_codes (batch_id);

-- One row per accepted registration of unit codes: how many it added and the batch's total
-- after it. The latest row answers "how many codes does the batch hold" without counting
-- them (a count grows with the batch and would make bulk registration quadratic), and the
-- rows are the batch's history of registrations.
CREATE TABLE unit_registrations (
    batch_id      UUID        NOT NULL,
    sequence      BIGINT      NOT NULL CHECK (sequence >= 1),
    added         BIGINT      NOT NULL CHECK (added >= 1),
    total         BIGINT      NOT NULL CHECK (total >= added),
    registered_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT unit_registrations_pkey PRIMARY KEY (batch_id, sequence),
    CONSTRAINT unit_registrations_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES batches (id)
);

-- The keys platform codes are issued with: id and fingerprint only; the secret stays in the
-- data directory. Ids are never reused: every code carries one.
CREATE TABLE issuing_keys (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id BETWEEN 0 AND 65535),
    fingerprint TEXT NOT NULL CHECK (char_length(fingerprint) = 64),
    created_at  TIMESTAMPTZ NOT NULL
);

-- One row per issuing of platform codes (数字身份码) to a batch. The codes themselves are not
-- stored: each carries the key id, the issuance number and its index, and a MAC only the key
-- can make, so the code and this row are all it takes to resolve it.
CREATE TABLE code_issuances (
    key_id    INTEGER     NOT NULL CHECK (key_id BETWEEN 0 AND 65535),
    number    BIGINT      NOT NULL CHECK (number >= 0),
    batch_id  UUID        NOT NULL,
    count     BIGINT      NOT NULL CHECK (count >= 1),
    issued_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT code_issuances_pkey PRIMARY KEY (key_id, number),
    CONSTRAINT code_issuances_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES batches (id)
);

CREATE INDEX code_issuances_batch ON code_issuances (batch_id);

CREATE TABLE api_tokens (
    id            TEXT        NOT NULL CHECK (char_length(id) BETWEEN 1 AND 200),
    secret_sha256 TEXT        NOT NULL CHECK (char_length(secret_sha256) = 64),
    role          TEXT        NOT NULL CHECK (role IN ('admin')),
    created_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT api_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT api_tokens_secret_sha256_key UNIQUE (secret_sha256)
);

-- Append-only: a record, once acknowledged, is evidence; nothing may rewrite or remove it.
CREATE FUNCTION yima_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER enterprises_append_only BEFORE UPDATE OR DELETE ON enterprises
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER products_append_only BEFORE UPDATE OR DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER batches_append_only BEFORE UPDATE OR DELETE ON batches
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER unit_codes_append_only BEFORE UPDATE OR DELETE ON unit_codes
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER unit_registrations_append_only BEFORE UPDATE OR DELETE ON unit_registrations
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER issuing_keys_append_only BEFORE UPDATE OR DELETE ON issuing_keys
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER code_issuances_append_only BEFORE UPDATE OR DELETE ON code_issuances
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER api_tokens_append_only BEFORE UPDATE OR DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
