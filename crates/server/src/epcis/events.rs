//! Events one at a time (`POST /epcis/events`, `GET /epcis/events/{eventID}`) and the events
//! query (`GET /epcis/events`), answered as an `EPCISQueryDocument` a page at a time, the next
//! page named by the `Link` header (`results.rs`).

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use yima_domain::disclosure::attributable_to;
use yima_domain::epcis::{DocumentType, Event, EventQuery, Namespaces, Timestamp, write_document};
use yima_store::{EventOutcome, EventSelection};

use super::exception::{EpcisError, EpcisProblem, Exception};
use super::headers;
use super::path::EpcisPath;
use super::results::{self, NextLink, SIMPLE_EVENT_QUERY, translated};
use super::{Client, identify, pages, read_limited};
use crate::api::now;
use crate::disclosure::Viewer;
use crate::state::AppState;

/// Bytes one event sent alone may have.
const MAX_EVENT_BYTES: usize = 1024 * 1024;

/// Capture one event.
///
/// The body is one event as EPCIS 2.0 JSON-LD (with its own `@context` if it uses
/// extensions). It is identified by its CBV event hash ID: the same event sent twice is
/// refused the second time.
#[utoipa::path(
    post, path = "/epcis/events", operation_id = "epcis_capture_event", tag = "epcis",
    security(("bearer" = [])),
    request_body(content = serde_json::Value, description = "One EPCIS event", content_type = "application/ld+json"),
    responses(
        (status = 201, description = "Stored; the event is at the Location, its ledger evidence at the Link rel=evidence"),
        (status = 400, description = "epcisException:ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 409, description = "epcisException:ResourceAlreadyExistsException: the event is stored already", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 415, description = "epcisException:UnsupportedMediaTypeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn capture_one(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    body: Body,
) -> Result<Response, EpcisError> {
    super::require_json(&request_headers)?;
    let body = read_limited(body, MAX_EVENT_BYTES).await?;
    let invalid = |detail: String| EpcisError::new(Exception::Validation, detail);
    let object = match serde_json::from_slice(&body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(invalid("the body must be one event, a JSON object".into())),
        Err(e) => return Err(invalid(format!("the body is not JSON: {e}"))),
    };
    let event =
        Event::from_json(object, &Namespaces::default()).map_err(|e| invalid(e.to_string()))?;
    if let Some(enterprise) = client
        .caller
        .account()
        .and_then(|a| a.principal.enterprise())
        && !attributable_to(&event, enterprise)
    {
        return Err(EpcisError::new(
            Exception::Forbidden,
            format!(
                "the event is not enterprise {enterprise}'s: an enterprise captures only events \
                 whose ym:recordedBy is its party URI (urn:yima:party:<credit code>) or, \
                 without one, that name it as a source or destination"
            ),
        ));
    }
    let mut captured =
        identify(event, now(), Some(client.name), None).map_err(|e| invalid(e.to_string()))?;
    let name = captured
        .event
        .event_id
        .clone()
        .unwrap_or_else(|| captured.hash_id.clone());
    match super::record(&state, std::slice::from_mut(&mut captured)).await?[..] {
        [EventOutcome::Stored { id, .. }] => {
            let mut response = StatusCode::CREATED.into_response();
            let location = format!("/epcis/events/{}", pages::segment(&name));
            let evidence = format!("</api/v1/ledger/records/event:{id}>; rel=\"evidence\"");
            for (name, value) in [(header::LOCATION, location), (header::LINK, evidence)] {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    response.headers_mut().insert(name, value);
                }
            }
            headers::stamp(response.headers_mut());
            Ok(response)
        }
        _ => Err(EpcisError::new(
            Exception::Conflict,
            format!("the event {name} is stored already"),
        )),
    }
}

/// One event, by its eventID or its event hash ID.
#[utoipa::path(
    get, path = "/epcis/events/{eventID}", operation_id = "epcis_event", tag = "epcis",
    security(("bearer" = [])),
    params(("eventID" = String, Path, description = "The event's eventID, or its CBV event hash ID (percent-encoded)")),
    responses(
        (status = 200, description = "The event, in EPCIS 2.0 JSON-LD", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:ValidationException: the path is not percent-encoded UTF-8, or GS1-EPC-Format is unknown", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 404, description = "epcisException:NoSuchResourceException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    EpcisPath(event_id): EpcisPath<String>,
) -> Result<Response, EpcisError> {
    let format = headers::epc_format(&request_headers)?;
    let mut found = None;
    for by_hash in [false, true] {
        let mut selection = EventSelection {
            order: yima_store::EventOrder::RecordTimeDescending,
            limit: 1,
            ..EventSelection::default()
        };
        if by_hash {
            selection.hash_ids.push(event_id.clone());
        } else {
            selection.event_ids.push(event_id.clone());
        }
        if let Some(event) = state.store.events(&selection).await?.into_iter().next() {
            found = Some(event);
            break;
        }
    }
    // An event the caller may not see is not found: its id says nothing to it.
    let missing = || EpcisError::new(Exception::NoSuchResource, format!("no event {event_id}"));
    let mut stored = found.ok_or_else(missing)?;
    let mut viewer = Viewer::new(&state, &client.caller);
    if !viewer.event(&mut stored.captured.event).await? {
        return Err(missing());
    }
    let event = translated(stored.captured.event, format);
    let mut json = event.to_json();
    let context = write_document(
        DocumentType::EpcisDocument,
        Timestamp::from(now()),
        &[event],
        None,
    );
    if let Some(context) = context.get("@context") {
        json.insert("@context".into(), context.clone());
    }
    Ok(super::json(Value::Object(json)))
}

/// Query events.
///
/// The EPCIS 2.0 query parameters (`eventType`, `GE_eventTime`, `MATCH_epc`, `EQ_bizStep`,
/// `EQ_source_{type}`, extension and sensor filters …, several values separated by `|`),
/// answered as an `EPCISQueryDocument`. A page holds `perPage` events (100 by default, 1,000
/// at most); the next page is the `Link` header's `rel="next"`.
#[utoipa::path(
    get, path = "/epcis/events", operation_id = "epcis_query_events", tag = "epcis",
    security(("bearer" = [])),
    params(("GS1-EPC-Format" = Option<headers::EpcFormat>, Header, description = "The form identifiers come back in")),
    responses(
        (status = 200, description = "An EPCISQueryDocument", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:QueryTooLargeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn query(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let format = headers::epc_format(&request_headers)?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let query = EventQuery::parse(&pairs)
        .map_err(|e| EpcisError::new(Exception::QueryParameter, e.to_string()))?;
    let link = NextLink {
        path: "/epcis/events".into(),
        pairs: query.to_pairs(),
    };
    results::answer(
        &state,
        &client.caller,
        format,
        &query,
        SIMPLE_EVENT_QUERY,
        link,
    )
    .await
}
