//! What every handler shares.

use std::sync::Arc;

use yima_codes::CodeRules;
use yima_domain::Catalogue;
use yima_store::Store;

use crate::access::{RateLimitSettings, RateLimits};
use crate::audit::{AuditTrail, AuditWriter};
use crate::keys::IssuingKeys;
use crate::metrics::Metrics;
use crate::sequencer::Ledger;
use crate::witness::WitnessPolicy;

/// The application state: the store, the catalogue and the code rules in force, the issuing
/// keys, the ledger's latest checkpoint and key, the metrics.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub catalogue: Arc<Catalogue>,
    pub rules: Arc<CodeRules>,
    pub keys: Arc<IssuingKeys>,
    pub ledger: Ledger,
    pub metrics: Arc<Metrics>,
    /// The log's witnesses; none unless configured.
    pub witnesses: Arc<WitnessPolicy>,
    /// Requests a second per key and per address; none unless configured.
    pub limits: Arc<RateLimits>,
    /// Where the audit trail's entries go; none unless started.
    pub audit: Option<AuditTrail>,
    /// Reverse proxies whose `X-Forwarded-For` names the client; none unless configured.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// Who may see which field: the shipped table unless configured.
    pub disclosure: Arc<yima_domain::disclosure::Policy>,
    /// Told whenever a capture job this server runs ends, for requests waiting on one.
    pub captures_ended: Arc<tokio::sync::Notify>,
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        catalogue: Catalogue,
        keys: IssuingKeys,
        ledger: Ledger,
    ) -> Self {
        Self {
            store,
            catalogue: Arc::new(catalogue),
            rules: Arc::new(CodeRules::default()),
            keys: Arc::new(keys),
            ledger,
            metrics: Arc::new(Metrics::new()),
            witnesses: Arc::default(),
            limits: Arc::default(),
            audit: None,
            trusted_proxies: Arc::default(),
            disclosure: Arc::default(),
            captures_ended: Arc::default(),
        }
    }

    /// The state with `policy` in place of the shipped disclosure table.
    pub fn with_disclosure(mut self, policy: yima_domain::disclosure::Policy) -> Self {
        self.disclosure = Arc::new(policy);
        self
    }

    /// The state with `rules` (configured schemes, Ecode table) in place of the built-in ones.
    pub fn with_rules(mut self, rules: CodeRules) -> Self {
        self.rules = Arc::new(rules);
        self
    }

    /// The state with an audit trail: its writer is started on the state's store and
    /// ledger, and is to be finished at shutdown.
    pub fn with_audit_trail(mut self) -> (Self, AuditWriter) {
        let (trail, writer) = crate::audit::start(self.store.clone(), self.ledger.clone());
        self.audit = Some(trail);
        (self, writer)
    }

    /// The state with `proxies` trusted to name the client in `X-Forwarded-For`.
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> Self {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    /// The state with rate limits in force.
    pub fn with_rate_limits(mut self, settings: RateLimitSettings) -> Self {
        self.limits = Arc::new(RateLimits::new(settings));
        self
    }

    /// The state with `policy`'s witnesses, whose cosignatures it accepts and serves.
    pub fn with_witnesses(mut self, policy: WitnessPolicy) -> Self {
        self.witnesses = Arc::new(policy);
        self
    }
}
