//! Unit codes: one code per physical unit of a batch.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::TraceCode;
use yima_codes::gs1::Gtin;
use yima_codes::scan::CodeLevel;

use crate::batch::Batch;
use crate::product::Product;

/// A code registered for one unit of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCode {
    /// The normalised key (`TraceCode::key`), unique across the platform.
    pub key: String,
    pub gtin: Gtin,
    pub serial: String,
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
        let TraceCode::Gs1(gs1) = code;
        let Some(serial) = gs1
            .serial
            .as_ref()
            .filter(|_| code.level() == CodeLevel::Unit)
        else {
            return Err("names no single unit: a serial number (AI 21) is required".to_owned());
        };
        if let Some(gtin) = &product.gtin {
            if gtin != &gs1.gtin {
                return Err(format!(
                    "GTIN {} is not the product's GTIN {}",
                    gs1.gtin, gtin
                ));
            }
        }
        if let Some(lot) = &gs1.lot {
            if lot != &batch.lot {
                return Err(format!(
                    "lot {lot:?} is not the batch's lot {:?}",
                    batch.lot
                ));
            }
        }
        Ok(Self {
            key: code.key(),
            gtin: gs1.gtin.clone(),
            serial: serial.clone(),
            batch_id: batch.id,
            registered_at: now,
        })
    }
}
