//! Which objects a trace follows, and when, given the events read so far.
//!
//! The objects asked about are *goods*. Goods lead to other objects by three kinds of link,
//! each one hop of depth:
//!
//! - packing: a case or pallet that goods (or a case carrying them) were packed into is a
//!   *carrier* for as long as they were in it — from the packing until the unpacking
//!   (`AggregationEvent` DELETE naming the child, or naming no children, which empties the
//!   parent) or until the child is packed into another parent. A carrier's movements move its
//!   contents; it leads only to its own carriers, never to the other goods packed with ours;
//! - contents: goods that are themselves containers lead to what was packed in them —
//!   downstream from the packing on, upstream up to the unpacking;
//! - transformation: downstream, an input leads to every output from the transformation on;
//!   upstream, an output leads to every input up to it.
//!
//! A link that adds no time to what is already followed is not followed again, so returns,
//! repacking into the same case and cyclic data end; and no link is followed beyond the
//! depth asked for.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::event::{ObjectKey, TraceEvent};
use super::pool::{ObjectId, Pool};
use super::window::{Span, Window};
use crate::epcis::{Action, EpcRole, EventType};

/// Which way a trace follows the goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Where they came from.
    Upstream,
    /// Where they went.
    Downstream,
    /// Both, each followed on its own (not upstream from what was found downstream).
    #[default]
    Both,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Self::Upstream => "upstream",
            Self::Downstream => "downstream",
            Self::Both => "both",
        }
    }

    /// The one-way flows it is made of.
    pub(crate) fn flows(self) -> &'static [Flow] {
        match self {
            Self::Upstream => &[Flow::Up],
            Self::Downstream => &[Flow::Down],
            Self::Both => &[Flow::Down, Flow::Up],
        }
    }
}

impl std::str::FromStr for Direction {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        [Self::Upstream, Self::Downstream, Self::Both]
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| format!("'{s}' is not a direction: upstream, downstream or both"))
    }
}

/// One way of following.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Up,
    Down,
}

/// How an object is followed, and when.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reached {
    /// When it counts as traced goods.
    pub goods: Window,
    /// When it carries traced goods.
    pub carrier: Window,
    /// The fewest links from the objects asked about.
    pub depth: u32,
}

impl Reached {
    pub fn active(&self, t: DateTime<Utc>) -> bool {
        self.goods.contains(t) || self.carrier.contains(t)
    }

    pub fn is_goods(&self) -> bool {
        !self.goods.is_empty()
    }
}

/// Every object a flow follows, by the ids of the pool it was worked out from.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    reached: Vec<Option<Reached>>,
    count: usize,
    /// Whether the depth limit left links unfollowed.
    pub truncated: bool,
}

impl Reach {
    /// How `id` is followed, if it is.
    pub fn get(&self, id: ObjectId) -> Option<&Reached> {
        self.reached.get(id as usize).and_then(Option::as_ref)
    }

    /// Every object followed, by id.
    pub fn iter(&self) -> impl Iterator<Item = (ObjectId, &Reached)> {
        self.reached
            .iter()
            .enumerate()
            .filter_map(|(id, r)| Some((ObjectId::try_from(id).ok()?, r.as_ref()?)))
    }

    /// How many objects are followed.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether `key` is followed (`pool` being the one the reach was worked out from).
    pub fn contains(&self, pool: &Pool, key: &ObjectKey) -> bool {
        pool.id(key).is_some_and(|id| self.get(id).is_some())
    }

    /// The keys followed.
    pub fn keys<'a>(&'a self, pool: &'a Pool) -> impl Iterator<Item = &'a ObjectKey> + 'a {
        self.iter().map(|(id, _)| pool.key(id))
    }

    fn entry(&mut self, id: ObjectId, depth: u32) -> &mut Reached {
        let at = id as usize;
        if self.reached.len() <= at {
            self.reached.resize(at + 1, None);
        }
        let slot = &mut self.reached[at];
        if slot.is_none() {
            self.count += 1;
        }
        slot.get_or_insert_with(|| Reached {
            depth,
            ..Reached::default()
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Goods,
    Carrier,
}

struct Link {
    to: ObjectId,
    role: Role,
    span: Span,
}

/// Follows `flow` from `start` through the events of `pool`, at most `max_depth` links.
pub fn reach(pool: &Pool, start: &[ObjectId], flow: Flow, max_depth: u32) -> Reach {
    let mut result = Reach::default();
    let mut queue: VecDeque<(ObjectId, Role, Span, u32)> = start
        .iter()
        .map(|&id| (id, Role::Goods, Span::ALL, 0))
        .collect();
    let mut links = Vec::new();
    while let Some((id, role, span, depth)) = queue.pop_front() {
        let entry = result.entry(id, depth);
        entry.depth = entry.depth.min(depth);
        let window = match role {
            Role::Goods => &mut entry.goods,
            Role::Carrier => &mut entry.carrier,
        };
        if !window.add(span) {
            continue;
        }
        links.clear();
        links_of(pool, id, role, span, flow, &mut links);
        for link in links.drain(..) {
            if depth >= max_depth {
                let known = result.get(link.to).is_some_and(|r| {
                    let w = match link.role {
                        Role::Goods => &r.goods,
                        Role::Carrier => &r.carrier,
                    };
                    w.covers(&link.span)
                });
                if !known {
                    result.truncated = true;
                }
                continue;
            }
            queue.push_back((link.to, link.role, link.span, depth + 1));
        }
    }
    result
}

/// The links from `id`, followed as `role` during `span`.
///
/// A packing links when the time the child spent in the parent overlaps `span`, wherever the
/// packing itself lies: a pallet followed from its shipment on still leads to the units packed
/// into its cases before.
fn links_of(pool: &Pool, id: ObjectId, role: Role, span: Span, flow: Flow, out: &mut Vec<Link>) {
    for &at in pool.naming(id) {
        let Some(event) = pool.get(at) else { continue };
        match event.event_type {
            EventType::AggregationEvent
                if matches!(event.action, Some(Action::Add | Action::Observe)) =>
            {
                let Some(parent) = pool.parent_of(at) else {
                    continue;
                };
                if id != parent && pool.names(at, EpcRole::Epc, id) {
                    let inside = Span::new(Some(event.time), membership_end(pool, id, parent, at));
                    if let Some(carried) = inside.intersect(&span) {
                        out.push(Link {
                            to: parent,
                            role: Role::Carrier,
                            span: carried,
                        });
                    }
                } else if id == parent && role == Role::Goods {
                    for child in pool.children_of(at) {
                        let end = membership_end(pool, child, parent, at);
                        let Some(inside) = Span::new(Some(event.time), end).intersect(&span) else {
                            continue;
                        };
                        let span = match flow {
                            Flow::Down => Span::new(inside.from, None),
                            Flow::Up => Span::new(None, end),
                        };
                        out.push(Link {
                            to: child,
                            role: Role::Goods,
                            span,
                        });
                    }
                }
            }
            EventType::TransformationEvent if role == Role::Goods && span.contains(event.time) => {
                let (from_role, to_role, span) = match flow {
                    Flow::Down => (
                        EpcRole::Input,
                        EpcRole::Output,
                        Span::new(Some(event.time), None),
                    ),
                    Flow::Up => (
                        EpcRole::Output,
                        EpcRole::Input,
                        Span::new(None, Some(event.time)),
                    ),
                };
                if pool.names(at, from_role, id) {
                    out.extend(
                        pool.objects_of(at)
                            .iter()
                            .filter(|(r, _)| *r == to_role)
                            .map(|&(_, to)| Link {
                                to,
                                role: Role::Goods,
                                span,
                            }),
                    );
                }
            }
            _ => {}
        }
    }
}

/// When `child`, packed into `parent` by the event at `packing`, left it: the first later
/// aggregation that unpacks it (DELETE naming it, or naming no children at all) or packs it
/// elsewhere. `None` while it is still inside as far as the events read tell.
pub fn membership_end(
    pool: &Pool,
    child: ObjectId,
    parent: ObjectId,
    packing: usize,
) -> Option<DateTime<Utc>> {
    let packed = pool.get(packing)?;
    let after = |e: &TraceEvent| (e.time, e.id) > (packed.time, packed.id);
    let mut end: Option<(DateTime<Utc>, Uuid)> = None;
    let mut consider = |e: &TraceEvent| {
        let point = (e.time, e.id);
        if end.is_none_or(|current| point < current) {
            end = Some(point);
        }
    };
    for &at in pool.naming(parent) {
        let Some(e) = pool.get(at) else { continue };
        if e.event_type == EventType::AggregationEvent
            && e.action == Some(Action::Delete)
            && pool.parent_of(at) == Some(parent)
            && after(e)
            && (pool.children_of(at).next().is_none() || pool.names(at, EpcRole::Epc, child))
        {
            consider(e);
        }
    }
    for &at in pool.naming(child) {
        let Some(e) = pool.get(at) else { continue };
        if e.event_type == EventType::AggregationEvent
            && e.action == Some(Action::Add)
            && after(e)
            && pool.parent_of(at).is_some_and(|p| p != parent)
            && pool.names(at, EpcRole::Epc, child)
        {
            consider(e);
        }
    }
    end.map(|(t, _)| t)
}
