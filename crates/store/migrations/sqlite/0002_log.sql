-- The tamper-evident log: every record is a leaf, written in the record's own transaction;
-- a sequencer gives leaves their indexes in batches and writes the tiles and the tree head
-- that a signed checkpoint then commits to. The entry format is in docs/ledger-entries.md.

-- A registration of unit codes remembers which registration each code came in, so that the
-- registration's leaf (which commits to the Merkle root of its codes) can be checked against
-- the codes stored. Codes registered before this migration have NULL here.
ALTER TABLE unit_codes ADD COLUMN registration INTEGER CHECK (registration IS NULL OR registration >= 1);

-- One row per record: the public entry, and the salt of its commitment, which stays private.
-- `record_ref` names the record (`batch:<uuid>`, …) so that a verifier can load it.
--
-- `seq` is the rowid: SQLite gives a new row the largest rowid plus one, writes are serialized
-- and rows are never deleted, so `seq` counts leaves from 1 in commit order without a gap (a
-- rolled-back insert leaves none either). The sequencer integrates leaves in `seq` order, so a
-- leaf's index in the log is `seq - 1`, fixed when its record commits, and the leaves not yet
-- integrated are those above the latest tree head's size: no queue and no index to write.
CREATE TABLE log_leaves (
    seq        INTEGER NOT NULL PRIMARY KEY,
    id         BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
    kind       INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 255),
    record_ref TEXT    NOT NULL UNIQUE CHECK (length(record_ref) BETWEEN 1 AND 200),
    salt       BLOB    NOT NULL CHECK (length(salt) = 32),
    entry      BLOB    NOT NULL CHECK (length(entry) BETWEEN 1 AND 65535),
    created_at TEXT    NOT NULL
) STRICT;

-- Hash tiles (c2sp.org/tlog-tiles) as the tree grew: a full tile once, and each partial tile
-- at the width a tree head had, so that every signed checkpoint's tiles stay servable.
CREATE TABLE log_tiles (
    level  INTEGER NOT NULL CHECK (level BETWEEN 0 AND 63),
    idx    INTEGER NOT NULL CHECK (idx >= 0),
    width  INTEGER NOT NULL CHECK (width BETWEEN 1 AND 256),
    hashes BLOB    NOT NULL CHECK (length(hashes) = 32 * width),
    PRIMARY KEY (level, idx, width)
) STRICT, WITHOUT ROWID;

-- Entry bundles, likewise.
CREATE TABLE log_bundles (
    idx     INTEGER NOT NULL CHECK (idx >= 0),
    width   INTEGER NOT NULL CHECK (width BETWEEN 1 AND 256),
    entries BLOB    NOT NULL,
    PRIMARY KEY (idx, width)
) STRICT, WITHOUT ROWID;

-- Tree heads: the size and root after each integration, written with its tiles. A checkpoint
-- may only be signed for a head that is stored, i.e. whose tiles are durable.
CREATE TABLE log_heads (
    size          INTEGER NOT NULL PRIMARY KEY CHECK (size >= 1),
    root          BLOB    NOT NULL CHECK (length(root) = 32),
    integrated_at TEXT    NOT NULL
) STRICT;

-- The sequenced leaves and the waiting ones, as PostgreSQL keeps them in tables.
CREATE VIEW log_index AS
    SELECT seq - 1 AS idx, id AS leaf_id FROM log_leaves
    WHERE seq <= (SELECT COALESCE(MAX(size), 0) FROM log_heads);
CREATE VIEW log_queue AS
    SELECT id AS leaf_id FROM log_leaves
    WHERE seq > (SELECT COALESCE(MAX(size), 0) FROM log_heads);

-- Signed checkpoints, one per size: the primary key is what makes a fork (two checkpoints of
-- one size) impossible to store, whoever signs.
CREATE TABLE log_checkpoints (
    size      INTEGER NOT NULL PRIMARY KEY REFERENCES log_heads (size),
    root      BLOB    NOT NULL CHECK (length(root) = 32),
    note      TEXT    NOT NULL,
    signed_at TEXT    NOT NULL
) STRICT;

-- Witness cosignatures (c2sp.org/tlog-cosignature) of a checkpoint, one per witness key.
CREATE TABLE log_cosignatures (
    size      INTEGER NOT NULL REFERENCES log_checkpoints (size),
    key_name  TEXT    NOT NULL CHECK (length(key_name) BETWEEN 1 AND 200),
    key_id    TEXT    NOT NULL CHECK (length(key_id) = 8),
    line      TEXT    NOT NULL,
    cosigned_at INTEGER NOT NULL CHECK (cosigned_at >= 0),
    PRIMARY KEY (size, key_name, key_id)
) STRICT, WITHOUT ROWID;

-- The note verifier key (c2sp.org/signed-note) every checkpoint of this log is signed with:
-- registered by the first server to start, so that another server sharing the database with
-- a different key refuses to start instead of signing checkpoints no verifier would accept.
CREATE TABLE log_verifier_key (
    singleton  INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    vkey       TEXT    NOT NULL CHECK (length(vkey) BETWEEN 1 AND 300),
    created_at TEXT    NOT NULL
) STRICT;

CREATE TRIGGER log_verifier_key_no_update BEFORE UPDATE ON log_verifier_key
BEGIN SELECT RAISE(ABORT, 'log_verifier_key is append-only'); END;
CREATE TRIGGER log_verifier_key_no_delete BEFORE DELETE ON log_verifier_key
BEGIN SELECT RAISE(ABORT, 'log_verifier_key is append-only'); END;

-- Who sequences: one row, taken by compare-and-swap while free or expired and renewed by its
-- holder. Coordination state, not a record: it is updated in place.
CREATE TABLE log_lease (
    name       TEXT NOT NULL PRIMARY KEY,
    holder     BLOB NOT NULL CHECK (length(holder) = 16),
    expires_at TEXT NOT NULL
) STRICT;

-- Corrections: a record is never edited; a correction names the record it corrects (its
-- ledger reference, `product:<uuid>`, …), the fields it changes as a JSON object, and why.
-- Reads apply a record's corrections in order of time.
CREATE TABLE corrections (
    id           BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    subject      TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    changes      TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'object'),
    reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    corrected_at TEXT NOT NULL
) STRICT;

CREATE INDEX corrections_subject ON corrections (subject, corrected_at);

CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections is append-only'); END;
CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections is append-only'); END;

CREATE TRIGGER log_leaves_no_update BEFORE UPDATE ON log_leaves
BEGIN SELECT RAISE(ABORT, 'log_leaves is append-only'); END;
CREATE TRIGGER log_leaves_no_delete BEFORE DELETE ON log_leaves
BEGIN SELECT RAISE(ABORT, 'log_leaves is append-only'); END;

CREATE TRIGGER log_tiles_no_update BEFORE UPDATE ON log_tiles
BEGIN SELECT RAISE(ABORT, 'log_tiles is append-only'); END;
CREATE TRIGGER log_tiles_no_delete BEFORE DELETE ON log_tiles
BEGIN SELECT RAISE(ABORT, 'log_tiles is append-only'); END;

CREATE TRIGGER log_bundles_no_update BEFORE UPDATE ON log_bundles
BEGIN SELECT RAISE(ABORT, 'log_bundles is append-only'); END;
CREATE TRIGGER log_bundles_no_delete BEFORE DELETE ON log_bundles
BEGIN SELECT RAISE(ABORT, 'log_bundles is append-only'); END;

CREATE TRIGGER log_heads_no_update BEFORE UPDATE ON log_heads
BEGIN SELECT RAISE(ABORT, 'log_heads is append-only'); END;
CREATE TRIGGER log_heads_no_delete BEFORE DELETE ON log_heads
BEGIN SELECT RAISE(ABORT, 'log_heads is append-only'); END;

CREATE TRIGGER log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
CREATE TRIGGER log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;

CREATE TRIGGER log_cosignatures_no_update BEFORE UPDATE ON log_cosignatures
BEGIN SELECT RAISE(ABORT, 'log_cosignatures is append-only'); END;
CREATE TRIGGER log_cosignatures_no_delete BEFORE DELETE ON log_cosignatures
BEGIN SELECT RAISE(ABORT, 'log_cosignatures is append-only'); END;
