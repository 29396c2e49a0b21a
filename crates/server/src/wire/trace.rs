//! The trace graph and the recall scope as the API shows them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize, Serializer};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use yima_domain::trace::{DocumentRef, Edge, GraphNode, LedgerLine, MoveKind, Node};

/// What to trace: a code or a batch, which way, how far.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TraceParams {
    /// Any code the platform reads: a unit's Digital Link, EPC URN or element string, a
    /// case's or pallet's SSCC (`(00)…`, `urn:epc:id:sscc:…`), a lot
    /// (`https://id.gs1.org/01/{gtin}/10/{lot}`, `(01)…(10)…`). Give this or `batch`.
    #[param(
        example = "https://id.gs1.org/01/09520123456788/21/12345",
        max_length = 4296
    )]
    pub code: Option<String>,
    /// A registered batch: its lot and every unit code registered to it.
    pub batch: Option<Uuid>,
    /// `upstream` (where the goods came from), `downstream` (where they went) or `both`.
    #[param(inline, value_type = Option<DirectionName>)]
    pub direction: Option<String>,
    /// How many links to follow at most (unit → case → pallet, input → output): 0 to 50.
    #[param(minimum = 0, maximum = 50, example = 10)]
    pub depth: Option<u32>,
}

/// Which way a trace goes; describes the domain's `Direction` to OpenAPI.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum DirectionName {
    Upstream,
    Downstream,
    Both,
}

/// A registered enterprise a node stands for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnterpriseRef {
    pub credit_code: String,
    pub name: String,
}

/// A party or place.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeView {
    /// The party's or place's identifier as events key it (a GS1 key as its canonical
    /// Digital Link, any other URI as written), or `consumers`.
    #[schema(example = "https://id.gs1.org/417/6901234000009")]
    pub id: String,
    /// How events named it: `owning_party`, `possessing_party`, `location`, `read_point`,
    /// `biz_location`, `consumers`, or a type of one's own.
    pub kinds: Vec<String>,
    /// The registered enterprise, when the identifier ends in its credit code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<EnterpriseRef>,
}

/// An amount of traced goods.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuantityView {
    /// How many items (EPCs, or class quantities without a unit), or how much in `uom`.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64, example = 40)]
    pub quantity: f64,
    /// The UN/CEFACT unit; absent for items.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "MTR")]
    pub uom: Option<String>,
}

/// A business document an event refers to.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    /// The business transaction type (`po`, `desadv`, …, or a URI).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub id: String,
}

/// What a movement was.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum MoveKindName {
    /// To another party.
    Transfer,
    /// Back to a party that held the goods before, or marked `returned`.
    Return,
    /// To consumers, at retail.
    Sale,
    /// A receipt of goods already shipped to the receiver.
    Confirm,
}

/// A movement of traced goods.
#[derive(Debug, Serialize, ToSchema)]
pub struct EdgeView {
    /// The node the goods left; null when nobody is known to have held them.
    pub from: Option<String>,
    pub to: String,
    pub time: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "shipping")]
    pub biz_step: Option<String>,
    #[schema(value_type = MoveKindName)]
    pub kind: &'static str,
    pub quantities: Vec<QuantityView>,
    pub documents: Vec<DocumentView>,
    /// The CBV event hash IDs of the events.
    pub events: Vec<String>,
}

/// What a trace started from.
#[derive(Debug, Serialize, ToSchema)]
pub struct TraceStartView {
    /// Objects (units, cases, pallets) by their keys.
    pub epcs: usize,
    /// Classes (lots) by their keys.
    pub classes: Vec<String>,
    /// The batch, when one was asked for or the lot code is a registered batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<Uuid>,
}

/// A trace: parties and places, and the movements between them.
#[derive(Debug, Serialize, ToSchema)]
pub struct TraceResponse {
    pub start: TraceStartView,
    #[schema(value_type = DirectionName)]
    pub direction: &'static str,
    pub depth: u32,
    /// Whether the depth limit left links unfollowed: a deeper trace may find more.
    pub truncated: bool,
    /// Objects followed and events read.
    pub objects: usize,
    pub events: usize,
    pub nodes: Vec<NodeView>,
    /// In time order.
    pub edges: Vec<EdgeView>,
}

/// Writes whole amounts as integers (`40`, not `40.0`).
fn amount<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

pub fn node_id(node: &Node) -> String {
    match node {
        Node::Id(id) => id.clone(),
        Node::Consumers => "consumers".to_owned(),
    }
}

pub fn kind_name(kind: MoveKind) -> &'static str {
    kind.name()
}

impl NodeView {
    pub fn new(node: &GraphNode, enterprise: Option<EnterpriseRef>) -> Self {
        Self {
            id: node_id(&node.node),
            kinds: node.kinds.iter().cloned().collect(),
            enterprise,
        }
    }
}

impl From<&Edge> for EdgeView {
    fn from(e: &Edge) -> Self {
        Self {
            from: e.from.as_ref().map(node_id),
            to: node_id(&e.to),
            time: e.time,
            biz_step: e.biz_step.clone(),
            kind: kind_name(e.kind),
            quantities: e
                .quantities
                .iter()
                .map(|(uom, q)| QuantityView {
                    quantity: *q,
                    uom: uom.clone(),
                })
                .collect(),
            documents: e
                .documents
                .iter()
                .map(|d: &DocumentRef| DocumentView {
                    kind: d.kind.clone(),
                    id: d.id.clone(),
                })
                .collect(),
            events: e.events.clone(),
        }
    }
}

/// A recall's goods: batches, codes, or a product's batches produced in a date range.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallRequest {
    /// Registered batches.
    #[serde(default)]
    pub batches: Vec<Uuid>,
    /// Codes of any form a trace reads (units, cases, pallets, lots).
    #[serde(default)]
    #[schema(max_items = 1000)]
    pub codes: Vec<String>,
    /// A product's batches produced in a range of dates.
    #[serde(default)]
    pub product: Option<ProductRange>,
}

/// A product by GTIN and a range of production dates, both days included.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductRange {
    #[schema(example = "06901234500011")]
    pub gtin: String,
    #[schema(example = "2025-03-01")]
    pub produced_from: NaiveDate,
    #[schema(example = "2025-03-31")]
    pub produced_to: NaiveDate,
}

/// The recall scope asked for in the query string (the `POST` body's fields, flattened).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RecallParams {
    /// Registered batches, comma-separated.
    pub batches: Option<String>,
    /// One code of any form a trace reads.
    pub code: Option<String>,
    /// A product's GTIN, with `produced_from` and `produced_to`.
    pub gtin: Option<String>,
    pub produced_from: Option<NaiveDate>,
    pub produced_to: Option<NaiveDate>,
    /// `json` (the default) or `csv`; `Accept: text/csv` also asks for CSV.
    #[param(inline, value_type = Option<FormatName>)]
    pub format: Option<String>,
}

/// How a recall scope is written.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum FormatName {
    Json,
    Csv,
}

/// Only `format`, for the `POST` form.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FormatParams {
    /// `json` (the default) or `csv`; `Accept: text/csv` also asks for CSV.
    #[param(inline, value_type = Option<FormatName>)]
    pub format: Option<String>,
}

/// A batch affected by a recall.
#[derive(Debug, Serialize, ToSchema)]
pub struct AffectedBatch {
    pub id: Uuid,
    pub lot: String,
    pub gtin: Option<String>,
    pub production_date: NaiveDate,
}

/// One party's account of the affected goods in one measure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartyLine {
    /// The party's or place's identifier, as in a trace's nodes.
    pub party: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<EnterpriseRef>,
    /// The UN/CEFACT unit; absent for items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uom: Option<String>,
    /// Made here, or first seen here.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub produced: f64,
    /// Received from other parties or from consumers, returns included.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub received: f64,
    /// Of `received`, what came back as returns.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub returns_received: f64,
    /// Sold on: shipped to another party.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub shipped: f64,
    /// Sent back to a party that had held them.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub returned: f64,
    /// Sold at retail: reached consumers.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub sold_to_consumers: f64,
    /// Destroyed, decommissioned or consumed by a transformation here.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub removed: f64,
    /// Still held.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub held: f64,
    /// When the party first had the goods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<DateTime<Utc>>,
}

impl PartyLine {
    pub fn new(line: &LedgerLine, enterprise: Option<EnterpriseRef>) -> Self {
        Self {
            party: line.party.clone(),
            enterprise,
            uom: line.measure.clone(),
            produced: line.produced,
            received: line.received,
            returns_received: line.returns_received,
            shipped: line.shipped,
            returned: line.returned,
            sold_to_consumers: line.sold_to_consumers,
            removed: line.removed,
            held: line.held,
            first: line.first,
        }
    }
}

/// The totals of one measure.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecallTotal {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uom: Option<String>,
    /// Parties that had the goods.
    pub parties: usize,
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub produced: f64,
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub sold_to_consumers: f64,
    /// With consumers now: sold at retail, less what consumers brought back.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub with_consumers: f64,
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub removed: f64,
    /// Still held by parties: what a recall can still reach on shelves and in stores.
    #[serde(serialize_with = "amount")]
    #[schema(value_type = f64)]
    pub held: f64,
}

/// The scope of a recall.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecallResponse {
    pub batches: Vec<AffectedBatch>,
    /// Objects (units, cases, pallets) and classes the recall started from.
    pub epcs: usize,
    pub classes: Vec<String>,
    /// Whether the depth limit (50 links) left links unfollowed: the scope may be incomplete.
    pub truncated: bool,
    pub objects: usize,
    pub events: usize,
    /// Every party that had the goods, in the order they first had them.
    pub parties: Vec<PartyLine>,
    pub totals: Vec<RecallTotal>,
}
