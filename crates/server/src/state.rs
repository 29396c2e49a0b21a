//! What every handler shares.

use std::sync::Arc;

use yima_domain::Catalogue;
use yima_store::Store;

use crate::metrics::Metrics;

/// The application state: the store, the catalogue in force, the metrics registry.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub catalogue: Arc<Catalogue>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, catalogue: Catalogue) -> Self {
        Self {
            store,
            catalogue: Arc::new(catalogue),
            metrics: Arc::new(Metrics::new()),
        }
    }
}
