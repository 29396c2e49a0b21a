//! A store of events in memory that answers a trace's requests as the real stores do: every
//! event naming an object asked about, aggregations and transformations with all their EPCs,
//! other events with only the EPC rows that matched. For tests, and for callers that hold a
//! handful of events.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::event::TraceEvent;
use super::pool::{TraceAnswer, TraceRequest};

/// Events, indexed by the keys they name.
#[derive(Debug, Clone, Default)]
pub struct MemoryEvents {
    events: Vec<TraceEvent>,
    by_epc: HashMap<String, Vec<usize>>,
    by_class: HashMap<String, Vec<usize>>,
}

impl MemoryEvents {
    pub fn new(events: Vec<TraceEvent>) -> Self {
        let mut by_epc: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_class: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, e) in events.iter().enumerate() {
            for (_, epc) in &e.epcs {
                let list = by_epc.entry(epc.clone()).or_default();
                if list.last() != Some(&at) {
                    list.push(at);
                }
            }
            for c in &e.classes {
                let list = by_class.entry(c.class.clone()).or_default();
                if list.last() != Some(&at) {
                    list.push(at);
                }
            }
        }
        Self {
            events,
            by_epc,
            by_class,
        }
    }

    /// The answer a store gives to `request`, leaving out the events in `known`.
    pub fn answer(&self, request: &TraceRequest, known: &HashSet<Uuid>) -> TraceAnswer {
        let mut answer = TraceAnswer::default();
        let mut matched: Vec<usize> = Vec::new();
        let mut rows: HashMap<usize, Vec<usize>> = HashMap::new();
        for epc in &request.epcs {
            for &at in self.by_epc.get(epc).map_or(&[][..], Vec::as_slice) {
                matched.push(at);
                if let Some(e) = self.events.get(at) {
                    for (i, (_, k)) in e.epcs.iter().enumerate() {
                        if k == epc {
                            rows.entry(at).or_default().push(i);
                        }
                    }
                }
            }
        }
        for class in &request.classes {
            matched.extend(self.by_class.get(class).map_or(&[][..], Vec::as_slice));
        }
        matched.sort_unstable();
        matched.dedup();
        for at in matched {
            let Some(e) = self.events.get(at) else {
                continue;
            };
            answer.matched.push(e.id);
            let hit: Vec<_> = rows
                .get(&at)
                .map(|rows| {
                    rows.iter()
                        .filter_map(|&i| e.epcs.get(i).cloned())
                        .collect()
                })
                .unwrap_or_default();
            for (role, epc) in &hit {
                answer.rows.push((e.id, *role, epc.clone()));
            }
            if known.contains(&e.id) {
                continue;
            }
            let mut event = e.clone();
            if !event.lists_every_epc() {
                event.epcs = hit;
            }
            answer.events.push(event);
        }
        answer
    }
}
