//! Unit codes: one code per physical unit of a batch.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::TraceCode;
use yima_codes::gs1::Gtin;
use yima_codes::scan::CodeLevel;

use crate::batch::Batch;
use crate::product::Product;

/// A code registered for one unit of a batch, in whichever scheme the unit carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCode {
    /// The normalised key (`TraceCode::key`), unique across the platform.
    pub key: String,
    /// The code's scheme (`gs1`, `ecode`, or another system's).
    pub scheme: String,
    /// For GS1 codes, the GTIN.
    pub gtin: Option<Gtin>,
    /// For GS1 codes, the serial (AI 21), when the unit is identified by one.
    pub serial: Option<String>,
    pub batch_id: Uuid,
    pub registered_at: DateTime<Utc>,
}

impl UnitCode {
    /// Makes the unit record for `code` in `batch` of `product`, or says why it cannot be one.
    pub fn for_batch(
        code: &TraceCode,
        product: &Product,
        batch: &Batch,
        now: DateTime<Utc>,
    ) -> Result<Self, String> {
        if code.level() != CodeLevel::Unit {
            return Err(
                "names no single unit: a GS1 code needs a serial (AI 21) or a third-party serial (AI 235)"
                    .to_owned(),
            );
        }
        let (gtin, serial) = match code {
            TraceCode::Gs1(gs1) => {
                if let Some(gtin) = product.gtin.as_ref().filter(|g| *g != &gs1.gtin) {
                    return Err(format!(
                        "GTIN {} is not the product's GTIN {gtin}",
                        gs1.gtin
                    ));
                }
                if let Some(lot) = gs1.lot.as_ref().filter(|l| *l != &batch.lot) {
                    return Err(format!(
                        "lot {lot:?} is not the batch's lot {:?}",
                        batch.lot
                    ));
                }
                (Some(gs1.gtin.clone()), gs1.serial.clone())
            }
            TraceCode::Platform(_) => {
                return Err(
                    "is a platform code: the platform issues those to a batch (POST /batches/{id}/issuances); they are not registered one by one"
                        .to_owned(),
                );
            }
            // Another system's code names its unit on its own; there is no GTIN or lot to
            // check it against.
            TraceCode::Ecode(_) | TraceCode::Foreign(_) => (None, None),
        };
        Ok(Self {
            key: code.key(),
            scheme: code.scheme().to_owned(),
            gtin,
            serial,
            batch_id: batch.id,
            registered_at: now,
        })
    }
}
