//! Checkpoints (c2sp.org/tlog-checkpoint): the signed tree head as the text of a note —
//! origin line, decimal tree size, base64 root hash, then optional extension lines.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::decimal::parse_canonical;
use crate::note::{NoteError, NoteSigner, NoteVerifier, check_characters, open_note, sign_note};
use crate::tree::Hash;

/// Why a checkpoint body or note is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("checkpoint body does not end with a newline")]
    NotNewlineTerminated,
    #[error("checkpoint body has no {line} line")]
    MissingLine { line: &'static str },
    #[error("checkpoint origin is empty")]
    EmptyOrigin,
    #[error("checkpoint {field} contains a newline")]
    Newline { field: &'static str },
    #[error("tree size {text:?} is not a decimal number without leading zeros below 2^64")]
    InvalidSize { text: String },
    #[error("root hash {text:?} is not the canonical base64 of 32 bytes")]
    InvalidRoot { text: String },
    #[error("extension line {number} is empty")]
    EmptyExtension { number: usize },
    #[error("checkpoint origin {origin:?} is not the name of the log key {key_name:?}")]
    OriginMismatch { origin: String, key_name: String },
    #[error(transparent)]
    Note(#[from] NoteError),
}

/// A log's tree head at one size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, conventionally a schema-less URL such as `example.com/log42`.
    pub origin: String,
    /// The number of leaves.
    pub size: u64,
    /// The RFC 6962 root hash of the tree of `size` leaves.
    pub root: Hash,
    /// Opaque, non-empty lines after the root; not recommended, as monitors cannot audit them.
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: &str, size: u64, root: Hash) -> Self {
        Self {
            origin: origin.to_owned(),
            size,
            root,
            extensions: Vec::new(),
        }
    }

    /// The note text: each line newline-terminated. Call `check` first if the fields came
    /// from outside; `sign` does.
    pub fn to_body(&self) -> String {
        let mut body = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        );
        for line in &self.extensions {
            body.push_str(line);
            body.push('\n');
        }
        body
    }

    /// Checks that the fields make a body that parses back to them.
    pub fn check(&self) -> Result<(), CheckpointError> {
        if self.origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        if self.origin.contains('\n') {
            return Err(CheckpointError::Newline { field: "origin" });
        }
        for (i, line) in self.extensions.iter().enumerate() {
            if line.is_empty() {
                return Err(CheckpointError::EmptyExtension { number: i + 1 });
            }
            if line.contains('\n') {
                return Err(CheckpointError::Newline {
                    field: "extension line",
                });
            }
        }
        check_characters(&self.origin)?;
        self.extensions
            .iter()
            .try_for_each(|line| check_characters(line))?;
        Ok(())
    }

    /// Reads a checkpoint body (a note's text, final newline included).
    pub fn parse(body: &str) -> Result<Self, CheckpointError> {
        check_characters(body)?;
        let body = body
            .strip_suffix('\n')
            .ok_or(CheckpointError::NotNewlineTerminated)?;
        let mut lines = body.split('\n');
        let origin = lines.next().unwrap_or_default();
        if origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        let size_text = lines
            .next()
            .ok_or(CheckpointError::MissingLine { line: "tree size" })?;
        let size = parse_canonical(size_text).ok_or_else(|| CheckpointError::InvalidSize {
            text: size_text.to_owned(),
        })?;
        let root_text = lines
            .next()
            .ok_or(CheckpointError::MissingLine { line: "root hash" })?;
        let root = STANDARD
            .decode(root_text)
            .ok()
            .and_then(|raw| Hash::try_from(raw).ok())
            .ok_or_else(|| CheckpointError::InvalidRoot {
                text: root_text.to_owned(),
            })?;
        let mut extensions = Vec::new();
        for (i, line) in lines.enumerate() {
            if line.is_empty() {
                return Err(CheckpointError::EmptyExtension { number: i + 1 });
            }
            extensions.push(line.to_owned());
        }
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root,
            extensions,
        })
    }

    /// The checkpoint as a note signed by the log's key.
    pub fn sign(&self, signer: &NoteSigner) -> Result<String, CheckpointError> {
        self.check()?;
        Ok(sign_note(&self.to_body(), std::slice::from_ref(signer))?)
    }

    /// Opens a checkpoint note signed by the log's key `verifier`, ignoring other signatures
    /// (witnesses' cosignatures among them). The origin must be the key's name, as the spec
    /// recommends, so that a key shared by two logs cannot pass one log's tree for another's.
    pub fn open(note: &str, verifier: &NoteVerifier) -> Result<Self, CheckpointError> {
        let opened = open_note(note, std::slice::from_ref(verifier))?;
        let checkpoint = Self::parse(&opened.text)?;
        if checkpoint.origin != verifier.name() {
            return Err(CheckpointError::OriginMismatch {
                origin: checkpoint.origin,
                key_name: verifier.name().to_owned(),
            });
        }
        Ok(checkpoint)
    }
}
