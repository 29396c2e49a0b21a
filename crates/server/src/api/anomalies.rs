//! The anomalies the history checks found: what a regulator reviews and a submitter corrects.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use yima_domain::epcis::AnomalyKind;
use yima_store::{AnomalySelection, EventSelection, StoredAnomaly};

use crate::access::Caller;
use crate::disclosure::Viewer;
use crate::problem::{ApiError, ApiQuery, Problem};
use crate::state::AppState;

/// Events read at a time to decide which anomalies the caller may see.
const EVENTS_PER_READ: usize = 250;
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1_000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnomalyQuery {
    /// Only this kind: commissioned_twice, received_without_shipment,
    /// received_by_another_party, sold_without_holding, sold_twice, unpacked_unknown_parent,
    /// time_reversed.
    pub kind: Option<String>,
    /// Only those of this capture job.
    pub capture: Option<Uuid>,
    /// The `next` of the previous page.
    pub after: Option<String>,
    /// At most this many (100 by default).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// One anomaly.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnomalyView {
    pub kind: String,
    /// The identifier concerned, as its matching key (a canonical Digital Link for GS1 keys).
    pub epc: String,
    pub detail: String,
    /// The event's CBV event hash ID; `GET /epcis/events/{it}` shows the event.
    pub event_hash_id: String,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    pub submitter: Option<String>,
    pub capture_id: Option<Uuid>,
}

/// A page of anomalies.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnomalyPage {
    pub anomalies: Vec<AnomalyView>,
    /// Pass as `after` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// List anomalies.
///
/// Events that break a history rule (a code commissioned twice, goods received that were
/// never shipped to the receiver, sold without being held or sold twice, a case unpacked that
/// was never packed, time running backwards) are stored as sent and flagged; this lists the
/// flags, oldest first.
#[utoipa::path(
    get, path = "/api/v1/anomalies", operation_id = "list_anomalies", tag = "flows",
    security(("bearer" = [])),
    params(AnomalyQuery),
    responses(
        (status = 200, description = "A page of anomalies", body = AnomalyPage),
        (status = 400, description = "A parameter is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AnomalyQuery>,
) -> Result<Json<AnomalyPage>, ApiError> {
    let bad = |detail: String| ApiError::bad_request("bad-query", "Malformed query string", detail);
    let kind = query
        .kind
        .as_deref()
        .map(|k| {
            AnomalyKind::parse(k).ok_or_else(|| bad(format!("kind: '{k}' is no anomaly kind")))
        })
        .transpose()?;
    let after = query
        .after
        .as_deref()
        .map(|a| {
            a.split_once('/')
                .and_then(|(event, position)| {
                    Some((Uuid::try_parse(event).ok()?, position.parse().ok()?))
                })
                .ok_or_else(|| bad(format!("after: '{a}' is not a `next` this server gave")))
        })
        .transpose()?;
    let limit = super::page_limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let mut viewer = Viewer::new(&state, &caller);
    let mut selection = AnomalySelection {
        kind,
        capture_id: query.capture,
        after,
        limit: limit + 1,
    };
    // Anomalies the caller may not see are skipped here, before paging, so a page is full.
    let mut found = Vec::new();
    loop {
        let chunk = state.store.anomalies(&selection).await?;
        let exhausted = chunk.len() < selection.limit as usize;
        selection.after = chunk
            .last()
            .map(|a| (a.event, a.position))
            .or(selection.after);
        found.extend(visible(&state, &mut viewer, &caller, chunk).await?);
        if exhausted || found.len() > limit as usize {
            break;
        }
    }
    let more = found.len() > limit as usize;
    let mut anomalies: Vec<_> = found.into_iter().take(limit as usize).collect();
    let next = more
        .then(|| {
            anomalies
                .last()
                .map(|a| format!("{}/{}", a.event, a.position))
        })
        .flatten();
    Ok(Json(AnomalyPage {
        anomalies: anomalies
            .drain(..)
            .map(|a| AnomalyView {
                kind: a.anomaly.kind.name().to_owned(),
                epc: a.anomaly.epc,
                detail: a.anomaly.detail,
                event_hash_id: a.hash_id,
                recorded_at: a.recorded_at,
                submitter: a.submitter,
                capture_id: a.capture_id,
            })
            .collect(),
        next,
    }))
}

/// The first `limit` anomalies `caller` may see, oldest first: what the console and the
/// dashboard list.
pub(crate) async fn first(
    state: &AppState,
    caller: &Caller,
    limit: u32,
) -> Result<Vec<AnomalyView>, ApiError> {
    let query = AnomalyQuery {
        kind: None,
        capture: None,
        after: None,
        limit: Some(limit),
    };
    Ok(list(State(state.clone()), caller.clone(), ApiQuery(query))
        .await?
        .0
        .anomalies)
}

/// The anomalies of `chunk` the caller may see: the submitter of an anomaly's event may, and
/// whoever may see the event itself (the events read a few hundred to a query).
async fn visible(
    state: &AppState,
    viewer: &mut Viewer<'_>,
    caller: &Caller,
    chunk: Vec<StoredAnomaly>,
) -> Result<Vec<StoredAnomaly>, ApiError> {
    if viewer.sees_everything() {
        return Ok(chunk);
    }
    let own = |a: &StoredAnomaly| a.submitter.is_some() && a.submitter == caller.submitter();
    let mut wanted: Vec<String> = chunk
        .iter()
        .filter(|a| !own(a))
        .map(|a| a.hash_id.clone())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    // By hash ID: an event and its error declaration share one, and either shown shows it.
    let mut shown: HashMap<String, bool> = HashMap::new();
    for hashes in wanted.chunks(EVENTS_PER_READ) {
        let selection = EventSelection {
            hash_ids: hashes.to_vec(),
            limit: u32::try_from(hashes.len() * 2).unwrap_or(u32::MAX),
            ..EventSelection::default()
        };
        for mut stored in state.store.events(&selection).await? {
            let seen = viewer.event(&mut stored.captured.event).await?;
            *shown.entry(stored.captured.hash_id).or_default() |= seen;
        }
    }
    Ok(chunk
        .into_iter()
        .filter(|a| own(a) || shown.get(&a.hash_id).copied().unwrap_or(false))
        .collect())
}
