//! The EPCIS 2.0 events query — `GET /events` of the REST binding, the SimpleEventQuery of
//! EPCIS 2.0 §8.2.7.1 — read from its query parameters into an [`EventQuery`], or refused with
//! a [`QueryParameterError`] that names the parameter, the value and the rule (the standard's
//! `QueryParameterException`, a 400).
//!
//! The input is the list of (name, value) pairs of the query string, already percent-decoded,
//! in order and with repeats, so that a repeat can be refused. The values of one parameter are
//! separated by `|` (a value cannot itself contain `|`). [`EventQuery::to_pairs`] writes a query
//! back in the same form, for the links of the next page; reading what it writes gives the
//! same query. The binding's JSON form of a query (a named query's definition) is read into
//! the same pairs by [`EventQuery::from_json`] (`json.rs`), so both forms obey one set of rules.
//!
//! # Supported
//!
//! - `eventType` ([`EventType`](super::EventType)s); `EQ_action`.
//! - `GE_`/`LT_` + `eventTime`, `recordTime`, `errorDeclarationTime` (also read in the JSON
//!   query schema's spelling `errorDeclaration_Time`), and for sensor data `time`,
//!   `startTime`, `endTime`: RFC 3339 instants with an offset or `Z`.
//! - `EQ_bizStep`, `EQ_disposition`, `EQ_persistentDisposition_set`,
//!   `EQ_persistentDisposition_unset`, `EQ_errorReason`: CBV terms in any form (bare, URN, Web
//!   URI), so each form matches the others, or URIs of one's own.
//! - `EQ_readPoint`, `WD_readPoint`, `EQ_bizLocation`, `WD_bizLocation`, and the IDs of
//!   `EQ_bizTransaction_{type}`, `EQ_source_{type}`, `EQ_destination_{type}` (the type a CBV
//!   term in any form, or a URI of one's own): [`Identifier`]s, a GS1 identifier read into
//!   one value whether written as an EPC URN or a Digital Link.
//! - `MATCH_epc`, `MATCH_parentID`, `MATCH_inputEPC`, `MATCH_outputEPC`, `MATCH_anyEPC`, and
//!   the class lists `MATCH_epcClass`, `MATCH_inputEPCClass`, `MATCH_outputEPCClass`,
//!   `MATCH_anyEPCClass`: identifiers or Tag Data Standard patterns ([`IdPattern`]). A GTIN
//!   without serial is refused where objects are listed and a serialised GTIN where classes
//!   are.
//! - `EQ_`, `GT_`, `GE_`, `LT_`, `LE_` + `quantity`, and + `quantity_{uom}`.
//! - `EQ_transformationID`, `EQ_eventID`, `EQ_correctiveEventID`, and for sensor data
//!   `EQ_deviceID`, `EQ_dataProcessingMethod`, `EQ_microorganism`, `EQ_chemicalSubstance`,
//!   `EQ_bizRules`, `EQ_uriValue`: absolute URIs, compared exactly.
//! - `EXISTS_errorDeclaration`, `EXISTS_sensorElementList` (empty value).
//! - Sensor data: `EQ_type` (GS1 measurement types in any form, or URIs of one's own),
//!   `EQ_stringValue`, `EQ_booleanValue`, `EQ_hexBinaryValue`, `GT_`/`GE_`/`LT_`/`LE_percRank`,
//!   and `{EQ|GT|GE|LT|LE}_{value|minValue|maxValue|meanValue|sDev|percValue}_{uom}`.
//! - Extension fields ([`ExtensionFilter`]): `{EQ|GT|GE|LT|LE|EXISTS}_[INNER_][scope]{field}`,
//!   the scope one of none (the event's top level), `ILMD_`, `ERROR_DECLARATION_`,
//!   `SENSORELEMENT_`, `SENSORMETADATA_`, `SENSORREPORT_`, `readPoint_`, `bizLocation_`; the
//!   field `{namespace}#{localName}`, or `{prefix}:{localName}` with a prefix declared to
//!   [`EventQuery::parse_with_prefixes`].
//! - `orderBy` (`eventTime`, `recordTime`, an extension field, or a measurement type),
//!   `orderDirection` (`ASC`, `DESC`), `eventCountLimit` or `maxEventCount` (not both),
//!   `perPage`, `nextPageToken` (opaque).
//!
//! # Refused
//!
//! Any other name (the standard: unknown parameters raise `QueryParameterException`), a
//! parameter given twice (also under two spellings of one name), an empty value or list
//! element, a list where one value is taken, counts that are not positive, and:
//!
//! - extension event types (`eventType` takes the five of EPCIS 2.0 only);
//! - the master-data parameters `HASATTR_…` and `EQATTR_…`: no master data is kept to
//!   answer them (`WD_readPoint` and `WD_bizLocation` are read all the same: answering them
//!   needs the places' hierarchy, which the store decides how to keep);
//! - GS1 identifiers that break the GS1 rules (a wrong check digit, a bad EPC URN of a
//!   scheme the codes crate translates, a malformed URI on `id.gs1.org`).

mod compare;
mod error;
mod extension;
mod fields;
mod filter;
mod identifier;
mod json;
mod matching;
mod order;
mod sensor;
mod sort;
mod values;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

pub use super::cbv::ErrorReason;
pub use compare::{NumberTest, Op};
pub use error::QueryParameterError;
pub use extension::{ExtensionField, ExtensionFilter, ExtensionScope, ExtensionTest, Scalar};
pub use fields::{DispositionField, MatchField, PlaceField, TimeBound, TimeField, UriField};
pub use filter::Filter;
pub use identifier::{EpcPattern, IdPattern, Identifier};
pub use order::{Limit, OrderBy, OrderDirection, ResultOptions};
pub use sensor::{MeasurementType, SensorFilter, Statistic, Uom};
pub use values::SEPARATOR;

/// A query for events: filters every event must pass, and what to do with the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// One per parameter, in the order given.
    pub filters: Vec<Filter>,
    pub result: ResultOptions,
}

impl EventQuery {
    /// Reads the query's (name, value) pairs, percent-decoded, in order.
    pub fn parse(pairs: &[(String, String)]) -> Result<Self, QueryParameterError> {
        Self::parse_with_prefixes(pairs, &[])
    }

    /// As [`EventQuery::parse`], extension fields also being named `{prefix}:{localName}`
    /// with these (prefix, namespace URI) pairs, as the REST binding's `GS1-Extensions`
    /// header declares them.
    pub fn parse_with_prefixes(
        pairs: &[(String, String)],
        prefixes: &[(String, String)],
    ) -> Result<Self, QueryParameterError> {
        let mut query = Self::default();
        // The name each parameter is written under, to the name it was given under.
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (name, value) in pairs {
            let key = match query.result.take(name, value, prefixes) {
                Some(taken) => {
                    taken?;
                    name.clone()
                }
                None => {
                    let filter =
                        Filter::parse(name, value, prefixes).ok_or_else(|| unknown(name))??;
                    let key = filter.name();
                    query.filters.push(filter);
                    key
                }
            };
            if let Some(first) = seen.insert(key, name) {
                return Err(QueryParameterError::Repeated {
                    parameter: name.clone(),
                    first: first.to_owned(),
                });
            }
        }
        Ok(query)
    }

    /// The query as (name, value) pairs, not yet percent-encoded: the filters in order, then
    /// the result's parameters. GS1 identifiers are written as canonical Digital Links, CBV
    /// terms by their bare names, instants in UTC.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> =
            self.filters.iter().map(|f| (f.name(), f.value())).collect();
        self.result.to_pairs(&mut pairs);
        pairs
    }
}

/// The refusal of a name no parameter has, with a hint where one helps.
fn unknown(name: &str) -> QueryParameterError {
    let near = Filter::fixed_names()
        .into_iter()
        .chain(order::NAMES.iter().map(|n| (*n).to_owned()))
        .find(|known| known.eq_ignore_ascii_case(name));
    let rule = if let Some(known) = near {
        format!("is not a parameter of the EPCIS events query; names are case-sensitive: {known}")
    } else if ["HASATTR_", "EQATTR_", "EQ_ATTR_"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        "asks about master-data attributes, which this repository does not keep".to_owned()
    } else {
        "is not a parameter of the EPCIS 2.0 events query (SimpleEventQuery, §8.2.7.1), and \
         unknown parameters are refused"
            .to_owned()
    };
    QueryParameterError::unknown(name, rule)
}
