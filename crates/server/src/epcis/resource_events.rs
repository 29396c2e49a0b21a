//! The events of one resource: of an event type, an EPC, a business step, a disposition, a
//! read point or a business location (`GET /epcis/{resources}/{value}/events`). Each is the
//! events query with one more condition, the path's: the query string takes every parameter
//! `GET /epcis/events` takes, and both must hold. The next page's link repeats the client's
//! parameters, never the path's condition, which the path already states.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use yima_domain::epcis::query::SEPARATOR;
use yima_domain::epcis::{EventQuery, EventType};

use super::Client;
use super::exception::{EpcisError, EpcisProblem, Exception};
use super::headers;
use super::pages::segment;
use super::path::EpcisPath;
use super::results::{self, NextLink, SIMPLE_EVENT_QUERY};
use crate::access::Caller;
use crate::state::AppState;

/// The events of `resource`/`value` that also match the query string `raw`: the path's
/// condition is the events query's parameter `parameter` with `value`.
async fn events_within(
    state: &AppState,
    caller: &Caller,
    request_headers: &HeaderMap,
    raw: Option<String>,
    (resource, parameter): (&str, &str),
    value: &str,
) -> Result<Response, EpcisError> {
    let format = headers::epc_format(request_headers)?;
    let refuse = |detail: String| EpcisError::new(Exception::QueryParameter, detail);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let asked = EventQuery::parse(&pairs).map_err(|e| refuse(e.to_string()))?;
    // The path names one value; a list there would silently widen the resource.
    if value.contains(SEPARATOR) {
        return Err(refuse(format!(
            "path: '{value}' names more than one value; a path names one (use {parameter} \
             at /epcis/events for several)"
        )));
    }
    let condition = EventQuery::parse(&[(parameter.to_owned(), value.to_owned())])
        .map_err(|e| refuse(format!("path: {e}")))?;
    let mut query = asked.clone();
    query.filters.extend(condition.filters);
    let link = NextLink {
        path: format!("/epcis/{resource}/{}/events", segment(value)),
        pairs: asked.to_pairs(),
    };
    results::answer(state, caller, format, &query, SIMPLE_EVENT_QUERY, link).await
}

/// Events of an event type.
///
/// The events query (`GET /epcis/events`, with every parameter it takes) narrowed to one of
/// the five EPCIS event types. Pages as the events query does.
#[utoipa::path(
    get, path = "/epcis/eventTypes/{eventType}/events", operation_id = "epcis_event_type_events", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("eventType" = String, Path, description = "ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent"),
        ("GS1-EPC-Format" = Option<headers::EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "An EPCISQueryDocument; the next page at the Link rel=next", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 404, description = "epcisException:NoSuchResourceException: not an EPCIS event type", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:QueryTooLargeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn of_event_type(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    EpcisPath(event_type): EpcisPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    if let Err(e) = event_type.parse::<EventType>() {
        return Err(EpcisError::new(Exception::NoSuchResource, e.to_string()));
    }
    let resource = ("eventTypes", "eventType");
    events_within(
        &state,
        &client.caller,
        &request_headers,
        raw,
        resource,
        &event_type,
    )
    .await
}

/// Events naming an EPC.
///
/// The events naming the EPC in any role (`MATCH_anyEPC`: listed, child, parent, input or
/// output), written in the path as an EPC URN or a GS1 Digital Link (percent-encoded): either
/// form finds the events that wrote it in the other. Takes every parameter of the events
/// query.
#[utoipa::path(
    get, path = "/epcis/epcs/{epc}/events", operation_id = "epcis_epc_events", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("epc" = String, Path, description = "An EPC URN or GS1 Digital Link, percent-encoded"),
        ("GS1-EPC-Format" = Option<headers::EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "An EPCISQueryDocument; the next page at the Link rel=next", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException (not an identifier) or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:QueryTooLargeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn of_epc(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    EpcisPath(epc): EpcisPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    events_within(
        &state,
        &client.caller,
        &request_headers,
        raw,
        ("epcs", "MATCH_anyEPC"),
        &epc,
    )
    .await
}

/// Events of a business step.
///
/// The step as a CBV term in any form (`shipping`, its URN or Web URI) or a URI of one's
/// own. Takes every parameter of the events query.
#[utoipa::path(
    get, path = "/epcis/bizSteps/{bizStep}/events", operation_id = "epcis_biz_step_events", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("bizStep" = String, Path, description = "A CBV business step in any form, or a URI"),
        ("GS1-EPC-Format" = Option<headers::EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "An EPCISQueryDocument; the next page at the Link rel=next", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException (not a business step) or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:QueryTooLargeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn of_biz_step(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    EpcisPath(step): EpcisPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    events_within(
        &state,
        &client.caller,
        &request_headers,
        raw,
        ("bizSteps", "EQ_bizStep"),
        &step,
    )
    .await
}

/// Events of a disposition.
///
/// The disposition as a CBV term in any form or a URI of one's own. Takes every parameter of
/// the events query.
#[utoipa::path(
    get, path = "/epcis/dispositions/{disposition}/events", operation_id = "epcis_disposition_events", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("disposition" = String, Path, description = "A CBV disposition in any form, or a URI"),
        ("GS1-EPC-Format" = Option<headers::EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "An EPCISQueryDocument; the next page at the Link rel=next", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException (not a disposition) or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:QueryTooLargeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn of_disposition(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    EpcisPath(disposition): EpcisPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let resource = ("dispositions", "EQ_disposition");
    events_within(
        &state,
        &client.caller,
        &request_headers,
        raw,
        resource,
        &disposition,
    )
    .await
}

/// Events at a read point.
///
/// The read point as an SGLN URN, a GS1 Digital Link or another URI (percent-encoded);
/// either GS1 form finds events that wrote the other. Takes every parameter of the events
/// query.
#[utoipa::path(
    get, path = "/epcis/readPoints/{readPoint}/events", operation_id = "epcis_read_point_events", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("readPoint" = String, Path, description = "A read point's URI, percent-encoded"),
        ("GS1-EPC-Format" = Option<headers::EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "An EPCISQueryDocument; the next page at the Link rel=next", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException (not an identifier) or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:QueryTooLargeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn of_read_point(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    EpcisPath(place): EpcisPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    events_within(
        &state,
        &client.caller,
        &request_headers,
        raw,
        ("readPoints", "EQ_readPoint"),
        &place,
    )
    .await
}

/// Events at a business location.
///
/// The location as an SGLN URN, a GS1 Digital Link or another URI (percent-encoded); either
/// GS1 form finds events that wrote the other. Takes every parameter of the events query.
#[utoipa::path(
    get, path = "/epcis/bizLocations/{bizLocation}/events", operation_id = "epcis_biz_location_events", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("bizLocation" = String, Path, description = "A business location's URI, percent-encoded"),
        ("GS1-EPC-Format" = Option<headers::EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "An EPCISQueryDocument; the next page at the Link rel=next", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException (not an identifier) or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:QueryTooLargeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn of_biz_location(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    EpcisPath(place): EpcisPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let resource = ("bizLocations", "EQ_bizLocation");
    events_within(
        &state,
        &client.caller,
        &request_headers,
        raw,
        resource,
        &place,
    )
    .await
}
