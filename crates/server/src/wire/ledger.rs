//! The ledger's JSON: a record's evidence with its inclusion proof, and the answer to posted
//! cosignatures. The log itself (checkpoints, tiles, proofs) is text and bytes in the C2SP
//! formats, not JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use yima_domain::RecordEvidence;
use yima_domain::ledger::RecordKind;

/// A record with what its log entry commits to (`yima_domain::ledger::RecordEvidence`, field
/// for field): `verify_commitment` checks it offline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EvidenceView {
    /// The record's kind.
    #[schema(value_type = String, example = "batch")]
    pub kind: RecordKind,
    /// The record's reference, `<kind>:<key>`.
    #[schema(example = "batch:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b")]
    pub record_ref: String,
    /// The 32-byte salt of the commitment, lower-case hex.
    pub salt: String,
    /// The record as a JSON object; its canonical JSON is what the entry commits to.
    #[schema(value_type = Object)]
    pub record: Value,
    /// The log entry's bytes, lower-case hex: the leaf the proof is about.
    pub entry: String,
}

impl From<RecordEvidence> for EvidenceView {
    fn from(e: RecordEvidence) -> Self {
        Self {
            kind: e.kind,
            record_ref: e.record_ref,
            salt: e.salt,
            record: e.record,
            entry: e.entry,
        }
    }
}

/// A record's evidence and, once the log has integrated and signed it, its proof.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LedgerRecordView {
    pub evidence: EvidenceView,
    /// A c2sp.org/tlog-proof file: the entry's inclusion proof in the latest checkpoint,
    /// which it carries (with its witnesses' cosignatures). Null until a checkpoint covers
    /// the entry.
    pub proof: Option<String>,
    /// The entry's index in the log; null until the log has integrated it.
    pub index: Option<u64>,
}

/// What became of posted cosignatures.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CosignaturesAccepted {
    /// How many signature lines verified under a witness key of the policy.
    pub verified: usize,
    /// How many of them were not stored before.
    pub new: usize,
}
