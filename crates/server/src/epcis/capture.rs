//! `POST /epcis/capture`: a document is read at once (a document that is not EPCIS, or over
//! the limits, is refused with its exception), recorded as a capture job and answered 202;
//! its events are then identified, stored with their ledger leaves and the job's outcome in
//! one transaction. `GET /epcis/capture/{id}` tells how the job went, `GET /epcis/capture`
//! lists the jobs, newest first.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_domain::disclosure::attributable_to;
use yima_domain::epcis::{
    CaptureFault, CaptureJob, CaptureOutcome, CapturedEvent, Document, ErrorBehaviour, Event,
    read_document,
};
use yima_store::EventCursor;

use super::exception::{EpcisError, EpcisProblem, Exception};
use super::headers::{self, CAPTURE_FILE_SIZE_LIMIT, CAPTURE_LIMIT};
use super::path::EpcisPath;
use super::prefer;
use super::{Client, identify, pages, read_limited};
use crate::access::Audience;
use crate::api::now;
use crate::state::AppState;

/// Events one capture may hold.
pub const MAX_EVENTS: usize = 25_000;
/// Bytes one capture document may have.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;
/// A job without an outcome this long after it was received was cut off (by a restart): none
/// of its events were stored, since they are stored with the outcome.
const INTERRUPTED_AFTER: Duration = Duration::from_secs(15 * 60);

/// Capture an EPCIS document.
///
/// The document is checked as it is read; a document that is not EPCIS 2.0 JSON, or is over
/// the limits `OPTIONS /epcis/capture` states, is refused at once, as is one with a faulty
/// event under `GS1-Capture-Error-Behaviour: rollback` (the default). Otherwise the job is
/// recorded and its location returned; under `proceed` the good events are stored and the
/// faulty ones reported by the job. An event stored before is recognised by its event hash ID
/// and not stored again.
#[utoipa::path(
    post, path = "/epcis/capture", operation_id = "epcis_capture", tag = "epcis",
    security(("bearer" = [])),
    params(("GS1-Capture-Error-Behaviour" = Option<String>, Header, description = "rollback (default) or proceed")),
    request_body(content = serde_json::Value, description = "An EPCISDocument", content_type = "application/ld+json"),
    responses(
        (status = 202, description = "Accepted; the job is at the Location"),
        (status = 400, description = "epcisException:ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:CaptureLimitExceededException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 415, description = "epcisException:UnsupportedMediaTypeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn capture(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    body: Body,
) -> Result<Response, EpcisError> {
    super::require_json(&request_headers)?;
    let behaviour = headers::error_behaviour(&request_headers)?;
    let bytes = read_limited(body, MAX_DOCUMENT_BYTES).await?;
    // Reading thousands of events is work for a blocking thread: on the runtime's own it
    // would hold up the tasks that keep the store's writer busy.
    let document = off_the_runtime({
        let bytes = bytes.clone();
        move || read_document(&bytes)
    })
    .await?
    .map_err(|e| EpcisError::new(Exception::Validation, e.to_string()))?;
    if document.events.len() > MAX_EVENTS {
        return Err(EpcisError::new(
            Exception::CaptureLimitExceeded,
            format!(
                "the document holds {} events; a capture takes at most {MAX_EVENTS}",
                document.events.len()
            ),
        ));
    }
    // An enterprise captures only its own events (`attributable_to`); an administrator any.
    let enterprise = client
        .caller
        .account()
        .and_then(|a| a.principal.enterprise().cloned());
    // Under rollback a faulty event means nothing is stored: say so at once.
    if behaviour == ErrorBehaviour::Rollback {
        if let Some(enterprise) = &enterprise {
            let foreign: Vec<String> = document
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.as_ref()
                        .is_ok_and(|event| !attributable_to(event, enterprise))
                })
                .map(|(index, _)| index.to_string())
                .collect();
            if !foreign.is_empty() {
                return Err(EpcisError::new(
                    Exception::Forbidden,
                    format!(
                        "events {} are not enterprise {enterprise}'s: {NOT_ITS_OWN}; none is stored",
                        foreign.join(", ")
                    ),
                ));
            }
        }
        let faults: Vec<String> = document
            .events
            .iter()
            .filter_map(|e| e.as_ref().err())
            .map(ToString::to_string)
            .collect();
        if !faults.is_empty() {
            return Err(EpcisError::new(
                Exception::Validation,
                format!(
                    "{} of {} events are not valid, so none is stored: {}",
                    faults.len(),
                    document.events.len(),
                    faults.join("; ")
                ),
            ));
        }
    }
    let job = CaptureJob {
        id: Uuid::now_v7(),
        received_at: now(),
        submitter: Some(client.name.clone()),
        error_behaviour: behaviour,
        document_bytes: bytes.len() as u64,
        document_sha256: hex::encode(Sha256::digest(&bytes)),
    };
    state.store.insert_capture(&job).await?;
    let location = format!("/epcis/capture/{}", job.id);
    tokio::spawn(run(state, job, document, enterprise));
    let mut response = StatusCode::ACCEPTED.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    headers::stamp(response.headers_mut());
    Ok(response)
}

/// Runs CPU-bound `work` on a blocking thread.
async fn off_the_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, EpcisError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        EpcisError::new(
            Exception::Implementation,
            format!("the capture's work stopped: {e}"),
        )
    })
}

/// Runs a capture job, then tells those waiting on one.
async fn run(state: AppState, job: CaptureJob, document: Document, enterprise: Option<CreditCode>) {
    store_capture(&state, job, document, enterprise).await;
    // Whether it stored its events or failed, requests waiting on the job look again.
    state.captures_ended.notify_waiters();
}

/// Identifies the document's events and stores them with the job's outcome; a failure is
/// logged, and the job stays without an outcome, which its reader reports as interrupted.
async fn store_capture(
    state: &AppState,
    job: CaptureJob,
    document: Document,
    enterprise: Option<CreditCode>,
) {
    let prepared = off_the_runtime({
        let job = job.clone();
        move || prepare(&job, document, enterprise.as_ref())
    })
    .await;
    let (events, faults) = match prepared {
        Ok(prepared) => prepared,
        Err(e) => {
            tracing::error!(capture = %job.id, error = %e.problem().detail, "capture failed");
            return;
        }
    };
    let mut keep = match job.error_behaviour {
        ErrorBehaviour::Rollback if !faults.is_empty() => Vec::new(),
        _ => events,
    };
    if let Err(e) = super::flag_anomalies(state.store.as_ref(), &mut keep).await {
        tracing::error!(capture = %job.id, error = %e, "capture's history checks failed");
        return;
    }
    match state
        .store
        .complete_capture(job.id, now(), &faults, &keep)
        .await
    {
        Ok(outcome) => state.ledger.written(outcome.stored),
        Err(e) => tracing::error!(capture = %job.id, error = %e, "capture failed"),
    }
}

/// Why an enterprise's event is refused.
const NOT_ITS_OWN: &str = "an enterprise captures only events whose ym:recordedBy is its party \
     URI (urn:yima:party:<credit code>) or, without one, that name it as a source or destination";

/// The events ready to store, and the faults of those that are not (or, when `enterprise`
/// captures, are not its own).
fn prepare(
    job: &CaptureJob,
    document: Document,
    enterprise: Option<&CreditCode>,
) -> (Vec<CapturedEvent>, Vec<CaptureFault>) {
    let mut events = Vec::with_capacity(document.events.len());
    let mut faults = Vec::new();
    for (index, event) in document.events.into_iter().enumerate() {
        let fault = |path: String, rule: String| CaptureFault {
            event_index: Some(index as u64),
            path,
            rule,
        };
        match event
            .map_err(|e| fault(e.path, e.rule))
            .and_then(|event: Event| match enterprise {
                Some(enterprise) if !attributable_to(&event, enterprise) => Err(fault(
                    format!("epcisBody.eventList[{index}]"),
                    format!("not enterprise {enterprise}'s: {NOT_ITS_OWN}"),
                )),
                _ => Ok(event),
            })
            .and_then(|event: Event| {
                identify(event, job.received_at, job.submitter.clone(), Some(job.id))
                    .map_err(|e| fault(format!("epcisBody.eventList[{index}].{}", e.path), e.rule))
            }) {
            Ok(captured) => events.push(captured),
            Err(f) => faults.push(f),
        }
    }
    (events, faults)
}

/// A capture job as the binding reports it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaptureJobView {
    #[serde(rename = "captureID")]
    pub capture_id: String,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
    pub running: bool,
    pub success: bool,
    pub capture_error_behaviour: String,
    /// Events stored by this capture.
    pub stored_events: u64,
    /// Events stored before and recognised by their event hash ID.
    pub duplicate_events: u64,
    pub errors: Vec<EpcisProblem>,
}

fn view(job: CaptureJob, outcome: Option<CaptureOutcome>, at: DateTime<Utc>) -> CaptureJobView {
    let interrupted = outcome.is_none()
        && at
            .signed_duration_since(job.received_at)
            .to_std()
            .unwrap_or_default()
            > INTERRUPTED_AFTER;
    let (running, success, finished_at, stored, duplicates, errors) = match outcome {
        Some(o) => (
            false,
            o.success,
            Some(o.finished_at),
            o.stored,
            o.duplicates,
            o.faults
                .into_iter()
                .map(|f| {
                    let mut problem =
                        EpcisError::new(Exception::Validation, format!("{}: {}", f.path, f.rule))
                            .problem();
                    problem.instance = Some(f.path);
                    problem
                })
                .collect(),
        ),
        None if interrupted => {
            (
                false,
                false,
                None,
                0,
                0,
                vec![EpcisError::new(
                Exception::Implementation,
                "the capture was cut off before it ended (the server restarted); none of its \
                 events were stored: send the document again",
            )
            .problem()],
            )
        }
        None => (true, false, None, 0, 0, Vec::new()),
    };
    CaptureJobView {
        capture_id: job.id.to_string(),
        created_at: job.received_at,
        finished_at,
        running,
        success,
        capture_error_behaviour: job.error_behaviour.name().to_owned(),
        stored_events: stored,
        duplicate_events: duplicates,
        errors,
    }
}

/// How a capture job went.
///
/// With `Prefer: wait=N` (RFC 7240) the answer comes once the job has ended, or after N
/// seconds (30 at most) if it is still running.
#[utoipa::path(
    get, path = "/epcis/capture/{captureID}", operation_id = "epcis_capture_job", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("captureID" = String, Path, description = "The job's id, from the capture's Location"),
        ("Prefer" = Option<String>, Header, description = "wait=N: answer once the job has ended, or after N seconds (30 at most)"),
    ),
    responses(
        (status = 200, description = "The job", body = CaptureJobView, content_type = "application/json"),
        (status = 400, description = "epcisException:ValidationException: not a job's id", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 404, description = "epcisException:NoSuchResourceException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn job(
    State(state): State<AppState>,
    client: Client,
    EpcisPath(id): EpcisPath<Uuid>,
    request_headers: HeaderMap,
) -> Result<Response, EpcisError> {
    let missing = || EpcisError::new(Exception::NoSuchResource, format!("no capture job {id}"));
    let wait = prefer::preferred_wait(&request_headers);
    let deadline = tokio::time::Instant::now() + wait.unwrap_or_default();
    loop {
        // Listening before reading, so that an end between the read and the wait is heard.
        let ended = state.captures_ended.notified();
        tokio::pin!(ended);
        ended.as_mut().enable();
        let (job, outcome) = state.store.capture(id).await?.ok_or_else(missing)?;
        // Another's job is not found: its id says nothing to the caller.
        if !sees_every_job(&client) && job.submitter.as_deref() != Some(client.name.as_str()) {
            return Err(missing());
        }
        let at = now();
        let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
        let view = view(job, outcome, at);
        if !view.running || remaining.is_zero() {
            let mut response = super::plain_json(view);
            if let Some(wait) = wait {
                let applied = format!("wait={}", wait.as_secs());
                if let Ok(value) = HeaderValue::from_str(&applied) {
                    response.headers_mut().insert("preference-applied", value);
                }
            }
            return Ok(response);
        }
        // A job another server runs ends without a word here: look again now and then.
        tokio::select! {
            () = &mut ended => {}
            () = tokio::time::sleep(remaining.min(LOOK_AGAIN)) => {}
        }
    }
}

/// How often a waiting request looks again at a job it has not heard end.
const LOOK_AGAIN: Duration = Duration::from_millis(250);

/// Whether the caller sees every account's capture jobs (administrators and national
/// regulators); others see their own.
fn sees_every_job(client: &Client) -> bool {
    client
        .caller
        .audiences()
        .iter()
        .any(|a| matches!(a, Audience::Admin | Audience::NationalRegulator))
}

/// Capture jobs.
///
/// The caller's capture jobs (administrators' and national regulators': everyone's), newest first, a page at a time (`perPage`, 100 by default and 1,000 at
/// most; the next page at the `Link` header's `rel="next"`).
#[utoipa::path(
    get, path = "/epcis/capture", operation_id = "epcis_capture_jobs", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("perPage" = Option<u32>, Query, description = "Jobs a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
    ),
    responses(
        (status = 200, description = "The jobs, newest first; the next page at the Link rel=next", body = Vec<CaptureJobView>, content_type = "application/json"),
        (status = 400, description = "epcisException:QueryParameterException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn jobs(
    State(state): State<AppState>,
    client: Client,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let paging = pages::paging(raw.as_deref())?;
    let before = paging
        .token
        .as_deref()
        .map(pages::cursor)
        .transpose()
        .map_err(|rule| {
            EpcisError::new(Exception::QueryParameter, format!("nextPageToken: {rule}"))
        })?;
    // Others' jobs are skipped before paging, so that a page is full.
    let wanted = paging.size() as usize + 1;
    let every = sees_every_job(&client);
    let mut found = Vec::new();
    let mut after = before.map(|c| (c.time, c.id));
    loop {
        let chunk = state.store.captures(after, paging.size() + 1).await?;
        let exhausted = chunk.len() < wanted;
        after = chunk
            .last()
            .map(|(job, _)| (job.received_at, job.id))
            .or(after);
        found.extend(
            chunk
                .into_iter()
                .filter(|(job, _)| every || job.submitter.as_deref() == Some(client.name.as_str())),
        );
        if exhausted || found.len() >= wanted {
            break;
        }
    }
    found.truncate(wanted);
    // A job's position is its time and id, as an event's is: the same token serves.
    let next = paging.cut(&mut found, |(job, _)| {
        pages::token(EventCursor {
            time: job.received_at,
            id: job.id,
        })
    });
    let at = now();
    let views: Vec<CaptureJobView> = found
        .into_iter()
        .map(|(job, outcome)| view(job, outcome, at))
        .collect();
    Ok(paging.linked(super::plain_json(views), "/epcis/capture", next))
}

/// The limits of capture, and the methods the path takes.
#[utoipa::path(
    options, path = "/epcis/capture", operation_id = "epcis_capture_options", tag = "epcis",
    responses((status = 204, description = "The limits, in GS1-EPCIS-Capture-Limit (events) and GS1-EPCIS-Capture-File-Size-Limit (bytes)"))
)]
pub async fn options() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ALLOW,
        HeaderValue::from_static("OPTIONS, POST, GET"),
    );
    headers.insert(CAPTURE_LIMIT, HeaderValue::from(MAX_EVENTS));
    headers.insert(
        CAPTURE_FILE_SIZE_LIMIT,
        HeaderValue::from(MAX_DOCUMENT_BYTES),
    );
    headers::stamp(headers);
    response
}
