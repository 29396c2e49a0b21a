//! Audit batches as rows: one row per batch and one per entry, in the batch's order, so that
//! a batch reads back as its leaf committed to it. The statements serve both engines.

use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;
use yima_domain::{AuditBatch, AuditEntry};

use crate::StoreError;
use crate::common::micros;

/// The most entries `audit_entries` returns, whatever the limit asked for.
pub(crate) const MAX_LISTED: u32 = 1_000;

/// Entries written in one statement: 11 parameters each, well under either engine's limit.
pub(crate) const CHUNK: usize = 256;

/// The columns of an entry, in the order `EntryRow` decodes them.
macro_rules! entry_columns {
    () => {
        "batch, position, at, account, key_id, method, route, target, status, address, \
         request_id"
    };
}

pub(crate) const INSERT_BATCH: &str = "INSERT INTO audit_batches (id, recorded_at) VALUES ($1, $2)";

pub(crate) const BATCH: &str = "SELECT recorded_at FROM audit_batches WHERE id = $1";

pub(crate) const ENTRIES_OF_BATCH: &str = concat!(
    "SELECT ",
    entry_columns!(),
    " FROM audit_entries WHERE batch = $1 ORDER BY position"
);

// The listings, one statement for each combination of filters, so that each can use its
// index (a `$1 IS NULL OR ...` condition would keep the planners from it).

pub(crate) const ENTRIES: &str = concat!(
    "SELECT ",
    entry_columns!(),
    " FROM audit_entries ORDER BY at DESC, batch DESC, position DESC LIMIT $1"
);

pub(crate) const ENTRIES_BEFORE: &str = concat!(
    "SELECT ",
    entry_columns!(),
    " FROM audit_entries WHERE at < $1 \
      ORDER BY at DESC, batch DESC, position DESC LIMIT $2"
);

pub(crate) const ENTRIES_OF: &str = concat!(
    "SELECT ",
    entry_columns!(),
    " FROM audit_entries WHERE account = $1 \
      ORDER BY at DESC, batch DESC, position DESC LIMIT $2"
);

pub(crate) const ENTRIES_OF_BEFORE: &str = concat!(
    "SELECT ",
    entry_columns!(),
    " FROM audit_entries WHERE account = $1 AND at < $2 \
      ORDER BY at DESC, batch DESC, position DESC LIMIT $3"
);

/// A multi-row insert of `rows` entries.
pub(crate) fn insert_entries(rows: usize) -> String {
    let mut sql = String::from(concat!(
        "INSERT INTO audit_entries (",
        entry_columns!(),
        ") VALUES "
    ));
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        let first = row * 11;
        let params: Vec<String> = (1..=11).map(|i| format!("${}", first + i)).collect();
        sql.push('(');
        sql.push_str(&params.join(", "));
        sql.push(')');
    }
    sql
}

pub(crate) type EntryRow = (
    Uuid,
    i32,
    DateTime<Utc>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    i32,
    Option<String>,
    Option<String>,
);

/// Refuses what no batch can be stored as, before anything is written: a batch without
/// entries (a record of nothing), and entries the schema would refuse, named by position.
/// Text with a NUL character is refused on both engines, since PostgreSQL cannot hold it.
pub(crate) fn check(batch: &AuditBatch) -> Result<(), StoreError> {
    let invalid = |problem: String| StoreError::Invalid { problem };
    if batch.entries.is_empty() {
        return Err(invalid(format!("audit batch {} has no entries", batch.id)));
    }
    if i32::try_from(batch.entries.len()).is_err() {
        return Err(invalid(format!(
            "audit batch {} has {} entries, too many to number",
            batch.id,
            batch.entries.len()
        )));
    }
    for (position, e) in batch.entries.iter().enumerate() {
        let field = |name: &str, problem: &str| {
            invalid(format!(
                "audit entry {position} of batch {}: {name} {problem}",
                batch.id
            ))
        };
        let bounded = |name: &str, value: &str, min: usize, max: usize| {
            let chars = value.chars().count();
            if chars < min || chars > max {
                return Err(field(name, &format!("must be {min} to {max} characters")));
            }
            if value.contains('\0') {
                return Err(field(name, "must not contain NUL"));
            }
            Ok(())
        };
        bounded("method", &e.method, 1, 16)?;
        bounded("route", &e.route, 1, 300)?;
        bounded("target", &e.target, 1, yima_domain::audit::MAX_TARGET_CHARS)?;
        if let Some(address) = &e.address {
            bounded("address", address, 0, 64)?;
        }
        if let Some(request_id) = &e.request_id {
            bounded("request_id", request_id, 0, 200)?;
        }
        for (name, value) in [("account", &e.account), ("key_id", &e.key_id)] {
            if value.as_deref().is_some_and(|v| v.contains('\0')) {
                return Err(field(name, "must not contain NUL"));
            }
        }
        if !(100..=599).contains(&e.status) {
            return Err(field("status", "must be from 100 to 599"));
        }
    }
    Ok(())
}

/// The position of an entry as the column holds it (`check` has bounded it).
pub(crate) fn position(index: usize) -> Result<i32, StoreError> {
    i32::try_from(index).map_err(|_| StoreError::Invalid {
        problem: format!("audit entry position {index} is too large"),
    })
}

/// `before` as a bound on stored (microsecond) times: rounded up, so that an entry stored at
/// the microsecond `before` falls in is still before it.
pub(crate) fn before_bound(before: DateTime<Utc>) -> DateTime<Utc> {
    let down = micros(before);
    if down < before {
        down + TimeDelta::microseconds(1)
    } else {
        down
    }
}

/// An entry row back into the batch's id, its position and the entry.
pub(crate) fn decode(
    (batch, position, at, account, key_id, method, route, target, status, address, request_id): EntryRow,
) -> Result<(Uuid, i32, AuditEntry), StoreError> {
    let status = u16::try_from(status).map_err(|_| StoreError::Corrupt {
        what: "audit_entries.status".to_owned(),
        problem: format!("{status} is out of range"),
    })?;
    Ok((
        batch,
        position,
        AuditEntry {
            at,
            account,
            key_id,
            method,
            route,
            target,
            status,
            address,
            request_id,
        },
    ))
}

/// A batch from its time and its entry rows in order of position, which must run 0, 1, 2…
/// without a gap: a batch missing an entry is not the batch its leaf committed to.
pub(crate) fn batch(
    id: Uuid,
    recorded_at: DateTime<Utc>,
    rows: Vec<EntryRow>,
) -> Result<AuditBatch, StoreError> {
    let mut entries = Vec::with_capacity(rows.len());
    for (expected, row) in rows.into_iter().enumerate() {
        let (_, position, entry) = decode(row)?;
        if usize::try_from(position) != Ok(expected) {
            return Err(StoreError::Corrupt {
                what: "audit_entries.position".to_owned(),
                problem: format!("batch {id} has entry {position} where {expected} belongs"),
            });
        }
        entries.push(entry);
    }
    if entries.is_empty() {
        return Err(StoreError::Corrupt {
            what: "audit_entries".to_owned(),
            problem: format!("batch {id} has no entries"),
        });
    }
    Ok(AuditBatch {
        id,
        recorded_at,
        entries,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn entries_are_inserted_with_numbered_parameters() {
        assert!(
            insert_entries(1).ends_with("VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        );
        assert!(
            insert_entries(2)
                .ends_with("$11), ($12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)")
        );
    }

    #[test]
    fn before_is_rounded_up_to_the_microsecond() {
        let t = DateTime::parse_from_rfc3339("2025-03-01T10:20:30.123456001Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            before_bound(t).to_rfc3339(),
            "2025-03-01T10:20:30.123457+00:00"
        );
        let exact = micros(t);
        assert_eq!(before_bound(exact), exact);
    }
}
