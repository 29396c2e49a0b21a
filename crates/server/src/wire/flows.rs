//! Requests and answers of the flows API: one everyday action, or many, recorded as the EPCIS
//! events they are. Field names are the columns `yima import` reads from CSV files.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use yima_domain::epcis::Anomaly;
use yima_domain::flows::FlowDraft;

use crate::wire::receipt::LedgerWrite;

/// The most flows one batch request may hold.
pub const MAX_FLOWS_PER_BATCH: usize = 1_000;

/// One flow: an everyday action on some goods, by one party.
///
/// The goods are `codes` (units, and cases by their SSCC, as scanned), or a batch — `batch_id`,
/// or `gtin` and `lot` — with a `quantity`. At commissioning, a batch named beside `codes` is
/// the batch the codes belong to (the lot on GS1 codes names it too).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowRequest {
    #[schema(value_type = FlowActionName)]
    pub action: String,
    /// 统一社会信用代码 of the party recording the flow.
    #[schema(
        example = "91350100M000100Y43",
        pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"
    )]
    pub by: String,
    /// Units and cases as scanned or typed: GS1 element strings and Digital Links, EPC URNs,
    /// SSCCs, platform codes (数字身份码), Ecodes, other systems' codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 10000, example = json!(["(01)06901234500011(10)L250301(21)A0001"]))]
    pub codes: Vec<String>,
    /// The batch, by its registry id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub batch_id: Option<String>,
    /// The batch's product GTIN (8, 12, 13 or 14 digits), with `lot`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "06901234500011", pattern = "^([0-9]{8}|[0-9]{12,14})$")]
    pub gtin: Option<String>,
    /// The batch's lot number, with `gtin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "L250301", max_length = 20)]
    pub lot: Option<String>,
    /// How much of the batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(exclusive_minimum = 0.0, maximum = 1e12, example = 500)]
    pub quantity: Option<f64>,
    /// The UN/CEFACT Rec 20 unit of `quantity` (`MTR`, `KGM`); by default the batch's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "MTR", pattern = "^[0-9A-Z]{2,3}$")]
    pub unit: Option<String>,
    /// The buyer's 统一社会信用代码 (ship, sell_to_business).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")]
    pub to: Option<String>,
    /// The supplier's 统一社会信用代码 (receive), or who returns the goods (return, optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")]
    pub from: Option<String>,
    /// When: `2025-03-01T09:30:00+08:00`, or `2025-03-01 09:30` or `2025-03-01` (read as
    /// +08:00). Now when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2025-03-01T09:30:00+08:00")]
    pub at: Option<String>,
    /// The business document: its number (a despatch advice, an invoice …) or its URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "DA-2025-0042", max_length = 200)]
    pub document: Option<String>,
    /// The document's CBV type; by default the action's usual one (desadv for ship and
    /// receive, inv for sales, rma for returns, prodorder for commission, testres for inspect).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DocumentTypeName>)]
    pub document_type: Option<String>,
    /// The check result (inspect: required; receive: the buyer's 查验).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<CheckResultName>)]
    pub result: Option<String>,
    /// The case or pallet's SSCC (pack, unpack).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "(00)106141412345678908")]
    pub parent: Option<String>,
}

impl From<FlowRequest> for FlowDraft {
    fn from(r: FlowRequest) -> Self {
        FlowDraft {
            action: r.action,
            by: r.by,
            codes: r.codes,
            batch_id: r.batch_id,
            gtin: r.gtin,
            lot: r.lot,
            quantity: r.quantity,
            unit: r.unit,
            to: r.to,
            from: r.from,
            at: r.at,
            document: r.document,
            document_type: r.document_type,
            result: r.result,
            parent: r.parent,
        }
    }
}

/// The everyday actions. Names travel as strings and are checked by the domain, which names
/// an unknown one; this type only describes them to OpenAPI.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum FlowActionName {
    Commission,
    Inspect,
    Pack,
    Unpack,
    Ship,
    Receive,
    Sell,
    SellToBusiness,
    Return,
    Hold,
    Recall,
    Scrap,
}

/// A check's result.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum CheckResultName {
    Conformant,
    NonConformant,
}

/// CBV 2.0 business transaction types.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
pub enum DocumentTypeName {
    bol,
    desadv,
    inv,
    pedigree,
    po,
    poc,
    prodorder,
    recadv,
    rma,
    testprd,
    testres,
    upevt,
}

/// Many flows, recorded all or none.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowBatchRequest {
    /// In the order they happened: each flow's history checks see the ones before it.
    #[schema(min_items = 1, max_items = 1000)]
    pub flows: Vec<FlowRequest>,
}

/// A violation of a history rule found in a flow's event; the event is stored all the same.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct FlowAnomaly {
    /// commissioned_twice, received_without_shipment, received_by_another_party,
    /// sold_without_holding, sold_twice, unpacked_unknown_parent or time_reversed.
    pub kind: String,
    /// The identifier concerned, as its matching key.
    pub epc: String,
    pub detail: String,
}

impl From<&Anomaly> for FlowAnomaly {
    fn from(a: &Anomaly) -> Self {
        Self {
            kind: a.kind.name().to_owned(),
            epc: a.epc.clone(),
            detail: a.detail.clone(),
        }
    }
}

/// Whether an event was stored now or had been before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlowStatus {
    Stored,
    /// The same event (same CBV event hash ID) was stored before; nothing was written.
    Duplicate,
}

/// A flow recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlowRecorded {
    /// The event's CBV 2.0 event hash ID (`ni:///sha-256;…?ver=CBV2.0`), its identity.
    pub event_hash_id: String,
    /// Where the event is served: `/epcis/events/{hash ID, percent-encoded}`.
    pub location: String,
    /// The event's ledger record, its salt and (once integrated) its inclusion proof.
    pub evidence: String,
    /// What the history checks found; empty when nothing.
    pub anomalies: Vec<FlowAnomaly>,
    /// The event, as the EPCIS binding serves it.
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerWrite>,
}

/// One flow of a batch, as recorded.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FlowOutcome {
    pub status: FlowStatus,
    pub event_hash_id: String,
    pub location: String,
    /// The stored event's ledger record (the earlier one's, for a duplicate).
    pub evidence: String,
    /// What the history checks found in a stored event; empty for a duplicate.
    pub anomalies: Vec<FlowAnomaly>,
}

/// A batch of flows, recorded.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FlowBatchRecorded {
    /// Events stored now.
    pub stored: u64,
    /// Events stored before and recognised.
    pub duplicates: u64,
    /// One per flow, in the order sent.
    pub flows: Vec<FlowOutcome>,
}
