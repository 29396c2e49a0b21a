//! The GS1 EPCIS 2.0 REST binding, under `/epcis`: capture (asynchronous jobs), single events,
//! the events query with its pages, in EPCIS 2.0 JSON-LD, with errors as the binding's
//! exceptions. One file per resource; `exception.rs` and `headers.rs` are the binding's
//! errors and headers, `query.rs` turns a query into what the store selects. Also the
//! top-level resources (`listings.rs`, and each one's events in `resource_events.rs`) and
//! named queries (`queries.rs`), all answered through `results.rs` and paged by `pages.rs`.

pub mod capture;
pub mod events;
pub mod exception;
pub mod headers;
pub mod listings;
mod pages;
mod path;
mod prefer;
pub mod queries;
mod query;
pub mod resource_events;
mod results;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use yima_domain::epcis::hash::{HashError, event_hash_id};
use yima_domain::epcis::{CapturedEvent, Event, EventError};

use crate::access::Caller;
use crate::state::AppState;
use exception::{EpcisError, Exception};

/// The binding's routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(capture::capture, capture::options, capture::jobs))
        .routes(routes!(capture::job))
        .routes(routes!(events::capture_one, events::query))
        .routes(routes!(events::one))
        .routes(routes!(listings::event_types))
        .routes(routes!(resource_events::of_event_type))
        .routes(routes!(listings::epcs))
        .routes(routes!(resource_events::of_epc))
        .routes(routes!(listings::biz_steps))
        .routes(routes!(resource_events::of_biz_step))
        .routes(routes!(listings::dispositions))
        .routes(routes!(resource_events::of_disposition))
        .routes(routes!(listings::read_points))
        .routes(routes!(resource_events::of_read_point))
        .routes(routes!(listings::biz_locations))
        .routes(routes!(resource_events::of_biz_location))
        .routes(routes!(queries::define, queries::list))
        .routes(routes!(queries::one, queries::remove))
        .routes(routes!(queries::events))
}

/// Who calls, named by the account the access middleware authenticated (the rules admit
/// only keyed callers to the routes that take a `Client`).
pub struct Client {
    pub name: String,
    pub caller: Caller,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = EpcisError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, EpcisError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let name = caller
            .submitter()
            .ok_or_else(|| EpcisError::new(Exception::Security, "this request needs an API key"))?;
        Ok(Self { name, caller })
    }
}

/// Refuses a body that is not JSON (`application/json`, `application/ld+json`).
fn require_json(headers: &HeaderMap) -> Result<(), EpcisError> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match media.as_deref() {
        Some("application/json" | "application/ld+json") => Ok(()),
        other => Err(EpcisError::new(
            Exception::UnsupportedMediaType,
            format!(
                "the body must be sent as application/ld+json or application/json, not {}",
                other.unwrap_or("without a Content-Type")
            ),
        )),
    }
}

/// Reads a body of at most `limit` bytes; a longer one is refused with the capture limit's
/// exception.
async fn read_limited(
    body: axum::body::Body,
    limit: usize,
) -> Result<axum::body::Bytes, EpcisError> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let too_large = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if too_large {
            EpcisError::new(
                Exception::CaptureLimitExceeded,
                format!("the body has more than {limit} bytes"),
            )
        } else {
            EpcisError::new(
                Exception::Validation,
                format!("the body could not be read: {e}"),
            )
        }
    })
}

/// A JSON-LD response with the binding's headers.
fn json(body: impl Serialize) -> Response {
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/ld+json"),
    );
    headers::stamp(response.headers_mut());
    response
}

/// Runs the history checks on `events` (in order, each seeing the stored history of what it
/// names and the events before it) and records what they find on each.
pub async fn flag_anomalies(
    store: &dyn yima_store::Store,
    events: &mut [CapturedEvent],
) -> Result<(), yima_store::StoreError> {
    use yima_domain::epcis::anomaly::{History, check, keys_named};
    let keys = keys_named(events.iter().map(|c| &c.event));
    let past = store.events_naming(&keys).await?;
    let found: Vec<_> = {
        let mut history = History::new();
        for stored in &past {
            history.record(&stored.captured.event);
        }
        events
            .iter()
            .map(|captured| {
                let anomalies = check(&captured.event, &history);
                history.record(&captured.event);
                anomalies
            })
            .collect()
    };
    for (captured, anomalies) in events.iter_mut().zip(found) {
        captured.anomalies = anomalies;
    }
    Ok(())
}

/// Gives an event its identity: its CBV event hash ID, a record id, when and by whom it was
/// recorded.
pub fn identify(
    event: Event,
    recorded_at: DateTime<Utc>,
    submitter: Option<String>,
    capture_id: Option<Uuid>,
) -> Result<CapturedEvent, EventError> {
    let hash = event_hash_id(&event.to_json(), event.namespace_map()).map_err(|e| match e {
        HashError::Field { path, rule } => EventError { path, rule },
        other => EventError {
            path: String::new(),
            rule: other.to_string(),
        },
    })?;
    Ok(CapturedEvent::new(
        Uuid::now_v7(),
        hash.to_string(),
        event,
        recorded_at,
        submitter,
        capture_id,
    ))
}

/// Stores identified events the way every write of single events does — the binding's
/// `POST /epcis/events` and the flows API alike: the history checks flag what they find on
/// each, the events are stored with their ledger leaves in one transaction (a repeat of a
/// stored event is reported, not stored), and the sequencer hears of the new leaves.
pub async fn record(
    state: &AppState,
    events: &mut [CapturedEvent],
) -> Result<Vec<yima_store::EventOutcome>, yima_store::StoreError> {
    flag_anomalies(state.store.as_ref(), events).await?;
    let outcomes = state.store.insert_events(events).await?;
    let stored = outcomes
        .iter()
        .filter(|o| matches!(o, yima_store::EventOutcome::Stored { .. }))
        .count();
    if stored > 0 {
        state.ledger.written(stored as u64);
    }
    Ok(outcomes)
}

/// A plain JSON response (`application/json`) with the binding's headers: for what the
/// binding gives as bare JSON (lists of URIs, capture jobs, query definitions) rather than
/// as JSON-LD.
fn plain_json(body: impl Serialize) -> Response {
    let mut response = axum::Json(body).into_response();
    headers::stamp(response.headers_mut());
    response
}
