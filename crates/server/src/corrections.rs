//! The current state of a record: the record as registered with its corrections applied in
//! order. Every read that shows a record (the registry's GETs, the scan) shows this.

use yima_domain::{
    Batch, Correction, Enterprise, Found, Product, RecordRef, apply_to_batch, apply_to_enterprise,
    apply_to_product,
};

use crate::problem::ApiError;
use crate::state::AppState;

/// A stored correction that no longer applies means the database was changed behind the
/// platform's back (each was checked against the record when it was stored).
fn unappliable(subject: &RecordRef, c: &Correction, e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!(
        "stored correction {} of {subject} does not apply: {e}",
        c.id
    ))
}

pub async fn enterprise(
    state: &AppState,
    original: Enterprise,
) -> Result<(Enterprise, Vec<Correction>), ApiError> {
    let subject = RecordRef::Enterprise(original.credit_code.clone());
    let corrections = state.store.corrections(&subject).await?;
    let mut current = original;
    for c in &corrections {
        current = apply_to_enterprise(&current, c).map_err(|e| unappliable(&subject, c, e))?;
    }
    Ok((current, corrections))
}

pub async fn product(
    state: &AppState,
    original: Product,
) -> Result<(Product, Vec<Correction>), ApiError> {
    let subject = RecordRef::Product(original.id);
    let corrections = state.store.corrections(&subject).await?;
    let mut current = original;
    for c in &corrections {
        current = apply_to_product(&current, c, &state.catalogue)
            .map_err(|e| unappliable(&subject, c, e))?;
    }
    Ok((current, corrections))
}

pub async fn batch(
    state: &AppState,
    original: Batch,
) -> Result<(Batch, Vec<Correction>), ApiError> {
    let subject = RecordRef::Batch(original.id);
    let corrections = state.store.corrections(&subject).await?;
    let mut current = original;
    for c in &corrections {
        current = apply_to_batch(&current, c).map_err(|e| unappliable(&subject, c, e))?;
    }
    Ok((current, corrections))
}

/// What a scan found, each record in its current state: the corrections of all three are
/// read in one round trip, as a scan is the hot path.
pub async fn found(state: &AppState, mut found: Found) -> Result<Found, ApiError> {
    let mut subjects = Vec::with_capacity(3);
    if let Some(e) = &found.producer {
        subjects.push(RecordRef::Enterprise(e.credit_code.clone()));
    }
    if let Some(p) = &found.product {
        subjects.push(RecordRef::Product(p.id));
    }
    if let Some(b) = &found.batch {
        subjects.push(RecordRef::Batch(b.id));
    }
    let corrections = state.store.corrections_of(&subjects).await?;
    for c in &corrections {
        let subject = &c.subject;
        match subject {
            RecordRef::Enterprise(_) => {
                if let Some(e) = found.producer.as_mut() {
                    *e = apply_to_enterprise(e, c).map_err(|err| unappliable(subject, c, err))?;
                }
            }
            RecordRef::Product(_) => {
                if let Some(p) = found.product.as_mut() {
                    *p = apply_to_product(p, c, &state.catalogue)
                        .map_err(|err| unappliable(subject, c, err))?;
                }
            }
            RecordRef::Batch(_) => {
                if let Some(b) = found.batch.as_mut() {
                    *b = apply_to_batch(b, c).map_err(|err| unappliable(subject, c, err))?;
                }
            }
            _ => {}
        }
    }
    Ok(found)
}

/// A record after a client's correction of it, with its corrections and the correction's
/// leaf. `current` is the record with `history` applied; `apply` applies one correction under
/// the record's rules. The correction is validated (names and shapes of the changes, reason),
/// applied, and only then stored.
pub async fn correct<R>(
    state: &AppState,
    (current, mut history): (R, Vec<Correction>),
    subject: RecordRef,
    request: crate::wire::registry::CorrectionRequest,
    apply: impl FnOnce(&R, &Correction) -> Result<R, yima_domain::Invalid>,
    receipt: &crate::wire::receipt::ReceiptQuery,
) -> Result<(R, Vec<Correction>, crate::wire::receipt::LedgerWrite), ApiError> {
    let correction = yima_domain::CorrectionDraft {
        changes: request.changes.into_iter().collect(),
        reason: request.reason,
    }
    .validate(subject, crate::api::now())
    .map_err(|e| ApiError::invalid("", e))?;
    let corrected = apply(&current, &correction).map_err(|e| ApiError::invalid("", e))?;
    let leaf = state.store.insert_correction(&correction).await?;
    history.push(correction);
    let ledger = crate::receipts::ledger_write(state, leaf, 1, receipt).await?;
    Ok((corrected, history, ledger))
}

/// A record's corrections as its view lists them.
pub fn history(corrections: &[Correction]) -> Vec<crate::wire::registry::CorrectionView> {
    corrections.iter().map(Into::into).collect()
}
