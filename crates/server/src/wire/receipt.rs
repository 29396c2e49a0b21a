//! The ledger as the JSON API shows it to writers: the leaf a write produced and, when asked
//! for, its receipt.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Whether a write waits for its receipt.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReceiptQuery {
    /// `wait`: answer only once the record's leaf is in a signed checkpoint (at most 10 s;
    /// after that the answer comes without a receipt), and include the receipt.
    #[param(inline)]
    pub receipt: Option<ReceiptMode>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptMode {
    Wait,
}

/// The ledger leaf a write produced.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerWrite {
    /// The leaf's id; its index comes when the sequencer integrates it.
    pub leaf_id: Uuid,
    /// Present when the write asked to wait for it and integration came in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
}

/// Proof that the record's leaf is in the log: checkable offline with the log's verifier key
/// (`GET /log/key`) and the record's evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct Receipt {
    /// The leaf's index in the log.
    pub index: u64,
    /// The size of the checkpoint the proof is for.
    pub checkpoint_size: u64,
    /// A c2sp.org/tlog-proof file: the index, the inclusion proof and the signed checkpoint.
    pub proof: String,
}
