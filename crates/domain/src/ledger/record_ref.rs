//! How a logged record is named: `<kind>:<key>`, the key being what the store finds the
//! record by. Each record has exactly one spelling, so references compare as strings.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;
use yima_codes::enterprise::CreditCode;

use super::error::LedgerError;
use super::kind::RecordKind;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RecordRef {
    /// `enterprise:<credit code>`
    Enterprise(CreditCode),
    /// `product:<uuid>`
    Product(Uuid),
    /// `batch:<uuid>`
    Batch(Uuid),
    /// `unit_registration:<batch uuid>/<sequence>`
    UnitRegistration { batch_id: Uuid, sequence: u64 },
    /// `code_issuance:<key id>/<number>`
    CodeIssuance { key_id: u16, number: u64 },
    /// `issuing_key:<id>`
    IssuingKey(u16),
    /// `correction:<uuid>`
    Correction(Uuid),
    /// `event:<uuid>`
    Event(Uuid),
    /// `audit:<uuid>`
    Audit(Uuid),
    /// `submission_key:<uuid>`
    SubmissionKey(Uuid),
    /// `submission_key_revocation:<key uuid>`: a key is revoked once.
    SubmissionKeyRevocation(Uuid),
    /// `signed_submission:<uuid>`
    SignedSubmission(Uuid),
    /// `recall_notice:<uuid>`
    RecallNotice(Uuid),
    /// `recall_acknowledgement:<recall uuid>/<credit code>`: an enterprise acknowledges a
    /// recall once.
    RecallAcknowledgement {
        recall: Uuid,
        enterprise: CreditCode,
    },
}

impl RecordRef {
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Enterprise(_) => RecordKind::Enterprise,
            Self::Product(_) => RecordKind::Product,
            Self::Batch(_) => RecordKind::Batch,
            Self::UnitRegistration { .. } => RecordKind::UnitRegistration,
            Self::CodeIssuance { .. } => RecordKind::CodeIssuance,
            Self::IssuingKey(_) => RecordKind::IssuingKey,
            Self::Correction(_) => RecordKind::Correction,
            Self::Event(_) => RecordKind::Event,
            Self::Audit(_) => RecordKind::Audit,
            Self::SubmissionKey(_) => RecordKind::SubmissionKey,
            Self::SubmissionKeyRevocation(_) => RecordKind::SubmissionKeyRevocation,
            Self::SignedSubmission(_) => RecordKind::SignedSubmission,
            Self::RecallNotice(_) => RecordKind::RecallNotice,
            Self::RecallAcknowledgement { .. } => RecordKind::RecallAcknowledgement,
        }
    }

    /// Parses a reference in its one spelling: lower-case hyphenated UUIDs, decimal numbers
    /// without sign or leading zeros, credit codes in upper case.
    pub fn parse(input: &str) -> Result<RecordRef, LedgerError> {
        let fail = |problem: String| LedgerError::BadRecordRef {
            input: input.to_owned(),
            problem,
        };
        let (kind, key) = input
            .split_once(':')
            .ok_or_else(|| fail("is not <kind>:<key>".to_owned()))?;
        let kind: RecordKind = kind.parse().map_err(|e: LedgerError| fail(e.to_string()))?;
        let credit_code = |key: &str| {
            let code = CreditCode::parse(key).map_err(|e| fail(e.to_string()))?;
            if code.as_str() != key {
                return Err(fail(format!("the credit code is written {code}")));
            }
            Ok(code)
        };
        let parsed = match kind {
            RecordKind::Enterprise => Self::Enterprise(credit_code(key)?),
            RecordKind::Product => Self::Product(uuid(key).map_err(fail)?),
            RecordKind::Batch => Self::Batch(uuid(key).map_err(fail)?),
            RecordKind::Correction => Self::Correction(uuid(key).map_err(fail)?),
            RecordKind::Event => Self::Event(uuid(key).map_err(fail)?),
            RecordKind::Audit => Self::Audit(uuid(key).map_err(fail)?),
            RecordKind::SubmissionKey => Self::SubmissionKey(uuid(key).map_err(fail)?),
            RecordKind::SubmissionKeyRevocation => {
                Self::SubmissionKeyRevocation(uuid(key).map_err(fail)?)
            }
            RecordKind::SignedSubmission => Self::SignedSubmission(uuid(key).map_err(fail)?),
            RecordKind::RecallNotice => Self::RecallNotice(uuid(key).map_err(fail)?),
            RecordKind::RecallAcknowledgement => {
                let (recall, enterprise) = pair(key).map_err(fail)?;
                Self::RecallAcknowledgement {
                    recall: uuid(recall).map_err(fail)?,
                    enterprise: credit_code(enterprise)?,
                }
            }
            RecordKind::UnitRegistration => {
                let (batch, sequence) = pair(key).map_err(fail)?;
                Self::UnitRegistration {
                    batch_id: uuid(batch).map_err(fail)?,
                    sequence: number(sequence).map_err(fail)?,
                }
            }
            RecordKind::CodeIssuance => {
                let (key_id, n) = pair(key).map_err(fail)?;
                Self::CodeIssuance {
                    key_id: number(key_id).map_err(fail)?,
                    number: number(n).map_err(fail)?,
                }
            }
            RecordKind::IssuingKey => Self::IssuingKey(number(key).map_err(fail)?),
        };
        Ok(parsed)
    }
}

fn pair(key: &str) -> Result<(&str, &str), String> {
    key.split_once('/')
        .ok_or_else(|| format!("{key:?} is not two parts separated by /"))
}

fn uuid(s: &str) -> Result<Uuid, String> {
    match Uuid::try_parse(s) {
        // Uuid also reads upper case, braces, URNs and the simple form: one spelling only.
        Ok(u) if u.hyphenated().to_string() == s => Ok(u),
        _ => Err(format!("{s:?} is not a UUID in lower-case hyphenated form")),
    }
}

fn number<T: FromStr + ToString>(s: &str) -> Result<T, String> {
    match s.parse::<T>() {
        // Rust's parser takes a leading + and zeros: one spelling only.
        Ok(n) if n.to_string() == s => Ok(n),
        _ => Err(format!(
            "{s:?} is not a decimal number in range, without sign or leading zeros"
        )),
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind();
        match self {
            Self::Enterprise(code) => write!(f, "{kind}:{code}"),
            Self::Product(id)
            | Self::Batch(id)
            | Self::Correction(id)
            | Self::Event(id)
            | Self::Audit(id)
            | Self::SubmissionKey(id)
            | Self::SubmissionKeyRevocation(id)
            | Self::SignedSubmission(id)
            | Self::RecallNotice(id) => {
                write!(f, "{kind}:{}", id.hyphenated())
            }
            Self::RecallAcknowledgement { recall, enterprise } => {
                write!(f, "{kind}:{}/{enterprise}", recall.hyphenated())
            }
            Self::UnitRegistration { batch_id, sequence } => {
                write!(f, "{kind}:{}/{sequence}", batch_id.hyphenated())
            }
            Self::CodeIssuance { key_id, number } => write!(f, "{kind}:{key_id}/{number}"),
            Self::IssuingKey(id) => write!(f, "{kind}:{id}"),
        }
    }
}

impl FromStr for RecordRef {
    type Err = LedgerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const BATCH: &str = "0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b";

    #[test]
    fn every_form_round_trips() {
        for s in [
            "enterprise:91350100M000100Y43".to_owned(),
            format!("product:{BATCH}"),
            format!("batch:{BATCH}"),
            format!("unit_registration:{BATCH}/0"),
            format!("unit_registration:{BATCH}/18446744073709551615"),
            "code_issuance:1/42".to_owned(),
            "issuing_key:65535".to_owned(),
            format!("correction:{BATCH}"),
            format!("event:{BATCH}"),
            format!("submission_key:{BATCH}"),
            format!("submission_key_revocation:{BATCH}"),
            format!("signed_submission:{BATCH}"),
            format!("recall_notice:{BATCH}"),
            format!("recall_acknowledgement:{BATCH}/91350100M000100Y43"),
        ] {
            let r = RecordRef::parse(&s).unwrap();
            assert_eq!(r.to_string(), s);
            assert_eq!(
                Some(r.kind()),
                s.split(':').next().and_then(|k| k.parse().ok())
            );
        }
    }

    #[test]
    fn other_spellings_are_refused() {
        for s in [
            "enterprise",
            "enterprise:91350100m000100y43",
            "enterprise:91350100M000100Y44",
            "Product:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b",
            "product:0195A2B3-C4D5-7E6F-8A9B-0C1D2E3F4A5B",
            "product:0195a2b3c4d57e6f8a9b0c1d2e3f4a5b",
            "product:{0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b}",
            "unit_registration:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b",
            "unit_registration:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b/01",
            "unit_registration:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b/+1",
            "code_issuance:65536/1",
            "code_issuance:1/-1",
            "issuing_key: 1",
            "recall_notice:0195A2B3-C4D5-7E6F-8A9B-0C1D2E3F4A5B",
            "recall_acknowledgement:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b",
            "recall_acknowledgement:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b/91350100m000100y43",
            "recall_acknowledgement:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b/91350100M000100Y44",
            "recall_acknowledgement:91350100M000100Y43/0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b",
            "widget:1",
        ] {
            assert!(
                matches!(RecordRef::parse(s), Err(LedgerError::BadRecordRef { .. })),
                "{s}"
            );
        }
    }
}
