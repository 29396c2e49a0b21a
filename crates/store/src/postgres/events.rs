//! EPCIS events on PostgreSQL.

use sqlx::PgPool;

use super::log;
use crate::common::micros;

crate::events::engine::events_fns!(
    pool: PgPool,
    database: sqlx::Postgres,
    timestamp: micros,
    log: log,
    hash_key: ("", ""),
);

crate::events::listing::listing_fns!(
    pool: PgPool,
    database: sqlx::Postgres,
    timestamp: micros,
    collate: " COLLATE \"C\"",
);

crate::events::named_queries::named_query_fns!(
    pool: PgPool,
    database: sqlx::Postgres,
    timestamp: micros,
);
