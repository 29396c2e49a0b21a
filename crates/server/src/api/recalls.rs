//! `POST|GET /api/v1/recalls/scope`: who must act in a recall — every party that had the
//! affected goods, with how much it received, sold on, sent back, sold to consumers and
//! still holds — as JSON or CSV. Like a trace, it needs the administrator token.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use yima_codes::gs1::Gtin;
use yima_domain::trace::{Direction, Ledger, MAX_DEPTH, TraceQuery, Traversal, ledger};
use yima_store::run_trace;

use super::trace::{Origin, Units, add_batch, add_code, enterprises, field, stored_batch};
use crate::access::Caller;
use crate::disclosure::Viewer;
use crate::problem::{ApiError, ApiJson, ApiQuery, FieldProblem, Problem};
use crate::state::AppState;
use crate::wire::trace::{
    AffectedBatch, FormatParams, PartyLine, ProductRange, RecallParams, RecallRequest,
    RecallResponse, RecallTotal,
};

/// Codes one request may name.
pub(crate) const MAX_CODES: usize = 1_000;

/// Scope a recall.
///
/// The affected goods are the batches' lots and registered units, the codes' objects, and
/// the batches of a product produced in a date range; they are followed downstream through
/// cases, pallets and transformations (up to 50 links), and every party that had them is
/// listed with its account. Ask for CSV with `Accept: text/csv` or `?format=csv`.
#[utoipa::path(
    post, path = "/api/v1/recalls/scope", operation_id = "recall_scope", tag = "flows",
    security(("bearer" = [])),
    params(FormatParams),
    request_body = RecallRequest,
    responses(
        (status = 200, description = "The scope", content(
            (RecallResponse = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A field is malformed or nothing was named: the problem names the field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch or product", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn scope_post(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiQuery(format): ApiQuery<FormatParams>,
    ApiJson(request): ApiJson<RecallRequest>,
) -> Result<Response, ApiError> {
    let csv = wants_csv(&headers, format.format.as_deref())?;
    scope(&state, &caller, request, csv).await
}

/// Scope a recall, named in the query string.
///
/// As `POST`, with the batches comma-separated and one code.
#[utoipa::path(
    get, path = "/api/v1/recalls/scope", operation_id = "recall_scope_query", tag = "flows",
    security(("bearer" = [])),
    params(RecallParams),
    responses(
        (status = 200, description = "The scope", content(
            (RecallResponse = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = "A parameter is malformed or nothing was named: the problem names the parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch or product", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn scope_get(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<RecallParams>,
) -> Result<Response, ApiError> {
    let csv = wants_csv(&headers, params.format.as_deref())?;
    let mut request = RecallRequest::default();
    if let Some(list) = &params.batches {
        for id in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            request.batches.push(
                id.parse()
                    .map_err(|e| field("batches", format!("'{id}' is not a UUID: {e}")))?,
            );
        }
    }
    request.codes.extend(params.code);
    match (params.gtin, params.produced_from, params.produced_to) {
        (None, None, None) => {}
        (Some(gtin), Some(produced_from), Some(produced_to)) => {
            request.product = Some(ProductRange {
                gtin,
                produced_from,
                produced_to,
            });
        }
        _ => {
            return Err(field(
                "gtin",
                "gtin, produced_from and produced_to go together",
            ));
        }
    }
    scope(&state, &caller, request, csv).await
}

fn wants_csv(headers: &HeaderMap, format: Option<&str>) -> Result<bool, ApiError> {
    match format {
        Some("csv") => Ok(true),
        Some("json") => Ok(false),
        Some(other) => Err(field("format", format!("'{other}' is not json or csv"))),
        None => Ok(headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/csv"))),
    }
}

async fn scope(
    state: &AppState,
    caller: &Caller,
    request: RecallRequest,
    csv: bool,
) -> Result<Response, ApiError> {
    let response = scope_of(state, caller, request).await?;
    if csv {
        let body = to_csv(&response.parties)?;
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"recall-scope.csv\"",
                ),
            ],
            body,
        )
            .into_response());
    }
    Ok(Json(response).into_response())
}

/// The recall scope of what `request` names, as `caller` may see it: the API's and the
/// dashboard's.
pub(crate) async fn scope_of(
    state: &AppState,
    caller: &Caller,
    request: RecallRequest,
) -> Result<RecallResponse, ApiError> {
    if request.batches.is_empty() && request.codes.is_empty() && request.product.is_none() {
        let problem = "name batches, codes or a product with production dates";
        return Err(ApiError::fields(
            ["batches", "codes", "product"]
                .into_iter()
                .map(|f| FieldProblem {
                    field: f.to_owned(),
                    problem: problem.to_owned(),
                })
                .collect(),
        ));
    }
    if request.codes.len() > MAX_CODES {
        return Err(field(
            "codes",
            format!("{} codes; at most {MAX_CODES} at once", request.codes.len()),
        ));
    }
    let mut origin = Origin::default();
    for id in &request.batches {
        let batch = stored_batch(state, *id).await?;
        add_batch(state, &mut origin, batch, Units::Everything).await?;
    }
    for (i, code) in request.codes.iter().enumerate() {
        add_code(
            state,
            &mut origin,
            &format!("codes[{i}]"),
            code,
            Units::Everything,
        )
        .await?;
    }
    if let Some(range) = &request.product {
        let gtin = Gtin::parse(&range.gtin).map_err(|e| field("product.gtin", e.to_string()))?;
        if range.produced_from > range.produced_to {
            return Err(field(
                "product.produced_to",
                "the range ends before it starts",
            ));
        }
        let product = state
            .store
            .product_by_gtin(&gtin)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no product with GTIN {gtin}")))?;
        for batch in state
            .store
            .batches_produced(product.id, range.produced_from, range.produced_to)
            .await?
        {
            add_batch(state, &mut origin, batch, Units::Everything).await?;
        }
    }
    origin.batches.sort_by_key(|b| b.id);
    origin.batches.dedup_by_key(|b| b.id);
    let batches = affected(state, &origin).await?;
    let (epcs, classes) = (origin.epcs(), origin.classes());
    let traced = run_trace(
        state.store.as_ref(),
        Traversal::new(TraceQuery {
            start: origin.keys,
            direction: Direction::Downstream,
            depth: MAX_DEPTH,
        }),
    )
    .await?;
    let mut l = ledger(&traced);
    // Each party's line is shown to whom the disclosure table lets see it; the totals are of
    // the lines shown, what reached consumers names nobody.
    let mut viewer = Viewer::new(state, caller);
    let mut shown = Vec::with_capacity(l.lines.len());
    for line in std::mem::take(&mut l.lines) {
        if viewer.recall_line(&line.party).await? {
            shown.push(line);
        }
    }
    l.lines = shown;
    let names = enterprises(state, l.lines.iter().map(|line| line.party.as_str())).await?;
    let parties: Vec<PartyLine> = l
        .lines
        .iter()
        .map(|line| PartyLine::new(line, names.get(&line.party).cloned()))
        .collect();
    Ok(RecallResponse {
        batches,
        epcs,
        classes,
        truncated: l.truncated,
        objects: l.objects,
        events: l.events,
        totals: totals(&l),
        parties,
    })
}

async fn affected(state: &AppState, origin: &Origin) -> Result<Vec<AffectedBatch>, ApiError> {
    let mut out = Vec::with_capacity(origin.batches.len());
    for b in &origin.batches {
        let gtin = state
            .store
            .product(b.product_id)
            .await?
            .and_then(|p| p.gtin)
            .map(|g| g.to_string());
        out.push(AffectedBatch {
            id: b.id,
            lot: b.lot.clone(),
            gtin,
            production_date: b.production_date,
        });
    }
    Ok(out)
}

fn totals(l: &Ledger) -> Vec<RecallTotal> {
    let mut totals: Vec<RecallTotal> = Vec::new();
    for line in &l.lines {
        let at = match totals.iter().position(|t| t.uom == line.measure) {
            Some(at) => at,
            None => {
                totals.push(RecallTotal {
                    uom: line.measure.clone(),
                    parties: 0,
                    produced: 0.0,
                    sold_to_consumers: 0.0,
                    with_consumers: 0.0,
                    removed: 0.0,
                    held: 0.0,
                });
                totals.len() - 1
            }
        };
        if let Some(total) = totals.get_mut(at) {
            total.parties += 1;
            total.produced += line.produced;
            total.sold_to_consumers += line.sold_to_consumers;
            total.removed += line.removed;
            total.held += line.held;
        }
    }
    for (measure, amount) in &l.with_consumers {
        if let Some(t) = totals.iter_mut().find(|t| t.uom == *measure) {
            t.with_consumers = *amount;
        }
    }
    totals
}

/// The parties as CSV, one line per party and measure; amounts as in the JSON.
fn to_csv(parties: &[PartyLine]) -> Result<String, ApiError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "party",
        "credit_code",
        "name",
        "uom",
        "produced",
        "received",
        "returns_received",
        "shipped",
        "returned",
        "sold_to_consumers",
        "removed",
        "held",
        "first",
    ];
    out.write_record(header).map_err(ApiError::internal)?;
    let amount = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            v.to_string()
        }
    };
    for p in parties {
        let (code, name) = p
            .enterprise
            .as_ref()
            .map_or((String::new(), String::new()), |e| {
                (e.credit_code.clone(), e.name.clone())
            });
        out.write_record([
            p.party.clone(),
            code,
            name,
            p.uom.clone().unwrap_or_default(),
            amount(p.produced),
            amount(p.received),
            amount(p.returns_received),
            amount(p.shipped),
            amount(p.returned),
            amount(p.sold_to_consumers),
            amount(p.removed),
            amount(p.held),
            p.first.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ])
        .map_err(ApiError::internal)?;
    }
    let bytes = out.into_inner().map_err(ApiError::internal)?;
    String::from_utf8(bytes).map_err(ApiError::internal)
}
