//! Recall notices (召回通知) and their acknowledgements as the API shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use yima_domain::recall::{
    RecallAcknowledgement, RecallNotice, RecallNoticeDraft, RecalledBatchDraft,
};

use crate::wire::receipt::LedgerWrite;

/// A batch as a recall names it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecalledBatchBody {
    /// The product's GTIN (8, 12, 13 or 14 digits).
    #[schema(example = "06901234500011", pattern = "^([0-9]{8}|[0-9]{12,14})$")]
    pub gtin: String,
    /// The batch's lot number.
    #[schema(example = "L250301", max_length = 20)]
    pub lot: String,
}

/// Open a recall of batches.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallNoticeRequest {
    /// 1 to 100 registered batches, none twice.
    #[schema(min_items = 1, max_items = 100)]
    pub batches: Vec<RecalledBatchBody>,
    /// Why, in words the public reads on the scan page (1 to 1,000 characters).
    #[schema(
        example = "绝缘电阻不合格，存在触电风险",
        min_length = 1,
        max_length = 1000
    )]
    pub reason: String,
}

impl From<RecallNoticeRequest> for RecallNoticeDraft {
    fn from(r: RecallNoticeRequest) -> Self {
        RecallNoticeDraft {
            batches: r
                .batches
                .into_iter()
                .map(|b| RecalledBatchDraft {
                    gtin: b.gtin,
                    lot: b.lot,
                })
                .collect(),
            reason: r.reason,
        }
    }
}

/// A recall notice. Public: the scan of a recalled unit shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecallNoticeView {
    pub id: Uuid,
    pub batches: Vec<RecalledBatchBody>,
    pub reason: String,
    /// The account that opened it.
    pub opened_by: String,
    pub opened_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerWrite>,
}

impl From<&RecallNotice> for RecallNoticeView {
    fn from(n: &RecallNotice) -> Self {
        Self {
            id: n.id,
            batches: n
                .batches
                .iter()
                .map(|b| RecalledBatchBody {
                    gtin: b.gtin.to_string(),
                    lot: b.lot.clone(),
                })
                .collect(),
            reason: n.reason.clone(),
            opened_by: n.opened_by.clone(),
            opened_at: n.opened_at,
            ledger: None,
        }
    }
}

/// Acknowledge a recall: the enterprise has seen it and acts on it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementRequest {
    /// The acknowledging enterprise's 统一社会信用代码; by default the caller's.
    #[serde(default)]
    #[schema(pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")]
    pub enterprise: Option<String>,
    /// What it does about it (1 to 500 characters).
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// An acknowledgement of a recall by a holder.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcknowledgementView {
    pub recall: Uuid,
    pub enterprise: String,
    pub account: String,
    pub acknowledged_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerWrite>,
}

impl From<&RecallAcknowledgement> for AcknowledgementView {
    fn from(a: &RecallAcknowledgement) -> Self {
        Self {
            recall: a.recall,
            enterprise: a.enterprise.to_string(),
            account: a.account.clone(),
            acknowledged_at: a.acknowledged_at,
            note: a.note.clone(),
            ledger: None,
        }
    }
}

/// A recall notice with the acknowledgements the caller may see: all of them for regulators,
/// associations and administrators, an enterprise's own for an enterprise, none for the public.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecallDetail {
    pub notice: RecallNoticeView,
    pub acknowledgements: Vec<AcknowledgementView>,
}

/// A page of recall notices, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecallNoticePage {
    pub recalls: Vec<RecallNoticeView>,
    /// Pass as `after` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Uuid>,
}

/// Which recall notices to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RecallNoticeQuery {
    /// The `next` of the previous page.
    pub after: Option<Uuid>,
    /// At most this many (50 by default).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}
