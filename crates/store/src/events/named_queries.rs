//! Named queries (the REST binding's `/queries`), written once for both engines. A definition
//! and its removal are rows of their own, never updated or deleted: the definition in force
//! for a name is its latest, unless that one was removed. A name defined again after its
//! removal takes the next generation, and `(name, generation)` being unique refuses two
//! definitions racing for one name, whichever engine and however many servers.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_domain::epcis::NamedQuery;

use crate::StoreError;

/// A named query's row: (id, name, definition, created_at, submitter).
pub(crate) type NamedQueryRow = (Uuid, String, String, DateTime<Utc>, Option<String>);

/// Reads a definition back through the domain's own checks.
pub(crate) fn decode_named_query(row: NamedQueryRow) -> Result<NamedQuery, StoreError> {
    let (id, name, definition, created_at, submitter) = row;
    let corrupt = |problem: String| StoreError::Corrupt {
        what: format!("named query {name:?}"),
        problem,
    };
    let definition = serde_json::from_str(&definition).map_err(|e| corrupt(e.to_string()))?;
    NamedQuery::new(id, name.clone(), definition, created_at, submitter)
        .map_err(|e| corrupt(e.to_string()))
}

macro_rules! named_query_fns {
    (
        pool: $pool_type:ty,
        database: $db:ty,
        timestamp: $timestamp:path $(,)?
    ) => {
        const NAMED_QUERY_COLUMNS: &str =
            "SELECT q.id, q.name, q.definition, q.created_at, q.submitter FROM named_queries q";
        /// `q` is the definition in force for its name: none later, and not removed.
        const IN_FORCE: &str = "NOT EXISTS (SELECT 1 FROM named_queries later \
             WHERE later.name = q.name AND later.generation > q.generation) \
             AND NOT EXISTS (SELECT 1 FROM named_query_removals r WHERE r.query = q.id)";

        /// Stores a definition; `Conflict` if its name has one in force (or its id is taken).
        pub(crate) async fn insert_named_query(
            writer: &$pool_type,
            query: &yima_domain::epcis::NamedQuery,
        ) -> Result<(), crate::StoreError> {
            let definition = serde_json::to_string(query.definition()).map_err(|e| {
                crate::StoreError::Invalid {
                    problem: format!("named query {:?}: {e}", query.name),
                }
            })?;
            let taken = || format!("named query {:?}", query.name);
            let mut tx = writer.begin().await?;
            let latest: Option<(i64, Option<uuid::Uuid>)> = sqlx::query_as(
                "SELECT q.generation, r.query FROM named_queries q \
                 LEFT JOIN named_query_removals r ON r.query = q.id \
                 WHERE q.name = $1 ORDER BY q.generation DESC LIMIT 1",
            )
            .bind(&query.name)
            .fetch_optional(&mut *tx)
            .await?;
            let generation = match latest {
                None => 0,
                Some((generation, Some(_removed))) => generation + 1,
                Some((_, None)) => return Err(crate::StoreError::Conflict { what: taken() }),
            };
            sqlx::query(
                "INSERT INTO named_queries (id, name, generation, definition, created_at, \
                 submitter) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(query.id)
            .bind(&query.name)
            .bind(generation)
            .bind(&definition)
            .bind($timestamp(query.created_at))
            .bind(query.submitter.as_deref())
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                crate::common::insert_error(
                    e,
                    |constraint| {
                        if constraint.contains("pkey") || constraint.ends_with(".id") {
                            format!("named query id {}", query.id)
                        } else {
                            // Another definition took the name since it was read.
                            taken()
                        }
                    },
                    || "a referenced record".to_owned(),
                )
            })?;
            tx.commit().await?;
            Ok(())
        }

        /// The definition in force for `name`.
        pub(crate) async fn named_query(
            readers: &$pool_type,
            name: &str,
        ) -> Result<Option<yima_domain::epcis::NamedQuery>, crate::StoreError> {
            let sql = format!("{NAMED_QUERY_COLUMNS} WHERE q.name = $1 AND {IN_FORCE}");
            let row: Option<crate::events::NamedQueryRow> = sqlx::query_as(&sql)
                .bind(name)
                .fetch_optional(readers)
                .await?;
            row.map(crate::events::decode_named_query).transpose()
        }

        /// The definitions in force, by name, after `after`, at most `limit`.
        pub(crate) async fn named_queries(
            readers: &$pool_type,
            after: Option<&str>,
            limit: u32,
        ) -> Result<Vec<yima_domain::epcis::NamedQuery>, crate::StoreError> {
            let mut q = sqlx::QueryBuilder::<$db>::new(NAMED_QUERY_COLUMNS);
            q.push(format_args!(" WHERE {IN_FORCE}"));
            if let Some(after) = after {
                q.push(" AND q.name > ");
                q.push_bind(after.to_owned());
            }
            q.push(" ORDER BY q.name LIMIT ");
            q.push_bind(i64::from(limit));
            let rows: Vec<crate::events::NamedQueryRow> =
                q.build_query_as().fetch_all(readers).await?;
            rows.into_iter()
                .map(crate::events::decode_named_query)
                .collect()
        }

        /// Records the removal of the definition in force for `name`; `false` (nothing
        /// written) if it has none.
        pub(crate) async fn remove_named_query(
            writer: &$pool_type,
            name: &str,
            removed_at: chrono::DateTime<chrono::Utc>,
            submitter: Option<&str>,
        ) -> Result<bool, crate::StoreError> {
            let mut tx = writer.begin().await?;
            let sql = format!("SELECT q.id FROM named_queries q WHERE q.name = $1 AND {IN_FORCE}");
            let found: Option<uuid::Uuid> = sqlx::query_scalar(&sql)
                .bind(name)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(id) = found else {
                return Ok(false);
            };
            // A removal racing this one for the same definition leaves nothing to remove.
            let removed = sqlx::query(
                "INSERT INTO named_query_removals (query, removed_at, submitter) \
                 VALUES ($1, $2, $3) ON CONFLICT (query) DO NOTHING",
            )
            .bind(id)
            .bind($timestamp(removed_at))
            .bind(submitter)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            Ok(removed == 1)
        }
    };
}

pub(crate) use named_query_fns;
