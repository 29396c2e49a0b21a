//! What an events query selects, in the store's terms: values already normalised to the keys
//! and names the rows hold. The faces turn the EPCIS query parameters into this.

use chrono::{DateTime, Utc};

use super::EventCursor;

/// Roles an identifier is matched in (`MATCH_epc` is epc; `MATCH_anyEPC` all four).
pub type Roles = &'static [&'static str];

/// One identifier condition: any of `keys`, exactly or as a prefix (an EPC pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdMatch {
    Exact(String),
    Prefix(String),
}

/// A bound on a class-level quantity: (operator, value), operator one of = > >= < <=.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuantityBound {
    pub operator: &'static str,
    pub value: f64,
}

/// Which time orders the results, and which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventOrder {
    EventTimeAscending,
    EventTimeDescending,
    #[default]
    RecordTimeAscending,
    RecordTimeDescending,
}

impl EventOrder {
    pub(crate) fn column(self) -> &'static str {
        match self {
            Self::EventTimeAscending | Self::EventTimeDescending => "event_time",
            Self::RecordTimeAscending | Self::RecordTimeDescending => "record_time",
        }
    }

    pub(crate) fn descending(self) -> bool {
        matches!(self, Self::EventTimeDescending | Self::RecordTimeDescending)
    }
}

/// The conditions of one events query; every list is "any of", every field "and".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventSelection {
    pub event_types: Vec<String>,
    pub event_time_ge: Option<DateTime<Utc>>,
    pub event_time_lt: Option<DateTime<Utc>>,
    pub record_time_ge: Option<DateTime<Utc>>,
    pub record_time_lt: Option<DateTime<Utc>>,
    pub actions: Vec<String>,
    pub biz_steps: Vec<String>,
    pub dispositions: Vec<String>,
    pub read_points: Vec<String>,
    pub biz_locations: Vec<String>,
    pub transformation_ids: Vec<String>,
    pub event_ids: Vec<String>,
    pub hash_ids: Vec<String>,
    /// Each (roles, any of these) must hold.
    pub epcs: Vec<(Roles, Vec<IdMatch>)>,
    pub classes: Vec<(Roles, Vec<IdMatch>)>,
    pub quantities: Vec<QuantityBound>,
    pub error_declared: Option<bool>,
    /// Each (kind, type, any of these values) must hold.
    pub links: Vec<(&'static str, String, Vec<String>)>,
    pub order: EventOrder,
    pub after: Option<EventCursor>,
    pub limit: u32,
}
