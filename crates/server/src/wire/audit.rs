//! The audit trail as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use yima_domain::{AuditEntry, RecordRef};

/// Which entries.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only this account's requests. Accounts other than administrators and national
    /// regulators see only their own, and may omit it.
    pub account: Option<String>,
    /// Only requests answered before this time (RFC 3339): the `at` of the last entry of the
    /// previous page.
    pub before: Option<DateTime<Utc>>,
    /// At most this many, 1 to 1,000 [default: 100].
    pub limit: Option<u32>,
}

/// One request of the audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    /// The ledger record holding the entry (`audit:<uuid>`): its evidence proves the entry
    /// was logged as shown.
    pub record: String,
    pub at: DateTime<Utc>,
    pub account: Option<String>,
    pub key_id: Option<String>,
    pub method: String,
    pub route: String,
    pub target: String,
    pub status: u16,
    pub address: Option<String>,
    pub request_id: Option<String>,
}

impl AuditEntryView {
    pub fn new(batch: Uuid, e: AuditEntry) -> Self {
        AuditEntryView {
            record: RecordRef::Audit(batch).to_string(),
            at: e.at,
            account: e.account,
            key_id: e.key_id,
            method: e.method,
            route: e.route,
            target: e.target,
            status: e.status,
            address: e.address,
            request_id: e.request_id,
        }
    }
}
