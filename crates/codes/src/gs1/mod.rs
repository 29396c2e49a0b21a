//! GS1: check digits, GTIN, Application Identifiers, element strings, Digital Link URIs.

pub mod ai;
mod ai_table;
pub mod check;
pub mod date;
pub mod digital_link;
pub mod element_string;
pub mod epc_urn;
pub mod epcis_id;
pub mod gtin;
mod lint;
mod located;
mod pairing;
mod uri;
mod value;

pub use ai::{
    AiSpec, Charset, Component, Linter, ai_length_for_prefix, ai_table, check_value, lookup_ai,
};
pub use check::{check_digit, check_pair, verify_check_digit};
pub use date::{Gs1Date, resolve_two_digit_year};
pub use digital_link::{CANONICAL_HOST, DigitalLink};
pub use element_string::{ElementString, GS};
pub use epc_urn::{EpcScheme, parse_epc_urn, to_urn};
pub use epcis_id::{
    EXAMPLE_COMPANY_PREFIXES, EpcisId, EpcisIdForm, EpcisIdTarget, company_prefix_length,
    normalise_epcis_id, serialised_gtin_key, translate_epcis_id,
};
pub use gtin::Gtin;

/// Percent-encodes a value the way canonical GS1 Digital Link URIs do (RFC 3986 unreserved
/// characters kept, everything else `%XX`), for keys that must match those URIs.
pub fn percent_encode(value: &str) -> String {
    uri::encode(value)
}

/// [`percent_encode`] onto the end of `out`, for keys built without intermediate strings.
pub(crate) fn percent_encode_into(out: &mut String, value: &str) {
    uri::encode_into(out, value);
}
