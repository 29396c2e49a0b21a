//! A record's evidence: the record with the salt and log entry that commit to it, and the
//! entry's inclusion proof, so that its holder can show offline that the log holds exactly
//! this record. Records will not all be public (flows are private), so this needs the
//! administrator's token until access rules exist.

use axum::Json;
use axum::extract::State;
use yima_domain::RecordEvidence;
use yima_domain::ledger::{RecordRef, Sealed, check_sealed};
use yima_ledger::TlogProof;
use yima_store::Store;

use super::log::latest_checkpoint;
use crate::problem::{ApiError, ApiPath, Problem};
use crate::state::AppState;
use crate::wire::ledger::LedgerRecordView;
use crate::witness::cosigned_note;

/// A record's evidence and inclusion proof.
///
/// The record as first stored (corrections are records of their own), its salt and log
/// entry, and a c2sp.org/tlog-proof of the entry in the latest checkpoint once one covers it.
#[utoipa::path(
    get, path = "/api/v1/ledger/records/{ref}", operation_id = "ledger_record", tag = "ledger",
    security(("bearer" = [])),
    params(("ref" = String, Path, description = "The record's reference, `<kind>:<key>` (`batch:<uuid>`, `unit_registration:<batch uuid>/<sequence>`, …); its slash may be sent as it is")),
    responses(
        (status = 200, description = "The evidence", body = LedgerRecordView),
        (status = 400, description = "Not a record reference in its one spelling", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiPath(reference): ApiPath<String>,
) -> Result<Json<LedgerRecordView>, ApiError> {
    let reference = RecordRef::parse(&reference).map_err(|e| {
        ApiError::bad_request(
            "bad-record-ref",
            "Malformed record reference",
            e.to_string(),
        )
    })?;
    let record_ref = reference.to_string();
    let canonical = canonical(state.store.as_ref(), &reference)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no record {record_ref}")))?;
    // The record and its leaf are written in one transaction: one without the other, or a
    // leaf that does not commit to the record, means the database was altered.
    let (index, leaf) = state
        .store
        .leaf_by_ref(&record_ref)
        .await?
        .ok_or_else(|| ApiError::internal(format!("{record_ref} has no leaf")))?;
    let entry = check_sealed(&leaf.entry, &leaf.salt, &canonical)
        .map_err(|e| ApiError::internal(format!("{record_ref} does not match its leaf: {e}")))?;
    if entry.kind != reference.kind() {
        return Err(ApiError::internal(format!(
            "{record_ref} has a leaf of kind {}",
            entry.kind
        )));
    }
    let evidence = RecordEvidence::from_sealed(&Sealed {
        kind: reference.kind(),
        record_ref,
        salt: leaf.salt,
        entry: leaf.entry,
        canonical,
    })
    .map_err(ApiError::internal)?;
    let checkpoint = latest_checkpoint(&state)?;
    let proof = match index {
        Some(index) if index < checkpoint.size => {
            let proof =
                yima_store::proofs::inclusion_proof(state.store.as_ref(), index, checkpoint.size)
                    .await?;
            let file = TlogProof {
                extra: None,
                index,
                proof,
                checkpoint: cosigned_note(state.store.as_ref(), &checkpoint).await?,
            };
            Some(file.format())
        }
        _ => None,
    };
    Ok(Json(LedgerRecordView {
        evidence: evidence.into(),
        proof,
        index,
    }))
}

/// The canonical bytes of the record `reference` names, as stored; `None` if it is not.
async fn canonical(store: &dyn Store, reference: &RecordRef) -> Result<Option<Vec<u8>>, ApiError> {
    yima_store::canonical_record(store, reference)
        .await?
        .transpose()
        .map_err(ApiError::internal)
}
