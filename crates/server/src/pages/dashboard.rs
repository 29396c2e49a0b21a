//! The regulator's dashboard: coverage of the catalogue, anomalies, recalls (opening one,
//! its scope, which holders acknowledged it) and the trace of a code drawn as a graph.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::chrome::{Chrome, Reader};
use super::graph::{Drawing, lay_out};
use super::messages::Text;
use crate::api::anomalies::{self, AnomalyView};
use crate::api::recalls::scope_of;
use crate::api::{recall_notices, trace};
use crate::problem::{ApiError, ApiPath, ApiQuery};
use crate::state::AppState;
use crate::wire::recalls::{AcknowledgementView, RecallNoticeView};
use crate::wire::trace::{PartyLine, RecallRequest, RecallResponse, TraceParams, TraceResponse};

const ANOMALIES_SHOWN: u32 = 50;
const RECALLS_SHOWN: u32 = 20;
/// The width, in SVG units, of the longest bar of the coverage chart.
const BAR_WIDTH: u64 = 400;

/// One category's line of the coverage table and chart.
struct CategoryLine {
    name: String,
    producers: u64,
    products: u64,
    batches: u64,
    unit_codes: u64,
    /// The bar's length.
    bar: u64,
    /// The bar's top.
    y: u64,
}

struct RegionLine {
    name: String,
    enterprises: u64,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    t: Text,
    chrome: Chrome,
    categories: Vec<CategoryLine>,
    chart_height: u64,
    regions: Vec<RegionLine>,
    sales: u64,
    /// The share of sales with a matching purchase, in per cent, when there were sales.
    matched: Option<String>,
    anomalies: Vec<AnomalyView>,
    recalls: Vec<RecallNoticeView>,
}

/// `GET /dashboard`.
pub async fn home(State(state): State<AppState>, reader: Reader) -> Response {
    let page = async {
        let coverage = state.store.coverage().await?;
        let most = coverage
            .categories
            .iter()
            .map(|c| c.unit_codes)
            .max()
            .unwrap_or(0)
            .max(1);
        let categories: Vec<CategoryLine> = coverage
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| CategoryLine {
                name: state
                    .catalogue
                    .get(&c.category)
                    .map(|k| reader.t.either(&k.name_zh, &k.name_en).to_owned())
                    .unwrap_or_else(|| c.category.clone()),
                producers: c.producers,
                products: c.products,
                batches: c.batches,
                unit_codes: c.unit_codes,
                bar: c.unit_codes * BAR_WIDTH / most,
                y: i as u64 * 28,
            })
            .collect();
        let regions = coverage
            .regions
            .iter()
            .map(|r| RegionLine {
                name: province_name(reader.t, &r.province),
                enterprises: r.enterprises,
            })
            .collect();
        let matched = (coverage.sales > 0).then(|| {
            let share = (coverage.sales - coverage.sales_unmatched.min(coverage.sales)) as f64
                / coverage.sales as f64;
            format!("{:.1}%", share * 100.0)
        });
        let anomalies = anomalies::first(&state, &reader.caller, ANOMALIES_SHOWN).await?;
        let recalls = recall_notices::page(&state, None, RECALLS_SHOWN)
            .await?
            .recalls;
        Ok::<_, ApiError>(DashboardPage {
            t: reader.t,
            chrome: reader.chrome(true),
            chart_height: categories.len() as u64 * 28 + 8,
            categories,
            regions,
            sales: coverage.sales,
            matched,
            anomalies,
            recalls,
        })
    };
    match page.await {
        Ok(page) => reader.page(&page),
        Err(e) => reader.error(e),
    }
}

/// A province's name from its GB/T 2260 code (`350000`), or the code.
fn province_name(t: Text, code: &str) -> String {
    let key = format!("province.p{}", code.get(..2).unwrap_or(code));
    let name = t.get(&key);
    if name == key {
        code.to_owned()
    } else {
        name.to_owned()
    }
}

/// A holder of recalled goods and its acknowledgement, if any.
struct Holder {
    line: PartyLine,
    acknowledgement: Option<AcknowledgementView>,
}

#[derive(Template)]
#[template(path = "recall.html")]
struct RecallPage {
    t: Text,
    chrome: Chrome,
    notice: RecallNoticeView,
    scope: RecallResponse,
    holders: Vec<Holder>,
    /// Acknowledgements by enterprises the scope does not show (they hold nothing, or their
    /// line is not the reader's to see).
    others: Vec<AcknowledgementView>,
    /// The query string that names the notice's batches to the scope API, for the CSV.
    csv_query: String,
}

/// `GET /dashboard/recalls/{id}`: a recall's notice, scope and acknowledgements.
pub async fn recall(
    State(state): State<AppState>,
    reader: Reader,
    ApiPath(id): ApiPath<Uuid>,
) -> Response {
    let page = async {
        let detail = recall_notices::detail(&state, &reader.caller, id).await?;
        let codes: Vec<String> = detail
            .notice
            .batches
            .iter()
            .map(|b| lot_link(&b.gtin, &b.lot))
            .collect();
        let scope = scope_of(
            &state,
            &reader.caller,
            RecallRequest {
                batches: Vec::new(),
                codes: codes.clone(),
                product: None,
            },
        )
        .await?;
        let mut others = detail.acknowledgements;
        let holders = scope
            .parties
            .iter()
            .filter(|line| line.enterprise.is_some())
            .map(|line| {
                let code = line.enterprise.as_ref().map(|e| e.credit_code.as_str());
                let found = others
                    .iter()
                    .position(|a| Some(a.enterprise.as_str()) == code);
                Holder {
                    line: line.clone(),
                    acknowledgement: found.map(|i| others.remove(i)),
                }
            })
            .collect();
        let csv_query = codes
            .iter()
            .map(|c| {
                let c: String = form_urlencoded::byte_serialize(c.as_bytes()).collect();
                format!("code={c}")
            })
            .collect::<Vec<_>>()
            .join("&");
        Ok::<_, ApiError>(RecallPage {
            t: reader.t,
            chrome: reader.chrome(false),
            notice: detail.notice,
            scope,
            holders,
            others,
            csv_query,
        })
    };
    match page.await {
        Ok(page) => reader.page(&page),
        Err(e) => reader.error(e),
    }
}

/// The Digital Link of a lot, which the trace and scope read as the batch.
fn lot_link(gtin: &str, lot: &str) -> String {
    let lot: String = form_urlencoded::byte_serialize(lot.as_bytes()).collect();
    format!("https://id.gs1.org/01/{gtin}/10/{lot}")
}

#[derive(Debug, Deserialize)]
pub struct TraceQuery {
    code: Option<String>,
    direction: Option<String>,
}

/// One movement of the trace's table, with its parties by name where they are registered.
struct Movement {
    when: String,
    from: String,
    to: String,
    step: String,
    quantity: String,
}

#[derive(Template)]
#[template(path = "trace.html")]
struct TracePage {
    t: Text,
    chrome: Chrome,
    code: String,
    direction: String,
    traced: Option<TraceResponse>,
    movements: Vec<Movement>,
    drawing: Drawing,
}

/// The movements of `traced` as the page's table shows them.
fn movements(t: Text, traced: &TraceResponse) -> Vec<Movement> {
    let name = |id: &str| {
        traced
            .nodes
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| n.enterprise.as_ref())
            .map_or_else(|| id.to_owned(), |e| e.name.clone())
    };
    traced
        .edges
        .iter()
        .map(|e| Movement {
            when: t.when(&e.time),
            from: e.from.as_deref().map(name).unwrap_or_default(),
            to: name(&e.to),
            step: e.biz_step.clone().unwrap_or_default(),
            quantity: e
                .quantities
                .iter()
                .map(|q| match &q.uom {
                    Some(uom) => format!("{} {uom}", q.quantity),
                    None => q.quantity.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

/// `GET /dashboard/trace?code=…&direction=…`: where goods came from and went, as a graph and
/// a table of movements.
pub async fn trace(
    State(state): State<AppState>,
    reader: Reader,
    Query(query): Query<TraceQuery>,
) -> Response {
    let code = query.code.unwrap_or_default();
    let direction = query.direction.unwrap_or_else(|| "downstream".to_owned());
    let page = async {
        let traced = if code.trim().is_empty() {
            None
        } else {
            Some(
                trace::trace(
                    State(state.clone()),
                    reader.caller.clone(),
                    ApiQuery(TraceParams {
                        code: Some(code.clone()),
                        batch: None,
                        direction: Some(direction.clone()),
                        depth: None,
                    }),
                )
                .await?
                .0,
            )
        };
        let drawing = traced
            .as_ref()
            .map(|t| lay_out(&t.nodes, &t.edges))
            .unwrap_or_default();
        let movements = traced
            .as_ref()
            .map(|traced| movements(reader.t, traced))
            .unwrap_or_default();
        Ok::<_, ApiError>(TracePage {
            t: reader.t,
            chrome: reader.chrome(false),
            code: code.clone(),
            direction: direction.clone(),
            traced,
            movements,
            drawing,
        })
    };
    match page.await {
        Ok(page) => reader.page(&page),
        Err(e) => reader.error(e),
    }
}
