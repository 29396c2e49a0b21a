//! A unit registration: one accepted call that registered unit codes to a batch, logged as
//! one record however many codes it held. Its `codes_root` commits to the codes, so that one
//! code can later be proven part of the registration without showing the others.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_ledger::{Hash, leaf_hash, root};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRegistration {
    pub batch_id: Uuid,
    /// The registration's number within its batch.
    pub sequence: u64,
    /// How many codes this registration added.
    pub added: u64,
    /// The batch's count of codes after it.
    pub total: u64,
    pub registered_at: DateTime<Utc>,
    /// [`codes_root`] of the registered codes' keys.
    pub codes_root: Hash,
}

/// The RFC 6962 Merkle tree hash of `keys` (each a `UnitCode::key`) sorted by their bytes,
/// each leaf being the key's UTF-8. Sorting makes the root independent of the order the
/// client sent; the keys of one registration are unique, so nothing is deduplicated.
pub fn codes_root<'a>(keys: impl IntoIterator<Item = &'a str>) -> Hash {
    let mut keys: Vec<&str> = keys.into_iter().collect();
    keys.sort_unstable();
    let leaves: Vec<Hash> = keys.iter().map(|k| leaf_hash(k.as_bytes())).collect();
    root(&leaves)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yima_ledger::{empty_root, node_hash};

    #[test]
    fn root_of_sorted_keys() {
        let a = "gs1:01/09520123456788/21/A1";
        let b = "gs1:01/09520123456788/21/B2";
        let c = "yima:YM4002000000G0000VAXM13Q56";
        let expected = node_hash(
            &node_hash(&leaf_hash(a.as_bytes()), &leaf_hash(b.as_bytes())),
            &leaf_hash(c.as_bytes()),
        );
        assert_eq!(codes_root([c, a, b]), expected);
        assert_eq!(codes_root([b, c, a]), expected);
        assert_eq!(codes_root([a]), leaf_hash(a.as_bytes()));
        assert_eq!(codes_root([]), empty_root());
    }

    #[test]
    fn known_answer() {
        // RFC 6962 with SHA-256: leaf = H(0x00 ‖ key), node = H(0x01 ‖ left ‖ right).
        assert_eq!(
            hex::encode(codes_root(["b", "a"])),
            "b137985ff484fb600db93107c77b0365c80d78f5b429ded0fd97361d077999eb"
        );
    }
}
