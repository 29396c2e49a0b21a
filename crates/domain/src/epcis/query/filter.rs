//! One filter per query parameter: the event passes the query when it passes every filter
//! (EPCIS 2.0 §8.2.7.1: the parameters are conjunctive; the values of one list are
//! alternatives). Each filter reads itself from a parameter and writes itself back as one.

use std::fmt;

use chrono::{DateTime, Utc};

use super::super::cbv::ErrorReason;
use super::super::cbv::{
    BizStep, BizTransactionType, Disposition, SourceDestType, Term, Vocabulary, VocabularyError,
};
use super::super::kind::{Action, EventType, UnknownName};
use super::QueryParameterError;
use super::compare::{NumberTest, Op};
use super::extension::ExtensionFilter;
use super::fields::{
    DispositionField, MatchField, PlaceField, TimeBound, TimeField, UriField, place, time,
};
use super::identifier::{IdPattern, Identifier};
use super::sensor::{SensorFilter, Uom};
use super::values;

/// One query parameter, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `eventType`
    EventType(Vec<EventType>),
    /// `GE_`/`LT_` on an instant.
    Time {
        field: TimeField,
        bound: TimeBound,
        at: DateTime<Utc>,
    },
    /// `EQ_action`
    Action(Vec<Action>),
    /// `EQ_bizStep`
    BizStep(Vec<Term<BizStep>>),
    /// `EQ_disposition`, `EQ_persistentDisposition_set`, `EQ_persistentDisposition_unset`
    Disposition {
        field: DispositionField,
        values: Vec<Term<Disposition>>,
    },
    /// `EQ_readPoint`, `EQ_bizLocation`, and with `within` (`WD_`) the places below them in
    /// the master data's hierarchy as well.
    Place {
        field: PlaceField,
        within: bool,
        ids: Vec<Identifier>,
    },
    /// URIs compared exactly: event IDs, transformation IDs, sensor devices and methods …
    Uri { field: UriField, uris: Vec<String> },
    /// `MATCH_`: objects or classes, by identifier or pattern.
    Match {
        field: MatchField,
        patterns: Vec<IdPattern>,
    },
    /// `EQ_`/`GT_`/`GE_`/`LT_`/`LE_quantity`, and `…_quantity_{uom}` for quantities in `uom`.
    Quantity { uom: Option<Uom>, test: NumberTest },
    /// `EXISTS_errorDeclaration`
    ErrorDeclarationExists,
    /// `EQ_errorReason`
    ErrorReason(Vec<Term<ErrorReason>>),
    /// `EQ_bizTransaction_{type}`: a business transaction of this type with one of these IDs.
    BizTransaction {
        kind: Term<BizTransactionType>,
        ids: Vec<Identifier>,
    },
    /// `EQ_source_{type}`
    Source {
        kind: Term<SourceDestType>,
        ids: Vec<Identifier>,
    },
    /// `EQ_destination_{type}`
    Destination {
        kind: Term<SourceDestType>,
        ids: Vec<Identifier>,
    },
    /// `EQ_`/`GT_`/…/`EXISTS_` on an extension field.
    Extension(ExtensionFilter),
    /// Sensor data.
    Sensor(SensorFilter),
}

impl Filter {
    /// Reads the parameter `name` with `value`; `None` when `name` is no filter's name.
    pub(super) fn parse(
        name: &str,
        value: &str,
        prefixes: &[(String, String)],
    ) -> Option<Result<Self, QueryParameterError>> {
        Self::parse_fixed(name, value)
            .or_else(|| Self::parse_why(name, value))
            .or_else(|| Self::parse_quantity(name, value))
            .or_else(|| SensorFilter::parse_fixed(name, value).map(|r| r.map(Self::Sensor)))
            .or_else(|| SensorFilter::parse_reading(name, value).map(|r| r.map(Self::Sensor)))
            .or_else(|| {
                ExtensionFilter::parse(name, value, prefixes).map(|r| r.map(Self::Extension))
            })
    }

    fn parse_fixed(name: &str, value: &str) -> Option<Result<Self, QueryParameterError>> {
        let filter = match name {
            "eventType" => values::each(name, value, kind_name).map(Self::EventType),
            "EQ_action" => values::each(name, value, kind_name).map(Self::Action),
            "EQ_bizStep" => values::each(name, value, term).map(Self::BizStep),
            "EQ_errorReason" => values::each(name, value, term).map(Self::ErrorReason),
            "EXISTS_errorDeclaration" => {
                values::one(name, value, values::void).map(|()| Self::ErrorDeclarationExists)
            }
            _ => {
                if let Some(field) = DispositionField::find(name) {
                    values::each(name, value, term)
                        .map(|values| Self::Disposition { field, values })
                } else if let Some(field) = UriField::find(name) {
                    values::each(name, value, values::uri).map(|uris| Self::Uri { field, uris })
                } else if let Some(field) = MatchField::find(name) {
                    values::each(name, value, |v| match_pattern(field, v))
                        .map(|patterns| Self::Match { field, patterns })
                } else if let Some((within, field)) = place(name) {
                    values::each(name, value, Identifier::parse).map(|ids| Self::Place {
                        field,
                        within,
                        ids,
                    })
                } else {
                    let (bound, field) = time(name)?;
                    values::one(name, value, values::time).map(|at| Self::Time { field, bound, at })
                }
            }
        };
        Some(filter)
    }

    /// `EQ_bizTransaction_{type}`, `EQ_source_{type}`, `EQ_destination_{type}`: the type is
    /// part of the name, in any of its forms.
    fn parse_why(name: &str, value: &str) -> Option<Result<Self, QueryParameterError>> {
        let refused = |e: VocabularyError| {
            QueryParameterError::unknown(name, format!("names a type that is refused: {e}"))
        };
        let ids = || values::each(name, value, Identifier::parse);
        let filter = if let Some(kind) = name.strip_prefix("EQ_bizTransaction_") {
            Term::parse(kind)
                .map_err(refused)
                .and_then(|kind| Ok(Self::BizTransaction { kind, ids: ids()? }))
        } else if let Some(kind) = name.strip_prefix("EQ_source_") {
            Term::parse(kind)
                .map_err(refused)
                .and_then(|kind| Ok(Self::Source { kind, ids: ids()? }))
        } else {
            let kind = name.strip_prefix("EQ_destination_")?;
            Term::parse(kind)
                .map_err(refused)
                .and_then(|kind| Ok(Self::Destination { kind, ids: ids()? }))
        };
        Some(filter)
    }

    /// `{op}_quantity` and `{op}_quantity_{uom}`.
    fn parse_quantity(name: &str, value: &str) -> Option<Result<Self, QueryParameterError>> {
        let (op, rest) = Op::strip(name)?;
        let uom = match rest.strip_prefix("quantity") {
            Some("") => None,
            Some(code) => Some(code.strip_prefix('_').map(Uom::parse)?),
            None => return None,
        };
        Some(match uom.transpose() {
            Ok(uom) => NumberTest::read(op, name, value).map(|test| Self::Quantity { uom, test }),
            Err(rule) => Err(QueryParameterError::unknown(name, rule)),
        })
    }

    /// The parameter's name as written back (CBV types by their bare names, extension fields
    /// as `{namespace}#{localName}`).
    pub fn name(&self) -> String {
        match self {
            Self::EventType(_) => "eventType".to_owned(),
            Self::Time { field, bound, .. } => format!("{}{}", bound.prefix(), field.name()),
            Self::Action(_) => "EQ_action".to_owned(),
            Self::BizStep(_) => "EQ_bizStep".to_owned(),
            Self::Disposition { field, .. } => field.name().to_owned(),
            Self::Place { field, within, .. } => {
                format!("{}{}", if *within { "WD_" } else { "EQ_" }, field.name())
            }
            Self::Uri { field, .. } => field.name().to_owned(),
            Self::Match { field, .. } => field.name().to_owned(),
            Self::Quantity { uom, test } => match uom {
                Some(uom) => format!("{}quantity_{uom}", test.op().prefix()),
                None => format!("{}quantity", test.op().prefix()),
            },
            Self::ErrorDeclarationExists => "EXISTS_errorDeclaration".to_owned(),
            Self::ErrorReason(_) => "EQ_errorReason".to_owned(),
            Self::BizTransaction { kind, .. } => format!("EQ_bizTransaction_{}", kind.as_json()),
            Self::Source { kind, .. } => format!("EQ_source_{}", kind.as_json()),
            Self::Destination { kind, .. } => format!("EQ_destination_{}", kind.as_json()),
            Self::Extension(f) => f.name(),
            Self::Sensor(f) => f.name(),
        }
    }

    /// The parameter's value as written back: lists joined by `|`, times in UTC.
    pub fn value(&self) -> String {
        match self {
            Self::EventType(types) => values::join(types, ToString::to_string),
            Self::Time { at, .. } => values::write_time(at),
            Self::Action(actions) => values::join(actions, ToString::to_string),
            Self::BizStep(terms) => values::join(terms, Term::as_json),
            Self::Disposition { values: terms, .. } => values::join(terms, Term::as_json),
            Self::ErrorReason(terms) => values::join(terms, Term::as_json),
            Self::Place { ids, .. }
            | Self::BizTransaction { ids, .. }
            | Self::Source { ids, .. }
            | Self::Destination { ids, .. } => values::join(ids, Identifier::as_uri),
            Self::Uri { uris, .. } => values::join(uris, String::clone),
            Self::Match { patterns, .. } => values::join(patterns, ToString::to_string),
            Self::Quantity { test, .. } => test.value(),
            Self::ErrorDeclarationExists => String::new(),
            Self::Extension(f) => f.value(),
            Self::Sensor(f) => f.value(),
        }
    }

    /// Every name a fixed (not composed) parameter is written under, for hints on near
    /// misses.
    pub(super) fn fixed_names() -> Vec<String> {
        let mut names: Vec<String> = [
            "eventType",
            "EQ_action",
            "EQ_bizStep",
            "EQ_errorReason",
            "EXISTS_errorDeclaration",
            "EXISTS_sensorElementList",
            "EQ_type",
            "EQ_stringValue",
            "EQ_booleanValue",
            "EQ_hexBinaryValue",
            "GT_percRank",
            "GE_percRank",
            "LT_percRank",
            "LE_percRank",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        names.extend(DispositionField::ALL.iter().map(|f| f.name().to_owned()));
        names.extend(UriField::ALL.iter().map(|f| f.name().to_owned()));
        names.extend(MatchField::ALL.iter().map(|f| f.name().to_owned()));
        for within in ["EQ_", "WD_"] {
            for field in [PlaceField::ReadPoint, PlaceField::BizLocation] {
                names.push(format!("{within}{}", field.name()));
            }
        }
        for bound in [TimeBound::AtOrAfter, TimeBound::Before] {
            for field in TimeField::ALL {
                names.push(format!("{}{}", bound.prefix(), field.name()));
            }
        }
        for op in Op::ALL {
            names.push(format!("{}quantity", op.prefix()));
        }
        names
    }
}

/// An event type or action, with the rule (not the value, which the error names already).
fn kind_name<T: std::str::FromStr<Err = UnknownName>>(value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|e: UnknownName| format!("is not an EPCIS {}: one of {}", e.what, e.known))
}

/// A CBV term in any of its forms, with the rule broken.
fn term<V: Vocabulary>(value: &str) -> Result<Term<V>, String> {
    Term::parse(value).map_err(|e| match e {
        VocabularyError::Unknown {
            vocabulary, known, ..
        } => format!("is not a CBV {vocabulary}: the standard defines {known}"),
        VocabularyError::NotAUri { vocabulary, .. } => {
            format!("is neither a CBV {vocabulary} nor an absolute URI of one's own (scheme:…)")
        }
    })
}

/// A `MATCH_` value, of the level the field lists: objects or classes.
fn match_pattern(field: MatchField, value: &str) -> Result<IdPattern, String> {
    let pattern = IdPattern::parse(value)?;
    if let IdPattern::Id(id) = &pattern {
        if field.is_class() && id.is_serialised_item() {
            return Err(format!(
                "is one object (a GTIN with a serial), and {} lists classes: name a GTIN or a \
                 GTIN and lot (urn:epc:class:lgtin:…, a Digital Link without serial), or \
                 urn:epc:idpat:sgtin:{{company}}.{{reference}}.*",
                field.name()
            ));
        }
        if !field.is_class() && id.is_class() {
            return Err(format!(
                "is a class of goods (a GTIN without serial), and {} lists objects: match \
                 classes with MATCH_epcClass and its kin, or every serial of a GTIN with \
                 urn:epc:idpat:sgtin:{{company}}.{{reference}}.*",
                field.name()
            ));
        }
    }
    Ok(pattern)
}

impl fmt::Display for Filter {
    /// `name=value`, as in a query string before percent-encoding.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name(), self.value())
    }
}
