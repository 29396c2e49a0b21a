//! Handlers of the JSON API, one file per resource.

pub mod accounts;
pub mod anomalies;
pub mod audit;
pub mod batches;
pub mod catalogue;
pub mod codes;
pub mod enterprises;
pub mod evidence;
pub mod flows;
pub mod health;
pub mod issuances;
pub mod labels;
pub mod log;
pub mod parse;
pub mod products;
pub mod recalls;
pub mod resolve;
pub mod sessions;
pub mod submissions;
pub mod trace;
pub mod witnessing;

use chrono::{DateTime, SubsecRound, Utc};

/// The registration time of a record: now, at the microsecond precision every engine keeps,
/// so what is returned equals what is stored.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
