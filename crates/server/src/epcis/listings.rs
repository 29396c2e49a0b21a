//! The binding's top-level resources: what the stored events name, listed by distinct value a
//! page at a time (`/eventTypes`, `/epcs`, `/bizSteps`, `/dispositions`, `/readPoints`,
//! `/bizLocations`). Each listing is the binding's item list (`EventTypeItemList`, …, with
//! the EPCIS `@context`), except EPCs, which the binding lists as a bare array of URIs.
//! Values come in the store's order (bytewise), identifiers as their keys (GS1 keys as
//! canonical Digital Links) unless `GS1-EPC-Format` asks for URNs; each value's events are at
//! `{listing}/{value}/events` (`resource_events.rs`).

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;
use yima_domain::epcis::document::EPCIS_CONTEXT;
use yima_store::EventField;

use super::exception::{EpcisError, EpcisProblem};
use super::headers::{self, EpcFormat};
use super::results::translated_id;
use super::{Client, pages};
use crate::state::AppState;

/// `EventTypeItemList`: the event types of the stored events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventTypeItemList {
    #[serde(rename = "@context")]
    pub context: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "eventType")]
    pub event_type: Vec<String>,
}

/// `BizStepItemList`: CBV steps by their bare names, others by their URIs.
#[derive(Debug, Serialize, ToSchema)]
pub struct BizStepItemList {
    #[serde(rename = "@context")]
    pub context: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "bizStep")]
    pub biz_step: Vec<String>,
}

/// `DispositionItemList`: CBV dispositions by their bare names, others by their URIs.
#[derive(Debug, Serialize, ToSchema)]
pub struct DispositionItemList {
    #[serde(rename = "@context")]
    pub context: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub disposition: Vec<String>,
}

/// `ReadPointItemList`
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadPointItemList {
    #[serde(rename = "@context")]
    pub context: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "readPoint")]
    pub read_point: Vec<String>,
}

/// `BizLocationItemList`
#[derive(Debug, Serialize, ToSchema)]
pub struct BizLocationItemList {
    #[serde(rename = "@context")]
    pub context: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "bizLocation")]
    pub biz_location: Vec<String>,
}

/// A page of `field`'s values, each in `format`, and the next page's token if there are more.
async fn page_of(
    state: &AppState,
    raw: Option<String>,
    field: EventField,
    format: EpcFormat,
) -> Result<(pages::Paging, Vec<String>, Option<String>), EpcisError> {
    let paging = pages::paging(raw.as_deref())?;
    let after = paging
        .token
        .as_deref()
        .map(pages::value_after)
        .transpose()?;
    let mut values = state
        .store
        .event_values(field, after.as_deref(), paging.size() + 1)
        .await?;
    // The token is the stored value, not its translation, which may not sort alike.
    let next = paging.cut(&mut values, |v| pages::value_token(v));
    let shown = values
        .into_iter()
        .map(|v| translated_id(v, format))
        .collect();
    Ok((paging, shown, next))
}

/// Event types.
///
/// The types of the events stored, a page at a time (`perPage`, 100 by default and 1,000 at
/// most; the next page at the `Link` header's `rel="next"`).
#[utoipa::path(
    get, path = "/epcis/eventTypes", operation_id = "epcis_event_types", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("perPage" = Option<u32>, Query, description = "Values a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
    ),
    responses(
        (status = 200, description = "An EventTypeItemList; the next page at the Link rel=next", body = EventTypeItemList, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn event_types(
    State(state): State<AppState>,
    _client: Client,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let field = EventField::EventType;
    let (paging, values, next) = page_of(&state, raw, field, EpcFormat::NeverTranslates).await?;
    let body = EventTypeItemList {
        context: EPCIS_CONTEXT.into(),
        kind: "EventTypeItemList".into(),
        event_type: values,
    };
    Ok(paging.linked(super::json(body), "/epcis/eventTypes", next))
}

/// EPCs.
///
/// The instance identifiers the stored events name in any role (listed, child, parent, input
/// or output; classes counted in quantities are not EPCs), each once however it was written:
/// GS1 keys as canonical Digital Links, or as EPC URNs with `GS1-EPC-Format:
/// Always_EPC_URN` where the company prefix is known. Paged as the other listings.
#[utoipa::path(
    get, path = "/epcis/epcs", operation_id = "epcis_epcs", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("perPage" = Option<u32>, Query, description = "Values a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
        ("GS1-EPC-Format" = Option<EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "The EPCs, as URIs; the next page at the Link rel=next", body = Vec<String>, content_type = "application/json"),
        (status = 400, description = "epcisException:QueryParameterException or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn epcs(
    State(state): State<AppState>,
    _client: Client,
    request_headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let format = headers::epc_format(&request_headers)?;
    let (paging, values, next) = page_of(&state, raw, EventField::Epc, format).await?;
    Ok(paging.linked(super::plain_json(values), "/epcis/epcs", next))
}

/// Business steps.
///
/// The business steps of the stored events: CBV steps by their bare names, others by their
/// URIs. Paged as the other listings.
#[utoipa::path(
    get, path = "/epcis/bizSteps", operation_id = "epcis_biz_steps", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("perPage" = Option<u32>, Query, description = "Values a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
    ),
    responses(
        (status = 200, description = "A BizStepItemList; the next page at the Link rel=next", body = BizStepItemList, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn biz_steps(
    State(state): State<AppState>,
    _client: Client,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let field = EventField::BizStep;
    let (paging, values, next) = page_of(&state, raw, field, EpcFormat::NeverTranslates).await?;
    let body = BizStepItemList {
        context: EPCIS_CONTEXT.into(),
        kind: "BizStepItemList".into(),
        biz_step: values,
    };
    Ok(paging.linked(super::json(body), "/epcis/bizSteps", next))
}

/// Dispositions.
///
/// The dispositions of the stored events: CBV dispositions by their bare names, others by
/// their URIs. Paged as the other listings.
#[utoipa::path(
    get, path = "/epcis/dispositions", operation_id = "epcis_dispositions", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("perPage" = Option<u32>, Query, description = "Values a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
    ),
    responses(
        (status = 200, description = "A DispositionItemList; the next page at the Link rel=next", body = DispositionItemList, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn dispositions(
    State(state): State<AppState>,
    _client: Client,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let field = EventField::Disposition;
    let (paging, values, next) = page_of(&state, raw, field, EpcFormat::NeverTranslates).await?;
    let body = DispositionItemList {
        context: EPCIS_CONTEXT.into(),
        kind: "DispositionItemList".into(),
        disposition: values,
    };
    Ok(paging.linked(super::json(body), "/epcis/dispositions", next))
}

/// Read points.
///
/// The read points of the stored events, each once however it was written (GS1 locations as
/// canonical Digital Links, or SGLN URNs with `GS1-EPC-Format: Always_EPC_URN` where the
/// company prefix is known). Paged as the other listings.
#[utoipa::path(
    get, path = "/epcis/readPoints", operation_id = "epcis_read_points", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("perPage" = Option<u32>, Query, description = "Values a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
        ("GS1-EPC-Format" = Option<EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "A ReadPointItemList; the next page at the Link rel=next", body = ReadPointItemList, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn read_points(
    State(state): State<AppState>,
    _client: Client,
    request_headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let format = headers::epc_format(&request_headers)?;
    let (paging, values, next) = page_of(&state, raw, EventField::ReadPoint, format).await?;
    let body = ReadPointItemList {
        context: EPCIS_CONTEXT.into(),
        kind: "ReadPointItemList".into(),
        read_point: values,
    };
    Ok(paging.linked(super::json(body), "/epcis/readPoints", next))
}

/// Business locations.
///
/// The business locations of the stored events, each once however it was written (as read
/// points are). Paged as the other listings.
#[utoipa::path(
    get, path = "/epcis/bizLocations", operation_id = "epcis_biz_locations", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("perPage" = Option<u32>, Query, description = "Values a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
        ("GS1-EPC-Format" = Option<EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "A BizLocationItemList; the next page at the Link rel=next", body = BizLocationItemList, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn biz_locations(
    State(state): State<AppState>,
    _client: Client,
    request_headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let format = headers::epc_format(&request_headers)?;
    let (paging, values, next) = page_of(&state, raw, EventField::BizLocation, format).await?;
    let body = BizLocationItemList {
        context: EPCIS_CONTEXT.into(),
        kind: "BizLocationItemList".into(),
        biz_location: values,
    };
    Ok(paging.linked(super::json(body), "/epcis/bizLocations", next))
}
