//! What a query says about its result rather than its events: the order (`orderBy`,
//! `orderDirection`), how many events (`eventCountLimit`, `maxEventCount`) and the REST
//! binding's pages (`perPage`, `nextPageToken`).

use std::num::NonZeroU32;

use super::QueryParameterError;
use super::extension::ExtensionField;
use super::sensor::MeasurementType;
use super::values;

/// What the result is ordered by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderBy {
    EventTime,
    RecordTime,
    /// An extension field of type Int, Float, Time or String.
    Extension(ExtensionField),
    /// The value of the sensor reports of a measurement type.
    Measurement(MeasurementType),
}

impl OrderBy {
    /// `eventTime`, `recordTime`, an extension field, or a measurement type. A URI with `#`
    /// is read as an extension field and a GS1 measurement type as one in any of its forms;
    /// another URI is a declared-prefix extension field if its prefix was declared, and a
    /// measurement type of one's own otherwise.
    fn parse(value: &str, prefixes: &[(String, String)]) -> Result<Self, String> {
        match value {
            "eventTime" => return Ok(Self::EventTime),
            "recordTime" => return Ok(Self::RecordTime),
            _ => {}
        }
        if value.contains('#') {
            return ExtensionField::parse(value, prefixes)
                .unwrap_or_else(|| Err(String::new()))
                .map(Self::Extension);
        }
        let measurement = MeasurementType::parse(value);
        if let Ok(gs1 @ MeasurementType::Gs1(_)) = measurement {
            return Ok(Self::Measurement(gs1));
        }
        if let Some(Ok(field)) = ExtensionField::parse(value, prefixes) {
            return Ok(Self::Extension(field));
        }
        measurement.map(Self::Measurement).map_err(|_| {
            "is not eventTime, recordTime, an extension field ({namespace}#{localName}) or a \
             measurement type"
                .to_owned()
        })
    }

    fn write(&self) -> String {
        match self {
            Self::EventTime => "eventTime".to_owned(),
            Self::RecordTime => "recordTime".to_owned(),
            Self::Extension(field) => field.to_string(),
            Self::Measurement(t) => t.to_string(),
        }
    }
}

/// `orderDirection`; the standard's default, when `orderBy` is given without it, is DESC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderDirection {
    Asc,
    Desc,
}

impl OrderDirection {
    fn parse(value: &str) -> Result<Self, String> {
        match value {
            "ASC" => Ok(Self::Asc),
            "DESC" => Ok(Self::Desc),
            _ => Err("is neither ASC nor DESC".to_owned()),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Asc => "ASC",
            Self::Desc => "DESC",
        }
    }
}

/// How many events a query may give; the two exclude each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// `eventCountLimit`: give the first n (in the order asked for).
    EventCount(NonZeroU32),
    /// `maxEventCount`: if more than n match, give none and say so
    /// (`QueryTooLargeException`).
    MaxEventCount(NonZeroU32),
}

impl Limit {
    fn name(self) -> &'static str {
        match self {
            Self::EventCount(_) => EVENT_COUNT_LIMIT,
            Self::MaxEventCount(_) => MAX_EVENT_COUNT,
        }
    }

    fn count(self) -> NonZeroU32 {
        match self {
            Self::EventCount(n) | Self::MaxEventCount(n) => n,
        }
    }
}

const ORDER_BY: &str = "orderBy";
const ORDER_DIRECTION: &str = "orderDirection";
const EVENT_COUNT_LIMIT: &str = "eventCountLimit";
const MAX_EVENT_COUNT: &str = "maxEventCount";
const PER_PAGE: &str = "perPage";
const NEXT_PAGE_TOKEN: &str = "nextPageToken";

/// The names of these parameters, for hints on near misses.
pub(super) const NAMES: [&str; 6] = [
    ORDER_BY,
    ORDER_DIRECTION,
    EVENT_COUNT_LIMIT,
    MAX_EVENT_COUNT,
    PER_PAGE,
    NEXT_PAGE_TOKEN,
];

/// The result parameters of a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultOptions {
    pub order_by: Option<OrderBy>,
    pub order_direction: Option<OrderDirection>,
    pub limit: Option<Limit>,
    pub per_page: Option<NonZeroU32>,
    /// The REST binding's page cursor, opaque here: the server that issued it reads it.
    pub next_page_token: Option<String>,
}

impl ResultOptions {
    /// Takes the parameter `name` if it is one of these; `None` otherwise.
    pub(super) fn take(
        &mut self,
        name: &str,
        value: &str,
        prefixes: &[(String, String)],
    ) -> Option<Result<(), QueryParameterError>> {
        let count = || values::one(name, value, values::positive);
        let result = match name {
            ORDER_BY => values::one(name, value, |v| OrderBy::parse(v, prefixes))
                .map(|o| self.order_by = Some(o)),
            ORDER_DIRECTION => values::one(name, value, OrderDirection::parse)
                .map(|d| self.order_direction = Some(d)),
            EVENT_COUNT_LIMIT => count().and_then(|n| self.set_limit(name, Limit::EventCount(n))),
            MAX_EVENT_COUNT => count().and_then(|n| self.set_limit(name, Limit::MaxEventCount(n))),
            PER_PAGE => count().map(|n| self.per_page = Some(n)),
            NEXT_PAGE_TOKEN => {
                if value.is_empty() {
                    Err(QueryParameterError::value(name, value, "is empty"))
                } else {
                    self.next_page_token = Some(value.to_owned());
                    Ok(())
                }
            }
            _ => return None,
        };
        Some(result)
    }

    fn set_limit(&mut self, name: &str, limit: Limit) -> Result<(), QueryParameterError> {
        if let Some(other) = self.limit.filter(|l| l.name() != limit.name()) {
            return Err(QueryParameterError::Conflict {
                parameter: name.to_owned(),
                other: other.name().to_owned(),
                rule: "a query limits its events by eventCountLimit or by maxEventCount, not \
                       both",
            });
        }
        self.limit = Some(limit);
        Ok(())
    }

    pub(super) fn to_pairs(&self, pairs: &mut Vec<(String, String)>) {
        let mut push = |name: &str, value: String| pairs.push((name.to_owned(), value));
        if let Some(order) = &self.order_by {
            push(ORDER_BY, order.write());
        }
        if let Some(direction) = self.order_direction {
            push(ORDER_DIRECTION, direction.name().to_owned());
        }
        if let Some(limit) = self.limit {
            push(limit.name(), limit.count().to_string());
        }
        if let Some(n) = self.per_page {
            push(PER_PAGE, n.to_string());
        }
        if let Some(token) = &self.next_page_token {
            push(NEXT_PAGE_TOKEN, token.clone());
        }
    }
}
