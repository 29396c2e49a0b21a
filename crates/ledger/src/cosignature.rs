//! Witness cosignatures (c2sp.org/tlog-cosignature, the Ed25519 type 0x04): a witness signs
//! `cosignature/v1\ntime <unix seconds>\n` followed by the checkpoint body, and the line's
//! payload is the big-endian 8-byte timestamp followed by the Ed25519 signature. Verifying
//! one is `open_note` with a verifier of type `KeyType::CosignatureV1`.

use crate::note::{KeyId, KeyType, NoteError, NoteSigner, NoteVerifier, SignatureLine, check_text};

/// The spec caps timestamps at 2^63 - 1 so that they fit a signed 64-bit time everywhere.
const MAX_TIMESTAMP: u64 = i64::MAX as u64;

/// The message a v1 cosignature signs over `body` at `timestamp`. The header line gives
/// domain separation from the log's own signature over the same body.
pub fn cosigned_message(body: &str, timestamp: u64) -> Result<String, NoteError> {
    if timestamp > MAX_TIMESTAMP {
        return Err(NoteError::TimestampTooLarge { timestamp });
    }
    Ok(format!("cosignature/v1\ntime {timestamp}\n{body}"))
}

/// A witness key that cosigns checkpoints. Its Debug output never shows the seed.
#[derive(Debug, Clone)]
pub struct Cosigner {
    signer: NoteSigner,
}

impl Cosigner {
    /// The cosigner `name` with the Ed25519 key from `seed`; its key ID uses type 0x04.
    pub fn new(name: &str, seed: &[u8; 32]) -> Result<Self, NoteError> {
        Ok(Self {
            signer: NoteSigner::with_type(name, seed, KeyType::CosignatureV1)?,
        })
    }

    pub fn name(&self) -> &str {
        self.signer.name()
    }

    pub fn key_id(&self) -> KeyId {
        self.signer.key_id()
    }

    /// The verifier of this cosigner's lines (its key string carries type 0x04).
    pub fn verifier(&self) -> NoteVerifier {
        self.signer.verifier()
    }

    /// The signature line (without newline) cosigning `body` at `timestamp` (Unix seconds,
    /// given by the caller: this crate reads no clock).
    pub fn cosign(&self, body: &str, timestamp: u64) -> Result<SignatureLine, NoteError> {
        check_text(body)?;
        let message = cosigned_message(body, timestamp)?;
        let mut payload = Vec::with_capacity(72);
        payload.extend_from_slice(&timestamp.to_be_bytes());
        payload.extend_from_slice(&self.signer.sign_bytes(message.as_bytes()));
        Ok(SignatureLine {
            name: self.name().to_owned(),
            key_id: self.key_id(),
            payload,
        })
    }
}

/// Appends this cosigner's line to a signed note (a checkpoint), keeping its other lines. The
/// note's existing signatures are not checked here; the witness must have opened it first.
pub fn add_cosignature(
    note: &str,
    cosigner: &Cosigner,
    timestamp: u64,
) -> Result<String, NoteError> {
    let (text, _) = crate::note::split_note(note)?;
    let line = cosigner.cosign(text, timestamp)?;
    Ok(format!("{note}{line}\n"))
}
