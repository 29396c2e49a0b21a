//! Registering the unit codes of a batch on SQLite: one immediate transaction, duplicate and
//! quantity checks, then multi-row inserts.

use std::collections::HashSet;
use std::sync::OnceLock;

use sqlx::sqlite::SqlitePool;
use sqlx::{Sqlite, Transaction};
use yima_domain::UnitCode;

use super::{log, timestamp};
use crate::StoreError;
use crate::common::{Violation, violation};

/// Keys per existence query and rows per insert: 500 rows of 7 columns is 3,500 parameters,
/// well under SQLite's limit of 32,766, and large enough that statement overhead vanishes.
const CHUNK: usize = 500;

/// The batch, read inside the transaction; IMMEDIATE (below) has taken the write lock.
const BATCH_FOR_REGISTRATION: &str =
    "SELECT lot, unit_of_measure, quantity FROM batches WHERE id = $1";

// IMMEDIATE takes the write lock before the first read, so the count and the duplicate check
// stay true until commit even if another process writes the same file.
crate::shared::register_fn!(
    writer: SqlitePool,
    database: sqlx::Sqlite,
    begin: writer.begin_with("BEGIN IMMEDIATE"),
    batch_sql: BATCH_FOR_REGISTRATION,
    timestamp: timestamp,
    log: log,
);

/// The keys among `units` that are registered already.
async fn registered_keys(
    tx: &mut Transaction<'static, Sqlite>,
    units: &[UnitCode],
) -> Result<HashSet<String>, StoreError> {
    let mut found = HashSet::new();
    for chunk in units.chunks(CHUNK) {
        let sql = select_sql(chunk.len());
        let mut query = sqlx::query_scalar::<_, String>(sql.as_str());
        for u in chunk {
            query = query.bind(u.key.as_str());
        }
        found.extend(query.fetch_all(&mut **tx).await?);
    }
    Ok(found)
}

async fn insert(
    tx: &mut Transaction<'static, Sqlite>,
    chunk: &[UnitCode],
    registration: i64,
) -> Result<(), StoreError> {
    let sql = insert_sql(chunk.len());
    let mut query = sqlx::query(sql.as_str());
    // Units of one call usually share their registration time: format it once.
    let mut last: Option<(chrono::DateTime<chrono::Utc>, String)> = None;
    for u in chunk {
        let at = match &last {
            Some((t, s)) if *t == u.registered_at => s.clone(),
            _ => {
                let s = timestamp(u.registered_at);
                last = Some((u.registered_at, s.clone()));
                s
            }
        };
        query = query
            .bind(u.key.as_str())
            .bind(u.scheme.as_str())
            .bind(u.batch_id)
            .bind(u.gtin.as_ref().map(|g| g.as_str()))
            .bind(u.serial.as_deref())
            .bind(at)
            .bind(registration);
    }
    query
        .execute(&mut **tx)
        .await
        .map_err(|e| match violation(e) {
            // The checks above ran under the write lock, so this means a bug, not a race; the
            // message still says what kind of failure it was.
            Ok(Violation::Unique(_)) => StoreError::Conflict {
                what: "a code of this registration".to_owned(),
            },
            Ok(Violation::ForeignKey) => StoreError::MissingReference {
                what: "the batch of this registration".to_owned(),
            },
            Err(e) => e,
        })?;
    Ok(())
}

/// `SELECT key … WHERE key IN (?, …)` for `n` keys; the full-chunk text is built once.
fn select_sql(n: usize) -> Shared {
    static FULL: OnceLock<String> = OnceLock::new();
    let build = |n: usize| {
        let mut s = String::from("SELECT key FROM unit_codes WHERE key IN (");
        s.push_str(&vec!["?"; n].join(", "));
        s.push(')');
        s
    };
    share(&FULL, n, build)
}

/// A multi-row insert of `n` units; the full-chunk text is built once.
fn insert_sql(n: usize) -> Shared {
    static FULL: OnceLock<String> = OnceLock::new();
    let build = |n: usize| {
        let mut s = String::from(
            "INSERT INTO unit_codes \
             (key, scheme, batch_id, gtin, serial, registered_at, registration) VALUES ",
        );
        s.push_str(&vec!["(?, ?, ?, ?, ?, ?, ?)"; n].join(", "));
        s
    };
    share(&FULL, n, build)
}

/// Statement text: the cached one for a full chunk, a fresh one for the last, shorter chunk.
enum Shared {
    Cached(&'static str),
    Owned(String),
}

impl Shared {
    fn as_str(&self) -> &str {
        match self {
            Shared::Cached(s) => s,
            Shared::Owned(s) => s,
        }
    }
}

fn share(full: &'static OnceLock<String>, n: usize, build: impl Fn(usize) -> String) -> Shared {
    if n == CHUNK {
        Shared::Cached(full.get_or_init(|| build(CHUNK)))
    } else {
        Shared::Owned(build(n))
    }
}
