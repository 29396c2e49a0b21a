//! Issuing platform codes (数字身份码) to a batch.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::wire::receipt::LedgerWrite;

/// Issue codes to a batch.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuanceRequest {
    /// How many codes (at most 16,777,216 per issuance; the batch's quantity bounds them too).
    #[schema(minimum = 1, maximum = 16_777_216)]
    pub count: u64,
}

/// An issuance: `count` codes of the batch, each carrying the key id, the issuance number and
/// its index, and a MAC only the platform's key can make.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuanceView {
    pub key_id: u16,
    pub number: u64,
    pub batch_id: Uuid,
    pub count: u64,
    pub issued_at: DateTime<Utc>,
    /// The first code (index 0), printed form.
    #[schema(example = "YM-4002-0000-00G0-000V-AXM1-3Q56")]
    pub first: String,
    /// The last code (index count − 1), printed form.
    pub last: String,
    /// Where to download all the codes, one per line.
    pub codes: String,
    /// The issuance's ledger leaf.
    pub ledger: LedgerWrite,
}

/// How to write the codes of an issuance.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CodesFormat {
    /// `printed` (grouped with hyphens, for labels; the default) or `canonical`.
    #[param(inline)]
    pub format: Option<CodeFormat>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CodeFormat {
    #[default]
    Printed,
    Canonical,
}

/// Which labels of an issuance to put on a sheet.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SheetQuery {
    /// The first code's index (default 0).
    pub from: Option<u64>,
    /// How many labels (1–10,000, default all that remain up to 10,000).
    #[param(minimum = 1, maximum = 10_000)]
    pub count: Option<u64>,
    /// `pdf` (default) or `svg` (the first page only, for a preview).
    #[param(inline)]
    pub format: Option<SheetFormat>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SheetFormat {
    #[default]
    Pdf,
    Svg,
}
