//! Why a record could not be sealed into a log entry, or an entry or evidence was refused.

use super::kind::RecordKind;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// Canonical JSON holds integers only: JCS writes numbers as IEEE doubles, and a float's
    /// shortest form is a rabbit hole no record needs.
    #[error("canonical JSON: the number at {path:?} is not an integer; records hold integers only")]
    NotAnInteger { path: String },

    /// JCS numbers are IEEE doubles, so a larger integer would not survive a round trip.
    #[error(
        "canonical JSON: the integer {value} at {path:?} is beyond ±(2^53 − 1), the largest a JSON number holds exactly"
    )]
    IntegerOutOfRange { path: String, value: String },

    /// Entry bundles of C2SP tlog-tiles give each entry a 16-bit length.
    #[error("a log entry is {size} bytes; at most 65535 fit an entry bundle")]
    EntryTooLarge { size: usize },

    /// An encoded entry breaks the format; `offset` is the byte where it does.
    #[error("log entry, byte {offset}: {rule}")]
    MalformedEntry { offset: usize, rule: String },

    #[error("the record's salted hash is not the entry's commitment")]
    CommitmentMismatch,

    #[error("the entry is of kind {entry}, the record of kind {record}")]
    KindMismatch {
        entry: RecordKind,
        record: RecordKind,
    },

    /// The entry's public fields must be copies of the record's own fields.
    #[error("public field {field:?} of the entry is not the record's {field}")]
    PublicFieldMismatch { field: String },

    #[error("record reference {input:?}: {problem}")]
    BadRecordRef { input: String, problem: String },

    #[error("unknown record kind {0:?}")]
    UnknownKind(String),

    /// A record-evidence file is malformed; `field` names the part.
    #[error("record evidence, {field}: {problem}")]
    BadEvidence { field: String, problem: String },
}
