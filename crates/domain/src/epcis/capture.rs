//! Capture jobs (EPCIS 2.0 REST binding, `POST /capture`): a document is accepted at once and
//! checked and stored afterwards; the job says how that went. A job is two records, never an
//! edited one: what was received, and how it ended. Under `rollback` a document with any
//! faulty event stores nothing; under `proceed` its good events are stored and its faults
//! reported.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a capture does with a document that has faulty events
/// (`GS1-Capture-Error-Behaviour`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorBehaviour {
    /// Store nothing.
    #[default]
    Rollback,
    /// Store the good events, report the others.
    Proceed,
}

impl ErrorBehaviour {
    pub fn name(self) -> &'static str {
        match self {
            Self::Rollback => "rollback",
            Self::Proceed => "proceed",
        }
    }
}

impl fmt::Display for ErrorBehaviour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ErrorBehaviour {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "rollback" => Ok(Self::Rollback),
            "proceed" => Ok(Self::Proceed),
            _ => Err(format!(
                "'{value}' is not a capture error behaviour: rollback or proceed"
            )),
        }
    }
}

/// A document received for capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureJob {
    pub id: Uuid,
    pub received_at: DateTime<Utc>,
    pub submitter: Option<String>,
    pub error_behaviour: ErrorBehaviour,
    /// The document's size and SHA-256 (hex), so a submitter can tell which it was.
    pub document_bytes: u64,
    pub document_sha256: String,
}

/// One fault of a capture: where (the event's index and the JSON path) and the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureFault {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_index: Option<u64>,
    pub path: String,
    pub rule: String,
}

/// How a capture ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureOutcome {
    pub capture_id: Uuid,
    pub finished_at: DateTime<Utc>,
    /// Every event was read and none refused.
    pub success: bool,
    /// Events stored by this capture.
    pub stored: u64,
    /// Events that were stored before (by this or another capture) and not stored again.
    pub duplicates: u64,
    pub faults: Vec<CaptureFault>,
}
