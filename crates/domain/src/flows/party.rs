//! How a party named by its 统一社会信用代码 appears in EPCIS events: `urn:yima:party:{credit
//! code}`, in `sourceList` and `destinationList` (typed `owning_party`) and in the recorder
//! field of a flow's event.
//!
//! Why this form: CBV names parties by PGLN (`urn:epc:id:pgln:…`, or a Digital Link with AI
//! 417), but most enterprises the platform serves have no GLN, and the registry keys them by
//! credit code, which every one of them has. A URN under the platform's own `urn:yima:` prefix
//! carries the credit code as it is (upper case, 18 characters, check character included), so
//! a party URI reads back into the registry's key without a table, and is the key events are
//! matched by (`normalise_epcis_id` keeps other URIs as they are). `urn:yima` is not a
//! registered URN namespace; it is this platform's, as EPCIS allows any absolute URI.

use yima_codes::enterprise::CreditCode;

/// What every party URI starts with.
pub const PARTY_URN_PREFIX: &str = "urn:yima:party:";

/// The URI of the party with credit code `code`.
pub fn party_uri(code: &CreditCode) -> String {
    format!("{PARTY_URN_PREFIX}{}", code.as_str())
}

/// Why a URI is no party URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartyUriError {
    #[error("'{0}' is not a party URI (urn:yima:party:{{统一社会信用代码}})")]
    NotAParty(String),
    #[error("'{uri}': {reason}")]
    BadCode { uri: String, reason: String },
}

/// The credit code a party URI names.
pub fn parse_party_uri(uri: &str) -> Result<CreditCode, PartyUriError> {
    let code = uri
        .get(..PARTY_URN_PREFIX.len())
        .filter(|p| p.eq_ignore_ascii_case(PARTY_URN_PREFIX))
        .and_then(|_| uri.get(PARTY_URN_PREFIX.len()..))
        .ok_or_else(|| PartyUriError::NotAParty(uri.to_owned()))?;
    CreditCode::parse(code).map_err(|e| PartyUriError::BadCode {
        uri: uri.to_owned(),
        reason: e.to_string(),
    })
}

/// A party as a client names it: its credit code.
pub(crate) fn parse_party(input: &str) -> Result<CreditCode, String> {
    CreditCode::parse(input).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_party_uri_reads_back_into_its_credit_code() {
        let code = CreditCode::parse("91350100m000100y43").unwrap();
        let uri = party_uri(&code);
        assert_eq!(uri, "urn:yima:party:91350100M000100Y43");
        assert_eq!(parse_party_uri(&uri).unwrap(), code);
        assert_eq!(
            parse_party_uri("URN:YIMA:PARTY:91350100M000100Y43").unwrap(),
            code
        );
        // Kept as it is when events are indexed: the URI is its own key.
        assert_eq!(yima_codes::gs1::normalise_epcis_id(&uri).unwrap().key, uri);
    }

    #[test]
    fn other_uris_and_bad_codes_are_refused() {
        assert!(matches!(
            parse_party_uri("urn:epc:id:pgln:0614141.00777"),
            Err(PartyUriError::NotAParty(_))
        ));
        assert!(matches!(
            parse_party_uri("urn:yima:party:91350100M000100Y44"),
            Err(PartyUriError::BadCode { .. })
        ));
        assert!(parse_party("91350100M000100Y43").is_ok());
        assert!(parse_party(" 91350100M000100Y43").is_err(), "taken as sent");
        assert!(parse_party("91350100M000100Y4").is_err());
    }
}
