//! The conversation between a trace and the store: each hop asks, in one request, for the
//! events of every object the trace has come to follow and not yet asked about; the answer
//! may lead to more objects. It ends when nothing new is followed — after at most
//! `depth + 1` hops, since every object is at most `depth` links from the start and each hop
//! reads all events of the objects one link further.
//!
//! Which objects are followed is worked out again from all events read after every hop:
//! a case found through a unit's packing is followed from then on until its unpacking is
//! read, which may narrow what was asked about before; what no longer applies is left out of
//! the result.

use std::collections::HashSet;

use uuid::Uuid;

use super::event::ObjectKey;
use super::pool::{ObjectId, Pool, TraceAnswer, TraceRequest};
use super::reach::{Direction, Flow, Reach, reach};

/// The deepest a trace may go.
pub const MAX_DEPTH: u32 = 50;
/// How deep a trace goes unless told.
pub const DEFAULT_DEPTH: u32 = 10;

/// What to trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceQuery {
    pub start: Vec<ObjectKey>,
    pub direction: Direction,
    /// Links followed from the start at most (see `reach`); at most [`MAX_DEPTH`].
    pub depth: u32,
}

/// A trace in progress.
#[derive(Debug, Clone)]
pub struct Traversal {
    query: TraceQuery,
    pool: Pool,
    start: Vec<ObjectId>,
    asked: HashSet<ObjectId>,
    hops: u32,
    /// What each flow followed as of the last request, while no answer has come since.
    reaches: Option<Vec<(Flow, Reach)>>,
}

/// A finished trace: the events read and what each flow followed.
#[derive(Debug, Clone)]
pub struct Traced {
    pub query: TraceQuery,
    pub pool: Pool,
    /// The objects started from, as ids of `pool`.
    pub start: Vec<ObjectId>,
    /// Downstream, when asked for.
    pub down: Option<Reach>,
    /// Upstream, when asked for.
    pub up: Option<Reach>,
    /// How many requests were made of the store.
    pub hops: u32,
}

impl Traced {
    /// Whether the depth limit left links unfollowed.
    pub fn truncated(&self) -> bool {
        [&self.down, &self.up]
            .into_iter()
            .flatten()
            .any(|r| r.truncated)
    }
}

impl Traversal {
    /// Starts a trace; the depth is capped at [`MAX_DEPTH`].
    pub fn new(mut query: TraceQuery) -> Self {
        query.depth = query.depth.min(MAX_DEPTH);
        query.start.sort();
        query.start.dedup();
        let mut pool = Pool::default();
        let start = query.start.iter().map(|k| pool.intern(k)).collect();
        Self {
            query,
            pool,
            start,
            asked: HashSet::new(),
            hops: 0,
            reaches: None,
        }
    }

    fn reaches(&mut self) -> &[(Flow, Reach)] {
        let (pool, start, depth) = (&self.pool, &self.start, self.query.depth);
        let flows = self.query.direction.flows();
        self.reaches.get_or_insert_with(|| {
            flows
                .iter()
                .map(|&flow| (flow, reach(pool, start, flow, depth)))
                .collect()
        })
    }

    /// The next hop's request, or `None` when the trace is complete.
    pub fn next_request(&mut self) -> Option<TraceRequest> {
        if self.hops > self.query.depth {
            return None;
        }
        let mut new: Vec<ObjectId> = Vec::new();
        let asked = std::mem::take(&mut self.asked);
        for (_, reach) in self.reaches() {
            new.extend(
                reach
                    .iter()
                    .map(|(id, _)| id)
                    .filter(|id| !asked.contains(id)),
            );
        }
        self.asked = asked;
        new.sort_unstable();
        new.dedup();
        let mut request = TraceRequest::default();
        for id in new {
            match self.pool.key(id) {
                ObjectKey::Epc(k) => request.epcs.push(k.clone()),
                ObjectKey::Class(k) => request.classes.push(k.clone()),
            }
            self.asked.insert(id);
        }
        if request.is_empty() {
            return None;
        }
        request.epcs.sort();
        request.classes.sort();
        self.hops += 1;
        Some(request)
    }

    /// Events the store need not return again.
    pub fn known(&self) -> &HashSet<Uuid> {
        self.pool.known()
    }

    /// Takes in the answer to the last request.
    pub fn absorb(&mut self, answer: TraceAnswer) {
        self.pool.absorb(answer);
        self.reaches = None;
    }

    /// What was followed, from everything read.
    pub fn finish(mut self) -> Traced {
        let mut down = None;
        let mut up = None;
        self.reaches();
        for (flow, reach) in self.reaches.take().unwrap_or_default() {
            match flow {
                Flow::Down => down = Some(reach),
                Flow::Up => up = Some(reach),
            }
        }
        Traced {
            query: self.query,
            pool: self.pool,
            start: self.start,
            down,
            up,
            hops: self.hops,
        }
    }

    /// Runs the whole trace over events held in memory (`answer` plays the store).
    pub fn run(
        mut self,
        mut answer: impl FnMut(&TraceRequest, &HashSet<Uuid>) -> TraceAnswer,
    ) -> Traced {
        while let Some(request) = self.next_request() {
            let reply = answer(&request, self.known());
            self.absorb(reply);
        }
        self.finish()
    }
}
