//! The log as monitors and verifiers read it, at the root (`/log`) and not under `/api/v1`:
//! its key, its latest checkpoint (c2sp.org/tlog-checkpoint, with witness cosignatures) and
//! its tiles (c2sp.org/tlog-tiles), which are immutable and so cache forever.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use yima_ledger::{Checkpoint, TileId, TileKind, empty_root};
use yima_store::StoredCheckpoint;

use super::{evidence, witnessing};
use crate::problem::{ApiError, ApiPath, Problem};
use crate::state::AppState;
use crate::witness::cosigned_note;

pub const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

#[derive(OpenApi)]
#[openapi(paths(tile, evidence::record))]
struct Wildcards;

/// Every ledger route with its OpenAPI description. Tile paths and record references hold
/// slashes, so their routes are wildcards, which utoipa does not write: they are mounted by
/// hand and described with `{name}` parameters.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(Wildcards::openapi())
        .route("/log/tile/{*path}", get(tile))
        .route("/api/v1/ledger/records/{*ref}", get(evidence::record))
        .routes(routes!(checkpoint))
        .routes(routes!(key))
        .routes(routes!(witnessing::witnesses))
        .routes(routes!(witnessing::add_checkpoint))
        .routes(routes!(witnessing::cosignatures))
}

/// The latest checkpoint; before the first, the empty tree's, signed now. Ed25519 signatures
/// are deterministic and every log's tree of size 0 is the same, so this cannot fork.
pub fn latest_checkpoint(state: &AppState) -> Result<Arc<StoredCheckpoint>, ApiError> {
    if let Some(latest) = state.ledger.latest() {
        return Ok(latest);
    }
    let key = state.ledger.key();
    let root = empty_root();
    let note = Checkpoint::new(key.origin(), 0, root)
        .sign(key.signer())
        .map_err(ApiError::internal)?;
    Ok(Arc::new(StoredCheckpoint {
        size: 0,
        root,
        note,
    }))
}

/// The log's latest checkpoint.
///
/// A c2sp.org/tlog-checkpoint signed note: origin, tree size, root hash, a blank line, the
/// log's signature and each witness cosignature stored for that size.
#[utoipa::path(
    get, path = "/log/checkpoint", operation_id = "log_checkpoint", tag = "ledger",
    responses(
        (status = 200, description = "The signed checkpoint", body = String, content_type = "text/plain"),
    )
)]
pub async fn checkpoint(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let checkpoint = latest_checkpoint(&state)?;
    let note = cosigned_note(state.store.as_ref(), &checkpoint).await?;
    Ok((
        [
            (header::CONTENT_TYPE, TEXT_PLAIN),
            // It changes with every integration and every cosignature.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        note,
    ))
}

/// The log's public key.
///
/// The c2sp.org/signed-note verifier key (`<name>+<key id>+<key>`) that signs its
/// checkpoints; its name is the log's origin.
#[utoipa::path(
    get, path = "/log/key", operation_id = "log_key", tag = "ledger",
    responses(
        (status = 200, description = "The verifier key, then a newline", body = String, content_type = "text/plain"),
    )
)]
pub async fn key(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, TEXT_PLAIN)],
        format!("{}\n", state.ledger.key().verifier()),
    )
}

/// A tile of the log.
///
/// A c2sp.org/tlog-tiles hash tile `tile/<L>/<N>[.p/<W>]` or entry bundle
/// `tile/entries/<N>[.p/<W>]`. A tile at a given width never changes, so it may be cached
/// forever.
#[utoipa::path(
    get, path = "/log/tile/{path}", operation_id = "log_tile", tag = "ledger",
    params(("path" = String, Path, description = "The tile's path after `tile/`: `<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`, N written in x-prefixed groups of three digits (`0/x001/234`); its slashes may be sent as they are")),
    responses(
        (status = 200, description = "The tile's bytes", body = Vec<u8>, content_type = "application/octet-stream"),
        (status = 400, description = "Not a tile path in its canonical form", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The log has no such tile (yet)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn tile(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let path = format!("tile/{path}");
    let id = TileId::parse_path(&path)
        .map_err(|e| ApiError::bad_request("bad-tile-path", "Not a tile path", e.to_string()))?;
    let bytes = match id.kind() {
        TileKind::Hashes { level } => state.store.log_tile(level, id.index(), id.width()).await?,
        TileKind::Entries => state.store.log_bundle(id.index(), id.width()).await?,
    }
    .ok_or_else(|| ApiError::not_found(format!("the log has no {path}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    ))
}
