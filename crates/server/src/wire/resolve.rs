//! The answer to a scan.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use yima_codes::Scan;
use yima_domain::{Catalogue, Resolution};

use super::codes::ParsedCode;
use super::registry::InspectionBody;

/// The product behind the code.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedProduct {
    pub id: Uuid,
    pub name: String,
    /// 规格型号
    pub model: String,
    pub category: String,
    /// The category's name in Chinese, from the catalogue in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_name_zh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_name_en: Option<String>,
    pub standard: String,
    pub approval: ResolvedApproval,
}

/// The production licence or CCC certificate, as last checked.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedApproval {
    pub regime: &'static str,
    pub number: String,
    pub status: &'static str,
    pub checked_at: DateTime<Utc>,
}

/// The producer: public basic information.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedProducer {
    pub credit_code: String,
    pub name: String,
    pub address: String,
    pub region: String,
}

/// The batch the unit belongs to, or the batch the lot code names.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedBatch {
    pub id: Uuid,
    pub lot: String,
    pub production_date: NaiveDate,
    pub quantity: u64,
    pub unit_of_measure: String,
}

/// The key information behind a scanned code, and the verdict.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolveResponse {
    /// `registered`: the platform holds a record of what the code names. `unknown`: the
    /// code is well-formed but was never registered.
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
}

impl ResolveResponse {
    /// Renders a resolution; `catalogue` supplies category names.
    pub fn new(scan: &Scan, resolution: Resolution, catalogue: &Catalogue) -> Self {
        let found = resolution.found;
        let product = found.product.as_ref().map(|p| {
            let category = catalogue.get(&p.category);
            ResolvedProduct {
                id: p.id,
                name: p.name.clone(),
                model: p.model.clone(),
                category: p.category.clone(),
                category_name_zh: category.map(|c| c.name_zh.clone()),
                category_name_en: category.map(|c| c.name_en.clone()),
                standard: p.standard.clone(),
                approval: ResolvedApproval {
                    regime: p.approval.regime().as_str(),
                    number: p.approval.number().to_owned(),
                    status: p.approval.status().as_str(),
                    checked_at: p.approval.checked_at(),
                },
            }
        });
        let producer = found.producer.as_ref().map(|e| ResolvedProducer {
            credit_code: e.credit_code.to_string(),
            name: e.name.clone(),
            address: e.address.clone(),
            region: e.region.to_string(),
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
            lot: b.lot.clone(),
            production_date: b.production_date,
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
        }
    }
}
