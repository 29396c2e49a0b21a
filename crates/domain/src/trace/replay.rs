//! Replays the events of what a flow followed, in time order, keeping who holds each traced
//! object, what each case holds, and how much of each traced class each party holds. Out
//! come the movements of traced goods between parties (the trace graph's edges), and where
//! goods began, ended and are held (the recall ledger).
//!
//! The rules, in the terms of CBV 2.0:
//!
//! - a party is named by a source or destination, `owning_party` first, then
//!   `possessing_party`, then `location`, then any other type; a movement goes to the
//!   destination from whoever holds the goods — the source names that party only for goods
//!   no party held yet, so that every party's account balances;
//! - goods commissioned (`ObjectEvent` ADD) or first seen without a movement are held by who
//!   recorded the event (`ym:recordedBy`, on every flow), else at its business location (else
//!   read point) until a party is named: the first movement credits their origin to its
//!   source, and the place is taken to be that party's;
//! - a shipment moves custody to the destination at once; a receipt whose goods are already
//!   with its destination confirms the shipment (an edge, no second movement). A receipt that
//!   names no destination delivers to the business location unless the goods are already with
//!   a party other than its source. A business location is where goods are after the event:
//!   it belongs to the party they were delivered to;
//! - `retail_selling` or `retail_sold` hands goods to consumers; `ObjectEvent` DELETE,
//!   `destroying`, `decommissioning` or `destroyed` ends them; a transformation consumes its
//!   inputs where they are held and makes its outputs there;
//! - a movement back to a party that held the goods before, or with disposition `returned`,
//!   is a return;
//! - packing puts goods in a case (the case takes their holder, or they the case's); moving a
//!   case moves what it holds, to any depth; unpacking leaves the goods where the case is;
//! - counted goods are the followed goods that are not containers of other followed goods
//!   (a case is counted only when nothing is known to be in it): items by count, classes by
//!   quantity in their unit.
//!
//! Class quantities moved without a source are taken from the holder at the event's place,
//! else the largest holder; a receipt of a class quantity that a shipment sent to the same
//! party confirms it.

use std::collections::BTreeMap;

// The replay's maps, keyed by small interned ids and updated per unit moved, hash with
// foldhash (seeded per process) rather than SipHash: several times faster on such keys.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use chrono::{DateTime, Utc};

use super::event::{PartyRef, TraceEvent};
use super::pool::{ObjectId, Pool};
use super::reach::{Reach, Reached};
use crate::epcis::{Action, BizStep, Disposition, EpcRole, EventType, SourceDestType, Term};

/// A place goods can be: a party or location by its key, or the consumers retail sold to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Id(String),
    Consumers,
}

/// What an amount is counted in: `None` for items (EPCs, or class quantities without a
/// unit), else the UN/CEFACT unit.
pub type Measure = Option<String>;

/// What a movement was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MoveKind {
    /// To another party: a sale on, a transfer.
    Transfer,
    /// Back to a party that held the goods before, or marked `returned`.
    Return,
    /// To consumers, at retail.
    Sale,
    /// A receipt of goods already sent to the receiver: documents the movement, moves nothing.
    Confirm,
}

impl MoveKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Transfer => "transfer",
            Self::Return => "return",
            Self::Sale => "sale",
            Self::Confirm => "confirm",
        }
    }
}

/// An amount of traced goods moved by one event between two places.
#[derive(Debug, Clone, PartialEq)]
pub struct Movement {
    /// The event's position in the pool.
    pub event: usize,
    /// `None` when nobody is known to have held the goods before.
    pub from: Option<Node>,
    pub to: Node,
    pub kind: MoveKind,
    pub measure: Measure,
    pub amount: f64,
}

/// Where goods were made, first seen, ended or are held, with how much.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub at: Node,
    pub measure: Measure,
    pub amount: f64,
    /// When it happened (the first time, for origins); `None` for holdings.
    pub time: Option<DateTime<Utc>>,
}

/// What replaying one flow gives.
#[derive(Debug, Clone, Default)]
pub struct Replay {
    pub movements: Vec<Movement>,
    /// Goods made or first seen, by place.
    pub origins: Vec<Amount>,
    /// Goods ended (destroyed, decommissioned, consumed by a transformation), by place.
    pub removals: Vec<Amount>,
    /// Goods held at the end, by place (not those with consumers).
    pub holdings: Vec<Amount>,
    /// The events that concerned followed objects, by pool position, in time order.
    pub events: Vec<usize>,
}

/// A node, interned for the replay.
type NodeId = u32;
/// The consumers' node id.
const CONSUMERS: NodeId = 0;
/// A measure, interned for the replay; items are 0.
type MeasureId = u32;
const ITEMS: MeasureId = 0;

/// Who holds an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Custody {
    /// Not seen yet.
    Unseen,
    /// Seen, with no party named yet: at this place, if the event gave one.
    Unattributed(Option<NodeId>),
    Held(NodeId),
    Gone,
}

impl Custody {
    fn node(self) -> Option<NodeId> {
        match self {
            Self::Held(n) => Some(n),
            Self::Unattributed(place) => place,
            Self::Unseen | Self::Gone => None,
        }
    }

    /// Whether a party holds it: goods that are not held and turn up are credited as an
    /// origin (ended goods seen again included, so that every account balances).
    fn attributed(self) -> bool {
        matches!(self, Self::Held(_))
    }
}

/// Where a movement goes.
#[derive(Clone, Copy)]
enum Target {
    To(NodeId),
    /// A receipt without a destination, at this place.
    Arrive(NodeId),
    Gone,
}

/// The party an end list names: owning party first, then possessing party, then location,
/// then any other type.
pub fn party(ends: &[PartyRef]) -> Option<&str> {
    let rank = |kind: &Term<SourceDestType>| match kind {
        Term::Standard(SourceDestType::OwningParty) => 0,
        Term::Standard(SourceDestType::PossessingParty) => 1,
        Term::Standard(SourceDestType::Location) => 2,
        Term::Custom(_) => 3,
    };
    ends.iter()
        .min_by_key(|end| rank(&end.kind))
        .map(|end| end.id.as_str())
}

/// An amount at a place, with the first time it was recorded.
type Dated = HashMap<(NodeId, MeasureId), (f64, Option<DateTime<Utc>>)>;

/// What a replay adds up as it goes.
#[derive(Default)]
struct Totals {
    movements: HashMap<(usize, Option<NodeId>, NodeId, MoveKind, MeasureId), f64>,
    origins: Dated,
    removals: Dated,
    holdings: HashMap<(NodeId, MeasureId), f64>,
}

fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl Totals {
    fn origin(
        &mut self,
        at: Option<NodeId>,
        m: MeasureId,
        amount: f64,
        time: Option<DateTime<Utc>>,
    ) {
        if let Some(at) = at {
            let entry = self.origins.entry((at, m)).or_insert((0.0, time));
            entry.0 += amount;
            entry.1 = earliest(entry.1, time);
        }
    }

    fn removal(&mut self, at: Option<NodeId>, m: MeasureId, amount: f64, time: DateTime<Utc>) {
        if let Some(at) = at {
            let entry = self.removals.entry((at, m)).or_insert((0.0, Some(time)));
            entry.0 += amount;
        }
    }

    fn movement(
        &mut self,
        event: usize,
        from: Option<NodeId>,
        to: NodeId,
        kind: MoveKind,
        m: MeasureId,
        amount: f64,
    ) {
        *self
            .movements
            .entry((event, from, to, kind, m))
            .or_insert(0.0) += amount;
    }
}

struct State<'a> {
    pool: &'a Pool,
    reached: Vec<Option<&'a Reached>>,
    /// Followed goods that are not containers.
    counted: Vec<bool>,
    nodes: Vec<Node>,
    node_ids: HashMap<Node, NodeId>,
    measures: Vec<Measure>,
    measure_ids: HashMap<Measure, MeasureId>,
    /// The measure of each class.
    class_measure: HashMap<ObjectId, MeasureId>,
    custody: Vec<Custody>,
    /// Earlier holders of counted objects, to tell returns.
    history: HashMap<ObjectId, Vec<NodeId>>,
    /// What each case holds: followed EPCs, and class quantities.
    contents: HashMap<ObjectId, Vec<ObjectId>>,
    carried: HashMap<ObjectId, BTreeMap<ObjectId, f64>>,
    /// How much of each class each holder has.
    stock: HashMap<ObjectId, Vec<(Custody, f64)>>,
    /// Class quantities shipped and not yet received, by (class, destination).
    in_transit: HashMap<(ObjectId, NodeId), f64>,
    /// When each followed object was first seen: its origin's time.
    first_seen: HashMap<ObjectId, DateTime<Utc>>,
    /// The party found to own a place.
    place_owner: HashMap<NodeId, NodeId>,
    totals: Totals,
}

/// Replays what `reach` followed through the events of `pool`.
pub fn replay(pool: &Pool, reach: &Reach) -> Replay {
    let mut events: Vec<usize> = Vec::new();
    let mut seen = HashSet::new();
    for (id, reached) in reach.iter() {
        for &at in pool.naming(id) {
            // Packings count whenever they were: what a case holds when it is followed may
            // have been packed before.
            if let Some(e) = pool.get(at)
                && (reached.active(e.time) || e.event_type == EventType::AggregationEvent)
                && seen.insert(at)
            {
                events.push(at);
            }
        }
    }
    events.sort_by_key(|&at| pool.get(at).map(|e| (e.time, e.id)));
    let keys = pool.key_count();
    let mut reached: Vec<Option<&Reached>> = vec![None; keys];
    for (id, r) in reach.iter() {
        if let Some(slot) = reached.get_mut(id as usize) {
            *slot = Some(r);
        }
    }
    // Parents of aggregations of followed objects are containers, not counted themselves.
    let mut counted: Vec<bool> = reached
        .iter()
        .map(|r| r.is_some_and(Reached::is_goods))
        .collect();
    for &at in &events {
        if let Some(parent) = pool.parent_of(at)
            && pool
                .children_of(at)
                .any(|c| reached.get(c as usize).is_some_and(Option::is_some))
            && let Some(c) = counted.get_mut(parent as usize)
        {
            *c = false;
        }
    }
    let mut state = State {
        pool,
        reached,
        counted,
        nodes: vec![Node::Consumers],
        node_ids: [(Node::Consumers, CONSUMERS)].into_iter().collect(),
        measures: vec![None],
        measure_ids: [(None, ITEMS)].into_iter().collect(),
        class_measure: HashMap::new(),
        custody: vec![Custody::Unseen; keys],
        history: HashMap::new(),
        contents: HashMap::new(),
        carried: HashMap::new(),
        stock: HashMap::new(),
        in_transit: HashMap::new(),
        first_seen: HashMap::new(),
        place_owner: HashMap::new(),
        totals: Totals::default(),
    };
    for &at in &events {
        if let Some(event) = pool.get(at) {
            state.apply(at, event);
        }
    }
    let mut replay = state.finish();
    replay.events = events;
    replay
}

impl<'a> State<'a> {
    fn node(&mut self, id: &str) -> NodeId {
        let node = Node::Id(id.to_owned());
        if let Some(&n) = self.node_ids.get(&node) {
            return n;
        }
        let n = NodeId::try_from(self.nodes.len()).unwrap_or(NodeId::MAX);
        self.nodes.push(node.clone());
        self.node_ids.insert(node, n);
        n
    }

    fn measure(&mut self, uom: &Measure) -> MeasureId {
        if let Some(&m) = self.measure_ids.get(uom) {
            return m;
        }
        let m = MeasureId::try_from(self.measures.len()).unwrap_or(MeasureId::MAX);
        self.measures.push(uom.clone());
        self.measure_ids.insert(uom.clone(), m);
        m
    }

    /// Where goods first seen in `e` without a movement are: with who recorded the event, or
    /// unattributed at its place.
    fn first_holder(&mut self, e: &TraceEvent) -> Custody {
        match &e.recorded_by {
            Some(party) => Custody::Held(self.node(party)),
            None => Custody::Unattributed(self.place(e)),
        }
    }

    /// Goods `id` turn up in `e` held as `custody`; a party holding them is their origin.
    fn appear(&mut self, id: ObjectId, custody: Custody, e: &TraceEvent) {
        if self.custody_of(id) != Custody::Unseen {
            return;
        }
        if let Custody::Held(holder) = custody
            && self.counted(id)
        {
            let since = self.first_seen.get(&id).copied().unwrap_or(e.time);
            self.totals.origin(Some(holder), ITEMS, 1.0, Some(since));
        }
        self.set_custody(id, custody);
    }

    fn place(&mut self, e: &TraceEvent) -> Option<NodeId> {
        e.biz_location
            .as_deref()
            .or(e.read_point.as_deref())
            .map(|p| self.node(p))
    }

    fn reached(&self, id: ObjectId) -> Option<&'a Reached> {
        self.reached.get(id as usize).copied().flatten()
    }

    fn active(&self, id: ObjectId, t: DateTime<Utc>) -> bool {
        self.reached(id).is_some_and(|r| r.active(t))
    }

    fn followed(&self, id: ObjectId) -> bool {
        self.reached(id).is_some()
    }

    fn counted(&self, id: ObjectId) -> bool {
        self.counted.get(id as usize).copied().unwrap_or(false)
    }

    fn class_counted(&self, id: ObjectId) -> bool {
        self.reached(id).is_some_and(Reached::is_goods)
    }

    fn custody_of(&self, id: ObjectId) -> Custody {
        self.custody
            .get(id as usize)
            .copied()
            .unwrap_or(Custody::Unseen)
    }

    fn set_custody(&mut self, id: ObjectId, custody: Custody) {
        if let Some(slot) = self.custody.get_mut(id as usize) {
            *slot = custody;
        }
    }

    /// The event's class amounts with their object ids: (id, role, quantity, measure).
    fn classes(
        &mut self,
        at: usize,
        e: &TraceEvent,
    ) -> Vec<(ObjectId, EpcRole, Option<f64>, MeasureId)> {
        let objects = self.pool.objects_of(at);
        let first = objects.len().saturating_sub(e.classes.len());
        let ids: Vec<ObjectId> = objects
            .get(first..)
            .unwrap_or_default()
            .iter()
            .map(|(_, id)| *id)
            .collect();
        let mut out = Vec::with_capacity(ids.len());
        for (id, c) in ids.into_iter().zip(&e.classes) {
            let m = self.measure(&c.uom);
            self.class_measure.entry(id).or_insert(m);
            out.push((id, c.role, c.quantity, m));
        }
        out
    }

    fn apply(&mut self, at: usize, e: &TraceEvent) {
        let objects = self.pool.objects_of(at);
        for &(_, id) in objects {
            if self.followed(id) && !self.first_seen.contains_key(&id) {
                self.first_seen.insert(id, e.time);
            }
        }
        let classes = self.classes(at, e);
        match e.event_type {
            EventType::AggregationEvent => {
                self.aggregate(at, e, &classes);
                let parent: Vec<ObjectId> = self
                    .pool
                    .parent_of(at)
                    .filter(|&p| self.active(p, e.time))
                    .into_iter()
                    .collect();
                self.move_goods(at, e, &parent, &[], false);
            }
            EventType::TransformationEvent => self.transform(at, e, &classes),
            _ => {
                let named: Vec<ObjectId> = objects
                    .iter()
                    .filter(|(role, id)| {
                        matches!(role, EpcRole::Epc | EpcRole::Parent)
                            && !self.is_class(*id, &classes)
                            && self.active(*id, e.time)
                    })
                    .map(|(_, id)| *id)
                    .collect();
                if e.event_type == EventType::ObjectEvent && e.action == Some(Action::Add) {
                    self.commission(e, &named, &classes);
                }
                self.move_goods(at, e, &named, &classes, true);
            }
        }
    }

    fn is_class(
        &self,
        id: ObjectId,
        classes: &[(ObjectId, EpcRole, Option<f64>, MeasureId)],
    ) -> bool {
        classes.iter().any(|c| c.0 == id)
    }

    /// Goods appear where the event happened.
    fn commission(
        &mut self,
        e: &TraceEvent,
        named: &[ObjectId],
        classes: &[(ObjectId, EpcRole, Option<f64>, MeasureId)],
    ) {
        let here = self.first_holder(e);
        for &id in named {
            self.appear(id, here, e);
        }
        for &(class, role, q, m) in classes {
            if role == EpcRole::Epc
                && let Some(q) = q
                && self.active(class, e.time)
            {
                self.add_stock(class, here, q);
                if let Custody::Held(holder) = here
                    && self.class_counted(class)
                {
                    self.totals.origin(Some(holder), m, q, Some(e.time));
                }
            }
        }
    }

    fn aggregate(
        &mut self,
        at: usize,
        e: &TraceEvent,
        classes: &[(ObjectId, EpcRole, Option<f64>, MeasureId)],
    ) {
        let Some(parent) = self.pool.parent_of(at) else {
            return;
        };
        if !self.followed(parent) {
            return;
        }
        let children: Vec<ObjectId> = self
            .pool
            .children_of(at)
            .filter(|c| !self.is_class(*c, classes))
            .collect();
        match e.action {
            Some(Action::Add | Action::Observe) => {
                if self.custody_of(parent) == Custody::Unseen {
                    let inherited = children
                        .iter()
                        .map(|&c| self.custody_of(c))
                        .find(|c| *c != Custody::Unseen);
                    let inherited = match inherited {
                        Some(c) => c,
                        None => self.first_holder(e),
                    };
                    self.set_custody(parent, inherited);
                }
                let parent_custody = self.custody_of(parent);
                for child in children {
                    if !self.followed(child) {
                        continue;
                    }
                    // First seen packed into a case a party holds: it began there.
                    self.appear(child, parent_custody, e);
                    let contents = self.contents.entry(parent).or_default();
                    if !contents.contains(&child) {
                        contents.push(child);
                    }
                }
                if e.action == Some(Action::Add) {
                    for &(class, role, q, m) in classes {
                        let Some(q) = q else { continue };
                        if role != EpcRole::Epc || !self.active(class, e.time) {
                            continue;
                        }
                        let from = self.class_source(class, e, None);
                        let (_, origin) = self.take_stock(class, from, q);
                        if origin > 0.0 && self.class_counted(class) {
                            self.totals.origin(from.node(), m, origin, Some(e.time));
                        }
                        *self
                            .carried
                            .entry(parent)
                            .or_default()
                            .entry(class)
                            .or_insert(0.0) += q;
                    }
                }
            }
            Some(Action::Delete) => {
                let holder = self.custody_of(parent);
                let listed_classes: Vec<ObjectId> = classes
                    .iter()
                    .filter(|c| c.1 == EpcRole::Epc)
                    .map(|c| c.0)
                    .collect();
                if children.is_empty() && listed_classes.is_empty() {
                    self.contents.remove(&parent);
                    for (class, q) in self.carried.remove(&parent).unwrap_or_default() {
                        self.add_stock(class, holder, q);
                    }
                    return;
                }
                if let Some(contents) = self.contents.get_mut(&parent) {
                    contents.retain(|c| !children.contains(c));
                }
                for class in listed_classes {
                    let q = self
                        .carried
                        .get_mut(&parent)
                        .and_then(|m| m.remove(&class))
                        .unwrap_or(0.0);
                    if q > 0.0 {
                        self.add_stock(class, holder, q);
                    }
                }
            }
            None => {}
        }
    }

    fn transform(
        &mut self,
        at: usize,
        e: &TraceEvent,
        classes: &[(ObjectId, EpcRole, Option<f64>, MeasureId)],
    ) {
        let t = e.time;
        let objects = self.pool.objects_of(at);
        let inputs: Vec<ObjectId> = objects
            .iter()
            .filter(|(role, id)| {
                *role == EpcRole::Input && !self.is_class(*id, classes) && self.active(*id, t)
            })
            .map(|(_, id)| *id)
            .collect();
        let outputs: Vec<ObjectId> = objects
            .iter()
            .filter(|(role, id)| {
                *role == EpcRole::Output && !self.is_class(*id, classes) && self.active(*id, t)
            })
            .map(|(_, id)| *id)
            .collect();
        let mut site = inputs
            .iter()
            .map(|&k| self.custody_of(k))
            .find(|c| matches!(c, Custody::Held(_) | Custody::Unattributed(_)));
        for id in self.expand(&inputs, t) {
            let custody = self.custody_of(id);
            if self.counted(id) {
                if !custody.attributed() {
                    self.totals.origin(custody.node(), ITEMS, 1.0, Some(t));
                }
                self.totals.removal(custody.node(), ITEMS, 1.0, t);
            }
            self.set_custody(id, Custody::Gone);
        }
        for &(class, role, q, m) in classes {
            let Some(q) = q else { continue };
            if role != EpcRole::Input || !self.active(class, t) {
                continue;
            }
            let from = self.class_source(class, e, None);
            if site.is_none() {
                site = Some(from);
            }
            let (_, origin) = self.take_stock(class, from, q);
            if self.class_counted(class) {
                if origin > 0.0 {
                    self.totals.origin(from.node(), m, origin, Some(t));
                }
                self.totals.removal(from.node(), m, q, t);
            }
        }
        let site = match site {
            Some(site) => site,
            None => self.first_holder(e),
        };
        for id in outputs {
            // An output some party already holds is not made a second time.
            if matches!(self.custody_of(id), Custody::Held(_)) {
                continue;
            }
            self.set_custody(id, site);
            if self.counted(id) && site.attributed() {
                self.totals.origin(site.node(), ITEMS, 1.0, Some(t));
            }
        }
        for &(class, role, q, m) in classes {
            let Some(q) = q else { continue };
            if role != EpcRole::Output || !self.active(class, t) {
                continue;
            }
            self.add_stock(class, site, q);
            if self.class_counted(class) && site.attributed() {
                self.totals.origin(site.node(), m, q, Some(t));
            }
        }
    }

    /// Notes that `from` sent goods away from an unattributed place: the place is taken to be
    /// that party's, and goods left there at the end are credited to it.
    fn attribute(&mut self, custody: Custody, from: Option<NodeId>) {
        if let (Custody::Unattributed(Some(place)), Some(party)) = (custody, from)
            && party != place
        {
            self.place_owner.entry(place).or_insert(party);
        }
    }

    /// Where unattributed goods at `custody` are credited: the owner of the place if one was
    /// found, else the place itself.
    fn credited(&self, custody: Custody) -> Option<NodeId> {
        match custody {
            Custody::Unattributed(Some(place)) => {
                Some(self.place_owner.get(&place).copied().unwrap_or(place))
            }
            other => other.node(),
        }
    }

    /// `named` and everything followed at `t` packed in them, to any depth, each once.
    fn expand(&self, named: &[ObjectId], t: DateTime<Utc>) -> Vec<ObjectId> {
        let mut out = Vec::with_capacity(named.len());
        let mut seen = HashSet::new();
        let mut stack: Vec<ObjectId> = named.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            if let Some(contents) = self.contents.get(&id) {
                stack.extend(contents.iter().rev().filter(|&&c| self.active(c, t)));
            }
            out.push(id);
        }
        out
    }

    fn target(&mut self, e: &TraceEvent, ends_goods: bool) -> Option<Target> {
        let ended = e.is_step(BizStep::Destroying)
            || e.is_step(BizStep::Decommissioning)
            || e.is_disposition(Disposition::Destroyed)
            || (e.event_type == EventType::ObjectEvent && e.action == Some(Action::Delete));
        if ended && ends_goods {
            return Some(Target::Gone);
        }
        if e.is_step(BizStep::RetailSelling) || e.is_disposition(Disposition::RetailSold) {
            return Some(Target::To(CONSUMERS));
        }
        if let Some(d) = party(&e.destinations) {
            return Some(Target::To(self.node(d)));
        }
        if e.is_step(BizStep::Receiving) {
            return self.place(e).map(Target::Arrive);
        }
        None
    }

    /// Moves the goods `named` (and what they hold) and the class quantities the event names,
    /// as the event says, if it moves them.
    fn move_goods(
        &mut self,
        at: usize,
        e: &TraceEvent,
        named: &[ObjectId],
        classes: &[(ObjectId, EpcRole, Option<f64>, MeasureId)],
        ends_goods: bool,
    ) {
        let Some(target) = self.target(e, ends_goods) else {
            // Seen without a movement: goods not seen before are where the event happened.
            let here = self.first_holder(e);
            for id in self.expand(named, e.time) {
                self.appear(id, here, e);
            }
            return;
        };
        // The business location is where the goods are after the event: the receiver's.
        if let (Some(location), Target::To(party)) = (&e.biz_location, target)
            && party != CONSUMERS
        {
            let location = self.node(location);
            if location != party {
                self.place_owner.entry(location).or_insert(party);
            }
        }
        let source = party(&e.sources).map(|s| self.node(s));
        let returned = e.is_disposition(Disposition::Returned);
        let moved = self.expand(named, e.time);
        // Cases moved with class quantities in them: (case, from, to or None if ended).
        let mut carriers: Vec<(ObjectId, Option<NodeId>, Option<NodeId>)> = Vec::new();
        for &id in &moved {
            let custody = self.custody_of(id);
            let documented = source.or(custody.node());
            let from = match custody {
                Custody::Held(holder) => Some(holder),
                _ => documented,
            };
            let counted = self.counted(id);
            if !custody.attributed() {
                self.attribute(custody, from);
                if counted {
                    let since = self.first_seen.get(&id).copied().unwrap_or(e.time);
                    self.totals.origin(from, ITEMS, 1.0, Some(since));
                }
            }
            let to = match target {
                Target::Gone => {
                    if counted {
                        self.totals.removal(from, ITEMS, 1.0, e.time);
                    }
                    if self.carried.contains_key(&id) {
                        carriers.push((id, from, None));
                    }
                    self.set_custody(id, Custody::Gone);
                    continue;
                }
                Target::To(node) => node,
                Target::Arrive(place) => match custody {
                    Custody::Held(holder) if holder != CONSUMERS && source != Some(holder) => {
                        holder
                    }
                    _ => place,
                },
            };
            if custody == Custody::Held(to) {
                if counted && documented != Some(to) {
                    self.totals
                        .movement(at, documented, to, MoveKind::Confirm, ITEMS, 1.0);
                }
                continue;
            }
            if from == Some(to) {
                self.set_custody(id, Custody::Held(to));
                continue;
            }
            if self.carried.contains_key(&id) {
                carriers.push((id, from, Some(to)));
            }
            if counted {
                let kind = if to == CONSUMERS {
                    MoveKind::Sale
                } else if returned || self.history.get(&id).is_some_and(|h| h.contains(&to)) {
                    MoveKind::Return
                } else {
                    MoveKind::Transfer
                };
                self.totals.movement(at, from, to, kind, ITEMS, 1.0);
                if let Some(from) = from {
                    let history = self.history.entry(id).or_default();
                    if !history.contains(&from) {
                        history.push(from);
                    }
                }
            }
            self.set_custody(id, Custody::Held(to));
        }
        for (carrier, from, to) in carriers {
            let carried = self.carried.get(&carrier).cloned().unwrap_or_default();
            if to.is_none() {
                self.carried.remove(&carrier);
            }
            for (class, q) in carried {
                if !self.class_counted(class) {
                    continue;
                }
                let m = self.class_measure.get(&class).copied().unwrap_or(ITEMS);
                match to {
                    None => self.totals.removal(from, m, q, e.time),
                    Some(to) => {
                        let kind = if to == CONSUMERS {
                            MoveKind::Sale
                        } else if returned {
                            MoveKind::Return
                        } else {
                            MoveKind::Transfer
                        };
                        self.totals.movement(at, from, to, kind, m, q);
                    }
                }
            }
        }
        for &(class, role, q, m) in classes {
            let Some(q) = q else { continue };
            if role != EpcRole::Epc || !self.active(class, e.time) {
                continue;
            }
            self.move_class(at, e, class, m, q, target, source, returned);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn move_class(
        &mut self,
        at: usize,
        e: &TraceEvent,
        class: ObjectId,
        m: MeasureId,
        q: f64,
        target: Target,
        source: Option<NodeId>,
        returned: bool,
    ) {
        let counted = self.class_counted(class);
        let to = match target {
            Target::Gone => {
                let from = self.class_source(class, e, source);
                let (_, origin) = self.take_stock(class, from, q);
                if counted {
                    if origin > 0.0 {
                        self.totals.origin(from.node(), m, origin, Some(e.time));
                    }
                    self.totals.removal(from.node(), m, q, e.time);
                }
                return;
            }
            Target::To(node) | Target::Arrive(node) => node,
        };
        // A receipt of what a shipment sent here already.
        let pending = self.in_transit.entry((class, to)).or_insert(0.0);
        if e.is_step(BizStep::Receiving) && *pending >= q {
            *pending -= q;
            if counted {
                self.totals
                    .movement(at, source, to, MoveKind::Confirm, m, q);
            }
            return;
        }
        let from = self.class_source(class, e, source);
        if from == Custody::Held(to) {
            return;
        }
        let (_, origin) = self.take_stock(class, from, q);
        if counted && origin > 0.0 {
            self.totals.origin(from.node(), m, origin, Some(e.time));
        }
        self.add_stock(class, Custody::Held(to), q);
        if e.is_step(BizStep::Shipping) {
            *self.in_transit.entry((class, to)).or_insert(0.0) += q;
        }
        if counted {
            let kind = if to == CONSUMERS {
                MoveKind::Sale
            } else if returned {
                MoveKind::Return
            } else {
                MoveKind::Transfer
            };
            self.totals.movement(at, from.node(), to, kind, m, q);
        }
    }

    /// Who a class quantity is taken from: the source if the event names one, else the holder
    /// at the event's place, else the largest holder, else the event's place.
    fn class_source(&mut self, class: ObjectId, e: &TraceEvent, source: Option<NodeId>) -> Custody {
        let source = match source {
            Some(s) => Some(s),
            None => party(&e.sources).map(|s| self.node(s)),
        };
        if let Some(node) = source {
            return Custody::Held(node);
        }
        let here = self.place(e);
        let owner = here.and_then(|p| self.place_owner.get(&p).copied());
        let holders = self.stock.get(&class).map_or(&[][..], Vec::as_slice);
        let at_place = |c: &Custody| {
            here.is_some() && {
                let node = c.node();
                node == here || (owner.is_some() && node == owner)
            }
        };
        if let Some((c, _)) = holders.iter().find(|(c, q)| *q > 0.0 && at_place(c)) {
            return *c;
        }
        holders
            .iter()
            .filter(|(_, q)| *q > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _)| *c)
            .unwrap_or_else(|| match &e.recorded_by {
                Some(party) => Custody::Held(self.node(party)),
                None => Custody::Unattributed(here),
            })
    }

    fn add_stock(&mut self, class: ObjectId, holder: Custody, q: f64) {
        let holders = self.stock.entry(class).or_default();
        match holders.iter_mut().find(|(c, _)| *c == holder) {
            Some((_, have)) => *have += q,
            None => holders.push((holder, q)),
        }
    }

    /// Takes `q` of `class` from `holder`. Returns (taken from the holder's counted stock,
    /// origin): what no party was credited with before — everything, when the holder is
    /// itself unattributed; else what the holder lacks, taken from stock no party was named
    /// for yet, or first seen here.
    fn take_stock(&mut self, class: ObjectId, holder: Custody, q: f64) -> (f64, f64) {
        let holders = self.stock.entry(class).or_default();
        let mut need = q;
        let mut from_holder = 0.0;
        if let Some((_, have)) = holders.iter_mut().find(|(c, _)| *c == holder) {
            from_holder = have.min(need).max(0.0);
            *have -= from_holder;
            need -= from_holder;
        }
        if !holder.attributed() {
            return (0.0, q);
        }
        let mut places = Vec::new();
        for (c, have) in holders.iter_mut() {
            if need <= 0.0 {
                break;
            }
            if matches!(c, Custody::Unattributed(_)) && *have > 0.0 {
                let take = have.min(need);
                *have -= take;
                need -= take;
                places.push(*c);
            }
        }
        for place in places {
            self.attribute(place, holder.node());
        }
        (from_holder, q - from_holder)
    }

    fn finish(mut self) -> Replay {
        for id in 0..self.custody.len() {
            let id = ObjectId::try_from(id).unwrap_or(ObjectId::MAX);
            if !self.counted(id) {
                continue;
            }
            let custody = self.custody_of(id);
            let Some(node) = self.credited(custody) else {
                continue;
            };
            if matches!(custody, Custody::Unattributed(_)) {
                let since = self.first_seen.get(&id).copied();
                self.totals.origin(Some(node), ITEMS, 1.0, since);
            }
            if node != CONSUMERS {
                *self.totals.holdings.entry((node, ITEMS)).or_insert(0.0) += 1.0;
            }
        }
        let mut stock: Vec<(ObjectId, Custody, f64)> = self
            .stock
            .iter()
            .flat_map(|(class, holders)| holders.iter().map(|(c, q)| (*class, *c, *q)))
            .collect();
        for (carrier, classes) in &self.carried {
            let custody = self.custody_of(*carrier);
            for (class, q) in classes {
                stock.push((*class, custody, *q));
            }
        }
        for (class, custody, q) in stock {
            if q <= 0.0 || !self.class_counted(class) {
                continue;
            }
            let Some(node) = self.credited(custody) else {
                continue;
            };
            let m = self.class_measure.get(&class).copied().unwrap_or(ITEMS);
            if matches!(custody, Custody::Unattributed(_)) {
                self.totals.origin(Some(node), m, q, None);
            }
            if node != CONSUMERS {
                *self.totals.holdings.entry((node, m)).or_insert(0.0) += q;
            }
        }
        let (nodes, measures, totals) = (self.nodes, self.measures, self.totals);
        let node = |n: NodeId| nodes.get(n as usize).cloned().unwrap_or(Node::Consumers);
        let measure = |m: MeasureId| measures.get(m as usize).cloned().flatten();
        let dated = |d: Dated| -> Vec<Amount> {
            let mut out: Vec<Amount> = d
                .into_iter()
                .map(|((at, m), (amount, time))| Amount {
                    at: node(at),
                    measure: measure(m),
                    amount,
                    time,
                })
                .collect();
            out.sort_by(|a, b| (&a.at, &a.measure).cmp(&(&b.at, &b.measure)));
            out
        };
        let mut movements: Vec<Movement> = totals
            .movements
            .into_iter()
            .map(|((event, from, to, kind, m), amount)| Movement {
                event,
                from: from.map(node),
                to: node(to),
                kind,
                measure: measure(m),
                amount,
            })
            .collect();
        movements.sort_by(|a, b| {
            (a.event, &a.from, &a.to, a.kind, &a.measure)
                .cmp(&(b.event, &b.from, &b.to, b.kind, &b.measure))
        });
        let mut holdings: Vec<Amount> = totals
            .holdings
            .into_iter()
            .map(|((at, m), amount)| Amount {
                at: node(at),
                measure: measure(m),
                amount,
                time: None,
            })
            .collect();
        holdings.sort_by(|a, b| (&a.at, &a.measure).cmp(&(&b.at, &b.measure)));
        Replay {
            movements,
            origins: dated(totals.origins),
            removals: dated(totals.removals),
            holdings,
            events: Vec::new(),
        }
    }
}
