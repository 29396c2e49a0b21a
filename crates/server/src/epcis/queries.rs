//! Named queries (`/epcis/queries`): an events query defined once under a name, in the
//! binding's JSON query form, and run by name a page at a time. Removing one appends a record
//! of its removal (nothing is ever deleted); the name is then free, and a new definition under
//! it supersedes the removed one. Subscriptions are not offered.

use std::num::NonZeroU32;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;
use yima_domain::epcis::{NamedQuery, NamedQueryError};

use super::exception::{EpcisError, EpcisProblem, Exception};
use super::headers;
use super::pages::{self, segment};
use super::path::EpcisPath;
use super::results::{self, NextLink};
use super::{Client, read_limited};
use crate::api::now;
use crate::state::AppState;

/// Bytes a definition may have: a query, not a document.
const MAX_DEFINITION_BYTES: usize = 64 * 1024;

/// A named query as the binding gives it back.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamedQueryView {
    pub name: String,
    /// The query as it was defined: EPCIS query parameters as JSON members.
    #[schema(value_type = Object)]
    pub query: Map<String, Value>,
    pub created_at: DateTime<Utc>,
}

impl From<NamedQuery> for NamedQueryView {
    fn from(q: NamedQuery) -> Self {
        Self {
            query: q.definition().clone(),
            name: q.name,
            created_at: q.created_at,
        }
    }
}

/// A definition, as the client sends it.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct QueryDefinition {
    /// Unique among the queries in force.
    pub name: String,
    /// EPCIS query parameters as JSON members: lists as arrays, `EXISTS_` as null, an
    /// optional `@context` declaring the prefixes of extension fields.
    #[schema(value_type = Object)]
    pub query: Map<String, Value>,
}

/// Reads a definition's body: an object with a string `name` and an object `query`.
fn definition(body: &[u8]) -> Result<(String, Map<String, Value>), EpcisError> {
    let invalid = |detail: String| EpcisError::new(Exception::Validation, detail);
    let mut object = match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(invalid("the body must be a JSON object".into())),
        Err(e) => return Err(invalid(format!("the body is not JSON: {e}"))),
    };
    if let Some(other) = object
        .keys()
        .find(|k| !["name", "query"].contains(&k.as_str()))
    {
        return Err(invalid(format!(
            "{other}: a definition has a name and a query, nothing else"
        )));
    }
    let name = match object.remove("name") {
        Some(Value::String(name)) => name,
        Some(_) => return Err(invalid("name: must be a string".into())),
        None => return Err(invalid("name: is missing".into())),
    };
    let query = match object.remove("query") {
        Some(Value::Object(query)) => query,
        Some(_) => return Err(invalid("query: must be an object".into())),
        None => return Err(invalid("query: is missing".into())),
    };
    Ok((name, query))
}

/// The definition in force for `name`, or the binding's 404.
async fn in_force(state: &AppState, name: &str) -> Result<NamedQuery, EpcisError> {
    state.store.named_query(name).await?.ok_or_else(|| {
        EpcisError::new(
            Exception::NoSuchResource,
            format!("no query named {name:?}"),
        )
    })
}

/// Define a named query.
///
/// The body is `{"name": …, "query": {…}}`, the query in the binding's JSON form (the
/// parameters of `GET /epcis/events` as members; lists as arrays). The query is checked as
/// `GET /epcis/events` checks its parameters. A name in use is refused until its query is
/// removed.
#[utoipa::path(
    post, path = "/epcis/queries", operation_id = "epcis_define_named_query", tag = "epcis",
    security(("bearer" = [])),
    request_body(content = QueryDefinition, content_type = "application/json"),
    responses(
        (status = 201, description = "Defined; the query is at the Location, its events below it at /events"),
        (status = 400, description = "epcisException:ValidationException (the body) or QueryParameterException (the query)", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 409, description = "epcisException:ResourceAlreadyExistsException: a query of that name is in force", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:CaptureLimitExceededException: the body is over 64 KiB", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 415, description = "epcisException:UnsupportedMediaTypeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn define(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    body: Body,
) -> Result<Response, EpcisError> {
    super::require_json(&request_headers)?;
    let body = read_limited(body, MAX_DEFINITION_BYTES).await?;
    let (name, query) = definition(&body)?;
    let named = NamedQuery::new(Uuid::now_v7(), name, query, now(), Some(client.name)).map_err(
        |e| match e {
            NamedQueryError::Name(_) => EpcisError::new(Exception::Validation, e.to_string()),
            NamedQueryError::Query(_) => EpcisError::new(Exception::QueryParameter, e.to_string()),
        },
    )?;
    state
        .store
        .insert_named_query(&named)
        .await
        .map_err(|e| match e {
            yima_store::StoreError::Conflict { .. } => EpcisError::new(
                Exception::Conflict,
                format!(
                    "a query named {:?} is in force; remove it (DELETE) to define the name anew",
                    named.name
                ),
            ),
            other => other.into(),
        })?;
    let mut response = StatusCode::CREATED.into_response();
    let location = format!("/epcis/queries/{}", segment(&named.name));
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    headers::stamp(response.headers_mut());
    Ok(response)
}

/// Named queries.
///
/// The queries in force, by name, a page at a time (`perPage`, 100 by default and 1,000 at
/// most; the next page at the `Link` header's `rel="next"`).
#[utoipa::path(
    get, path = "/epcis/queries", operation_id = "epcis_named_queries", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("perPage" = Option<u32>, Query, description = "Queries a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
    ),
    responses(
        (status = 200, description = "The queries; the next page at the Link rel=next", body = Vec<NamedQueryView>, content_type = "application/json"),
        (status = 400, description = "epcisException:QueryParameterException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _client: Client,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let paging = pages::paging(raw.as_deref())?;
    let after = paging
        .token
        .as_deref()
        .map(pages::value_after)
        .transpose()?;
    let mut found = state
        .store
        .named_queries(after.as_deref(), paging.size() + 1)
        .await?;
    let next = paging.cut(&mut found, |q| pages::value_token(&q.name));
    let views: Vec<NamedQueryView> = found.into_iter().map(Into::into).collect();
    Ok(paging.linked(super::plain_json(views), "/epcis/queries", next))
}

/// A named query's definition.
#[utoipa::path(
    get, path = "/epcis/queries/{queryName}", operation_id = "epcis_named_query", tag = "epcis",
    security(("bearer" = [])),
    params(("queryName" = String, Path, description = "The query's name, percent-encoded")),
    responses(
        (status = 200, description = "The query", body = NamedQueryView, content_type = "application/json"),
        (status = 400, description = "epcisException:ValidationException: the path is not percent-encoded UTF-8", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 404, description = "epcisException:NoSuchResourceException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    _client: Client,
    EpcisPath(name): EpcisPath<String>,
) -> Result<Response, EpcisError> {
    let named = in_force(&state, &name).await?;
    Ok(super::plain_json(NamedQueryView::from(named)))
}

/// Remove a named query.
///
/// The removal is recorded (the definition is kept, as every record is); the name is then
/// free for a new definition.
#[utoipa::path(
    delete, path = "/epcis/queries/{queryName}", operation_id = "epcis_remove_named_query", tag = "epcis",
    security(("bearer" = [])),
    params(("queryName" = String, Path, description = "The query's name, percent-encoded")),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "epcisException:ValidationException: the path is not percent-encoded UTF-8", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 404, description = "epcisException:NoSuchResourceException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    client: Client,
    EpcisPath(name): EpcisPath<String>,
) -> Result<Response, EpcisError> {
    if !state
        .store
        .remove_named_query(&name, now(), Some(&client.name))
        .await?
    {
        return Err(EpcisError::new(
            Exception::NoSuchResource,
            format!("no query named {name:?}"),
        ));
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    headers::stamp(response.headers_mut());
    Ok(response)
}

/// A named query's events.
///
/// The query run now, answered as `GET /epcis/events` answers: an `EPCISQueryDocument` a
/// page at a time (`perPage`, `nextPageToken`; the next page at the `Link` header's
/// `rel="next"`), named after the query.
#[utoipa::path(
    get, path = "/epcis/queries/{queryName}/events", operation_id = "epcis_named_query_events", tag = "epcis",
    security(("bearer" = [])),
    params(
        ("queryName" = String, Path, description = "The query's name, percent-encoded"),
        ("perPage" = Option<u32>, Query, description = "Events a page holds (100 by default, 1,000 at most)"),
        ("nextPageToken" = Option<String>, Query, description = "Where the page starts, from the previous page's Link"),
        ("GS1-EPC-Format" = Option<headers::EpcFormat>, Header, description = "The form identifiers come back in"),
    ),
    responses(
        (status = 200, description = "An EPCISQueryDocument; the next page at the Link rel=next", body = serde_json::Value, content_type = "application/ld+json"),
        (status = 400, description = "epcisException:QueryParameterException or ValidationException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 401, description = "epcisException:SecurityException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 404, description = "epcisException:NoSuchResourceException", body = EpcisProblem, content_type = "application/problem+json"),
        (status = 413, description = "epcisException:QueryTooLargeException", body = EpcisProblem, content_type = "application/problem+json"),
    )
)]
pub async fn events(
    State(state): State<AppState>,
    client: Client,
    request_headers: HeaderMap,
    EpcisPath(name): EpcisPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, EpcisError> {
    let format = headers::epc_format(&request_headers)?;
    let paging = pages::paging(raw.as_deref())?;
    let named = in_force(&state, &name).await?;
    let mut query = named.query().clone();
    query.result.per_page = paging.per_page.and_then(NonZeroU32::new);
    query.result.next_page_token = paging.token.clone();
    let link = NextLink {
        path: format!("/epcis/queries/{}/events", segment(&name)),
        pairs: paging
            .per_page
            .map(|n| vec![("perPage".to_owned(), n.to_string())])
            .unwrap_or_default(),
    };
    results::answer(&state, &client.caller, format, &query, &named.name, link).await
}
