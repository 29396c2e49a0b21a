//! The canonical bytes of any stored record by its ledger reference: what its leaf commits to,
//! recomputed from the store, for evidence files and for `yima log verify`.

use yima_domain::RecordRef;
use yima_domain::ledger::{LedgerError, Recorded};

use crate::{Store, StoreError};

/// The record `reference` names, in canonical form; `None` if it is not stored, and the
/// ledger's error if the stored record has no canonical form.
pub async fn canonical_record(
    store: &dyn Store,
    reference: &RecordRef,
) -> Result<Option<Result<Vec<u8>, LedgerError>>, StoreError> {
    fn canonical<R: Recorded>(record: Option<R>) -> Option<Result<Vec<u8>, LedgerError>> {
        record.map(|r| r.canonical())
    }
    Ok(match reference {
        RecordRef::Enterprise(code) => canonical(store.enterprise(code).await?),
        RecordRef::Product(id) => canonical(store.product(*id).await?),
        RecordRef::Batch(id) => canonical(store.batch(*id).await?),
        RecordRef::UnitRegistration { batch_id, sequence } => {
            canonical(store.registration(*batch_id, *sequence).await?)
        }
        RecordRef::CodeIssuance { key_id, number } => {
            canonical(store.issuance(*key_id, *number).await?.map(|(i, _)| i))
        }
        RecordRef::IssuingKey(id) => canonical(store.issuing_key(*id).await?),
        RecordRef::Correction(id) => canonical(store.correction(*id).await?),
        RecordRef::Event(id) => store.event(*id).await?.map(|e| e.record().canonical()),
        RecordRef::Audit(id) => canonical(store.audit_batch(*id).await?),
        RecordRef::SubmissionKey(id) => canonical(store.submission_key(*id).await?.map(|(k, _)| k)),
        RecordRef::SubmissionKeyRevocation(key_id) => {
            canonical(store.submission_key(*key_id).await?.and_then(|(_, r)| r))
        }
        RecordRef::SignedSubmission(id) => canonical(store.signed_submission(*id).await?),
        RecordRef::RecallNotice(id) => canonical(store.recall_notice(*id).await?),
        RecordRef::RecallAcknowledgement { recall, enterprise } => {
            canonical(store.recall_acknowledgement(*recall, enterprise).await?)
        }
    })
}
