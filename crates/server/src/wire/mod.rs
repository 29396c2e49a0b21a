//! Wire types: what the JSON API accepts and returns, kept apart from the domain's records so
//! that either can change without the other, and described for OpenAPI.

pub mod accounts;
pub mod audit;
pub mod codes;
mod disclosed;
pub mod flows;
pub mod issuance;
pub mod ledger;
pub mod recalls;
pub mod receipt;
pub mod registry;
pub mod resolve;
pub mod sessions;
pub mod stock;
pub mod submissions;
pub mod trace;
