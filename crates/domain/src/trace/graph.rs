//! The trace as a graph: parties and places as nodes, movements of the traced goods as
//! edges. Edges of one event between the same two nodes are one edge; so are edges that
//! agree in ends, time, business step and documents (several events of one consignment).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::event::DocumentRef;
use super::replay::{Measure, MoveKind, Movement, Node, Replay, replay};
use super::traversal::Traced;
use crate::epcis::Term;

/// A party or place, with how events named it (`owning_party`, `read_point`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphNode {
    pub node: Node,
    pub kinds: BTreeSet<String>,
}

/// A movement of traced goods.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// `None` when nobody is known to have held the goods before.
    pub from: Option<Node>,
    pub to: Node,
    pub time: DateTime<Utc>,
    /// As EPCIS JSON writes it (`shipping`, or a URI).
    pub biz_step: Option<String>,
    pub kind: MoveKind,
    /// How much of the traced goods, by measure (`None`: items).
    pub quantities: Vec<(Measure, f64)>,
    pub documents: Vec<DocumentRef>,
    /// The events' hash IDs.
    pub events: Vec<String>,
}

/// A trace's graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<Edge>,
    /// Whether the depth limit left links unfollowed.
    pub truncated: bool,
    /// How many objects (units, cases, classes) were followed, and events read.
    pub objects: usize,
    pub events: usize,
}

type EdgeKey = (
    Option<Node>,
    Node,
    DateTime<Utc>,
    Option<String>,
    MoveKind,
    Vec<DocumentRef>,
);

/// The graph of a finished trace.
pub fn graph(traced: &Traced) -> Graph {
    let replays: Vec<Replay> = [&traced.down, &traced.up]
        .into_iter()
        .flatten()
        .map(|reach| replay(&traced.pool, reach))
        .collect();
    // One event's movement between two nodes, seen by both flows, counts once.
    let mut movements: BTreeMap<(usize, Option<Node>, Node, MoveKind, Measure), f64> =
        BTreeMap::new();
    for Movement {
        event,
        from,
        to,
        kind,
        measure,
        amount,
    } in replays.iter().flat_map(|r| r.movements.iter().cloned())
    {
        let entry = movements
            .entry((event, from, to, kind, measure))
            .or_insert(0.0);
        *entry = entry.max(amount);
    }
    let mut edges: BTreeMap<EdgeKey, (BTreeMap<Measure, f64>, BTreeSet<String>)> = BTreeMap::new();
    let mut nodes: BTreeMap<Node, BTreeSet<String>> = BTreeMap::new();
    for ((at, from, to, kind, measure), amount) in movements {
        let Some(event) = traced.pool.get(at) else {
            continue;
        };
        let mut documents = event.documents.clone();
        documents.sort();
        documents.dedup();
        let key = (
            from.clone(),
            to.clone(),
            event.time,
            event.biz_step.as_ref().map(Term::as_json),
            kind,
            documents,
        );
        let (quantities, hashes) = edges.entry(key).or_default();
        *quantities.entry(measure).or_insert(0.0) += amount;
        hashes.insert(event.hash_id.clone());
        for node in from.into_iter().chain([to]) {
            nodes.entry(node).or_default();
        }
    }
    let mut events = BTreeSet::new();
    for r in &replays {
        for &at in &r.events {
            events.insert(at);
        }
    }
    for &at in &events {
        let Some(e) = traced.pool.get(at) else {
            continue;
        };
        let mut name = |id: &str, kind: String| {
            nodes
                .entry(Node::Id(id.to_owned()))
                .or_default()
                .insert(kind);
        };
        for end in e.sources.iter().chain(&e.destinations) {
            name(&end.id, end.kind.as_json());
        }
        if let Some(p) = &e.read_point {
            name(p, "read_point".to_owned());
        }
        if let Some(p) = &e.biz_location {
            name(p, "biz_location".to_owned());
        }
    }
    if let Some(kinds) = nodes.get_mut(&Node::Consumers) {
        kinds.insert("consumers".to_owned());
    }
    let mut edges: Vec<Edge> = edges
        .into_iter()
        .map(
            |((from, to, time, biz_step, kind, documents), (quantities, hashes))| Edge {
                from,
                to,
                time,
                biz_step,
                kind,
                quantities: quantities.into_iter().collect(),
                documents,
                events: hashes.into_iter().collect(),
            },
        )
        .collect();
    edges.sort_by(|a, b| (a.time, &a.from, &a.to).cmp(&(b.time, &b.from, &b.to)));
    let mut objects = BTreeSet::new();
    for reach in [&traced.down, &traced.up].into_iter().flatten() {
        objects.extend(reach.iter().map(|(id, _)| id));
    }
    Graph {
        nodes: nodes
            .into_iter()
            .map(|(node, kinds)| GraphNode { node, kinds })
            .collect(),
        edges,
        truncated: traced.truncated(),
        objects: objects.len(),
        events: events.len(),
    }
}
