//! Corrections as rows, and the records they may name. A correction's changes are kept as the
//! canonical JSON its leaf committed to, so reading them back gives the same bytes.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_domain::{Correction, RecordRef};

use crate::StoreError;

pub(crate) const INSERT: &str = "INSERT INTO corrections \
     (id, subject, changes, reason, corrected_at) VALUES ($1, $2, $3, $4, $5)";

pub(crate) const BY_SUBJECT: &str = "SELECT id, subject, changes, reason, corrected_at \
     FROM corrections WHERE subject = $1 ORDER BY corrected_at, id";

/// Three subjects; a scan with fewer repeats one (the result is the same).
pub(crate) const BY_SUBJECTS: &str = "SELECT id, subject, changes, reason, corrected_at \
     FROM corrections WHERE subject IN ($1, $2, $3) ORDER BY corrected_at, id";

pub(crate) const BY_ID: &str =
    "SELECT id, subject, changes, reason, corrected_at FROM corrections WHERE id = $1";

pub(crate) const REGISTRATION: &str = "SELECT added, total, registered_at \
     FROM unit_registrations WHERE batch_id = $1 AND sequence = $2";

pub(crate) const REGISTRATION_KEYS: &str =
    "SELECT key FROM unit_codes WHERE batch_id = $1 AND registration = $2";

pub(crate) type CorrectionRow = (Uuid, String, String, String, DateTime<Utc>);

/// How the subject's existence is checked: the statement and the key it binds.
pub(crate) enum SubjectKey {
    Text(String),
    Id(Uuid),
}

pub(crate) fn subject_query(subject: &RecordRef) -> Result<(&'static str, SubjectKey), StoreError> {
    Ok(match subject {
        RecordRef::Enterprise(code) => (
            "SELECT 1 FROM enterprises WHERE credit_code = $1",
            SubjectKey::Text(code.as_str().to_owned()),
        ),
        RecordRef::Product(id) => ("SELECT 1 FROM products WHERE id = $1", SubjectKey::Id(*id)),
        RecordRef::Batch(id) => ("SELECT 1 FROM batches WHERE id = $1", SubjectKey::Id(*id)),
        other => {
            return Err(StoreError::Invalid {
                problem: format!("{other} cannot be corrected"),
            });
        }
    })
}

/// The changes as canonical JSON text.
pub(crate) fn changes_text(c: &Correction) -> Result<String, StoreError> {
    let object = serde_json::Value::Object(c.changes.clone().into_iter().collect());
    let bytes = yima_domain::canonical_json(&object).map_err(|e| StoreError::Invalid {
        problem: format!("correction {}: {e}", c.id),
    })?;
    String::from_utf8(bytes).map_err(|e| StoreError::Invalid {
        problem: format!("correction {}: {e}", c.id),
    })
}

pub(crate) fn decode(
    (id, subject, changes, reason, corrected_at): CorrectionRow,
) -> Result<Correction, StoreError> {
    let corrupt = |what: &str, problem: String| StoreError::Corrupt {
        what: format!("corrections.{what}"),
        problem,
    };
    Ok(Correction {
        id,
        subject: RecordRef::parse(&subject).map_err(|e| corrupt("subject", e.to_string()))?,
        changes: serde_json::from_str(&changes).map_err(|e| corrupt("changes", e.to_string()))?,
        reason,
        corrected_at,
    })
}
