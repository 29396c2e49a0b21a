//! What a scan means: the verdict and the key information behind a code.

use yima_codes::TraceCode;
use yima_codes::scan::CodeLevel;

use crate::batch::Batch;
use crate::enterprise::Enterprise;
use crate::product::Product;
use crate::unit::UnitCode;

/// The answer to "is this code known to the platform?"
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The code names a registered unit, batch or product.
    Registered,
    /// The code is well-formed but the platform has no record of it. Distinct from a malformed
    /// code, which is refused before any lookup.
    Unknown,
    /// Registered, and its batch is under a recall notice.
    Recalled,
    /// The records disagree with the code being genuine: a platform code whose check value
    /// fails, or a unit whose events show a history anomaly (commissioned or sold twice …).
    Suspect,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Registered => "registered",
            Verdict::Unknown => "unknown",
            Verdict::Recalled => "recalled",
            Verdict::Suspect => "suspect",
        }
    }
}

/// The life-cycle status of a registered code. Flows (shipping, sale, recall) add states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStatus {
    /// Commissioned by its producer and not yet otherwise reported.
    Active,
}

impl CodeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeStatus::Active => "active",
        }
    }
}

/// The records a code leads to, found by the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub unit: Option<UnitCode>,
    pub batch: Option<Batch>,
    pub product: Option<Product>,
    pub producer: Option<Enterprise>,
}

/// The resolution of one scanned code.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub code: TraceCode,
    pub verdict: Verdict,
    pub status: Option<CodeStatus>,
    pub found: Found,
    /// Disagreements between what the symbol says and what was registered, in plain words.
    pub warnings: Vec<String>,
}

impl Resolution {
    /// Judges `code` by what the store found for it. A code is registered only if the record
    /// at its own level exists: a unit code needs its unit, a lot code its batch, a bare GTIN
    /// its product.
    pub fn judge(code: TraceCode, found: Found) -> Self {
        let level = code.level();
        let registered = match level {
            CodeLevel::Unit => found.unit.is_some(),
            CodeLevel::Batch => found.batch.is_some(),
            CodeLevel::Class => found.product.is_some(),
        } && found.product.is_some()
            && found.producer.is_some();
        let mut warnings = Vec::new();
        if !registered && found.product.is_some() {
            // A known GTIN with an unknown serial or lot is how a cloned or invented code looks.
            warnings.push(
                "the GTIN belongs to a registered product, but this code was never registered"
                    .to_owned(),
            );
        }
        let lot_on_code = match &code {
            TraceCode::Gs1(gs1) => gs1.lot.as_ref(),
            _ => None,
        };
        if let (Some(lot), Some(batch)) = (lot_on_code, &found.batch)
            && level == CodeLevel::Unit
            && lot != &batch.lot
        {
            warnings.push(format!(
                "the code carries lot {lot:?} but the unit was registered in lot {:?}",
                batch.lot
            ));
        }
        Self {
            verdict: if registered {
                Verdict::Registered
            } else {
                Verdict::Unknown
            },
            status: (registered && level == CodeLevel::Unit).then_some(CodeStatus::Active),
            found: if registered { found } else { Found::default() },
            code,
            warnings,
        }
    }
}
