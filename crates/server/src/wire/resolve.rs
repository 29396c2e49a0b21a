//! The answer to a scan.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use yima_codes::scan::CodeLevel;
use yima_codes::{Scan, Symbology, TraceCode};
use yima_domain::{Catalogue, Resolution};

use super::registry::InspectionBody;

/// The code as scanned.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ResolveQuery {
    /// Exactly what the scanner or person delivered, URL-encoded: an element string
    /// (`(01)…(21)…` or GS-separated), optionally after a symbology identifier (`]d2`), a
    /// GS1 Digital Link URI, or bare GTIN digits.
    #[param(
        example = "(01)06901100000010(21)E220A8397B1DCDAF",
        min_length = 1,
        max_length = 4296
    )]
    pub code: String,
}

/// What the platform understood the code to be.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodeView {
    /// The normalised key: equal for every form of the same code.
    pub key: String,
    pub scheme: &'static str,
    /// `unit`, `batch` or `class`.
    pub level: &'static str,
    /// The symbology the scanner reported, when it prefixed an identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbology: Option<&'static str>,
    pub gtin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// The canonical GS1 Digital Link URI.
    pub digital_link: String,
}

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
    pub code: CodeView,
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

fn symbology_name(s: Symbology) -> &'static str {
    match s {
        Symbology::Gs1_128 => "gs1_128",
        Symbology::Gs1DataBar => "gs1_databar",
        Symbology::Ean13 => "ean_13",
        Symbology::Ean8 => "ean_8",
        Symbology::DataMatrix => "data_matrix",
        Symbology::Gs1DataMatrix => "gs1_data_matrix",
        Symbology::QrCode => "qr_code",
        Symbology::Gs1QrCode => "gs1_qr_code",
        Symbology::Gs1DotCode => "gs1_dotcode",
        #[allow(unreachable_patterns)]
        _ => "other",
    }
}

fn level_name(level: CodeLevel) -> &'static str {
    match level {
        CodeLevel::Unit => "unit",
        CodeLevel::Batch => "batch",
        CodeLevel::Class => "class",
    }
}

impl ResolveResponse {
    /// Renders a resolution; `catalogue` supplies category names.
    pub fn new(scan: &Scan, resolution: Resolution, catalogue: &Catalogue) -> Self {
        let TraceCode::Gs1(gs1) = &resolution.code;
        let code = CodeView {
            key: resolution.code.key(),
            scheme: "gs1",
            level: level_name(resolution.code.level()),
            symbology: scan.symbology.map(symbology_name),
            gtin: gs1.gtin.to_string(),
            serial: gs1.serial.clone(),
            lot: gs1.lot.clone(),
            digital_link: resolution.code.canonical_uri(),
        };
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
            code,
            product,
            producer,
            batch,
            inspection,
            warnings: resolution.warnings,
        }
    }
}
