//! What a client sends to open a recall or to acknowledge one, as plain strings, and the
//! checks that make them records. Every failing field is named, a batch's by its position
//! (`batches[2].lot`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;

use super::{
    MAX_BATCHES, MAX_NOTE_CHARS, MAX_REASON_CHARS, RecallAcknowledgement, RecallNotice,
    RecalledBatch,
};
use crate::text::bounded;
use crate::validation::{Checker, Invalid, vouched};

/// A batch as a client names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecalledBatchDraft {
    /// 8, 12, 13 or 14 digits with a valid check digit.
    pub gtin: String,
    /// The lot, a GS1 AI 10 value.
    pub lot: String,
}

/// What a client sends to open a recall.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecallNoticeDraft {
    pub batches: Vec<RecalledBatchDraft>,
    pub reason: String,
}

impl RecallNoticeDraft {
    /// Checks the draft: 1 to `MAX_BATCHES` batches, each a valid GTIN and lot, none named
    /// twice (GTINs compared in their 14-digit form), and a reason of 1 to
    /// `MAX_REASON_CHARS` characters once trimmed. `opened_by` is the caller's account and
    /// `now` the notice's time; its id is a new UUIDv7.
    pub fn validate(&self, opened_by: &str, now: DateTime<Utc>) -> Result<RecallNotice, Invalid> {
        self.validate_as(Uuid::now_v7(), opened_by, now)
    }

    /// Checks the draft as the notice `id` (the demo's fixed ids, tests).
    pub fn validate_as(
        &self,
        id: Uuid,
        opened_by: &str,
        now: DateTime<Utc>,
    ) -> Result<RecallNotice, Invalid> {
        let mut c = Checker::new();
        let batches = self.batches(&mut c);
        let reason = c.take("reason", bounded(&self.reason, MAX_REASON_CHARS));
        c.finish()?;
        Ok(RecallNotice {
            id,
            batches: vouched("batches", batches)?,
            reason: vouched("reason", reason)?,
            opened_by: opened_by.to_owned(),
            opened_at: now,
        })
    }

    fn batches(&self, c: &mut Checker) -> Option<Vec<RecalledBatch>> {
        let count = self.batches.len();
        if count == 0 {
            c.fail("batches", "must name at least one batch");
            return None;
        }
        if count > MAX_BATCHES {
            // Not read one by one: a notice of a million batches is refused for its size.
            c.fail(
                "batches",
                format!("names {count} batches, at most {MAX_BATCHES} are allowed"),
            );
            return None;
        }
        let mut batches = Vec::with_capacity(count);
        let mut seen: HashMap<RecalledBatch, usize> = HashMap::with_capacity(count);
        for (i, b) in self.batches.iter().enumerate() {
            let gtin = c.take(&format!("batches[{i}].gtin"), Gtin::parse(b.gtin.trim()));
            let lot = b.lot.trim();
            let lot = c.take(
                &format!("batches[{i}].lot"),
                yima_codes::gs1::ai::check_value("10", lot).map(|()| lot.to_owned()),
            );
            let (Some(gtin), Some(lot)) = (gtin, lot) else {
                continue;
            };
            let batch = RecalledBatch { gtin, lot };
            if let Some(first) = seen.get(&batch) {
                c.fail(
                    &format!("batches[{i}]"),
                    format!(
                        "repeats batches[{first}] (GTIN {}, lot {:?})",
                        batch.gtin, batch.lot
                    ),
                );
                continue;
            }
            seen.insert(batch.clone(), i);
            batches.push(batch);
        }
        c.is_clean().then_some(batches)
    }
}

/// What a client sends to acknowledge a recall.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecallAcknowledgementDraft {
    /// The acknowledging enterprise's credit code.
    pub enterprise: String,
    pub note: Option<String>,
}

impl RecallAcknowledgementDraft {
    /// Checks the draft as an acknowledgement of the notice `recall` by the caller's
    /// `account` at `now`: the enterprise's credit code, and a note, when given, of 1 to
    /// `MAX_NOTE_CHARS` characters once trimmed (a blank one is refused, not dropped).
    pub fn validate(
        &self,
        recall: Uuid,
        account: &str,
        now: DateTime<Utc>,
    ) -> Result<RecallAcknowledgement, Invalid> {
        let mut c = Checker::new();
        let enterprise = c.take("enterprise", CreditCode::parse(self.enterprise.trim()));
        let note = match &self.note {
            None => Some(None),
            Some(note) => c.take("note", bounded(note, MAX_NOTE_CHARS)).map(Some),
        };
        c.finish()?;
        Ok(RecallAcknowledgement {
            recall,
            enterprise: vouched("enterprise", enterprise)?,
            account: account.to_owned(),
            acknowledged_at: now,
            note: vouched("note", note)?,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const GTIN: &str = "09520123456788";

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-03-02T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn batch(gtin: &str, lot: &str) -> RecalledBatchDraft {
        RecalledBatchDraft {
            gtin: gtin.into(),
            lot: lot.into(),
        }
    }

    fn draft(batches: Vec<RecalledBatchDraft>, reason: &str) -> RecallNoticeDraft {
        RecallNoticeDraft {
            batches,
            reason: reason.into(),
        }
    }

    fn fields(err: Invalid) -> Vec<String> {
        err.errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_valid_notice_keeps_its_batches_in_order() {
        let id = Uuid::now_v7();
        let notice = draft(
            vec![
                batch(" 9520123456788 ", " L2025-03B"),
                batch(GTIN, "L2025-03A"),
            ],
            "  绝缘层厚度不合格 ",
        )
        .validate_as(id, "amr-fuzhou", at())
        .unwrap();
        assert_eq!(notice.id, id);
        assert_eq!(notice.reason, "绝缘层厚度不合格");
        assert_eq!(notice.opened_by, "amr-fuzhou");
        assert_eq!(notice.opened_at, at());
        let gtin = Gtin::parse(GTIN).unwrap();
        assert_eq!(
            notice.batches,
            [
                RecalledBatch {
                    gtin: gtin.clone(),
                    lot: "L2025-03B".into()
                },
                RecalledBatch {
                    gtin: gtin.clone(),
                    lot: "L2025-03A".into()
                },
            ]
        );
        assert!(notice.recalls(&gtin, "L2025-03A"));
        assert!(!notice.recalls(&gtin, "L2025-03C"));
        assert_ne!(
            draft(vec![batch(GTIN, "L1")], "r")
                .validate("a", at())
                .unwrap()
                .id,
            draft(vec![batch(GTIN, "L1")], "r")
                .validate("a", at())
                .unwrap()
                .id
        );
    }

    #[test]
    fn every_bad_batch_is_named_by_its_position() {
        let err = draft(
            vec![
                batch(GTIN, "L1"),
                batch("09520123456789", "L1"),
                batch(GTIN, "L\u{e9}"),
                batch("", ""),
                // The same batch as the first, its GTIN written in 13 digits.
                batch("9520123456788", "L1"),
            ],
            "",
        )
        .validate("a", at())
        .unwrap_err();
        assert_eq!(
            fields(err.clone()),
            [
                "batches[1].gtin",
                "batches[2].lot",
                "batches[3].gtin",
                "batches[3].lot",
                "batches[4]",
                "reason"
            ]
        );
        assert!(err.errors[4].problem.contains("repeats batches[0]"));
    }

    #[test]
    fn a_notice_names_one_to_a_hundred_batches() {
        let err = draft(Vec::new(), "r").validate("a", at()).unwrap_err();
        assert_eq!(fields(err), ["batches"]);
        let many = |n: usize| (0..n).map(|i| batch(GTIN, &format!("L{i}"))).collect();
        assert_eq!(
            draft(many(MAX_BATCHES), "r")
                .validate("a", at())
                .unwrap()
                .batches
                .len(),
            MAX_BATCHES
        );
        let err = draft(many(MAX_BATCHES + 1), "r")
            .validate("a", at())
            .unwrap_err();
        assert_eq!(fields(err.clone()), ["batches"]);
        assert!(err.errors[0].problem.contains("101"));
    }

    #[test]
    fn the_reason_is_bounded_after_trimming() {
        let ok = format!("  {}  ", "因".repeat(MAX_REASON_CHARS));
        let notice = draft(vec![batch(GTIN, "L1")], &ok)
            .validate("a", at())
            .unwrap();
        assert_eq!(notice.reason.chars().count(), MAX_REASON_CHARS);
        for bad in [
            "   ".to_owned(),
            "因".repeat(MAX_REASON_CHARS + 1),
            "a\u{7}b".to_owned(),
        ] {
            let err = draft(vec![batch(GTIN, "L1")], &bad)
                .validate("a", at())
                .unwrap_err();
            assert_eq!(fields(err), ["reason"], "{bad:?}");
        }
    }

    #[test]
    fn an_acknowledgement_names_its_enterprise_and_may_carry_a_note() {
        let recall = Uuid::now_v7();
        let ack = RecallAcknowledgementDraft {
            enterprise: "91350100M000100Y43".into(),
            note: Some(" 库存 40 件已封存 ".into()),
        }
        .validate(recall, "shop-b", at())
        .unwrap();
        assert_eq!(ack.recall, recall);
        assert_eq!(ack.enterprise.as_str(), "91350100M000100Y43");
        assert_eq!(ack.account, "shop-b");
        assert_eq!(ack.acknowledged_at, at());
        assert_eq!(ack.note.as_deref(), Some("库存 40 件已封存"));
        let bare = RecallAcknowledgementDraft {
            enterprise: "91350100M000100Y43".into(),
            note: None,
        }
        .validate(recall, "shop-b", at())
        .unwrap();
        assert_eq!(bare.note, None);

        let err = RecallAcknowledgementDraft {
            enterprise: "91350100M000100Y44".into(),
            note: Some("n".repeat(MAX_NOTE_CHARS + 1)),
        }
        .validate(recall, "shop-b", at())
        .unwrap_err();
        assert_eq!(fields(err), ["enterprise", "note"]);
        let err = RecallAcknowledgementDraft {
            enterprise: "91350100M000100Y43".into(),
            note: Some("  ".into()),
        }
        .validate(recall, "shop-b", at())
        .unwrap_err();
        assert_eq!(fields(err), ["note"]);
    }
}
