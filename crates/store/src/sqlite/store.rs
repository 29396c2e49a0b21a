//! The storage API on SQLite: writes through the one writer, reads through the readers;
//! timestamps as fixed-width RFC 3339 text, which sorts as time does.

use super::{SqliteStore, events, log, timestamp, trace, units};

crate::shared::store_impl!(
    SqliteStore,
    engine: crate::Engine::Sqlite,
    readers: readers,
    writer: writer,
    timestamp: timestamp,
    register: units::register,
    issue: units::issue,
    log: log,
    events: events,
    trace: trace,
    write_begin: "BEGIN IMMEDIATE",
    key_share: "",
    key_update: "",
);
