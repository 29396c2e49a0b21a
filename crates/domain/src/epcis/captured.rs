//! An event as the platform keeps it: the event, its identity (the CBV event hash ID), when it
//! was recorded and by whom, and the exact JSON text it is served as — the text the ledger
//! entry commits to, so what a query returns can be checked against the log byte for byte.

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use super::anomaly::Anomaly;
use super::event::Event;

/// A captured event.
#[derive(Debug, Clone, PartialEq)]
pub struct CapturedEvent {
    /// The record's id (UUIDv7, so ids sort by capture time).
    pub id: Uuid,
    /// The CBV 2.0 event hash ID, `ni:///sha-256;…?ver=CBV2.0`.
    pub hash_id: String,
    /// The event, its `recordTime` set to `recorded_at`.
    pub event: Event,
    pub recorded_at: DateTime<Utc>,
    /// Who submitted it: an enterprise's credit code or a client's name.
    pub submitter: Option<String>,
    /// The capture job it came in, if it came in one.
    pub capture_id: Option<Uuid>,
    /// What the history checks found wrong with it (`anomaly.rs`); it was stored all the same.
    pub anomalies: Vec<Anomaly>,
}

impl CapturedEvent {
    /// Prepares `event` for storing: sets its `recordTime`.
    pub fn new(
        id: Uuid,
        hash_id: String,
        mut event: Event,
        recorded_at: DateTime<Utc>,
        submitter: Option<String>,
        capture_id: Option<Uuid>,
    ) -> Self {
        event.record_time = Some(recorded_at.into());
        Self {
            id,
            hash_id,
            event,
            recorded_at,
            submitter,
            capture_id,
            anomalies: Vec::new(),
        }
    }

    /// The event as served: its JSON with an `@context` of the namespaces it uses. Map keys
    /// are in serde_json's order, which is fixed for a build; the stored text, not this
    /// function, is what the ledger commits to.
    pub fn document(&self) -> String {
        let mut json = self.event.to_json();
        if !self.event.namespace_map().is_empty() {
            let context: serde_json::Map<String, Value> = self
                .event
                .namespace_map()
                .iter()
                .map(|(prefix, uri)| (prefix.clone(), Value::String(uri.clone())))
                .collect();
            json.insert("@context".into(), Value::Object(context));
        }
        Value::Object(json).to_string()
    }
}
