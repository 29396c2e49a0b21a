//! Registering the unit codes of a batch on PostgreSQL: the batch row locked for the whole
//! transaction, duplicate and quantity checks, then array inserts.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgDatabaseError, PgPool};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;
use yima_domain::UnitCode;

use super::log;
use crate::StoreError;
use crate::common::{Violation, code_conflict, micros, violation};

/// Keys per existence query and rows per insert. Arrays travel as one parameter each, so the
/// bound is the size of one message, not a parameter limit.
const CHUNK: usize = 5_000;

/// Row-locks the batch: concurrent registrations into one batch run in turn, so the count
/// each one checks against the quantity is not stale. Registrations into different batches do
/// not wait for each other.
const LOCK_BATCH: &str =
    "SELECT lot, unit_of_measure, quantity FROM batches WHERE id = $1 FOR UPDATE";

const REGISTERED_KEYS: &str = "SELECT key FROM unit_codes WHERE key = ANY($1::text[])";

/// One statement inserts a chunk of rows from parallel arrays.
const INSERT_UNITS: &str = "INSERT INTO unit_codes \
     (key, scheme, batch_id, gtin, serial, registered_at, registration) \
     SELECT *, $7::bigint FROM UNNEST($1::text[], $2::text[], $3::uuid[], $4::text[], \
     $5::text[], $6::timestamptz[])";

crate::shared::register_fn!(
    pool: PgPool,
    database: sqlx::Postgres,
    begin: pool.begin(),
    batch_sql: LOCK_BATCH,
    timestamp: micros,
    log: log,
);

/// The keys among `units` that are registered already.
async fn registered_keys(
    tx: &mut Transaction<'static, Postgres>,
    units: &[UnitCode],
) -> Result<HashSet<String>, StoreError> {
    let mut found = HashSet::new();
    for chunk in units.chunks(CHUNK) {
        let keys: Vec<&str> = chunk.iter().map(|u| u.key.as_str()).collect();
        let rows: Vec<String> = sqlx::query_scalar(REGISTERED_KEYS)
            .bind(keys)
            .fetch_all(&mut **tx)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}

async fn insert(
    tx: &mut Transaction<'static, Postgres>,
    chunk: &[UnitCode],
    registration: i64,
) -> Result<(), StoreError> {
    let keys: Vec<&str> = chunk.iter().map(|u| u.key.as_str()).collect();
    let batches: Vec<Uuid> = chunk.iter().map(|u| u.batch_id).collect();
    let schemes: Vec<&str> = chunk.iter().map(|u| u.scheme.as_str()).collect();
    let gtins: Vec<Option<&str>> = chunk
        .iter()
        .map(|u| u.gtin.as_ref().map(|g| g.as_str()))
        .collect();
    let serials: Vec<Option<&str>> = chunk.iter().map(|u| u.serial.as_deref()).collect();
    let times: Vec<DateTime<Utc>> = chunk.iter().map(|u| micros(u.registered_at)).collect();
    sqlx::query(INSERT_UNITS)
        .bind(keys)
        .bind(schemes)
        .bind(batches)
        .bind(gtins)
        .bind(serials)
        .bind(times)
        .bind(registration)
        .execute(&mut **tx)
        .await
        .map_err(insert_error)?;
    Ok(())
}

/// A unique violation here means another transaction registered one of these keys (for
/// another batch, so the batch lock did not order us) after the check; PostgreSQL's detail
/// `Key (key)=(…) already exists.` names it.
fn insert_error(e: sqlx::Error) -> StoreError {
    let key = e
        .as_database_error()
        .and_then(|d| d.try_downcast_ref::<PgDatabaseError>())
        .and_then(|d| d.detail())
        .and_then(|d| d.strip_prefix("Key (key)=("))
        .and_then(|d| d.strip_suffix(") already exists."))
        .map(str::to_owned);
    match violation(e) {
        Ok(Violation::Unique(_)) => match key {
            Some(key) => code_conflict(&key),
            None => StoreError::Conflict {
                what: "a code of this registration".to_owned(),
            },
        },
        Ok(Violation::ForeignKey) => StoreError::MissingReference {
            what: "the batch of this registration".to_owned(),
        },
        Err(e) => e,
    }
}
