//! The kinds of record the log holds. The codes are written into every entry, so they are
//! fixed for the log's life: a new kind takes a new code, an old code is never reused.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::LedgerError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Enterprise,
    Product,
    Batch,
    UnitRegistration,
    CodeIssuance,
    IssuingKey,
    Correction,
    /// A captured EPCIS event.
    Event,
    /// A batch of audit entries.
    Audit,
    /// An enterprise's public key for signed submissions.
    SubmissionKey,
    /// The revocation of a submission key.
    SubmissionKeyRevocation,
    /// A signed request, with the bytes signed.
    SignedSubmission,
    /// A recall opened for one or more batches.
    RecallNotice,
    /// An enterprise's acknowledgement of a recall.
    RecallAcknowledgement,
}

impl RecordKind {
    pub const ALL: [RecordKind; 14] = [
        Self::Enterprise,
        Self::Product,
        Self::Batch,
        Self::UnitRegistration,
        Self::CodeIssuance,
        Self::IssuingKey,
        Self::Correction,
        Self::Event,
        Self::Audit,
        Self::SubmissionKey,
        Self::SubmissionKeyRevocation,
        Self::SignedSubmission,
        Self::RecallNotice,
        Self::RecallAcknowledgement,
    ];

    /// The byte that stands for the kind in a log entry.
    pub fn code(self) -> u8 {
        match self {
            Self::Enterprise => 1,
            Self::Product => 2,
            Self::Batch => 3,
            Self::UnitRegistration => 4,
            Self::CodeIssuance => 5,
            Self::IssuingKey => 6,
            Self::Correction => 7,
            Self::Event => 8,
            Self::Audit => 9,
            Self::SubmissionKey => 10,
            Self::SubmissionKeyRevocation => 11,
            Self::SignedSubmission => 12,
            Self::RecallNotice => 13,
            Self::RecallAcknowledgement => 14,
        }
    }

    /// The name used in canonical records, record references and evidence files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enterprise => "enterprise",
            Self::Product => "product",
            Self::Batch => "batch",
            Self::UnitRegistration => "unit_registration",
            Self::CodeIssuance => "code_issuance",
            Self::IssuingKey => "issuing_key",
            Self::Correction => "correction",
            Self::Event => "event",
            Self::Audit => "audit",
            Self::SubmissionKey => "submission_key",
            Self::SubmissionKeyRevocation => "submission_key_revocation",
            Self::SignedSubmission => "signed_submission",
            Self::RecallNotice => "recall_notice",
            Self::RecallAcknowledgement => "recall_acknowledgement",
        }
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl FromStr for RecordKind {
    type Err = LedgerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| LedgerError::UnknownKind(s.to_owned()))
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_the_published_ones() {
        let table: Vec<(u8, &str)> = RecordKind::ALL
            .iter()
            .map(|k| (k.code(), k.as_str()))
            .collect();
        assert_eq!(
            table,
            [
                (1, "enterprise"),
                (2, "product"),
                (3, "batch"),
                (4, "unit_registration"),
                (5, "code_issuance"),
                (6, "issuing_key"),
                (7, "correction"),
                (8, "event"),
                (9, "audit"),
                (10, "submission_key"),
                (11, "submission_key_revocation"),
                (12, "signed_submission"),
                (13, "recall_notice"),
                (14, "recall_acknowledgement"),
            ]
        );
    }

    #[test]
    fn codes_and_names_round_trip() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::from_code(k.code()), Some(k));
            assert_eq!(k.as_str().parse::<RecordKind>(), Ok(k));
        }
        assert_eq!(RecordKind::from_code(0), None);
        assert_eq!(RecordKind::from_code(15), None);
        assert!("Enterprise".parse::<RecordKind>().is_err());
    }

    #[test]
    fn serde_uses_the_names() {
        assert_eq!(
            serde_json::to_string(&RecordKind::UnitRegistration).ok(),
            Some("\"unit_registration\"".to_owned())
        );
    }
}
