//! What every handler shares.

use std::sync::Arc;

use yima_domain::Catalogue;
use yima_store::Store;

use crate::keys::IssuingKeys;
use crate::metrics::Metrics;

/// The application state: the store, the catalogue in force, the issuing keys, the metrics.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub catalogue: Arc<Catalogue>,
    pub keys: Arc<IssuingKeys>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, catalogue: Catalogue, keys: IssuingKeys) -> Self {
        Self {
            store,
            catalogue: Arc::new(catalogue),
            keys: Arc::new(keys),
            metrics: Arc::new(Metrics::new()),
        }
    }
}
