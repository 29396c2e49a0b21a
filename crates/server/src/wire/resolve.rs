//! The answer to a scan.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use yima_codes::Scan;
use yima_domain::{Catalogue, Resolution};

use super::codes::ParsedCode;
use super::recalls::RecallNoticeView;
use super::registry::InspectionBody;

/// The product behind the code.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedProduct {
    pub id: Uuid,
    /// Absent where the disclosure table does not show it (so for each field below that may
    /// be absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 规格型号
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The category's name in Chinese, from the catalogue in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_name_zh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_name_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<ResolvedApproval>,
}

/// The production licence or CCC certificate, as last checked.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedApproval {
    pub regime: &'static str,
    pub number: String,
    pub status: &'static str,
    pub checked_at: DateTime<Utc>,
}

/// The producer: basic information, public by default; each field absent where the
/// disclosure table does not show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedProducer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// The batch the unit belongs to, or the batch the lot code names.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedBatch {
    pub id: Uuid,
    /// Absent where the disclosure table does not show it (so for the production date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production_date: Option<NaiveDate>,
    pub quantity: u64,
    pub unit_of_measure: String,
}

/// The key information behind a scanned code, and the verdict.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolveResponse {
    /// `registered`: the platform holds a record of what the code names. `unknown`: the
    /// code is well-formed but was never registered. `recalled`: registered, and its batch
    /// is under a recall notice (see `recalls`). `suspect`: a platform code whose check value
    /// fails, or a unit whose recorded history shows an anomaly (commissioned or sold twice,
    /// received without a shipment …): it may be copied.
    #[schema(example = "registered")]
    pub verdict: &'static str,
    /// The code's life-cycle status (`active`), for registered unit codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    pub code: ParsedCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<ResolvedProduct>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub producer: Option<ResolvedProducer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<ResolvedBatch>,
    /// The inspection-conformity proof of the batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspection: Option<InspectionBody>,
    /// Disagreements between the symbol and the registry, in plain words.
    pub warnings: Vec<String>,
    /// The recall notices of the code's batch.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recalls: Vec<RecallNoticeView>,
}

impl ResolveResponse {
    /// Renders a resolution; `catalogue` supplies category names.
    pub fn new(scan: &Scan, resolution: Resolution, catalogue: &Catalogue) -> Self {
        let found = resolution.found;
        let product = found.product.as_ref().map(|p| {
            let category = catalogue.get(&p.category);
            ResolvedProduct {
                id: p.id,
                name: Some(p.name.clone()),
                model: Some(p.model.clone()),
                category: Some(p.category.clone()),
                category_name_zh: category.map(|c| c.name_zh.clone()),
                category_name_en: category.map(|c| c.name_en.clone()),
                standard: Some(p.standard.clone()),
                approval: Some(ResolvedApproval {
                    regime: p.approval.regime().as_str(),
                    number: p.approval.number().to_owned(),
                    status: p.approval.status().as_str(),
                    checked_at: p.approval.checked_at(),
                }),
            }
        });
        let producer = found.producer.as_ref().map(|e| ResolvedProducer {
            credit_code: Some(e.credit_code.to_string()),
            name: Some(e.name.clone()),
            address: Some(e.address.clone()),
            region: Some(e.region.to_string()),
        });
        let inspection = found.batch.as_ref().map(|b| InspectionBody {
            certificate_number: b.inspection.certificate_number.clone(),
            issuer: b.inspection.issuer.clone(),
            date: b.inspection.date,
            result: b.inspection.result.as_str().to_owned(),
            document_sha256: b.inspection.document_sha256.clone(),
        });
        let batch = found.batch.as_ref().map(|b| ResolvedBatch {
            id: b.id,
            lot: Some(b.lot.clone()),
            production_date: Some(b.production_date),
            quantity: b.quantity,
            unit_of_measure: b.unit_of_measure.clone(),
        });
        Self {
            verdict: resolution.verdict.as_str(),
            status: resolution.status.map(|s| s.as_str()),
            code: ParsedCode::from(scan),
            product,
            producer,
            batch,
            inspection,
            warnings: resolution.warnings,
            recalls: Vec::new(),
        }
    }
}
