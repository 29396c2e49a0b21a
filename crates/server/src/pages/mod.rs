//! The web pages: the consumer's scan, the enterprise console and the regulator's dashboard,
//! rendered on the server from askama templates (`templates/`) in Chinese or English from one
//! message catalogue (`data/messages.toml`).
//!
//! Pages read through the same functions as the JSON API, under the same access rules (every
//! page route has its line in `access::rules`) and the same disclosure table. They write
//! nothing themselves: a page's form is sent to the JSON API by one small script
//! (`assets/forms.js`), so a write from a page is the same request, checked the same way,
//! audited the same way, as one from an enterprise's own system.

mod assets;
mod chrome;
mod console;
mod dashboard;
mod graph;
mod lang;
mod login;
mod messages;
mod scan;
#[cfg(test)]
mod template_text;

use axum::Router;
use axum::routing::get;

pub use chrome::login_redirect;

use crate::state::AppState;

/// Every page and asset.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(scan::home))
        .route("/scan", get(scan::scan))
        .route("/01/{*rest}", get(scan::digital_link))
        .route("/login", get(login::page))
        .route("/start", get(login::start))
        .route("/console", get(console::home))
        .route("/console/flows", get(console::flows))
        .route("/console/registry", get(console::registry))
        .route("/console/keys", get(console::keys))
        .route("/dashboard", get(dashboard::home))
        .route("/dashboard/recalls/{id}", get(dashboard::recall))
        .route("/dashboard/trace", get(dashboard::trace))
        .route("/assets/{name}", get(assets::serve))
}

/// Whether a routed path is a page that needs a login, whose refusals are answered for a
/// browser: by the login page rather than a problem document.
pub fn needs_login(path: &str) -> bool {
    path.starts_with("/console") || path.starts_with("/dashboard")
}
