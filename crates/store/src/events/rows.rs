//! The rows an event is stored as besides its own: one per identifier it names, class it
//! counts and business transaction, source or destination it gives, each keyed so that a
//! query or a trace finds it whichever form it was written in.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::gs1::normalise_epcis_id;
use yima_domain::epcis::{
    Anomaly, AnomalyKind, CaptureJob, CaptureOutcome, CapturedEvent, Event, Namespaces,
};

use crate::StoreError;

/// The key an identifier is matched by.
pub(crate) fn key(identifier: &str) -> String {
    normalise_epcis_id(identifier).map_or_else(|_| identifier.to_owned(), |id| id.key)
}

/// A class-level quantity's row: (key, role, position, quantity, uom).
pub(crate) type ClassRow = (String, &'static str, i32, Option<f64>, Option<String>);

/// The index rows of one event.
#[derive(Debug, Default)]
pub(crate) struct IndexRows {
    /// (key, role)
    pub epcs: BTreeSet<(String, &'static str)>,
    pub classes: Vec<ClassRow>,
    /// (kind, type, key)
    pub links: BTreeSet<(&'static str, String, String)>,
    pub anomalies: Vec<Anomaly>,
}

impl IndexRows {
    pub fn of(event: &Event) -> Self {
        let mut rows = Self::default();
        for (role, epc) in event.epcs() {
            rows.epcs.insert((key(epc), role.name()));
        }
        for (position, (role, q)) in event.quantities().enumerate() {
            rows.classes.push((
                key(&q.epc_class),
                role.name(),
                i32::try_from(position).unwrap_or(i32::MAX),
                q.quantity,
                q.uom.clone(),
            ));
        }
        for t in &event.biz_transaction_list {
            let kind = t.kind.as_ref().map_or_else(String::new, |k| k.as_json());
            rows.links.insert(("biz_transaction", kind, key(&t.id)));
        }
        for s in &event.source_list {
            rows.links.insert(("source", s.kind.as_json(), key(&s.id)));
        }
        for d in &event.destination_list {
            rows.links
                .insert(("destination", d.kind.as_json(), key(&d.id)));
        }
        rows
    }
}

/// Reads a stored event back through the domain's own parser.
pub(crate) fn decode_event(
    id: Uuid,
    hash_id: String,
    recorded_at: DateTime<Utc>,
    submitter: Option<String>,
    capture_id: Option<Uuid>,
    document: String,
) -> Result<super::StoredEvent, StoreError> {
    let corrupt = |problem: String| StoreError::Corrupt {
        what: format!("event {id}"),
        problem,
    };
    let object = match serde_json::from_str(&document) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(_) => return Err(corrupt("the document is not a JSON object".into())),
        Err(e) => return Err(corrupt(e.to_string())),
    };
    let event =
        Event::from_json(object, &Namespaces::default()).map_err(|e| corrupt(e.to_string()))?;
    Ok(super::StoredEvent {
        captured: CapturedEvent {
            id,
            hash_id,
            event,
            recorded_at,
            submitter,
            capture_id,
            anomalies: Vec::new(),
        },
        document,
    })
}

/// The columns of a `CaptureRow`: a job, left-joined with its outcome (`c` and `o`).
pub(crate) const CAPTURE_SELECT: &str = "SELECT c.id, c.received_at, c.submitter, c.error_behaviour, c.document_bytes, \
     c.document_sha256, o.finished_at, o.success, o.stored, o.duplicates, o.faults \
     FROM epcis_captures c LEFT JOIN epcis_capture_outcomes o ON o.capture_id = c.id";

/// A capture job and its outcome as a row holds them.
pub(crate) type CaptureRow = (
    Uuid,
    DateTime<Utc>,
    Option<String>,
    String,
    i64,
    String,
    Option<DateTime<Utc>>,
    Option<bool>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// Reads a capture job's row back, its outcome if it has one.
pub(crate) fn decode_capture(
    row: CaptureRow,
) -> Result<(CaptureJob, Option<CaptureOutcome>), StoreError> {
    let (
        id,
        received_at,
        submitter,
        behaviour,
        bytes,
        sha256,
        finished,
        success,
        stored,
        duplicates,
        faults,
    ) = row;
    let corrupt = |problem: String| StoreError::Corrupt {
        what: format!("capture {id}"),
        problem,
    };
    let job = CaptureJob {
        id,
        received_at,
        submitter,
        error_behaviour: behaviour.parse().map_err(corrupt)?,
        document_bytes: u64::try_from(bytes).map_err(|e| corrupt(e.to_string()))?,
        document_sha256: sha256,
    };
    let outcome = match (finished, success, stored, duplicates, faults) {
        (Some(finished_at), Some(success), Some(stored), Some(duplicates), Some(faults)) => {
            Some(CaptureOutcome {
                capture_id: id,
                finished_at,
                success,
                stored: u64::try_from(stored).map_err(|e| corrupt(e.to_string()))?,
                duplicates: u64::try_from(duplicates).map_err(|e| corrupt(e.to_string()))?,
                faults: serde_json::from_str(&faults).map_err(|e| corrupt(e.to_string()))?,
            })
        }
        _ => None,
    };
    Ok((job, outcome))
}

/// An anomaly's row: (event, position, kind, epc, detail).
pub(crate) type AnomalyRow = (Uuid, i32, String, String, String);

/// Attaches each event's anomalies, read as rows ordered by event and position.
pub(crate) fn attach_anomalies(
    events: &mut [super::StoredEvent],
    rows: Vec<AnomalyRow>,
) -> Result<(), StoreError> {
    let mut by_event: std::collections::HashMap<Uuid, Vec<Anomaly>> = Default::default();
    for (event, _, kind, epc, detail) in rows {
        let kind = AnomalyKind::parse(&kind).ok_or_else(|| StoreError::Corrupt {
            what: format!("anomaly of event {event}"),
            problem: format!("'{kind}' is no anomaly kind"),
        })?;
        by_event
            .entry(event)
            .or_default()
            .push(Anomaly { kind, epc, detail });
    }
    for stored in events {
        if let Some(found) = by_event.remove(&stored.captured.id) {
            stored.captured.anomalies = found;
        }
    }
    Ok(())
}

/// A listed anomaly's row: (event, position, kind, epc, detail, hash_id, recorded_at,
/// submitter, capture_id).
pub(crate) type StoredAnomalyRow = (
    Uuid,
    i32,
    String,
    String,
    String,
    String,
    DateTime<Utc>,
    Option<String>,
    Option<Uuid>,
);

pub(crate) fn decode_anomaly(row: StoredAnomalyRow) -> Result<super::StoredAnomaly, StoreError> {
    let (event, position, kind, epc, detail, hash_id, recorded_at, submitter, capture_id) = row;
    let corrupt = |problem: String| StoreError::Corrupt {
        what: format!("anomaly {position} of event {event}"),
        problem,
    };
    Ok(super::StoredAnomaly {
        event,
        position: u32::try_from(position).map_err(|e| corrupt(e.to_string()))?,
        hash_id,
        recorded_at,
        submitter,
        capture_id,
        anomaly: Anomaly {
            kind: AnomalyKind::parse(&kind)
                .ok_or_else(|| corrupt(format!("'{kind}' is no anomaly kind")))?,
            epc,
            detail,
        },
    })
}
