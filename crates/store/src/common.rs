//! What both engines share: timestamp precision, the reading of constraint violations, and
//! the checks of a unit registration that need no database.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};
use sqlx::error::ErrorKind;
use yima_domain::{Batch, Product, UnitCode};

use crate::StoreError;

/// Timestamps are kept to the microsecond, the precision of PostgreSQL: both engines store
/// the same instant, so a record reads back the same from either.
pub(crate) fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    // Keeps a leap second's extra second (nanosecond >= 1e9) and only drops sub-micro digits.
    let nanos = t.nanosecond() / 1_000 * 1_000;
    t.with_nanosecond(nanos).unwrap_or(t)
}

/// Migration attempts at open: without a lock held across instances, two starting together
/// may collide on the first run; whoever loses retries and finds the work done (applied
/// migrations are skipped).
const MIGRATION_ATTEMPTS: u32 = 5;
const MIGRATION_RETRY_PAUSE: Duration = Duration::from_millis(250);

/// Runs `migrate` until it succeeds, at most `MIGRATION_ATTEMPTS` times.
pub(crate) async fn with_retries<F, Fut>(mut migrate: F) -> Result<(), StoreError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), StoreError>>,
{
    let mut attempt = 1;
    loop {
        match migrate().await {
            Ok(()) => return Ok(()),
            Err(e) if attempt < MIGRATION_ATTEMPTS => {
                tracing::warn!(attempt, error = %e, "migration failed, retrying");
                tokio::time::sleep(MIGRATION_RETRY_PAUSE * attempt).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// The quantity as the BIGINT column holds it.
pub(crate) fn quantity(batch: &Batch) -> Result<i64, StoreError> {
    i64::try_from(batch.quantity).map_err(|_| StoreError::Invalid {
        problem: format!(
            "quantity {} of batch {} is too large",
            batch.quantity, batch.id
        ),
    })
}

/// A constraint the database refused a write for.
pub(crate) enum Violation {
    /// A unique or primary key, with the constraint's name (PostgreSQL) or the message that
    /// names its columns (SQLite): either says which key it was.
    Unique(String),
    ForeignKey,
}

/// Classifies a failed write: constraint violations the caller caused become `Violation`s
/// (or `Invalid` for checks), anything else is passed through.
pub(crate) fn violation(e: sqlx::Error) -> Result<Violation, StoreError> {
    let Some(db) = e.as_database_error() else {
        return Err(StoreError::Database(e));
    };
    match db.kind() {
        ErrorKind::UniqueViolation => Ok(Violation::Unique(
            db.constraint()
                .map_or_else(|| db.message().to_owned(), str::to_owned),
        )),
        ErrorKind::ForeignKeyViolation => Ok(Violation::ForeignKey),
        ErrorKind::CheckViolation | ErrorKind::NotNullViolation => Err(StoreError::Invalid {
            problem: db.message().to_owned(),
        }),
        _ => Err(StoreError::Database(e)),
    }
}

/// Maps a failed single-record insert: `conflict` names what a unique violation (given the
/// constraint) collided with, `missing` what a foreign key violation found absent.
pub(crate) fn insert_error(
    e: sqlx::Error,
    conflict: impl FnOnce(&str) -> String,
    missing: impl FnOnce() -> String,
) -> StoreError {
    match violation(e) {
        Ok(Violation::Unique(constraint)) => StoreError::Conflict {
            what: conflict(&constraint),
        },
        Ok(Violation::ForeignKey) => StoreError::MissingReference { what: missing() },
        Err(e) => e,
    }
}

/// What a product collided with, from the constraint (`products_gtin_key` on PostgreSQL,
/// `products.gtin` in SQLite's message).
pub(crate) fn product_conflict(p: &Product, constraint: &str) -> String {
    match &p.gtin {
        Some(gtin) if constraint.contains("gtin") => format!("GTIN {gtin}"),
        _ => format!("product {}", p.id),
    }
}

/// What a batch collided with: its lot within the product, or its id.
pub(crate) fn batch_conflict(b: &Batch, constraint: &str) -> String {
    if constraint.contains("lot") {
        format!("lot {:?} of product {}", b.lot, b.product_id)
    } else {
        format!("batch {}", b.id)
    }
}

/// An API key's secret digest collided (its id cannot: that is `Ok(false)`). The digest is
/// not repeated in the message: it is a credential's fingerprint.
pub(crate) fn key_conflict() -> String {
    "an API key with the same secret".to_owned()
}

/// A session's secret digest collided. The digest is not repeated in the message: it is a
/// credential's fingerprint.
pub(crate) fn session_conflict() -> String {
    "a session with the same secret".to_owned()
}

/// Refuses units that belong to another batch than the one being registered into: the
/// quantity check would count them against the wrong batch.
pub(crate) fn check_batch_ids(batch: &Batch, units: &[UnitCode]) -> Result<(), StoreError> {
    match units.iter().find(|u| u.batch_id != batch.id) {
        Some(u) => Err(StoreError::Invalid {
            problem: format!(
                "code {} names batch {}, not batch {} it is being registered in",
                u.key, u.batch_id, batch.id
            ),
        }),
        None => Ok(()),
    }
}

/// The first unit, in the caller's order, whose key is registered already or repeats an
/// earlier one of `units`.
pub(crate) fn first_conflict(
    units: &[UnitCode],
    registered: &HashSet<String>,
) -> Option<StoreError> {
    let mut seen = HashSet::with_capacity(units.len());
    units
        .iter()
        .find(|u| registered.contains(&u.key) || !seen.insert(u.key.as_str()))
        .map(|u| code_conflict(&u.key))
}

pub(crate) fn code_conflict(key: &str) -> StoreError {
    StoreError::Conflict {
        what: format!("code {key}"),
    }
}

/// For a batch counted in pieces, refuses codes beyond its quantity. Batches measured by
/// length or weight are not limited here: how many codes such a batch carries is not a count
/// of its quantity.
pub(crate) fn check_quantity(
    lot: &str,
    unit_of_measure: &str,
    quantity: i64,
    registered: i64,
    adding: usize,
) -> Result<(), StoreError> {
    if unit_of_measure != Batch::PIECES {
        return Ok(());
    }
    let (quantity, registered) = (quantity.max(0) as u64, registered.max(0) as u64);
    let adding = adding as u64;
    if registered.saturating_add(adding) > quantity {
        return Err(StoreError::QuantityExceeded {
            lot: lot.to_owned(),
            quantity,
            registered,
            adding,
        });
    }
    Ok(())
}

/// A record the store refuses as it stands.
pub(crate) fn invalid(problem: String) -> StoreError {
    StoreError::Invalid { problem }
}

/// Text of `min` to `max` characters without NUL, which PostgreSQL cannot hold (refused on
/// both engines, so that they agree).
pub(crate) fn bounded(what: &str, value: &str, min: usize, max: usize) -> Result<(), StoreError> {
    let chars = value.chars().count();
    if chars < min || chars > max {
        return Err(invalid(format!("{what} must be {min} to {max} characters")));
    }
    if value.contains('\0') {
        return Err(invalid(format!("{what} must not contain NUL")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn micros_drops_only_nanoseconds() {
        let t = DateTime::parse_from_rfc3339("2025-03-01T10:20:30.123456789Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(micros(t).to_rfc3339(), "2025-03-01T10:20:30.123456+00:00");
        assert_eq!(micros(micros(t)), micros(t));
    }

    #[test]
    fn quantity_counts_only_pieces() {
        assert!(check_quantity("L1", "H87", 10, 8, 2).is_ok());
        assert!(matches!(
            check_quantity("L1", "H87", 10, 8, 3),
            Err(StoreError::QuantityExceeded {
                registered: 8,
                adding: 3,
                ..
            })
        ));
        assert!(check_quantity("L1", "MTR", 10, 8, 3).is_ok());
    }
}
