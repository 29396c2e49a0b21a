//! The REST binding's listings, written once for both engines: the distinct values a field of
//! stored events takes (`/eventTypes`, `/epcs`, `/bizSteps`, …) and the capture jobs, newest
//! first. Each is a keyset page: the caller passes the last value (or job) it has seen.
//!
//! Distinct values are found by a "loose index scan": a recursive query that seeks the least
//! value above the previous one in the field's index, once per value. `SELECT DISTINCT …
//! LIMIT` would read every event of each value listed (a million events of one type, to list
//! that type), since neither engine skips through an index by itself. The engine supplies
//! its pool and database types, how timestamps are bound, and the collation values are
//! ordered by (PostgreSQL: `COLLATE "C"`, as the identifier tables and the indexes of
//! migration 0006 are; SQLite compares bytes already).

macro_rules! listing_fns {
    (
        pool: $pool_type:ty,
        database: $db:ty,
        timestamp: $timestamp:path,
        collate: $collate:literal $(,)?
    ) => {
        /// The distinct values of `field` among stored events above `after`, ascending, at
        /// most `limit`.
        pub(crate) async fn event_values(
            readers: &$pool_type,
            field: crate::events::EventField,
            after: Option<&str>,
            limit: u32,
        ) -> Result<Vec<String>, crate::StoreError> {
            if limit == 0 {
                return Ok(Vec::new());
            }
            let (table, column) = field.source();
            let ordered = format!("{column}{}", $collate);
            let least_above = |bound: &str| {
                format!(
                    "(SELECT {ordered} FROM {table} WHERE {column} IS NOT NULL{bound} \
                     ORDER BY {ordered} LIMIT 1)"
                )
            };
            let first = match after {
                Some(_) => least_above(&format!(" AND {ordered} > $2")),
                None => least_above(""),
            };
            let next = least_above(&format!(" AND {ordered} > found.value"));
            let sql = format!(
                "WITH RECURSIVE found (value, n) AS ( \
                     SELECT {first}, CAST(1 AS BIGINT) \
                     UNION ALL \
                     SELECT {next}, found.n + 1 FROM found \
                     WHERE found.value IS NOT NULL AND found.n < $1 \
                 ) SELECT value FROM found WHERE value IS NOT NULL ORDER BY n"
            );
            let mut query = sqlx::query_scalar::<$db, String>(&sql).bind(i64::from(limit));
            if let Some(after) = after {
                query = query.bind(after);
            }
            Ok(query.fetch_all(readers).await?)
        }

        /// Capture jobs with their outcomes, newest first, received before `before` (a job's
        /// (received_at, id)), at most `limit`.
        pub(crate) async fn captures(
            readers: &$pool_type,
            before: Option<(chrono::DateTime<chrono::Utc>, uuid::Uuid)>,
            limit: u32,
        ) -> Result<
            Vec<(
                yima_domain::epcis::CaptureJob,
                Option<yima_domain::epcis::CaptureOutcome>,
            )>,
            crate::StoreError,
        > {
            let mut q = sqlx::QueryBuilder::<$db>::new(crate::events::CAPTURE_SELECT);
            if let Some((at, id)) = before {
                q.push(" WHERE c.received_at < ");
                q.push_bind($timestamp(at));
                q.push(" OR (c.received_at = ");
                q.push_bind($timestamp(at));
                q.push(" AND c.id < ");
                q.push_bind(id);
                q.push(")");
            }
            q.push(" ORDER BY c.received_at DESC, c.id DESC LIMIT ");
            q.push_bind(i64::from(limit));
            let rows: Vec<crate::events::CaptureRow> =
                q.build_query_as().fetch_all(readers).await?;
            rows.into_iter()
                .map(crate::events::decode_capture)
                .collect()
        }
    };
}

pub(crate) use listing_fns;
