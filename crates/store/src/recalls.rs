//! Recall notices, their batches and their acknowledgements as rows, read back as their
//! leaves committed to them. The statements serve both engines unchanged: an acknowledgement
//! needs no row lock, since a notice is never removed and the acknowledgement's primary key
//! (notice, enterprise) decides between two racing.
//!
//! A notice is read with its batches in one statement (the notice's columns repeated on each
//! batch's row, in the batch's position), and a page of notices likewise: the notices are
//! chosen in a subquery, and the rows grouped back by notice.

use crate::common::{bounded, invalid};
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;
use yima_domain::recall::{MAX_BATCHES, MAX_NOTE_CHARS, MAX_REASON_CHARS};
use yima_domain::{RecallAcknowledgement, RecallNotice, RecalledBatch};

use crate::StoreError;
use crate::common::micros;

/// The most notices `recall_notices` returns, whatever the limit asked for.
pub(crate) const MAX_LISTED: u32 = 1_000;

/// The select list of a notice aliased `n` with one of its batches aliased `b`, if it has
/// any (a notice without batches is corrupt, and is reported rather than left out).
macro_rules! notice_columns {
    () => {
        "n.id, n.reason, n.opened_by, n.opened_at, b.position, b.gtin, b.lot"
    };
}

/// The columns of an acknowledgement, in the order `AcknowledgementRow` decodes them.
macro_rules! acknowledgement_columns {
    () => {
        "recall, enterprise, account, acknowledged_at, note"
    };
}

/// A repeated id is a unique violation; a missing opening account a foreign key one.
pub(crate) const INSERT_NOTICE: &str =
    "INSERT INTO recall_notices (id, reason, opened_by, opened_at) VALUES ($1, $2, $3, $4)";

/// The batches of a notice, `count` of them, in one statement: (recall, position, gtin, lot)
/// per row.
pub(crate) fn insert_batches(count: usize) -> String {
    let mut sql =
        String::from("INSERT INTO recall_notice_batches (recall, position, gtin, lot) VALUES ");
    for i in 0..count {
        if i > 0 {
            sql.push_str(", ");
        }
        let p = i * 4;
        sql.push_str(&format!("(${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4));
    }
    sql
}

pub(crate) const NOTICE: &str = concat!(
    "SELECT ",
    notice_columns!(),
    " FROM recall_notices n LEFT JOIN recall_notice_batches b ON b.recall = n.id \
      WHERE n.id = $1 ORDER BY b.position"
);

// The listings, one statement with the cursor and one without, so that each can use the
// index (a `$1 IS NULL OR ...` condition would keep the planners from it).

pub(crate) const NOTICES: &str = concat!(
    "SELECT ",
    notice_columns!(),
    " FROM (SELECT id, reason, opened_by, opened_at FROM recall_notices \
            ORDER BY opened_at DESC, id DESC LIMIT $1) n \
      LEFT JOIN recall_notice_batches b ON b.recall = n.id \
      ORDER BY n.opened_at DESC, n.id DESC, b.position"
);

/// The page after a notice: a row-value comparison, which both engines read as a range of
/// the (opened_at, id) index.
pub(crate) const NOTICES_BEFORE: &str = concat!(
    "SELECT ",
    notice_columns!(),
    " FROM (SELECT id, reason, opened_by, opened_at FROM recall_notices \
            WHERE (opened_at, id) < ($1, $2) \
            ORDER BY opened_at DESC, id DESC LIMIT $3) n \
      LEFT JOIN recall_notice_batches b ON b.recall = n.id \
      ORDER BY n.opened_at DESC, n.id DESC, b.position"
);

/// The notices recalling a batch, newest first: the batch's rows found by the (gtin, lot,
/// recall) key, then each notice and its batches by their primary keys.
pub(crate) const NOTICES_OF_BATCH: &str = concat!(
    "SELECT ",
    notice_columns!(),
    " FROM recall_notices n JOIN recall_notice_batches b ON b.recall = n.id \
      WHERE n.id IN (SELECT recall FROM recall_notice_batches WHERE gtin = $1 AND lot = $2) \
      ORDER BY n.opened_at DESC, n.id DESC, b.position"
);

/// When a notice was opened, if it is stored.
pub(crate) const OPENED_AT: &str = "SELECT opened_at FROM recall_notices WHERE id = $1";

/// A second acknowledgement by the enterprise is a unique violation; a missing enterprise or
/// account a foreign key one.
pub(crate) const INSERT_ACKNOWLEDGEMENT: &str = concat!(
    "INSERT INTO recall_acknowledgements (",
    acknowledgement_columns!(),
    ") VALUES ($1, $2, $3, $4, $5)"
);

/// Which of an acknowledgement's references exist: its enterprise's, then its account's.
pub(crate) const ACKNOWLEDGEMENT_REFERENCES: &str = "SELECT \
     EXISTS (SELECT 1 FROM enterprises WHERE credit_code = $1), \
     EXISTS (SELECT 1 FROM accounts WHERE id = $2)";

pub(crate) const ACKNOWLEDGEMENT: &str = concat!(
    "SELECT ",
    acknowledgement_columns!(),
    " FROM recall_acknowledgements WHERE recall = $1 AND enterprise = $2"
);

pub(crate) const ACKNOWLEDGEMENTS: &str = concat!(
    "SELECT ",
    acknowledgement_columns!(),
    " FROM recall_acknowledgements WHERE recall = $1 ORDER BY acknowledged_at, enterprise"
);

pub(crate) type NoticeRow = (
    Uuid,
    String,
    String,
    DateTime<Utc>,
    Option<i32>,
    Option<String>,
    Option<String>,
);

pub(crate) type AcknowledgementRow = (Uuid, String, String, DateTime<Utc>, Option<String>);

/// Refuses what no recall notice can be stored as, before anything is written: 1 to
/// `MAX_BATCHES` batches, none twice, lots of 1 to 20 characters, a reason of 1 to
/// `MAX_REASON_CHARS`.
pub(crate) fn check_notice(n: &RecallNotice) -> Result<(), StoreError> {
    let what = |field: &str| format!("the {field} of recall notice {}", n.id);
    if n.batches.is_empty() || n.batches.len() > MAX_BATCHES {
        return Err(invalid(format!(
            "{} must be 1 to {MAX_BATCHES}, not {}",
            what("batches"),
            n.batches.len()
        )));
    }
    let mut seen = HashSet::with_capacity(n.batches.len());
    for (i, b) in n.batches.iter().enumerate() {
        bounded(&what(&format!("lot of batch {i}")), &b.lot, 1, 20)?;
        if !seen.insert(b) {
            return Err(invalid(format!(
                "{} names GTIN {} lot {:?} twice",
                what("batches"),
                b.gtin,
                b.lot
            )));
        }
    }
    bounded(&what("reason"), &n.reason, 1, MAX_REASON_CHARS)?;
    if n.opened_by.contains('\0') {
        return Err(invalid(format!(
            "{} must not contain NUL",
            what("opening account")
        )));
    }
    Ok(())
}

/// A batch's position as the column holds it.
pub(crate) fn position(i: usize) -> Result<i32, StoreError> {
    i32::try_from(i).map_err(|_| invalid(format!("batch position {i} is out of range")))
}

/// Refuses what no acknowledgement can be stored as, before anything is written.
pub(crate) fn check_acknowledgement(a: &RecallAcknowledgement) -> Result<(), StoreError> {
    let what = |field: &str| {
        format!(
            "the {field} of the acknowledgement of recall notice {} by enterprise {}",
            a.recall, a.enterprise
        )
    };
    if let Some(note) = &a.note {
        bounded(&what("note"), note, 1, MAX_NOTE_CHARS)?;
    }
    if a.account.contains('\0') {
        return Err(invalid(format!("{} must not contain NUL", what("account"))));
    }
    Ok(())
}

/// Refuses an acknowledgement dated before its notice was opened (compared as stored, to the
/// microsecond): it cannot acknowledge what was not yet there.
pub(crate) fn check_not_before(
    a: &RecallAcknowledgement,
    opened_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    if micros(a.acknowledged_at) < opened_at {
        return Err(invalid(format!(
            "the acknowledgement of recall notice {} by enterprise {} is dated {}, before the \
             notice was opened ({})",
            a.recall,
            a.enterprise,
            micros(a.acknowledged_at).to_rfc3339(),
            opened_at.to_rfc3339()
        )));
    }
    Ok(())
}

/// What an acknowledgement's insert collided with: the one acknowledgement of the notice by
/// the enterprise.
pub(crate) fn acknowledgement_conflict(a: &RecallAcknowledgement) -> String {
    format!(
        "the acknowledgement of recall notice {} by enterprise {}",
        a.recall, a.enterprise
    )
}

/// What an acknowledgement refers to that is missing, from which of its references exist.
pub(crate) fn acknowledgement_missing(
    a: &RecallAcknowledgement,
    (enterprise, account): (bool, bool),
) -> String {
    if !enterprise {
        format!("enterprise {}", a.enterprise)
    } else if !account {
        format!("account {}", a.account)
    } else {
        format!("enterprise {} or account {}", a.enterprise, a.account)
    }
}

fn corrupt(what: &str, problem: String) -> StoreError {
    StoreError::Corrupt {
        what: what.to_owned(),
        problem,
    }
}

/// A batch row back into the batch, through the parsers its draft was checked by.
fn decode_batch(id: Uuid, gtin: &str, lot: String) -> Result<RecalledBatch, StoreError> {
    let gtin = Gtin::parse(gtin)
        .map_err(|e| corrupt("recall_notice_batches.gtin", format!("{gtin:?}: {e}")))?;
    yima_codes::gs1::ai::check_value("10", &lot).map_err(|e| {
        corrupt(
            "recall_notice_batches.lot",
            format!("recall notice {id}: {lot:?}: {e}"),
        )
    })?;
    Ok(RecalledBatch { gtin, lot })
}

/// Rows of notices with their batches, each notice's rows together and its batches in
/// position order, back into the notices, in the rows' order. A notice whose batches are
/// missing, or whose positions are not 0, 1, 2 … is corrupt: it is not what its leaf
/// committed to.
pub(crate) fn decode_notices(rows: Vec<NoticeRow>) -> Result<Vec<RecallNotice>, StoreError> {
    let mut notices: Vec<RecallNotice> = Vec::new();
    for (id, reason, opened_by, opened_at, position, gtin, lot) in rows {
        let (Some(position), Some(gtin), Some(lot)) = (position, gtin, lot) else {
            return Err(corrupt(
                "recall_notice_batches",
                format!("recall notice {id} has no batches"),
            ));
        };
        let notice = match notices.last_mut() {
            Some(notice) if notice.id == id => notice,
            _ => {
                notices.push(RecallNotice {
                    id,
                    batches: Vec::new(),
                    reason,
                    opened_by,
                    opened_at,
                });
                notices.last_mut().ok_or_else(|| {
                    corrupt("recall_notices", format!("recall notice {id} was lost"))
                })?
            }
        };
        if usize::try_from(position).ok() != Some(notice.batches.len()) {
            return Err(corrupt(
                "recall_notice_batches.position",
                format!(
                    "recall notice {id} has a batch at position {position} where {} belongs",
                    notice.batches.len()
                ),
            ));
        }
        notice.batches.push(decode_batch(id, &gtin, lot)?);
    }
    Ok(notices)
}

/// The one notice of a notice's rows, if any.
pub(crate) fn decode_notice(rows: Vec<NoticeRow>) -> Result<Option<RecallNotice>, StoreError> {
    Ok(decode_notices(rows)?.into_iter().next())
}

/// An acknowledgement row back into the acknowledgement.
pub(crate) fn decode_acknowledgement(
    (recall, enterprise, account, acknowledged_at, note): AcknowledgementRow,
) -> Result<RecallAcknowledgement, StoreError> {
    let enterprise = CreditCode::parse(&enterprise).map_err(|e| {
        corrupt(
            "recall_acknowledgements.enterprise",
            format!("{enterprise:?}: {e}"),
        )
    })?;
    Ok(RecallAcknowledgement {
        recall,
        enterprise,
        account,
        acknowledged_at,
        note,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const GTIN: &str = "09520123456788";

    fn notice(lots: &[&str]) -> RecallNotice {
        RecallNotice {
            id: Uuid::nil(),
            batches: lots
                .iter()
                .map(|lot| RecalledBatch {
                    gtin: Gtin::parse(GTIN).unwrap(),
                    lot: (*lot).to_owned(),
                })
                .collect(),
            reason: "r".into(),
            opened_by: "amr".into(),
            opened_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        }
    }

    fn rows(n: &RecallNotice, positions: &[i32]) -> Vec<NoticeRow> {
        positions
            .iter()
            .zip(&n.batches)
            .map(|(p, b)| {
                (
                    n.id,
                    n.reason.clone(),
                    n.opened_by.clone(),
                    n.opened_at,
                    Some(*p),
                    Some(b.gtin.to_string()),
                    Some(b.lot.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn notices_are_refused_whole_before_anything_is_written() {
        assert!(check_notice(&notice(&["L1", "L2"])).is_ok());
        let problem = |n: &RecallNotice| match check_notice(n) {
            Err(StoreError::Invalid { problem }) => problem,
            other => panic!("expected Invalid, got {other:?}"),
        };
        assert!(problem(&notice(&[])).contains("batches"));
        let many: Vec<String> = (0..=MAX_BATCHES).map(|i| format!("L{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(problem(&notice(&many)).contains("101"));
        assert!(check_notice(&notice(&many[..MAX_BATCHES])).is_ok());
        assert!(problem(&notice(&["L1", "L1"])).contains("twice"));
        assert!(problem(&notice(&["L1", ""])).contains("lot of batch 1"));
        let mut n = notice(&["L1"]);
        n.reason = "r".repeat(MAX_REASON_CHARS + 1);
        assert!(problem(&n).contains("reason"));
        n.reason = "a\0b".into();
        assert!(problem(&n).contains("NUL"));
    }

    #[test]
    fn batches_read_back_in_position_order_or_are_corrupt() {
        let n = notice(&["L1", "L2", "L3"]);
        assert_eq!(
            decode_notice(rows(&n, &[0, 1, 2])).unwrap(),
            Some(n.clone())
        );
        assert_eq!(decode_notice(Vec::new()).unwrap(), None);
        for positions in [[0, 2, 3], [1, 2, 3], [0, 0, 1]] {
            assert!(matches!(
                decode_notice(rows(&n, &positions)),
                Err(StoreError::Corrupt { what, .. }) if what == "recall_notice_batches.position"
            ));
        }
        let bare = vec![(
            n.id,
            n.reason.clone(),
            n.opened_by.clone(),
            n.opened_at,
            None,
            None,
            None,
        )];
        assert!(matches!(
            decode_notice(bare),
            Err(StoreError::Corrupt { what, .. }) if what == "recall_notice_batches"
        ));
        let mut bad = rows(&n, &[0, 1, 2]);
        bad[1].5 = Some("09520123456789".into());
        assert!(matches!(
            decode_notice(bad),
            Err(StoreError::Corrupt { what, .. }) if what == "recall_notice_batches.gtin"
        ));
    }

    #[test]
    fn an_acknowledgement_cannot_precede_its_notice() {
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let a = RecallAcknowledgement {
            recall: Uuid::nil(),
            enterprise: CreditCode::parse("91350100M000100Y43").unwrap(),
            account: "shop".into(),
            acknowledged_at: at,
            note: None,
        };
        assert!(check_not_before(&a, at).is_ok());
        assert!(check_not_before(&a, at - chrono::TimeDelta::microseconds(1)).is_ok());
        assert!(check_not_before(&a, at + chrono::TimeDelta::microseconds(1)).is_err());
        // Compared to the microsecond it is stored at.
        let rounding = RecallAcknowledgement {
            acknowledged_at: at + chrono::TimeDelta::nanoseconds(999),
            ..a
        };
        assert!(check_not_before(&rounding, at).is_ok());
    }

    #[test]
    fn batches_are_inserted_in_one_statement() {
        assert_eq!(
            insert_batches(2),
            "INSERT INTO recall_notice_batches (recall, position, gtin, lot) VALUES \
             ($1, $2, $3, $4), ($5, $6, $7, $8)"
        );
    }
}
