//! What a trace and a recall need of the store: the events naming a set of objects, a hop at
//! a time (`engine.rs`, written once for both engines like `crate::events::engine`), read
//! into the domain's `TraceEvent` from the index rows and the few fields of the document the
//! index does not hold (`rows.rs`); and the driver that runs a traversal against a store.

pub(crate) mod engine;
mod rows;

pub(crate) use rows::{TraceEventRow, decode_role, listed_epcs, lot_of, trace_event};

use yima_domain::trace::{Traced, Traversal};

use crate::{Store, StoreError};

/// Keys or ids one query of a hop takes at least: below this a query is cheaper than the
/// work of splitting it.
const LEAST_PER_QUERY: usize = 1_000;

/// How many of `n` keys or ids each query of a hop takes: a large hop is split into as many
/// queries as the machine has cores, run at once on as many connections, so that its index
/// lookups, the bulk of a trace's time, use every core.
pub(crate) fn parts(n: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    n.div_ceil(cores).max(LEAST_PER_QUERY)
}

/// Runs `traversal` to its end against `store`: one `trace_events` call per hop.
pub async fn run_trace(store: &dyn Store, mut traversal: Traversal) -> Result<Traced, StoreError> {
    while let Some(request) = traversal.next_request() {
        let answer = store.trace_events(&request, traversal.known()).await?;
        traversal.absorb(answer);
    }
    Ok(traversal.finish())
}
