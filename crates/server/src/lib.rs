//! The HTTP server: the JSON API under `/api/v1` (described by OpenAPI), the GS1 EPCIS 2.0
//! binding under `/epcis`, the log under `/log` (C2SP checkpoints, tiles and witnessing),
//! health and metrics.
//!
//! Handlers turn wire types into domain drafts, validate them, and call the store; they hold
//! no state of their own, so any number of servers can share one database.

pub mod access;
pub mod api;
pub mod audit;
pub mod bootstrap;
pub mod corrections;
pub mod disclosure;
pub mod epcis;
pub mod issuing;
pub mod keys;
pub mod log_key;
pub mod metrics;
pub mod pages;
pub mod problem;
pub mod receipts;
pub mod router;
pub mod secret_file;
pub mod sequencer;
pub mod state;
pub mod wire;
pub mod witness;

use std::future::Future;

pub use router::{openapi, router};
pub use state::AppState;

/// Serves `state` on `listener` until `shutdown` resolves, then finishes the requests in
/// flight and returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The limiters forget callers whose allowance is full again, once a minute, for as long
    // as the state lives.
    let limits = std::sync::Arc::downgrade(&state.limits);
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            match limits.upgrade() {
                Some(limits) => limits.forget_idle(),
                None => break,
            }
        }
    });
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
