//! The audit trail: who did what, when, from where. Every write and every keyed read is an
//! entry; entries are recorded in batches, and each batch is a ledger record, so that the
//! trail is as tamper-evident as the records it watches.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The longest request target an entry keeps; a longer one is cut at a character boundary
/// and marked with `…`.
pub const MAX_TARGET_CHARS: usize = 2_000;

/// One request as the audit trail keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When the request was answered.
    pub at: DateTime<Utc>,
    /// The account that made it; none for the public.
    pub account: Option<String>,
    /// The key it was made with.
    pub key_id: Option<String>,
    pub method: String,
    /// The route as declared (`/api/v1/products/{id}`).
    pub route: String,
    /// The path and query as sent, at most `MAX_TARGET_CHARS` characters.
    pub target: String,
    /// The status of the answer.
    pub status: u16,
    /// The client's address.
    pub address: Option<String>,
    /// The request's `x-request-id`, to match the server's logs.
    pub request_id: Option<String>,
}

/// Entries recorded together: one ledger record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditBatch {
    pub id: Uuid,
    pub recorded_at: DateTime<Utc>,
    pub entries: Vec<AuditEntry>,
}

/// `target` cut to `MAX_TARGET_CHARS` characters.
pub fn bounded_target(target: &str) -> String {
    match target.char_indices().nth(MAX_TARGET_CHARS - 1) {
        Some((end, _)) if target.len() > end + 1 => format!("{}…", &target[..end]),
        _ => target.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_targets_are_cut_at_a_character() {
        assert_eq!(bounded_target("/a?b=1"), "/a?b=1");
        let long = "码".repeat(MAX_TARGET_CHARS + 5);
        let cut = bounded_target(&long);
        assert_eq!(cut.chars().count(), MAX_TARGET_CHARS);
        assert!(cut.ends_with('…'));
        let exact = "x".repeat(MAX_TARGET_CHARS);
        assert_eq!(bounded_target(&exact), exact);
    }
}
