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
pub mod recall_notices;
pub mod recalls;
pub mod resolve;
pub mod sessions;
pub mod stock;
pub mod submissions;
pub mod trace;
pub mod witnessing;

use chrono::{DateTime, SubsecRound, Utc};

use crate::problem::ApiError;

/// The registration time of a record: now, at the microsecond precision every engine keeps,
/// so what is returned equals what is stored.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A listing's `limit` parameter: `default` when absent, else from 1 to `most`.
pub fn page_limit(asked: Option<u32>, default: u32, most: u32) -> Result<u32, ApiError> {
    let limit = asked.unwrap_or(default);
    if !(1..=most).contains(&limit) {
        return Err(ApiError::bad_request(
            "bad-query",
            "Malformed query string",
            format!("limit: {limit} is not between 1 and {most}"),
        ));
    }
    Ok(limit)
}
