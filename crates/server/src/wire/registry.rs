//! Requests and views of the registry: enterprises, products, batches, unit codes, catalogue.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use yima_domain::batch::InspectionDraft;
use yima_domain::{
    ApprovalDraft, Batch, BatchDraft, Category, Correction, Enterprise, EnterpriseDraft, Product,
    ProductDraft,
};

use crate::wire::receipt::LedgerWrite;

/// Register an enterprise.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseRequest {
    /// 统一社会信用代码 (GB 32100), 18 characters with its check character.
    #[schema(
        example = "91350100M000100Y43",
        pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"
    )]
    pub credit_code: String,
    #[schema(example = "闽江电线电缆有限公司", min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(min_length = 1, max_length = 500)]
    pub address: String,
    /// GB/T 2260 six-digit region code.
    #[schema(example = "350104", pattern = "^[0-9]{6}$")]
    pub region: String,
    /// `producer`, `seller`, or both.
    #[schema(value_type = Vec<RoleName>, example = json!(["producer"]), min_items = 1, max_items = 2)]
    pub roles: Vec<String>,
}

impl From<EnterpriseRequest> for EnterpriseDraft {
    fn from(r: EnterpriseRequest) -> Self {
        EnterpriseDraft {
            credit_code: r.credit_code,
            name: r.name,
            address: r.address,
            region: r.region,
            roles: r.roles,
        }
    }
}

/// What an enterprise does. Roles travel as strings and are checked by the domain, which
/// names an unknown one; this type only describes them to OpenAPI.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum RoleName {
    Producer,
    Seller,
}

/// A registered enterprise.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseView {
    pub credit_code: String,
    /// Absent where the disclosure table does not show it to the caller (so for each field
    /// below that may be absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[schema(value_type = Vec<RoleName>)]
    pub roles: Vec<&'static str>,
    pub registered_at: DateTime<Utc>,
    /// The corrections of the record, oldest first; the fields above include them.
    pub corrections: Vec<CorrectionView>,
    /// The ledger leaf of the write that answered with this view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerWrite>,
}

impl From<&Enterprise> for EnterpriseView {
    fn from(e: &Enterprise) -> Self {
        Self {
            credit_code: e.credit_code.to_string(),
            name: Some(e.name.clone()),
            address: Some(e.address.clone()),
            region: Some(e.region.to_string()),
            roles: e.roles.names(),
            registered_at: e.registered_at,
            corrections: Vec::new(),
            ledger: None,
        }
    }
}

/// One page of enterprises, ordered by credit code.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterprisePage {
    pub items: Vec<EnterpriseView>,
    /// Pass as `after` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_after: Option<String>,
}

/// Paging of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Start after this key (for enterprises, a credit code).
    #[param(pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")]
    pub after: Option<String>,
    /// At most this many items (1–1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// The approval of a product: production licence or CCC certificate.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalBody {
    /// `production_licence` or `ccc`.
    #[schema(example = "production_licence")]
    pub regime: String,
    /// `XK06-001-10000` style licence number or 16-digit CCC certificate number.
    #[schema(example = "XK06-001-10000")]
    pub number: String,
    /// `valid`, `suspended`, `revoked`, `cancelled` or `expired`.
    #[schema(example = "valid")]
    pub status: String,
    /// When the status was checked; the time of registration if absent.
    pub checked_at: Option<DateTime<Utc>>,
}

/// Register a product.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductRequest {
    /// The producer's credit code; the enterprise must be registered as a producer.
    #[schema(pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")]
    pub producer: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// 规格型号
    #[schema(min_length = 1, max_length = 200)]
    pub model: String,
    /// A catalogue category id (`GET /api/v1/catalogue`).
    #[schema(example = "wire-cable")]
    pub category: String,
    /// The standard implemented, e.g. `GB/T 5023.3-2008`.
    #[schema(min_length = 1, max_length = 100)]
    pub standard: String,
    /// The product's GTIN (8, 12, 13 or 14 digits); unit codes must carry it.
    #[schema(pattern = "^([0-9]{8}|[0-9]{12,14})$")]
    pub gtin: Option<String>,
    pub approval: ApprovalBody,
}

impl From<ProductRequest> for ProductDraft {
    fn from(r: ProductRequest) -> Self {
        ProductDraft {
            producer: r.producer,
            name: r.name,
            model: r.model,
            category: r.category,
            standard: r.standard,
            gtin: r.gtin,
            approval: ApprovalDraft {
                regime: r.approval.regime,
                number: r.approval.number,
                status: r.approval.status,
                checked_at: r.approval.checked_at,
            },
        }
    }
}

/// A registered product.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductView {
    pub id: Uuid,
    /// Absent where the disclosure table does not show it to the caller (so for each field
    /// below that may be absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<ApprovalBody>,
    pub registered_at: DateTime<Utc>,
    /// The corrections of the record, oldest first; the fields above include them.
    pub corrections: Vec<CorrectionView>,
    /// The ledger leaf of the write that answered with this view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerWrite>,
}

impl From<&Product> for ProductView {
    fn from(p: &Product) -> Self {
        Self {
            id: p.id,
            producer: Some(p.producer.to_string()),
            name: Some(p.name.clone()),
            model: Some(p.model.clone()),
            category: Some(p.category.clone()),
            standard: Some(p.standard.clone()),
            gtin: p.gtin.as_ref().map(|g| g.to_string()),
            approval: Some(ApprovalBody {
                regime: p.approval.regime().as_str().to_owned(),
                number: p.approval.number().to_owned(),
                status: p.approval.status().as_str().to_owned(),
                checked_at: Some(p.approval.checked_at()),
            }),
            registered_at: p.registered_at,
            corrections: Vec::new(),
            ledger: None,
        }
    }
}

/// The inspection-conformity proof (检验合格证明) of a batch.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionBody {
    #[schema(min_length = 1, max_length = 64)]
    pub certificate_number: String,
    #[schema(min_length = 1, max_length = 200)]
    pub issuer: String,
    pub date: NaiveDate,
    /// `conformant` or `non_conformant`.
    #[schema(example = "conformant")]
    pub result: String,
    /// SHA-256 of the certificate document, 64 hex digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    pub document_sha256: Option<String>,
}

/// Register a batch of a product.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The lot number (GS1 AI 10: up to 20 characters of GS1's character set 82).
    #[schema(example = "L2503A", min_length = 1, max_length = 20)]
    pub lot: String,
    pub production_date: NaiveDate,
    #[schema(minimum = 1, maximum = 1_000_000_000_000_u64)]
    pub quantity: u64,
    /// UN/CEFACT Rec 20 unit: `H87` pieces (default), `MTR` metres, `KGM` kilograms.
    #[schema(pattern = "^[A-Z0-9]{2,3}$")]
    pub unit_of_measure: Option<String>,
    pub inspection: InspectionBody,
}

impl From<BatchRequest> for BatchDraft {
    fn from(r: BatchRequest) -> Self {
        BatchDraft {
            lot: r.lot,
            production_date: Some(r.production_date),
            quantity: r.quantity,
            unit_of_measure: r.unit_of_measure,
            inspection: InspectionDraft {
                certificate_number: r.inspection.certificate_number,
                issuer: r.inspection.issuer,
                date: Some(r.inspection.date),
                result: r.inspection.result,
                document_sha256: r.inspection.document_sha256,
            },
        }
    }
}

/// A registered batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchView {
    pub id: Uuid,
    pub product_id: Uuid,
    /// Absent where the disclosure table does not show it to the caller (so for each field
    /// below that may be absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production_date: Option<NaiveDate>,
    pub quantity: u64,
    pub unit_of_measure: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspection: Option<InspectionBody>,
    pub registered_at: DateTime<Utc>,
    /// The corrections of the record, oldest first; the fields above include them.
    pub corrections: Vec<CorrectionView>,
    /// The ledger leaf of the write that answered with this view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerWrite>,
}

impl From<&Batch> for BatchView {
    fn from(b: &Batch) -> Self {
        Self {
            id: b.id,
            product_id: b.product_id,
            lot: Some(b.lot.clone()),
            production_date: Some(b.production_date),
            quantity: b.quantity,
            unit_of_measure: b.unit_of_measure.clone(),
            inspection: Some(InspectionBody {
                certificate_number: b.inspection.certificate_number.clone(),
                issuer: b.inspection.issuer.clone(),
                date: b.inspection.date,
                result: b.inspection.result.as_str().to_owned(),
                document_sha256: b.inspection.document_sha256.clone(),
            }),
            registered_at: b.registered_at,
            corrections: Vec::new(),
            ledger: None,
        }
    }
}

/// Unit codes to register in a batch: either whole codes in any form a scanner delivers, or
/// serial numbers to combine with the product's GTIN. Exactly one of the two.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodesRequest {
    #[schema(example = json!(["(01)06901234500011(21)A0001"]), min_items = 1, max_items = 100_000)]
    pub codes: Option<Vec<String>>,
    #[schema(example = json!(["A0002", "A0003"]), min_items = 1, max_items = 100_000)]
    pub serials: Option<Vec<String>>,
}

/// The outcome of a registration of unit codes.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodesResponse {
    /// Codes registered by this request.
    pub registered: u64,
    /// Codes the batch holds now.
    pub total: u64,
    /// The registration's ledger leaf (one per registration, committing to its codes).
    pub ledger: LedgerWrite,
}

/// Correct a registered record: the fields that change, and why. The record itself is never
/// edited; the correction is a new record, in the ledger like every other.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    /// Field → new value. Enterprises: `name`, `address`, `region`, `roles`; products:
    /// `name`, `model`, `standard`, `approval` (an object of the parts that change); batches:
    /// `production_date`, `inspection` (an object of the parts that change).
    #[schema(value_type = Object, example = json!({"approval": {"status": "suspended"}}))]
    pub changes: serde_json::Map<String, serde_json::Value>,
    /// Why (1–500 characters).
    #[schema(example = "证书已被暂停")]
    pub reason: String,
}

/// A stored correction.
#[derive(Debug, Serialize, ToSchema)]
pub struct CorrectionView {
    pub id: Uuid,
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    pub reason: String,
    pub corrected_at: DateTime<Utc>,
}

impl From<&Correction> for CorrectionView {
    fn from(c: &Correction) -> Self {
        Self {
            id: c.id,
            changes: serde_json::Value::Object(c.changes.clone().into_iter().collect()),
            reason: c.reason.clone(),
            corrected_at: c.corrected_at,
        }
    }
}

/// A category of the product catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryView {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// The approvals a product of the category may carry.
    pub regimes: Vec<&'static str>,
    /// False where the regime is not confirmed by a primary text.
    pub confirmed: bool,
    pub phase: u8,
    pub effective: NaiveDate,
}

impl From<&Category> for CategoryView {
    fn from(c: &Category) -> Self {
        Self {
            id: c.id.clone(),
            name_zh: c.name_zh.clone(),
            name_en: c.name_en.clone(),
            regimes: c.regimes.iter().map(|r| r.as_str()).collect(),
            confirmed: c.confirmed,
            phase: c.phase,
            effective: c.effective,
        }
    }
}
