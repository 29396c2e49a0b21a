//! Receipts for writers: once the sequencer has integrated a write's leaf and a checkpoint
//! covers it, the index, the inclusion proof and the signed checkpoint, as one tlog-proof.

use std::time::Duration;

use tokio::time::Instant;
use uuid::Uuid;
use yima_ledger::TlogProof;

use crate::problem::ApiError;
use crate::state::AppState;
use crate::wire::receipt::{LedgerWrite, Receipt, ReceiptMode, ReceiptQuery};

/// The longest a write waits for its receipt.
const RECEIPT_WAIT: Duration = Duration::from_secs(10);

/// Tells the sequencer about `leaves` new leaves and, if the query asks, waits for the
/// receipt of `leaf`.
pub async fn ledger_write(
    state: &AppState,
    leaf: Uuid,
    leaves: u64,
    query: &ReceiptQuery,
) -> Result<LedgerWrite, ApiError> {
    state.ledger.written(leaves);
    let receipt = match query.receipt {
        Some(ReceiptMode::Wait) => receipt(state, leaf, RECEIPT_WAIT).await?,
        None => None,
    };
    Ok(LedgerWrite {
        leaf_id: leaf,
        receipt,
    })
}

/// The receipt of `leaf`, or `None` if it is not in a checkpoint within `timeout`.
pub async fn receipt(
    state: &AppState,
    leaf: Uuid,
    timeout: Duration,
) -> Result<Option<Receipt>, ApiError> {
    let deadline = Instant::now() + timeout;
    let index = loop {
        if let Some(index) = state.store.leaf_index(leaf).await? {
            break index;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(None);
        }
        // Integration is followed by a checkpoint: wait for the next, or poll again soon
        // (another server may be the sequencer).
        state
            .ledger
            .next_checkpoint(left.min(Duration::from_millis(100)))
            .await;
    };
    let left = deadline.saturating_duration_since(Instant::now());
    let Some(checkpoint) = state.ledger.checkpoint_covering(index, left).await else {
        return Ok(None);
    };
    let proof =
        yima_store::proofs::inclusion_proof(state.store.as_ref(), index, checkpoint.size).await?;
    let file = TlogProof {
        extra: None,
        index,
        proof,
        checkpoint: checkpoint.note.clone(),
    };
    Ok(Some(Receipt {
        index,
        checkpoint_size: checkpoint.size,
        proof: file.format(),
    }))
}
