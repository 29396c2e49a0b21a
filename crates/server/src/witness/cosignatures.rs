//! Witness cosignatures of this log's checkpoints: checked against the policy's keys and
//! stored, then served as more signature lines of the checkpoint note; and the request body
//! that asks a witness for one.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use yima_ledger::{NoteError, NoteVerifier, SignatureLine, open_note};
use yima_store::{Store, StoreError, StoredCheckpoint, StoredCosignature};

/// Why cosignatures were refused.
#[derive(Debug, thiserror::Error)]
pub enum CosignatureError {
    #[error("the note's text is not this log's checkpoint of size {size}")]
    OtherCheckpoint { size: u64 },
    #[error("this log has no witnesses, so no cosignature can be accepted")]
    NoWitnesses,
    #[error("no signature line is by a witness of this log (see /log/witnesses)")]
    NoneVerified,
    #[error("the cosigned note is refused: {0}")]
    Note(NoteError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How many cosignatures verified, and how many of them were not stored before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub verified: usize,
    pub new: usize,
}

/// A note's signed text: everything up to and including the newline before its last blank
/// line (signature lines hold no blank line, so they follow the last one).
pub fn note_text(note: &str) -> Option<&str> {
    note.rfind("\n\n").map(|i| &note[..=i])
}

/// Verifies the cosignatures that `note` carries of `checkpoint` under the keys of
/// `witnesses`, and stores each. Lines of other keys (the log's own among them) are ignored;
/// a line of a witness's key that does not verify refuses the whole note.
pub async fn accept_cosignatures(
    store: &dyn Store,
    checkpoint: &StoredCheckpoint,
    note: &str,
    witnesses: &[NoteVerifier],
) -> Result<Accepted, CosignatureError> {
    let text = note_text(note);
    if text.is_none() || text != note_text(&checkpoint.note) {
        return Err(CosignatureError::OtherCheckpoint {
            size: checkpoint.size,
        });
    }
    if witnesses.is_empty() {
        return Err(CosignatureError::NoWitnesses);
    }
    let opened = open_note(note, witnesses).map_err(|e| match e {
        NoteError::NoVerifiedSignature => CosignatureError::NoneVerified,
        other => CosignatureError::Note(other),
    })?;
    // open_note has parsed every line already; it reports which keys verified, not the lines.
    let lines: Vec<SignatureLine> = note
        .get(text.map_or(0, str::len) + 1..)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| SignatureLine::parse(l).ok())
        .collect();
    let mut accepted = Accepted {
        verified: 0,
        new: 0,
    };
    for signature in &opened.verified {
        // Witness keys are cosignature/v1 keys (the policy admits no other), whose lines are
        // timestamped.
        let Some(timestamp) = signature.timestamp else {
            continue;
        };
        let Some(line) = lines
            .iter()
            .find(|l| l.name == signature.name && l.key_id == signature.key_id)
        else {
            continue;
        };
        accepted.verified += 1;
        let stored = store
            .insert_cosignature(&StoredCosignature {
                size: checkpoint.size,
                key_name: signature.name.clone(),
                key_id: format!("{:08x}", signature.key_id),
                line: line.to_string(),
                cosigned_at: timestamp,
            })
            .await?;
        if stored {
            accepted.new += 1;
        }
    }
    if accepted.verified == 0 {
        return Err(CosignatureError::NoneVerified);
    }
    Ok(accepted)
}

/// The checkpoint's note with the stored cosignature lines appended: to a verifier they are
/// just more signature lines.
pub async fn cosigned_note(
    store: &dyn Store,
    checkpoint: &StoredCheckpoint,
) -> Result<String, StoreError> {
    let mut note = checkpoint.note.clone();
    for cosignature in store.cosignatures(checkpoint.size).await? {
        note.push_str(&cosignature.line);
        note.push('\n');
    }
    Ok(note)
}

/// The body of a c2sp.org/tlog-witness `add-checkpoint` request: `old <size>`, the
/// consistency proof from that size to the checkpoint's (one base64 hash per line, none from
/// size 0), an empty line, and the checkpoint note. `old` must not exceed its size.
pub async fn add_checkpoint_body(
    store: &dyn Store,
    checkpoint: &StoredCheckpoint,
    old: u64,
) -> Result<String, StoreError> {
    let proof = if old == 0 || old == checkpoint.size {
        Vec::new()
    } else {
        yima_store::proofs::consistency_proof(store, old, checkpoint.size).await?
    };
    let mut body = format!("old {old}\n");
    for hash in proof {
        body.push_str(&STANDARD.encode(hash));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(&checkpoint.note);
    Ok(body)
}
