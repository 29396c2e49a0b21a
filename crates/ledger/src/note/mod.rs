//! Signed notes (c2sp.org/signed-note): a text followed by a blank line and one or more lines
//! `— <key name> <base64(key ID ‖ signature)>`. Checkpoints and cosignatures are notes, so
//! this module is the one place that parses and checks signature lines.

mod keys;
mod open;

pub use keys::{KeyId, KeyType, NoteSigner, NoteVerifier, key_id};
pub(crate) use open::split_note;
pub use open::{OpenedNote, SignatureLine, VerifiedSignature, open_note, sign_note};

/// What the em dash and space that open every signature line look like in UTF-8.
pub(crate) const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Why a note, a key or a signature is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("key name {name:?} is empty or contains a space or a '+'")]
    InvalidName { name: String },
    #[error("note text is empty or does not end with a newline")]
    TextNotNewlineTerminated,
    #[error("note contains the control character U+{code:04X} at byte {offset}")]
    ControlCharacter { code: u32, offset: usize },
    #[error("note has no blank line followed by signature lines")]
    NoSignatureBlock,
    #[error("signature line {line} is malformed: {reason}")]
    MalformedSignatureLine { line: usize, reason: &'static str },
    #[error("note carries {count} signature lines, more than the {max} accepted")]
    TooManySignatures { count: usize, max: usize },
    #[error("more than one known key is named {name}+{key_id}")]
    AmbiguousKey { name: String, key_id: String },
    #[error("the signature of the known key {name}+{key_id} does not verify")]
    BadSignature { name: String, key_id: String },
    #[error("no signature of a known key is on the note")]
    NoVerifiedSignature,
    #[error("a note needs at least one signer")]
    NoSigners,
    #[error("key string is malformed: {reason}")]
    MalformedKey { reason: &'static str },
    #[error("key string names key ID {found} but its key has ID {expected}")]
    KeyIdMismatch { expected: String, found: String },
    #[error("cosignature timestamp {timestamp} exceeds 2^63 - 1")]
    TimestampTooLarge { timestamp: u64 },
}

/// Key names are identifiers inside `name+id+key` strings and signature lines: a space or a
/// '+' would make those ambiguous.
pub(crate) fn check_name(name: &str) -> Result<(), NoteError> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+') {
        return Err(NoteError::InvalidName {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// A note may hold newlines but no other ASCII control character.
pub(crate) fn check_characters(s: &str) -> Result<(), NoteError> {
    match s.char_indices().find(|&(_, c)| c < ' ' && c != '\n') {
        Some((offset, c)) => Err(NoteError::ControlCharacter {
            code: c as u32,
            offset,
        }),
        None => Ok(()),
    }
}

/// The text a signature covers: non-empty, newline-terminated, no control characters.
pub(crate) fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::TextNotNewlineTerminated);
    }
    check_characters(text)
}
