//! The log's statements both engines run as they are; the bulk writes of an integration
//! (index rows, dequeuing) differ and live with each engine.

pub(crate) const INSERT_LEAF: &str = "INSERT INTO log_leaves \
     (id, kind, record_ref, salt, entry, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const QUEUE_LENGTH: &str = "SELECT COUNT(*) FROM log_queue";

/// The latest tree head.
pub(crate) const HEAD: &str = "SELECT size, root FROM log_heads ORDER BY size DESC LIMIT 1";

pub(crate) const INSERT_HEAD: &str =
    "INSERT INTO log_heads (size, root, integrated_at) VALUES ($1, $2, $3)";

pub(crate) const TILE: &str =
    "SELECT hashes FROM log_tiles WHERE level = $1 AND idx = $2 AND width = $3";

/// The tiles named by `n` (level, index, width) triples bound in that order: one primary-key
/// lookup each, in one statement.
pub(crate) fn tiles_at(n: usize) -> String {
    let wanted: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(level = ${} AND idx = ${} AND width = ${})",
                3 * i + 1,
                3 * i + 2,
                3 * i + 3
            )
        })
        .collect();
    format!(
        "SELECT level, idx, width, hashes FROM log_tiles WHERE {}",
        wanted.join(" OR ")
    )
}

pub(crate) const TILES: &str = "SELECT idx, width, hashes FROM log_tiles \
     WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx, width";

pub(crate) const INSERT_TILE: &str =
    "INSERT INTO log_tiles (level, idx, width, hashes) VALUES ($1, $2, $3, $4)";

/// Takes the lease if it is free, expired, or held by the caller already (then renews it):
/// a compare-and-swap in one statement. One row affected means the caller holds it.
pub(crate) const TAKE_LEASE: &str = "INSERT INTO log_lease (name, holder, expires_at) \
     VALUES ($1, $2, $3) \
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
     WHERE log_lease.holder = excluded.holder OR log_lease.expires_at < $4";

/// Lets the lease go at once (on shutdown), if the caller holds it.
pub(crate) const RELEASE_LEASE: &str =
    "UPDATE log_lease SET expires_at = $3 WHERE name = $1 AND holder = $2";

/// A checkpoint is stored only for a stored head with the same root.
pub(crate) const INSERT_CHECKPOINT: &str = "INSERT INTO log_checkpoints \
     (size, root, note, signed_at) \
     SELECT h.size, h.root, $3, $4 FROM log_heads h WHERE h.size = $1 AND h.root = $2 \
     ON CONFLICT (size) DO NOTHING";

pub(crate) const CHECKPOINT: &str = "SELECT size, root, note FROM log_checkpoints WHERE size = $1";

pub(crate) const LATEST_CHECKPOINT: &str =
    "SELECT size, root, note FROM log_checkpoints ORDER BY size DESC LIMIT 1";

pub(crate) const LEAF_INDEX: &str = "SELECT idx FROM log_index WHERE leaf_id = $1";

/// A record's leaf, and its index once it has one.
pub(crate) const LEAF_BY_REF: &str = "SELECT i.idx, l.id, l.kind, l.record_ref, l.salt, l.entry \
     FROM log_leaves l LEFT JOIN log_index i ON i.leaf_id = l.id WHERE l.record_ref = $1";

pub(crate) const INSERT_COSIGNATURE: &str = "INSERT INTO log_cosignatures \
     (size, key_name, key_id, line, cosigned_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (size, key_name, key_id) DO NOTHING";

pub(crate) const COSIGNATURES: &str = "SELECT size, key_name, key_id, line, cosigned_at \
     FROM log_cosignatures WHERE size = $1 ORDER BY key_name, key_id";

/// The first key registered stays: a second server's insert does nothing.
pub(crate) const REGISTER_VERIFIER_KEY: &str = "INSERT INTO log_verifier_key \
     (singleton, vkey, created_at) VALUES (1, $1, $2) ON CONFLICT (singleton) DO NOTHING";

pub(crate) const VERIFIER_KEY: &str = "SELECT vkey FROM log_verifier_key WHERE singleton = 1";
