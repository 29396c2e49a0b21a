//! Recall notices (召回通知) and their acknowledgements. A regulator, or the producer, opens a
//! recall of one or more batches, each named by its product's GTIN and its lot; every
//! enterprise holding affected goods acknowledges it. Both are records of their own and
//! ledger records (kinds 13 and 14): never changed, never removed. A notice that was wrong is
//! followed by another, not edited.
//!
//! The notice is public — which batches are recalled and why is what the public must learn
//! when it scans one of their codes — so its batches and reason are public fields of its log
//! entry. Who acknowledged is public too; the note and the account are not.
//!
//! A client's input arrives as a draft of plain strings (`draft.rs`), checked into a record
//! with every failing field named.

mod draft;

pub use draft::{RecallAcknowledgementDraft, RecallNoticeDraft, RecalledBatchDraft};

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;

/// The most batches one notice may recall.
pub const MAX_BATCHES: usize = 100;

/// The longest reason a notice may give, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// The longest note an acknowledgement may carry, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// A batch as a recall names it: its product's GTIN and its lot (GS1 AI 10), the key every
/// code of the batch's units carries, whether or not the batch is registered on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecalledBatch {
    pub gtin: Gtin,
    pub lot: String,
}

/// A recall opened for one or more batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecallNotice {
    pub id: Uuid,
    /// The recalled batches, 1 to `MAX_BATCHES`, none twice, in the order given.
    pub batches: Vec<RecalledBatch>,
    /// Why, 1 to `MAX_REASON_CHARS` characters.
    pub reason: String,
    /// The account that opened it.
    pub opened_by: String,
    pub opened_at: DateTime<Utc>,
}

impl RecallNotice {
    /// Whether the notice recalls the batch of `gtin` with `lot`.
    pub fn recalls(&self, gtin: &Gtin, lot: &str) -> bool {
        self.batches.iter().any(|b| &b.gtin == gtin && b.lot == lot)
    }
}

/// An enterprise's acknowledgement of a recall: one per enterprise and recall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecallAcknowledgement {
    /// The notice's id.
    pub recall: Uuid,
    /// The acknowledging enterprise.
    pub enterprise: CreditCode,
    /// The account that acknowledged for it.
    pub account: String,
    pub acknowledged_at: DateTime<Utc>,
    /// What the enterprise adds (stock held, action taken), 1 to `MAX_NOTE_CHARS` characters.
    pub note: Option<String>,
}
