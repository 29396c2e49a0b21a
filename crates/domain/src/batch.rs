//! Batches (lots) of a product, with their inspection-conformity proof (检验合格证明).

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::product::Product;
use crate::text::bounded;
use crate::validation::{Checker, Invalid, vouched};

/// The result an inspection certificate states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionResult {
    /// 合格
    Conformant,
    /// 不合格
    NonConformant,
}

impl InspectionResult {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Conformant => "conformant",
            Self::NonConformant => "non_conformant",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "conformant" => Ok(Self::Conformant),
            "non_conformant" => Ok(Self::NonConformant),
            other => Err(format!(
                "{other:?} is not one of conformant, non_conformant"
            )),
        }
    }
}

/// The inspection-conformity proof of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionProof {
    pub certificate_number: String,
    pub issuer: String,
    pub date: NaiveDate,
    pub result: InspectionResult,
    /// SHA-256 of the certificate document, lower-case hex, when the producer supplied it.
    pub document_sha256: Option<String>,
}

/// A registered batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: Uuid,
    pub product_id: Uuid,
    pub lot: String,
    pub production_date: NaiveDate,
    /// How many units, or how much of the unit of measure, the batch holds.
    pub quantity: u64,
    /// UN/CEFACT Rec 20 unit code: `H87` (piece) by default, `MTR` for a reel of cable, `KGM`
    /// for steel by weight. Unit codes may be registered only for batches counted in pieces.
    pub unit_of_measure: String,
    pub inspection: InspectionProof,
    pub registered_at: DateTime<Utc>,
}

impl Batch {
    /// The unit of measure for counted pieces.
    pub const PIECES: &'static str = "H87";

    pub fn counted_in_pieces(&self) -> bool {
        self.unit_of_measure == Self::PIECES
    }
}

/// What a client sends for an inspection proof.
#[derive(Debug, Clone, Default)]
pub struct InspectionDraft {
    pub certificate_number: String,
    pub issuer: String,
    pub date: Option<NaiveDate>,
    pub result: String,
    pub document_sha256: Option<String>,
}

/// What a client sends to register a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchDraft {
    pub lot: String,
    pub production_date: Option<NaiveDate>,
    pub quantity: u64,
    pub unit_of_measure: Option<String>,
    pub inspection: InspectionDraft,
}

/// The largest quantity a batch may declare; far above any real lot, small enough for i64.
pub const MAX_QUANTITY: u64 = 1_000_000_000_000;

impl BatchDraft {
    /// Checks the draft for `product`; `now` bounds the dates and becomes the registration time.
    pub fn validate(&self, product: &Product, now: DateTime<Utc>) -> Result<Batch, Invalid> {
        self.validate_for(Uuid::now_v7(), product.id, now)
    }

    /// Checks the draft as a batch `id` of the product `product_id`. Corrections reuse this,
    /// since they keep the id and product of the batch they correct.
    pub(crate) fn validate_for(
        &self,
        id: Uuid,
        product_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Batch, Invalid> {
        let mut c = Checker::new();
        let today = now.date_naive();
        let lot = c.take(
            "lot",
            yima_codes::gs1::ai::check_value("10", self.lot.trim()).map(|()| self.lot.trim()),
        );
        let production_date = match self.production_date {
            Some(d) if d > today => {
                c.fail("production_date", format!("{d} lies in the future"));
                None
            }
            Some(d) => Some(d),
            None => {
                c.fail("production_date", "is required (YYYY-MM-DD)");
                None
            }
        };
        if self.quantity == 0 || self.quantity > MAX_QUANTITY {
            c.fail(
                "quantity",
                format!("{} is not between 1 and {MAX_QUANTITY}", self.quantity),
            );
        }
        let unit_of_measure = match self.unit_of_measure.as_deref().map(str::trim) {
            None => Some(Batch::PIECES.to_owned()),
            Some(u)
                if (2..=3).contains(&u.len())
                    && u.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
            {
                Some(u.to_owned())
            }
            Some(u) => {
                c.fail(
                    "unit_of_measure",
                    format!("{u:?} is not a UN/CEFACT Rec 20 code such as H87, MTR or KGM"),
                );
                None
            }
        };
        let i = &self.inspection;
        let certificate_number = c.take(
            "inspection.certificate_number",
            bounded(&i.certificate_number, 64),
        );
        let issuer = c.take("inspection.issuer", bounded(&i.issuer, 200));
        let date = match i.date {
            Some(d) if d > today => {
                c.fail("inspection.date", format!("{d} lies in the future"));
                None
            }
            Some(d) => Some(d),
            None => {
                c.fail("inspection.date", "is required (YYYY-MM-DD)");
                None
            }
        };
        let result = c.take(
            "inspection.result",
            InspectionResult::parse(i.result.trim()),
        );
        let document_sha256 = match &i.document_sha256 {
            None => Some(None),
            Some(h) => {
                let h = h.trim().to_ascii_lowercase();
                if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Some(Some(h))
                } else {
                    c.fail(
                        "inspection.document_sha256",
                        "must be 64 hexadecimal digits (a SHA-256 digest)",
                    );
                    None
                }
            }
        };
        c.finish()?;
        Ok(Batch {
            id,
            product_id,
            lot: vouched("lot", lot)?.to_owned(),
            production_date: vouched("production_date", production_date)?,
            quantity: self.quantity,
            unit_of_measure: vouched("unit_of_measure", unit_of_measure)?,
            inspection: InspectionProof {
                certificate_number: vouched("inspection.certificate_number", certificate_number)?,
                issuer: vouched("inspection.issuer", issuer)?,
                date: vouched("inspection.date", date)?,
                result: vouched("inspection.result", result)?,
                document_sha256: vouched("inspection.document_sha256", document_sha256)?,
            },
            registered_at: now,
        })
    }
}
