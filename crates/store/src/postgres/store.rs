//! The storage API on PostgreSQL: every call on the one pool; timestamps as TIMESTAMPTZ.

use super::{PostgresStore, events, log, trace, units};
use crate::common::micros;

crate::shared::store_impl!(
    PostgresStore,
    engine: crate::Engine::Postgres,
    readers: pool,
    writer: pool,
    timestamp: micros,
    register: units::register,
    issue: units::issue,
    log: log,
    events: events,
    trace: trace,
    write_begin: "BEGIN",
    key_share: " FOR SHARE",
    key_update: " FOR UPDATE",
);
