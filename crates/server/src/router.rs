//! The one router: every route of the server, its middleware, and the OpenAPI document that
//! is generated from the same handler annotations, so the two cannot drift apart.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::routing::get;
use axum::{Router, middleware};
use tower_http::LatencyUnit;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::log;
use crate::api::{
    accounts, anomalies, audit, batches, catalogue, codes, enterprises, health, issuances, labels,
    parse, products, resolve, sessions, submissions,
};
use crate::api::{recall_notices, recalls, trace};
use crate::metrics;
use crate::problem::{ApiError, FieldProblem, Problem};
use crate::state::AppState;

/// Large enough for `MAX_CODES_PER_REQUEST` codes of the longest usual form.
const BODY_LIMIT_BYTES: usize = 16 * 1024 * 1024;
/// No request may hold a connection longer than this.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(OpenApi)]
#[openapi(
    info(
        title = "yima",
        description = "Quality-and-safety traceability of key industrial products: the registry (源头赋码) and the scan (识码用码)."
    ),
    tags(
        (name = "scan", description = "Resolve a scanned code"),
        (name = "registry", description = "Enterprises, products, batches and unit codes"),
        (name = "codes", description = "Platform codes (数字身份码) and labels"),
        (name = "ledger", description = "The tamper-evident log: checkpoints, tiles, witnesses, record evidence"),
        (name = "epcis", description = "GS1 EPCIS 2.0 REST binding: capture, events, queries"),
        (name = "flows", description = "Shipments, receipts and sales: anomalies, trace and recall"),
        (name = "trace", description = "Trace (来源可查、去向可追) and recall scope, from EPCIS events"),
        (name = "access", description = "Accounts and their API keys"),
    ),
    components(schemas(Problem, FieldProblem, crate::epcis::headers::EpcFormat)),
    modifiers(&BearerSecurity)
)]
struct ApiDoc;

struct BearerSecurity;

impl Modify for BearerSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The JSON API's routes and their OpenAPI description.
fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(resolve::resolve))
        .routes(routes!(parse::parse))
        .routes(routes!(catalogue::list))
        .routes(routes!(enterprises::create, enterprises::list))
        .routes(routes!(enterprises::get))
        .routes(routes!(enterprises::correct))
        .routes(routes!(products::correct))
        .routes(routes!(batches::correct))
        .routes(routes!(products::create))
        .routes(routes!(products::get))
        .routes(routes!(batches::create))
        .routes(routes!(batches::get))
        .routes(routes!(codes::register))
        .routes(routes!(issuances::issue))
        .routes(routes!(issuances::download))
        .routes(routes!(issuances::sheet))
        .routes(routes!(labels::render))
        .routes(routes!(anomalies::list))
        .merge(log::routes())
        .merge(crate::epcis::routes())
        .routes(routes!(crate::api::flows::record_one))
        .routes(routes!(crate::api::flows::record_batch))
        .routes(routes!(trace::trace))
        .routes(routes!(recalls::scope_post, recalls::scope_get))
        .routes(routes!(recall_notices::open, recall_notices::list))
        .routes(routes!(recall_notices::get))
        .routes(routes!(recall_notices::acknowledge))
        .routes(routes!(crate::api::stock::stock))
        .routes(routes!(accounts::open))
        .routes(routes!(accounts::get))
        .routes(routes!(accounts::make_key, accounts::list_keys))
        .routes(routes!(accounts::revoke))
        .routes(routes!(audit::list))
        .routes(routes!(sessions::set_password))
        .routes(routes!(sessions::log_in, sessions::log_out))
        .routes(routes!(submissions::register, submissions::list))
        .routes(routes!(submissions::get))
        .routes(routes!(submissions::revoke))
        .routes(routes!(submissions::get_submission))
        .routes(routes!(submissions::list_submissions))
        .split_for_parts();
    document_refusals(&mut openapi);
    (router, openapi)
}

/// Documents on every operation the refusals the access middleware gives: 401 for a key that
/// is not good (sent even where none is needed), 429 over a rate limit, and, where a key is
/// needed, 401 without one and 403 for a caller or scope the route's rule does not admit.
fn document_refusals(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let problem = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                crate::problem::PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
    };
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            let keyed = operation.security.as_ref().is_some_and(|s| !s.is_empty());
            let responses = &mut operation.responses.responses;
            responses.entry("401".to_owned()).or_insert_with(|| {
                problem("The API key sent is unknown, revoked or expired").into()
            });
            responses.entry("429".to_owned()).or_insert_with(|| {
                problem("Over the rate limit of the key, or of the address without a key; see Retry-After")
                    .into()
            });
            if keyed {
                responses.entry("403".to_owned()).or_insert_with(|| {
                    problem(
                        "The route's access rule does not admit this account or this key's scope",
                    )
                    .into()
                });
            }
        }
        for operation in [
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        .filter(|o| o.security.as_ref().is_some_and(|s| !s.is_empty()))
        {
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(signature_parameter());
            let responses = &mut operation.responses.responses;
            responses
                .entry("400".to_owned())
                .or_insert_with(|| problem("A malformed Yima-Signature header").into());
            responses
                .entry("413".to_owned())
                .or_insert_with(|| problem("The request body is too large").into());
        }
    }
}

/// The optional `Yima-Signature` header every keyed write takes (see docs/signed-submissions.md).
fn signature_parameter() -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::Required;
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ParameterBuilder::new()
        .name("Yima-Signature")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "The enterprise's Ed25519 signature of this request: keyid=\"<submission key id>\", \
             created=<Unix seconds>, signature=\"<base64>\". A signed write is stored with its \
             signature; the answer's Yima-Submission header names it.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

/// The OpenAPI document of the JSON API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}

/// The whole server.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api();
    let openapi_json: Arc<str> = openapi
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        .into();
    api.route(
        "/api/v1/openapi.json",
        get(move || {
            let body = Arc::clone(&openapi_json);
            async move {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    body.to_string(),
                )
            }
        }),
    )
    .route("/healthz", get(health::healthz))
    .route("/metrics", get(health::metrics))
    .merge(crate::pages::routes())
    // Every route, and only routes (fallbacks have nothing to guard), under its access rule.
    .route_layer(middleware::from_fn_with_state(
        state.clone(),
        crate::access::enforce,
    ))
    .fallback(not_found)
    .method_not_allowed_fallback(method_not_allowed)
    .layer(middleware::from_fn_with_state(
        state.clone(),
        metrics::track,
    ))
    // Every response carries x-request-id (the caller's, or a new UUID), and every log line
    // of the request names it, so a client's report can be matched to the server's logs.
    .layer(PropagateRequestIdLayer::x_request_id())
    .layer(
        TraceLayer::new_for_http()
            .make_span_with(request_span)
            .on_response(
                DefaultOnResponse::new()
                    .level(Level::INFO)
                    .latency_unit(LatencyUnit::Micros),
            ),
    )
    .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
    .layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        REQUEST_TIMEOUT,
    ))
    .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
    .with_state(state)
}

/// The log span of one request: method, path (not the query, which holds scanned codes) and
/// request id.
fn request_span(request: &axum::extract::Request) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        id,
    )
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such path; the API is described at /api/v1/openapi.json")
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}
