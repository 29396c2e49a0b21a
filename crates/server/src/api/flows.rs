//! `POST /api/v1/flows` and `/api/v1/flows/batch`: the everyday actions of producers and
//! shops — ship these codes to X, receive this quantity of a batch from Y, sell these codes —
//! recorded as the EPCIS events they are (`yima_domain::flows`), through the same path as the
//! EPCIS binding's single events: identified by their CBV event hash ID, checked against the
//! goods' history, stored with their ledger leaves (`crate::epcis::record`).

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use uuid::Uuid;
use yima_domain::epcis::CapturedEvent;
use yima_domain::flows::{BatchRef, FlowDraft, LotFacts};
use yima_domain::{FieldError, Invalid};
use yima_store::{EventOutcome, StoreError};

use super::now;
use crate::access::Caller;
use crate::epcis::{identify, record};
use crate::problem::{ApiError, ApiJson, ApiQuery, FieldProblem, Problem};
use crate::receipts::receipt;
use crate::state::AppState;
use crate::wire::flows::{
    FlowAnomaly, FlowBatchRecorded, FlowBatchRequest, FlowOutcome, FlowRecorded, FlowRequest,
    FlowStatus, MAX_FLOWS_PER_BATCH,
};
use crate::wire::receipt::{LedgerWrite, ReceiptMode, ReceiptQuery};

/// How many failing fields a refusal of a batch lists; a client fixes those and sends again.
const MAX_LISTED_ERRORS: usize = 1_000;
/// How long `?receipt=wait` waits, as for registry writes.
const RECEIPT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Record one flow.
///
/// The flow becomes one GS1 EPCIS 2.0 event (commission → ObjectEvent ADD,
/// commissioning/active, with the registered lot's master data; ship → shipping/in_transit to
/// the buyer; receive → receiving/sellable_accessible from the supplier; …), stored exactly as
/// `POST /epcis/events` would store it. Events that break a history rule (goods sold that
/// nobody held, received that nobody shipped …) are stored and their anomalies listed.
#[utoipa::path(
    post, path = "/api/v1/flows", operation_id = "record_flow", tag = "flows",
    security(("bearer" = [])),
    params(ReceiptQuery),
    request_body = FlowRequest,
    responses(
        (status = 201, description = "Recorded: the event is at the Location, its ledger evidence at the Link rel=evidence", body = FlowRecorded),
        (status = 400, description = "A field is invalid, or names a batch that is not registered", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The same event is recorded already", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn record_one(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(wait): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<FlowRequest>,
) -> Result<Response, ApiError> {
    let at = now();
    let mut lots = Lots::default();
    let mut captured = [prepare(&state, &mut lots, request.into(), &caller, at)
        .await?
        .map_err(|e| ApiError::invalid("", e))?];
    let outcome = record(&state, &mut captured).await?;
    let [captured] = captured;
    let (id, leaf) = match outcome[..] {
        [EventOutcome::Stored { id, leaf }] => (id, leaf),
        [EventOutcome::Duplicate { id }] => {
            return Err(ApiError::from(StoreError::Conflict {
                what: format!(
                    "this flow's event {} (evidence at {})",
                    captured.hash_id,
                    evidence(id)
                ),
            }));
        }
        _ => return Err(ApiError::internal("one event stored as none or many")),
    };
    let receipt = match wait.receipt {
        Some(ReceiptMode::Wait) => receipt(&state, leaf, RECEIPT_WAIT).await?,
        None => None,
    };
    let view = FlowRecorded {
        location: location(&captured.hash_id),
        evidence: evidence(id),
        anomalies: captured.anomalies.iter().map(FlowAnomaly::from).collect(),
        event: served(&captured),
        event_hash_id: captured.hash_id,
        ledger: Some(LedgerWrite {
            leaf_id: leaf,
            receipt,
        }),
    };
    let mut response = (StatusCode::CREATED, Json(&view)).into_response();
    link_headers(&mut response, &view.location, &view.evidence);
    Ok(response)
}

/// Record many flows, all or none.
///
/// Every flow is checked before anything is written: one refused flow refuses the batch,
/// and the problem names each failing field as `flows[i].field`. The events are then stored
/// in one transaction, in the order given (each flow's history checks see those before it).
/// A flow whose event was recorded before is reported as a duplicate, not stored again, so a
/// batch sent twice is harmless.
#[utoipa::path(
    post, path = "/api/v1/flows/batch", operation_id = "record_flows", tag = "flows",
    security(("bearer" = [])),
    request_body = FlowBatchRequest,
    responses(
        (status = 201, description = "Recorded, each flow stored or recognised as stored before", body = FlowBatchRecorded),
        (status = 400, description = "A flow is refused (errors name flows[i].field); nothing is stored", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The request body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn record_batch(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<FlowBatchRequest>,
) -> Result<(StatusCode, Json<FlowBatchRecorded>), ApiError> {
    let count = request.flows.len();
    if count == 0 || count > MAX_FLOWS_PER_BATCH {
        return Err(ApiError::fields(vec![FieldProblem {
            field: "flows".to_owned(),
            problem: format!("{count} flows: a batch holds 1 to {MAX_FLOWS_PER_BATCH}"),
        }]));
    }
    let at = now();
    let mut lots = Lots::default();
    let mut events = Vec::with_capacity(count);
    let mut errors = Vec::new();
    for (i, flow) in request.flows.into_iter().enumerate() {
        if let Err(refused) = require_recording_party(&caller, &flow.by) {
            return Err(ApiError::forbidden(format!(
                "flows[{i}].by: {}",
                refused.detail()
            )));
        }
        match prepare(&state, &mut lots, flow.into(), &caller, at).await? {
            Ok(event) => events.push(event),
            Err(invalid) => errors.extend(invalid.errors.into_iter().map(|e| FieldProblem {
                field: format!("flows[{i}].{}", e.field),
                problem: e.problem,
            })),
        }
    }
    if !errors.is_empty() {
        errors.truncate(MAX_LISTED_ERRORS);
        return Err(ApiError::fields(errors));
    }
    let outcomes = record(&state, &mut events).await?;
    let mut answer = FlowBatchRecorded {
        stored: 0,
        duplicates: 0,
        flows: Vec::with_capacity(count),
    };
    for (captured, outcome) in events.iter().zip(outcomes) {
        let (status, id, anomalies) = match outcome {
            EventOutcome::Stored { id, .. } => {
                answer.stored += 1;
                let anomalies = captured.anomalies.iter().map(FlowAnomaly::from).collect();
                (FlowStatus::Stored, id, anomalies)
            }
            // Checked against its own stored copy, a repeat's findings would be noise.
            EventOutcome::Duplicate { id } => {
                answer.duplicates += 1;
                (FlowStatus::Duplicate, id, Vec::new())
            }
        };
        answer.flows.push(FlowOutcome {
            status,
            event_hash_id: captured.hash_id.clone(),
            location: location(&captured.hash_id),
            evidence: evidence(id),
            anomalies,
        });
    }
    Ok((StatusCode::CREATED, Json(answer)))
}

/// What the registry said of the batches a request named, so that a batch of flows looks
/// each one up once.
#[derive(Default)]
struct Lots(HashMap<BatchRef, Result<LotFacts, FieldError>>);

/// A flow's event, identified and ready to record, or the fields that refuse it.
async fn prepare(
    state: &AppState,
    lots: &mut Lots,
    draft: FlowDraft,
    caller: &Caller,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Result<CapturedEvent, Invalid>, ApiError> {
    require_recording_party(caller, &draft.by)?;
    let flow = match draft.validate(&state.rules, at) {
        Ok(flow) => flow,
        Err(invalid) => return Ok(Err(invalid)),
    };
    let facts = match flow.batch_to_find() {
        None => None,
        Some(batch) => match lots.find(state, batch).await? {
            Ok(facts) => Some(facts),
            Err(missing) if flow.needs_lot_facts() => {
                return Ok(Err(Invalid {
                    errors: vec![missing],
                }));
            }
            // An unregistered batch moves like any goods; only its registration is unknown.
            Err(_) => None,
        },
    };
    let event = match flow.event(facts.as_ref()) {
        Ok(event) => event,
        Err(invalid) => return Ok(Err(invalid)),
    };
    Ok(
        identify(event, at, caller.submitter(), None).map_err(|e| Invalid {
            errors: vec![FieldError {
                field: format!("event.{}", e.path),
                problem: e.rule,
            }],
        }),
    )
}

/// That `caller` may record flows as party `by`: an enterprise's accounts record their own
/// (a malformed `by` is left to validation, which names it).
fn require_recording_party(caller: &Caller, by: &str) -> Result<(), ApiError> {
    match yima_codes::enterprise::CreditCode::parse(by) {
        Ok(party) => caller.require_acting_for(&party, "a flow recorded by this party"),
        Err(_) => Ok(()),
    }
}

impl Lots {
    async fn find(
        &mut self,
        state: &AppState,
        batch: BatchRef,
    ) -> Result<Result<LotFacts, FieldError>, ApiError> {
        if let Some(found) = self.0.get(&batch) {
            return Ok(found.clone());
        }
        let found = look_up(state, &batch).await?;
        self.0.insert(batch, found.clone());
        Ok(found)
    }
}

/// The registered batch `batch` names, as it stands with its corrections.
async fn look_up(
    state: &AppState,
    batch: &BatchRef,
) -> Result<Result<LotFacts, FieldError>, ApiError> {
    let missing = |field: &str, problem: String| {
        Ok(Err(FieldError {
            field: field.to_owned(),
            problem,
        }))
    };
    let (stored, product) = match batch {
        BatchRef::Id(id) => {
            let Some(stored) = state.store.batch(*id).await? else {
                return missing("batch_id", format!("no batch {id} is registered"));
            };
            let product = state.store.product(stored.product_id).await?;
            (stored, product)
        }
        BatchRef::Lot { gtin, lot } => {
            let Some(product) = state.store.product_by_gtin(gtin).await? else {
                return missing("gtin", format!("no product with GTIN {gtin} is registered"));
            };
            let Some(stored) = state.store.batch_by_lot(product.id, lot).await? else {
                return missing(
                    "lot",
                    format!("the product with GTIN {gtin} has no batch with lot {lot}"),
                );
            };
            (stored, Some(product))
        }
    };
    let Some(product) = product else {
        return Err(ApiError::internal(format!(
            "batch {} names product {}, which is not stored",
            stored.id, stored.product_id
        )));
    };
    let (current, _) = crate::corrections::batch(state, stored).await?;
    Ok(Ok(LotFacts::of(&current, &product)))
}

/// Where the binding serves an event: its hash ID, percent-encoded, under `/epcis/events/`.
fn location(hash_id: &str) -> String {
    format!("/epcis/events/{}", yima_codes::gs1::percent_encode(hash_id))
}

/// An event's ledger record.
fn evidence(id: Uuid) -> String {
    format!("/api/v1/ledger/records/event:{id}")
}

/// The event as the binding serves it.
fn served(captured: &CapturedEvent) -> Value {
    serde_json::from_str(&captured.document()).unwrap_or(Value::Null)
}

fn link_headers(response: &mut Response, location: &str, evidence: &str) {
    let link = format!("<{evidence}>; rel=\"evidence\"");
    for (name, value) in [(header::LOCATION, location), (header::LINK, link.as_str())] {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().insert(name, value);
        }
    }
}
