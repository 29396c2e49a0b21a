//! The scope of a recall: for every party that had the affected goods, how much it made or
//! first had, received, sold on, sent back, sold to consumers, saw end, and holds now — each
//! in the goods' own measure (items, or a class's unit). Computed from the downstream replay
//! of the affected goods, so the lines balance:
//! `produced + received − shipped − returned − sold_to_consumers − removed = held`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::reach::Reach;
use super::replay::{Measure, MoveKind, Node, replay};
use super::traversal::Traced;

/// One party's account of one measure of the affected goods.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LedgerLine {
    /// The party's or place's key.
    pub party: String,
    pub measure: Measure,
    /// Made here, or first seen here.
    pub produced: f64,
    /// Received from another party or from consumers, returns included.
    pub received: f64,
    /// Of `received`, what came back as returns.
    pub returns_received: f64,
    /// Sent on to another party (not as a return).
    pub shipped: f64,
    /// Sent back to a party that had held them, or marked `returned`.
    pub returned: f64,
    /// Sold at retail: reached consumers.
    pub sold_to_consumers: f64,
    /// Destroyed, decommissioned or consumed by a transformation here.
    pub removed: f64,
    /// Held now.
    pub held: f64,
    /// When the party first had the goods, if an event says.
    pub first: Option<DateTime<Utc>>,
}

/// A recall's scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// By when each party first had the goods, then by key.
    pub lines: Vec<LedgerLine>,
    /// How much is with consumers now (sold, less what came back), by measure.
    pub with_consumers: Vec<(Measure, f64)>,
    /// Whether the depth limit left links unfollowed (the scope may be incomplete).
    pub truncated: bool,
    /// How many objects were followed and events read.
    pub objects: usize,
    pub events: usize,
}

/// The line of `node` in `measure`; `None` for consumers, who keep no account.
fn line<'a>(
    lines: &'a mut BTreeMap<(String, Measure), LedgerLine>,
    node: &Node,
    measure: &Measure,
) -> Option<&'a mut LedgerLine> {
    let Node::Id(id) = node else { return None };
    Some(
        lines
            .entry((id.clone(), measure.clone()))
            .or_insert_with(|| LedgerLine {
                party: id.clone(),
                measure: measure.clone(),
                ..LedgerLine::default()
            }),
    )
}

fn first(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The ledger of a finished downstream trace of the affected goods.
pub fn ledger(traced: &Traced) -> Ledger {
    let empty = Reach::default();
    let reach = traced.down.as_ref().unwrap_or(&empty);
    let replay = replay(&traced.pool, reach);
    let mut lines: BTreeMap<(String, Measure), LedgerLine> = BTreeMap::new();
    let mut with_consumers: BTreeMap<Measure, f64> = BTreeMap::new();
    for m in &replay.movements {
        if m.kind == MoveKind::Confirm {
            continue;
        }
        let time = traced.pool.get(m.event).map(|e| e.time);
        if let Some(to) = line(&mut lines, &m.to, &m.measure) {
            to.received += m.amount;
            if m.kind == MoveKind::Return {
                to.returns_received += m.amount;
            }
            to.first = first(to.first, time);
        }
        if let Some(from) = m
            .from
            .as_ref()
            .and_then(|f| line(&mut lines, f, &m.measure))
        {
            match m.kind {
                MoveKind::Sale => from.sold_to_consumers += m.amount,
                MoveKind::Return => from.returned += m.amount,
                MoveKind::Transfer => from.shipped += m.amount,
                MoveKind::Confirm => {}
            }
        }
        if m.to == Node::Consumers {
            *with_consumers.entry(m.measure.clone()).or_insert(0.0) += m.amount;
        }
        if m.from == Some(Node::Consumers) {
            *with_consumers.entry(m.measure.clone()).or_insert(0.0) -= m.amount;
        }
    }
    for o in &replay.origins {
        if let Some(l) = line(&mut lines, &o.at, &o.measure) {
            l.produced += o.amount;
            l.first = first(l.first, o.time);
        }
    }
    for r in &replay.removals {
        if let Some(l) = line(&mut lines, &r.at, &r.measure) {
            l.removed += r.amount;
        }
    }
    for h in &replay.holdings {
        if let Some(l) = line(&mut lines, &h.at, &h.measure) {
            l.held += h.amount;
        }
    }
    let mut lines: Vec<LedgerLine> = lines.into_values().collect();
    // Who had the goods first comes first; at the same time, who made them.
    lines.sort_by(|a, b| {
        let key = |l: &LedgerLine| (l.first.is_none(), l.first, l.produced <= 0.0);
        key(a)
            .cmp(&key(b))
            .then_with(|| (&a.party, &a.measure).cmp(&(&b.party, &b.measure)))
    });
    Ledger {
        lines,
        with_consumers: with_consumers.into_iter().collect(),
        truncated: reach.truncated,
        objects: reach.len(),
        events: replay.events.len(),
    }
}
