//! EPCIS events in the store: the rows an event becomes (`rows.rs`), what a query selects
//! (`selection.rs`), and the engine code both engines share (`engine.rs`, a macro like
//! `shared.rs`, since sqlx's query builders are per database); the binding's listings of
//! what events name and of capture jobs (`field.rs`, `listing.rs`), and named queries
//! (`named_queries.rs`), likewise.

pub(crate) mod engine;
mod field;
pub(crate) mod listing;
pub(crate) mod named_queries;
mod rows;
mod selection;

pub use field::EventField;
pub(crate) use named_queries::{NamedQueryRow, decode_named_query};
pub(crate) use rows::{
    AnomalyRow, CAPTURE_SELECT, CaptureRow, IndexRows, StoredAnomalyRow, attach_anomalies,
    decode_anomaly, decode_capture, decode_event, key as rows_key,
};
pub use selection::{EventOrder, EventSelection, IdMatch, QuantityBound, Roles};

use uuid::Uuid;
use yima_domain::epcis::CapturedEvent;

/// An event as stored: the record and the exact text it is served as.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub captured: CapturedEvent,
    pub document: String,
}

impl StoredEvent {
    /// The event as a log record: what its leaf commits to.
    pub fn record(&self) -> yima_domain::ledger::EventRecord<'_> {
        yima_domain::ledger::EventRecord {
            captured: &self.captured,
            document: &self.document,
        }
    }
}

/// An anomaly with the event it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnomaly {
    pub event: Uuid,
    pub position: u32,
    pub hash_id: String,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    pub submitter: Option<String>,
    pub capture_id: Option<Uuid>,
    pub anomaly: yima_domain::epcis::Anomaly,
}

/// Which anomalies to list: of a kind, of a capture, after a position (event id, position),
/// oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnomalySelection {
    pub kind: Option<yima_domain::epcis::AnomalyKind>,
    pub capture_id: Option<Uuid>,
    pub after: Option<(Uuid, u32)>,
    pub limit: u32,
}

/// An event made ready for storing before any transaction begins: its served text, its
/// sealed leaf, its index rows and the columns queries filter on.
pub(crate) struct PreparedEvent<'a> {
    pub captured: &'a yima_domain::epcis::CapturedEvent,
    pub document: String,
    pub sealed: yima_domain::ledger::Sealed,
    pub declares_error: bool,
    pub biz_step: Option<String>,
    pub disposition: Option<String>,
    pub read_point: Option<String>,
    pub biz_location: Option<String>,
    pub index: IndexRows,
}

/// Prepares `events`: the work that needs no database, done before the write lock is taken.
pub(crate) fn prepare(
    events: &[yima_domain::epcis::CapturedEvent],
) -> Result<Vec<PreparedEvent<'_>>, crate::StoreError> {
    events
        .iter()
        .map(|captured| {
            let document = captured.document();
            let sealed = crate::log::seal(&yima_domain::ledger::EventRecord {
                captured,
                document: &document,
            })?;
            let event = &captured.event;
            let mut index = IndexRows::of(event);
            index.anomalies = captured.anomalies.clone();
            Ok(PreparedEvent {
                captured,
                document,
                sealed,
                declares_error: event.error_declaration.is_some(),
                biz_step: event.biz_step.as_ref().map(|t| t.as_json()),
                disposition: event.disposition.as_ref().map(|t| t.as_json()),
                read_point: event.read_point.as_ref().map(|p| rows_key(&p.id)),
                biz_location: event.biz_location.as_ref().map(|p| rows_key(&p.id)),
                index,
            })
        })
        .collect()
}

/// What became of one event of a capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// Stored, with its ledger leaf.
    Stored { id: Uuid, leaf: Uuid },
    /// The same event (same hash ID, same error-declaration status) was stored before, as `id`.
    Duplicate { id: Uuid },
}

/// A position in a query's order, for the next page: the last event's time and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventCursor {
    pub time: chrono::DateTime<chrono::Utc>,
    pub id: Uuid,
}

impl EventOrder {
    /// The cursor that continues this order after `event`.
    pub fn cursor_after(self, event: &StoredEvent) -> EventCursor {
        let time = match self {
            EventOrder::EventTimeAscending | EventOrder::EventTimeDescending => {
                event.captured.event.event_time.utc()
            }
            EventOrder::RecordTimeAscending | EventOrder::RecordTimeDescending => {
                event.captured.recorded_at
            }
        };
        EventCursor {
            time,
            id: event.captured.id,
        }
    }
}

/// The least string above every string that starts with `prefix`: its last character
/// incremented (keys are ASCII URIs, whose last character is never the highest one).
pub(crate) fn prefix_end(prefix: &str) -> String {
    let mut end = prefix.to_owned();
    match end.pop() {
        Some(last) => {
            end.push(char::from_u32(u32::from(last) + 1).unwrap_or(char::MAX));
            end
        }
        None => char::MAX.to_string(),
    }
}
