//! Applying a correction: the original record is turned back into its draft, the changes
//! are read onto it, and the draft is validated again by the rules it was registered under,
//! as of the original's registration time, keeping the original's id and time. A corrected
//! record is thus one that could have been registered in the first place.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Correction;
use super::changes;
use crate::batch::{Batch, BatchDraft, InspectionDraft};
use crate::catalogue::Catalogue;
use crate::enterprise::{Enterprise, EnterpriseDraft};
use crate::ledger::RecordRef;
use crate::product::{ApprovalDraft, Product, ProductDraft};
use crate::validation::{Checker, FieldError, Invalid};

pub fn apply_to_enterprise(
    original: &Enterprise,
    correction: &Correction,
) -> Result<Enterprise, Invalid> {
    corrects(
        correction,
        RecordRef::Enterprise(original.credit_code.clone()),
    )?;
    let mut draft = EnterpriseDraft {
        credit_code: original.credit_code.to_string(),
        name: original.name.clone(),
        address: original.address.clone(),
        region: original.region.to_string(),
        roles: original
            .roles
            .names()
            .into_iter()
            .map(str::to_owned)
            .collect(),
    };
    let mut c = Checker::new();
    changes::onto_enterprise(&mut draft, &correction.changes, &mut c);
    c.finish()?;
    let corrected = draft
        .validate(original.registered_at)
        .map_err(|e| blame(e, &correction.changes))?;
    changes_something(original, corrected)
}

/// Applies `correction` to `original`; the catalogue checks the approval's regime against the
/// product's category, as at registration.
pub fn apply_to_product(
    original: &Product,
    correction: &Correction,
    catalogue: &Catalogue,
) -> Result<Product, Invalid> {
    corrects(correction, RecordRef::Product(original.id))?;
    let a = &original.approval;
    let mut draft = ProductDraft {
        producer: original.producer.to_string(),
        name: original.name.clone(),
        model: original.model.clone(),
        category: original.category.clone(),
        standard: original.standard.clone(),
        gtin: original.gtin.as_ref().map(ToString::to_string),
        approval: ApprovalDraft {
            regime: a.regime().as_str().to_owned(),
            number: a.number().to_owned(),
            status: a.status().as_str().to_owned(),
            checked_at: Some(a.checked_at()),
        },
    };
    let mut c = Checker::new();
    changes::onto_product(&mut draft, &correction.changes, &mut c);
    c.finish()?;
    // The producer is not correctable and was checked at registration.
    let corrected = draft
        .validate_fields(
            Checker::new(),
            original.id,
            Some(original.producer.clone()),
            catalogue,
            original.registered_at,
        )
        .map_err(|e| blame(e, &correction.changes))?;
    changes_something(original, corrected)
}

pub fn apply_to_batch(original: &Batch, correction: &Correction) -> Result<Batch, Invalid> {
    corrects(correction, RecordRef::Batch(original.id))?;
    let i = &original.inspection;
    let mut draft = BatchDraft {
        lot: original.lot.clone(),
        production_date: Some(original.production_date),
        quantity: original.quantity,
        unit_of_measure: Some(original.unit_of_measure.clone()),
        inspection: InspectionDraft {
            certificate_number: i.certificate_number.clone(),
            issuer: i.issuer.clone(),
            date: Some(i.date),
            result: i.result.as_str().to_owned(),
            document_sha256: i.document_sha256.clone(),
        },
    };
    let mut c = Checker::new();
    changes::onto_batch(&mut draft, &correction.changes, &mut c);
    c.finish()?;
    let corrected = draft
        .validate_for(original.id, original.product_id, original.registered_at)
        .map_err(|e| blame(e, &correction.changes))?;
    changes_something(original, corrected)
}

fn corrects(correction: &Correction, subject: RecordRef) -> Result<(), Invalid> {
    if correction.subject == subject {
        Ok(())
    } else {
        Err(one(
            "subject",
            format!("the correction is of {}, not {subject}", correction.subject),
        ))
    }
}

/// A correction that changes nothing would be a record of nothing.
fn changes_something<T: PartialEq>(original: &T, corrected: T) -> Result<T, Invalid> {
    if &corrected == original {
        Err(one(
            "changes",
            "change nothing: every value is the record's own",
        ))
    } else {
        Ok(corrected)
    }
}

/// Names a failing field `changes.<field>` when the correction changed it; a field it did not
/// change keeps its own name (the original no longer passes, say a category since dropped).
fn blame(mut invalid: Invalid, changes: &BTreeMap<String, Value>) -> Invalid {
    for e in &mut invalid.errors {
        let top = e.field.split('.').next().unwrap_or_default();
        if changes.contains_key(top) {
            e.field = format!("changes.{}", e.field);
        }
    }
    invalid
}

fn one(field: &str, problem: impl Into<String>) -> Invalid {
    Invalid {
        errors: vec![FieldError {
            field: field.to_owned(),
            problem: problem.into(),
        }],
    }
}
