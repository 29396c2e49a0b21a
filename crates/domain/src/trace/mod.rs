//! Trace and recall: where goods came from and went, and who must act in a recall, worked
//! out from EPCIS events alone, without I/O.
//!
//! A trace starts from codes (`start.rs`) and talks to a store in hops (`traversal.rs`):
//! each hop asks for the events of every object newly followed, in one request; `reach.rs`
//! decides from the events read which objects are followed and when (goods, the cases and
//! pallets carrying them, what transformations made of them or from). Once complete,
//! `replay.rs` replays those events in time order, keeping custody of every traced object,
//! and gives the movements between parties — the trace graph (`graph.rs`) — and where the
//! goods began, ended and are held — the recall ledger (`recall.rs`).

pub mod event;
pub mod graph;
pub mod memory;
pub mod pool;
pub mod reach;
pub mod recall;
pub mod replay;
pub mod start;
pub mod traversal;
pub mod window;

#[cfg(test)]
mod tests;

pub use event::{ClassAmount, DocumentRef, ObjectKey, PartyRef, TraceEvent, key};
pub use graph::{Edge, Graph, GraphNode, graph};
pub use memory::MemoryEvents;
pub use pool::{Pool, TraceAnswer, TraceRequest};
pub use reach::Direction;
pub use recall::{Ledger, LedgerLine, ledger};
pub use replay::{Measure, MoveKind, Node};
pub use start::{Start, batch_start, start_of_code};
pub use traversal::{DEFAULT_DEPTH, MAX_DEPTH, TraceQuery, Traced, Traversal};
