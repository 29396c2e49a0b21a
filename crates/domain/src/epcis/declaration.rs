//! Corrections and certificates on an event. EPCIS never edits an event: an error is declared
//! by capturing the event again with an `errorDeclaration` (when, why, and the events that
//! correct it), and the original stays as it was. `certificationInfo` points at the
//! certificates (of inspection, of conformity) that the event's goods carry.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::cbv::{ErrorReason, Term};
use super::when::Timestamp;

/// The declaration that an event was in error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDeclaration {
    pub declaration_time: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Term<ErrorReason>>,
    /// The eventIDs of the events that correct this one.
    #[serde(
        rename = "correctiveEventIDs",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub corrective_event_ids: Vec<String>,
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// `certificationInfo`: one certificate's URI, or several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CertificationInfo {
    One(String),
    Many(Vec<String>),
}

impl CertificationInfo {
    pub fn uris(&self) -> &[String] {
        match self {
            Self::One(uri) => std::slice::from_ref(uri),
            Self::Many(uris) => uris,
        }
    }
}

/// `persistentDisposition`: dispositions that stay with the goods until unset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistentDisposition {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<Term<super::cbv::Disposition>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unset: Vec<Term<super::cbv::Disposition>>,
}
