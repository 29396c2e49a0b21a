//! EPCIS events on SQLite.

use sqlx::SqlitePool;

use super::{log, timestamp};

crate::events::engine::events_fns!(
    pool: SqlitePool,
    database: sqlx::Sqlite,
    timestamp: timestamp,
    log: log,
    hash_key: ("unhex(substr(", ", 15, 64))"),
);

crate::events::listing::listing_fns!(
    pool: SqlitePool,
    database: sqlx::Sqlite,
    timestamp: timestamp,
    collate: "",
);

crate::events::named_queries::named_query_fns!(
    pool: SqlitePool,
    database: sqlx::Sqlite,
    timestamp: timestamp,
);
