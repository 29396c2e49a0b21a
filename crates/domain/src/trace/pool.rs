//! The events a trace has read so far, indexed by the objects they name, and what the store
//! is asked and answers each hop.
//!
//! Every object key is interned as a small integer (`ObjectId`) as events come in, so that
//! following ten thousand units through thousands of events compares and hashes integers,
//! not URIs.

use std::collections::HashSet;

use foldhash::{HashMap, HashMapExt};

use uuid::Uuid;

use super::event::{ObjectKey, TraceEvent};
use crate::epcis::{EpcRole, EventType};

/// An object key, interned by a pool.
pub type ObjectId = u32;

/// One hop's question: the events that name any of these objects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TraceRequest {
    /// EPC keys.
    pub epcs: Vec<String>,
    /// Class keys.
    pub classes: Vec<String>,
}

impl TraceRequest {
    pub fn is_empty(&self) -> bool {
        self.epcs.is_empty() && self.classes.is_empty()
    }
}

/// The store's answer to a [`TraceRequest`].
#[derive(Debug, Clone, Default)]
pub struct TraceAnswer {
    /// Every event that names an object asked about and that the trace did not hold yet
    /// (by [`Pool::known`]), except events declared erroneous and their declarations.
    pub events: Vec<TraceEvent>,
    /// The rows that matched, as (event, role, EPC key), of events held already: an event of
    /// many EPCs is completed as later hops ask about more of them.
    pub rows: Vec<(Uuid, EpcRole, String)>,
    /// Every event that matched (by EPC or class), returned or not.
    pub matched: Vec<Uuid>,
}

/// The events read so far.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    events: Vec<TraceEvent>,
    index: HashMap<Uuid, usize>,
    keys: Vec<ObjectKey>,
    ids: HashMap<ObjectKey, ObjectId>,
    /// The events naming each object, in any role.
    by_key: Vec<Vec<usize>>,
    /// Each event's objects as ids: its EPCs, then its classes, in the event's order.
    objects: Vec<Vec<(EpcRole, ObjectId)>>,
    /// The objects of events that name many, so that asking whether such an event names an
    /// object does not scan its list (a pallet of thousands, asked per unit).
    named: HashMap<usize, HashSet<(EpcRole, ObjectId)>>,
    /// Events held, and events the store matched but left out (declared erroneous): neither
    /// is asked for again.
    known: HashSet<Uuid>,
}

impl Pool {
    /// Events naming more objects than this get a set of them.
    const MANY: usize = 16;

    /// A pool of `events` as if read at once (for tests and in-memory callers).
    pub fn of(events: impl IntoIterator<Item = TraceEvent>) -> Self {
        let mut pool = Self::default();
        pool.absorb(TraceAnswer {
            events: events.into_iter().collect(),
            ..TraceAnswer::default()
        });
        pool
    }

    /// The id of `key`, interning it if new.
    pub fn intern(&mut self, key: &ObjectKey) -> ObjectId {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = ObjectId::try_from(self.keys.len()).unwrap_or(ObjectId::MAX);
        self.keys.push(key.clone());
        self.ids.insert(key.clone(), id);
        self.by_key.push(Vec::new());
        id
    }

    fn intern_epc(&mut self, epc: &str) -> ObjectId {
        // Most keys are seen before: look up without building a key first.
        let probe = ObjectKey::Epc(epc.to_owned());
        self.intern(&probe)
    }

    /// The id of `key`, if any event or start named it.
    pub fn id(&self, key: &ObjectKey) -> Option<ObjectId> {
        self.ids.get(key).copied()
    }

    /// The key of `id`.
    pub fn key(&self, id: ObjectId) -> &ObjectKey {
        &self.keys[id as usize]
    }

    /// How many keys are interned: ids are below this.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Takes in a hop's answer.
    pub fn absorb(&mut self, answer: TraceAnswer) {
        for event in answer.events {
            if self.index.contains_key(&event.id) {
                continue;
            }
            let at = self.events.len();
            self.index.insert(event.id, at);
            self.known.insert(event.id);
            let mut objects = Vec::with_capacity(event.epcs.len() + event.classes.len());
            for (role, epc) in &event.epcs {
                objects.push((*role, self.intern_epc(epc)));
            }
            for c in &event.classes {
                let id = self.intern(&ObjectKey::Class(c.class.clone()));
                objects.push((c.role, id));
            }
            let mut ids: Vec<ObjectId> = objects.iter().map(|(_, id)| *id).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                self.by_key[id as usize].push(at);
            }
            self.events.push(event);
            self.objects.push(objects);
            self.index_names(at);
        }
        let mut rows: HashMap<usize, Vec<(EpcRole, String)>> = HashMap::new();
        for (id, role, epc) in answer.rows {
            if let Some(&at) = self.index.get(&id) {
                rows.entry(at).or_default().push((role, epc));
            }
        }
        for (at, rows) in rows {
            let Some(event) = self.events.get_mut(at) else {
                continue;
            };
            let before = event.epcs.len();
            event.merge_epcs(rows);
            let added: Vec<(EpcRole, String)> =
                event.epcs.get(before..).unwrap_or_default().to_vec();
            // Classes follow the EPCs in `objects`: insert the new EPCs before them.
            let mut new = Vec::with_capacity(added.len());
            for (role, epc) in &added {
                let id = self.intern_epc(epc);
                new.push((*role, id));
                let naming = &mut self.by_key[id as usize];
                if naming.last() != Some(&at) && !naming.contains(&at) {
                    naming.push(at);
                }
            }
            if let Some(objects) = self.objects.get_mut(at) {
                objects.splice(before..before, new);
            }
            self.index_names(at);
        }
        self.known.extend(answer.matched);
    }

    fn index_names(&mut self, at: usize) {
        let Some(objects) = self.objects.get(at) else {
            return;
        };
        if objects.len() > Self::MANY {
            self.named.insert(at, objects.iter().copied().collect());
        }
    }

    /// Whether the event at `at` names `id` in `role`.
    pub fn names(&self, at: usize, role: EpcRole, id: ObjectId) -> bool {
        if let Some(set) = self.named.get(&at) {
            return set.contains(&(role, id));
        }
        self.objects_of(at).contains(&(role, id))
    }

    /// The event's objects as ids: its EPCs, then its classes.
    pub fn objects_of(&self, at: usize) -> &[(EpcRole, ObjectId)] {
        self.objects.get(at).map_or(&[], Vec::as_slice)
    }

    /// The aggregation's parent, if the event at `at` is an aggregation with one.
    pub fn parent_of(&self, at: usize) -> Option<ObjectId> {
        let event = self.events.get(at)?;
        if event.event_type != EventType::AggregationEvent {
            return None;
        }
        self.objects_of(at)
            .iter()
            .find(|(role, _)| *role == EpcRole::Parent)
            .map(|(_, id)| *id)
    }

    /// The aggregation's children (EPCs and classes) as ids.
    pub fn children_of(&self, at: usize) -> impl Iterator<Item = ObjectId> + '_ {
        self.objects_of(at)
            .iter()
            .filter(|(role, _)| *role == EpcRole::Epc)
            .map(|(_, id)| *id)
    }

    /// Events held or deliberately left out: a store need not return them again.
    pub fn known(&self) -> &HashSet<Uuid> {
        &self.known
    }

    pub fn events(&self) -> &[TraceEvent] {
        &self.events
    }

    pub fn get(&self, at: usize) -> Option<&TraceEvent> {
        self.events.get(at)
    }

    /// The positions of the events naming `id`, in any role.
    pub fn naming(&self, id: ObjectId) -> &[usize] {
        self.by_key.get(id as usize).map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}
