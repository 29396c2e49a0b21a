//! Corrections. A logged record is never edited, since its entry commits to its bytes; a
//! mistake in one is put right by a new record, a correction, that names the record it
//! corrects, the fields it changes and why. The corrected record is the original with the
//! changes applied, held to the rules its draft was held to.
//!
//! Only descriptive fields are correctable: enterprise name, address, region and roles;
//! product name, model, standard and approval; batch production date and inspection proof.
//! A wrong identifier or quantity makes a different record, registered anew.
//!
//! A store takes a [`CorrectionDraft`] with the subject's reference, validates it into a
//! [`Correction`], loads the subject and applies the correction to it with
//! [`apply_to_enterprise`], [`apply_to_product`] or [`apply_to_batch`], which check the
//! changed values.

mod apply;
mod changes;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

pub use apply::{apply_to_batch, apply_to_enterprise, apply_to_product};
pub use changes::correctable;

use crate::batch::BatchDraft;
use crate::enterprise::EnterpriseDraft;
use crate::ledger::{RecordKind, RecordRef};
use crate::product::ProductDraft;
use crate::text::bounded;
use crate::validation::{Checker, Invalid, vouched};

/// The longest reason a correction may give, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// A correction of an enterprise, product or batch record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub id: Uuid,
    /// The corrected record: an enterprise, product or batch.
    pub subject: RecordRef,
    /// Field name → new value, as the client sent it. Approval and inspection are objects
    /// holding only the parts that change.
    pub changes: BTreeMap<String, Value>,
    pub reason: String,
    pub corrected_at: DateTime<Utc>,
}

/// What a client sends to correct a record.
#[derive(Debug, Clone, Default)]
pub struct CorrectionDraft {
    pub changes: BTreeMap<String, Value>,
    pub reason: String,
}

impl CorrectionDraft {
    /// Checks the reason, that `subject` is correctable, and that every change names a
    /// correctable field with a value of the right shape; `now` becomes the correction's
    /// time. Whether the values obey the record's rules is checked when the correction is
    /// applied to the record.
    pub fn validate(&self, subject: RecordRef, now: DateTime<Utc>) -> Result<Correction, Invalid> {
        let mut c = Checker::new();
        let reason = c.take("reason", bounded(&self.reason, MAX_REASON_CHARS));
        if self.changes.is_empty() {
            c.fail("changes", "must name at least one field to correct");
        }
        // The changes are read onto an empty draft only to check their names and shapes.
        match subject.kind() {
            RecordKind::Enterprise => {
                changes::onto_enterprise(&mut EnterpriseDraft::default(), &self.changes, &mut c);
            }
            RecordKind::Product => {
                changes::onto_product(&mut ProductDraft::default(), &self.changes, &mut c);
            }
            RecordKind::Batch => {
                changes::onto_batch(&mut BatchDraft::default(), &self.changes, &mut c);
            }
            other => c.fail(
                "subject",
                format!("a {other} record cannot be corrected; enterprise, product and batch records can"),
            ),
        }
        c.finish()?;
        Ok(Correction {
            id: Uuid::now_v7(),
            subject,
            changes: self.changes.clone(),
            reason: vouched("reason", reason)?,
            corrected_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_740_824_430, 0).unwrap()
    }

    fn product() -> RecordRef {
        RecordRef::parse("product:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b").unwrap()
    }

    fn draft(changes: Value, reason: &str) -> CorrectionDraft {
        CorrectionDraft {
            changes: serde_json::from_value(changes).unwrap(),
            reason: reason.to_owned(),
        }
    }

    fn fields(err: Invalid) -> Vec<String> {
        err.errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn valid_draft_becomes_a_correction() {
        let c = draft(json!({"name": "线缆 A"}), " typo in the name ")
            .validate(product(), at())
            .unwrap();
        assert_eq!(c.subject, product());
        assert_eq!(c.reason, "typo in the name");
        assert_eq!(c.corrected_at, at());
        assert_eq!(c.changes["name"], json!("线缆 A"));
    }

    #[test]
    fn reason_is_required_and_bounded() {
        let changes = json!({"name": "x"});
        let err = draft(changes.clone(), "  ")
            .validate(product(), at())
            .unwrap_err();
        assert_eq!(fields(err), ["reason"]);
        let long = "长".repeat(501);
        let err = draft(changes.clone(), &long)
            .validate(product(), at())
            .unwrap_err();
        assert_eq!(fields(err), ["reason"]);
        assert!(
            draft(changes, &"长".repeat(500))
                .validate(product(), at())
                .is_ok()
        );
    }

    #[test]
    fn changes_must_be_non_empty() {
        let err = draft(json!({}), "r").validate(product(), at()).unwrap_err();
        assert_eq!(fields(err), ["changes"]);
    }

    #[test]
    fn identifiers_and_quantities_are_not_correctable() {
        let err = draft(json!({"gtin": "09520123456788", "colour": "red"}), "r")
            .validate(product(), at())
            .unwrap_err();
        assert_eq!(fields(err.clone()), ["changes.colour", "changes.gtin"]);
        assert!(err.errors[1].problem.contains("registered anew"));
        let batch = RecordRef::parse("batch:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b").unwrap();
        let err = draft(json!({"quantity": 5, "lot": "L2"}), "r")
            .validate(batch, at())
            .unwrap_err();
        assert_eq!(fields(err), ["changes.lot", "changes.quantity"]);
        let enterprise = RecordRef::parse("enterprise:91350100M000100Y43").unwrap();
        let err = draft(json!({"credit_code": "x"}), "r")
            .validate(enterprise, at())
            .unwrap_err();
        assert_eq!(fields(err), ["changes.credit_code"]);
    }

    #[test]
    fn shapes_are_checked_by_name() {
        let err = draft(
            json!({"name": 5, "approval": {"status": true, "checked_at": "yesterday", "colour": "x"}}),
            "r",
        )
        .validate(product(), at())
        .unwrap_err();
        assert_eq!(
            fields(err),
            [
                "changes.approval.checked_at",
                "changes.approval.colour",
                "changes.approval.status",
                "changes.name"
            ]
        );
        let batch = RecordRef::parse("batch:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b").unwrap();
        let err = draft(
            json!({"production_date": "2025-3-1", "inspection": {"document_sha256": 1}}),
            "r",
        )
        .validate(batch, at())
        .unwrap_err();
        assert_eq!(
            fields(err),
            [
                "changes.inspection.document_sha256",
                "changes.production_date"
            ]
        );
    }

    #[test]
    fn only_registry_records_are_correctable() {
        let err = draft(json!({"count": 1}), "r")
            .validate(RecordRef::parse("code_issuance:1/1").unwrap(), at())
            .unwrap_err();
        assert_eq!(fields(err), ["subject"]);
    }
}
