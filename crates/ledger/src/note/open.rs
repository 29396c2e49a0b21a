//! Signing a text into a note and opening a note against trusted keys.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::keys::{KeyId, NoteSigner, NoteVerifier};
use super::{NoteError, SIGNATURE_PREFIX, check_characters, check_name, check_text};

/// Go's note package refuses notes with more signatures than this; the spec asks for at
/// least 16. A bound keeps a hostile note from costing unbounded verifications.
const MAX_SIGNATURES: usize = 100;

/// One signature line: `— <name> <base64(key ID ‖ payload)>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureLine {
    pub name: String,
    pub key_id: KeyId,
    /// The bytes after the key ID: the signature, or timestamp ‖ signature for a cosignature.
    pub payload: Vec<u8>,
}

impl SignatureLine {
    /// Reads one signature line, without its newline.
    pub fn parse(line: &str) -> Result<Self, NoteError> {
        Self::parse_numbered(line, 1)
    }

    /// The timestamp of a cosignature/v1 line (its payload is 8 bytes of big-endian Unix
    /// seconds and a 64-byte signature); `None` for a payload of another length. Unverified:
    /// only a verifier of the cosigner's key makes it trustworthy.
    pub fn cosignature_timestamp(&self) -> Option<u64> {
        if self.payload.len() != 72 {
            return None;
        }
        let (time, _) = self.payload.split_first_chunk::<8>()?;
        Some(u64::from_be_bytes(*time))
    }

    /// Reads one line (without its newline); `number` is its 1-based place, for errors.
    fn parse_numbered(line: &str, number: usize) -> Result<Self, NoteError> {
        let malformed = |reason| NoteError::MalformedSignatureLine {
            line: number,
            reason,
        };
        let rest = line
            .strip_prefix(SIGNATURE_PREFIX)
            .ok_or(malformed("it does not start with an em dash and a space"))?;
        let (name, b64) = rest
            .split_once(' ')
            .ok_or(malformed("no space between key name and signature"))?;
        check_name(name).map_err(|_| malformed("the key name is empty or holds a space or '+'"))?;
        let raw = STANDARD
            .decode(b64)
            .map_err(|_| malformed("the signature is not canonical base64"))?;
        if raw.len() < 5 {
            return Err(malformed(
                "the signature is shorter than a key ID and one byte",
            ));
        }
        let (id, payload) = raw.split_at(4);
        Ok(Self {
            name: name.to_owned(),
            key_id: u32::from_be_bytes([id[0], id[1], id[2], id[3]]),
            payload: payload.to_vec(),
        })
    }
}

impl fmt::Display for SignatureLine {
    /// The line without its final newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut raw = Vec::with_capacity(4 + self.payload.len());
        raw.extend_from_slice(&self.key_id.to_be_bytes());
        raw.extend_from_slice(&self.payload);
        write!(
            f,
            "{SIGNATURE_PREFIX}{} {}",
            self.name,
            STANDARD.encode(raw)
        )
    }
}

/// A signature that a trusted key made over the note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    pub name: String,
    pub key_id: KeyId,
    /// The time a cosignature claims (Unix seconds); `None` for a plain signature.
    pub timestamp: Option<u64>,
}

/// A note whose text at least one trusted key signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedNote {
    /// The signed text, with its final newline.
    pub text: String,
    /// Signatures of known keys that verified, in note order, each key once.
    pub verified: Vec<VerifiedSignature>,
    /// Lines of keys not given to `open_note`, kept so they can be passed on.
    pub unverified: Vec<SignatureLine>,
}

/// Signs `text` with each signer, in order. The text must end with a newline and hold no
/// control character other than newline.
pub fn sign_note(text: &str, signers: &[NoteSigner]) -> Result<String, NoteError> {
    check_text(text)?;
    if signers.is_empty() {
        return Err(NoteError::NoSigners);
    }
    let mut note = String::with_capacity(text.len() + 1 + signers.len() * 110);
    note.push_str(text);
    note.push('\n');
    for signer in signers {
        let line = SignatureLine {
            name: signer.name().to_owned(),
            key_id: signer.key_id(),
            payload: signer.sign_bytes(text.as_bytes()).to_vec(),
        };
        note.push_str(&line.to_string());
        note.push('\n');
    }
    Ok(note)
}

/// Splits a note at its last blank line into the text and its parsed signature lines.
pub(crate) fn split_note(note: &str) -> Result<(&str, Vec<SignatureLine>), NoteError> {
    check_characters(note)?;
    // The text may hold blank lines itself: the signatures follow the last one.
    let split = note.rfind("\n\n").ok_or(NoteError::NoSignatureBlock)?;
    let (text, block) = (&note[..=split], &note[split + 2..]);
    let block = block
        .strip_suffix('\n')
        .ok_or(NoteError::NoSignatureBlock)?;
    if block.is_empty() {
        return Err(NoteError::NoSignatureBlock);
    }
    let count = block.split('\n').count();
    if count > MAX_SIGNATURES {
        return Err(NoteError::TooManySignatures {
            count,
            max: MAX_SIGNATURES,
        });
    }
    let lines = block
        .split('\n')
        .enumerate()
        .map(|(i, line)| SignatureLine::parse_numbered(line, i + 1))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((text, lines))
}

/// Opens a note: every line whose name and key ID match a verifier must verify, lines of
/// other keys are kept unverified, and at least one line must verify.
pub fn open_note(note: &str, verifiers: &[NoteVerifier]) -> Result<OpenedNote, NoteError> {
    let (text, lines) = split_note(note)?;
    let mut verified: Vec<VerifiedSignature> = Vec::new();
    let mut unverified: Vec<SignatureLine> = Vec::new();
    for line in lines {
        let mut known = verifiers
            .iter()
            .filter(|v| v.name() == line.name && v.key_id() == line.key_id);
        let Some(verifier) = known.next() else {
            if !unverified.contains(&line) {
                unverified.push(line);
            }
            continue;
        };
        if known.any(|other| other != verifier) {
            return Err(NoteError::AmbiguousKey {
                name: line.name,
                key_id: format!("{:08x}", line.key_id),
            });
        }
        let timestamp =
            verifier
                .verify(text, &line.payload)
                .map_err(|()| NoteError::BadSignature {
                    name: line.name.clone(),
                    key_id: format!("{:08x}", line.key_id),
                })?;
        if !verified
            .iter()
            .any(|v| v.name == line.name && v.key_id == line.key_id)
        {
            verified.push(VerifiedSignature {
                name: line.name,
                key_id: line.key_id,
                timestamp,
            });
        }
    }
    if verified.is_empty() {
        return Err(NoteError::NoVerifiedSignature);
    }
    Ok(OpenedNote {
        text: text.to_owned(),
        verified,
        unverified,
    })
}
