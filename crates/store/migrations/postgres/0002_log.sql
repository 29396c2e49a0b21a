-- The tamper-evident log: every record is a leaf, written in the record's own transaction;
-- a sequencer gives leaves their indexes in batches and writes the tiles and the tree head
-- that a signed checkpoint then commits to. The entry format is in docs/ledger-entries.md.
-- As in 0001, no sequences and no advisory locks; the log tables carry no foreign keys to
-- each other so that they can be distributed by their own keys (Citus, YugabyteDB).

-- A registration of unit codes remembers which registration each code came in, so that the
-- registration's leaf (which commits to the Merkle root of its codes) can be checked against
-- the codes stored. Codes registered before this migration have NULL here.
ALTER TABLE unit_codes ADD COLUMN registration BIGINT
    CONSTRAINT unit_codes_registration_check CHECK (registration IS NULL OR registration >= 1);

-- One row per record: the public entry, and the salt of its commitment, which stays private.
-- `record_ref` names the record (`batch:<uuid>`, …) so that a verifier can load it.
CREATE TABLE log_leaves (
    id         UUID        NOT NULL,
    kind       SMALLINT    NOT NULL CHECK (kind BETWEEN 1 AND 255),
    record_ref TEXT COLLATE "C" NOT NULL CHECK (char_length(record_ref) BETWEEN 1 AND 200),
    salt       BYTEA       NOT NULL CHECK (length(salt) = 32),
    entry      BYTEA       NOT NULL CHECK (length(entry) BETWEEN 1 AND 65535),
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT log_leaves_pkey PRIMARY KEY (id),
    CONSTRAINT log_leaves_record_ref_key UNIQUE (record_ref)
);

-- Leaves not yet sequenced. Not a record but a work list: the sequencer deletes a leaf's row
-- in the transaction that gives the leaf its index, so this table alone may be deleted from.
CREATE TABLE log_queue (
    leaf_id UUID NOT NULL,
    CONSTRAINT log_queue_pkey PRIMARY KEY (leaf_id)
);

-- Sequenced leaves: index → leaf, each given once.
CREATE TABLE log_index (
    idx     BIGINT NOT NULL CHECK (idx >= 0),
    leaf_id UUID   NOT NULL,
    CONSTRAINT log_index_pkey PRIMARY KEY (idx),
    CONSTRAINT log_index_leaf_id_key UNIQUE (leaf_id)
);

-- Hash tiles (c2sp.org/tlog-tiles) as the tree grew: a full tile once, and each partial tile
-- at the width a tree head had, so that every signed checkpoint's tiles stay servable.
CREATE TABLE log_tiles (
    level  SMALLINT NOT NULL CHECK (level BETWEEN 0 AND 63),
    idx    BIGINT   NOT NULL CHECK (idx >= 0),
    width  SMALLINT NOT NULL CHECK (width BETWEEN 1 AND 256),
    hashes BYTEA    NOT NULL CHECK (length(hashes) = 32 * width),
    CONSTRAINT log_tiles_pkey PRIMARY KEY (level, idx, width)
);

-- Entry bundles, likewise.
CREATE TABLE log_bundles (
    idx     BIGINT   NOT NULL CHECK (idx >= 0),
    width   SMALLINT NOT NULL CHECK (width BETWEEN 1 AND 256),
    entries BYTEA    NOT NULL,
    CONSTRAINT log_bundles_pkey PRIMARY KEY (idx, width)
);

-- Tree heads: the size and root after each integration, written with its tiles. A checkpoint
-- may only be signed for a head that is stored, i.e. whose tiles are durable.
CREATE TABLE log_heads (
    size          BIGINT      NOT NULL CHECK (size >= 1),
    root          BYTEA       NOT NULL CHECK (length(root) = 32),
    integrated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT log_heads_pkey PRIMARY KEY (size)
);

-- Signed checkpoints, one per size: the primary key is what makes a fork (two checkpoints of
-- one size) impossible to store, whoever signs.
CREATE TABLE log_checkpoints (
    size      BIGINT      NOT NULL,
    root      BYTEA       NOT NULL CHECK (length(root) = 32),
    note      TEXT        NOT NULL,
    signed_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT log_checkpoints_pkey PRIMARY KEY (size)
);

-- Witness cosignatures (c2sp.org/tlog-cosignature) of a checkpoint, one per witness key.
CREATE TABLE log_cosignatures (
    size        BIGINT NOT NULL,
    key_name    TEXT COLLATE "C" NOT NULL CHECK (char_length(key_name) BETWEEN 1 AND 200),
    key_id      TEXT COLLATE "C" NOT NULL CHECK (char_length(key_id) = 8),
    line        TEXT   NOT NULL,
    cosigned_at BIGINT NOT NULL CHECK (cosigned_at >= 0),
    CONSTRAINT log_cosignatures_pkey PRIMARY KEY (size, key_name, key_id)
);

-- The note verifier key (c2sp.org/signed-note) every checkpoint of this log is signed with:
-- registered by the first server to start, so that another server sharing the database with
-- a different key refuses to start instead of signing checkpoints no verifier would accept.
CREATE TABLE log_verifier_key (
    singleton  SMALLINT    NOT NULL CHECK (singleton = 1),
    vkey       TEXT        NOT NULL CHECK (char_length(vkey) BETWEEN 1 AND 300),
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT log_verifier_key_pkey PRIMARY KEY (singleton)
);

CREATE TRIGGER log_verifier_key_append_only BEFORE UPDATE OR DELETE ON log_verifier_key
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();

-- Who sequences: one row, taken by compare-and-swap while free or expired and renewed by its
-- holder. Coordination state, not a record: it is updated in place.
CREATE TABLE log_lease (
    name       TEXT COLLATE "C" NOT NULL,
    holder     UUID        NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT log_lease_pkey PRIMARY KEY (name)
);

-- Corrections: a record is never edited; a correction names the record it corrects (its
-- ledger reference, `product:<uuid>`, …), the fields it changes as a JSON object, and why.
-- Reads apply a record's corrections in order of time. The changes are kept as the exact
-- text that was committed to (TEXT, not JSONB, which would reorder keys).
CREATE TABLE corrections (
    id           UUID        NOT NULL,
    subject      TEXT COLLATE "C" NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200),
    changes      TEXT        NOT NULL,
    reason       TEXT        NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    corrected_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT corrections_pkey PRIMARY KEY (id)
);

CREATE INDEX corrections_subject ON corrections (subject, corrected_at);

CREATE TRIGGER corrections_append_only BEFORE UPDATE OR DELETE ON corrections
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER log_leaves_append_only BEFORE UPDATE OR DELETE ON log_leaves
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER log_index_append_only BEFORE UPDATE OR DELETE ON log_index
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER log_tiles_append_only BEFORE UPDATE OR DELETE ON log_tiles
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER log_bundles_append_only BEFORE UPDATE OR DELETE ON log_bundles
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER log_heads_append_only BEFORE UPDATE OR DELETE ON log_heads
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER log_checkpoints_append_only BEFORE UPDATE OR DELETE ON log_checkpoints
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
CREATE TRIGGER log_cosignatures_append_only BEFORE UPDATE OR DELETE ON log_cosignatures
    FOR EACH ROW EXECUTE FUNCTION yima_append_only();
