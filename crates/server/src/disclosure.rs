//! The disclosure table (`yima_domain::disclosure`) applied to what the server sends: every
//! face that shows records asks a `Viewer` what the caller may see of each — EPCIS query
//! results here, the scan and the registry's reads through `Viewer::relations`.

use std::collections::{HashMap, HashSet};

use yima_codes::enterprise::CreditCode;
use yima_domain::disclosure::{
    Field, Involvement, Policy, RECALL_LINE, Relations, edge_parties, event_parties, redact_edge,
    redact_event,
};
use yima_domain::epcis::Event;
use yima_domain::flows::party::parse_party_uri;
use yima_domain::trace::{Graph, Node};
use yima_domain::{Principal, RegionCode};
use yima_store::StoreError;

use crate::access::Caller;
use crate::state::AppState;

/// One caller, for the records of one request: its principal, the table, and the regions of
/// the enterprises met so far (a page of events names the same few again and again).
pub struct Viewer<'a> {
    state: &'a AppState,
    principal: Option<Principal>,
    regions: HashMap<CreditCode, Option<RegionCode>>,
}

impl<'a> Viewer<'a> {
    pub fn new(state: &'a AppState, caller: &Caller) -> Self {
        Self {
            state,
            principal: caller.account().map(|a| a.principal.clone()),
            regions: HashMap::new(),
        }
    }

    /// Whether nothing is ever hidden from this caller: administrators see every field.
    pub fn sees_everything(&self) -> bool {
        self.principal == Some(Principal::Admin)
    }

    /// The caller's relations to a record of `owner` naming `parties`, of goods in `category`.
    pub async fn relations(
        &mut self,
        owner: Option<CreditCode>,
        parties: Vec<CreditCode>,
        category: Option<String>,
    ) -> Result<Relations, StoreError> {
        let Some(principal) = self.principal.clone() else {
            return Ok(Relations::public());
        };
        // Only a regulator's relation depends on where the enterprises are.
        let regions = if matches!(principal, Principal::Regulator { .. }) {
            let mut regions = Vec::new();
            for code in owner.iter().chain(&parties) {
                if let Some(region) = self.region(code).await? {
                    regions.push(region);
                }
            }
            regions
        } else {
            Vec::new()
        };
        let involvement = Involvement {
            owner,
            parties,
            regions,
            category,
        };
        Ok(Relations::of(Some(&principal), &involvement))
    }

    /// What the caller may see of the registry's records of producer `owner` (its own
    /// record, its products and their batches, of goods in `category`).
    pub async fn registry(
        &mut self,
        owner: &CreditCode,
        category: Option<&str>,
    ) -> Result<Shown<'a>, StoreError> {
        let relations = self
            .relations(Some(owner.clone()), Vec::new(), category.map(str::to_owned))
            .await?;
        Ok(Shown {
            policy: &self.state.disclosure,
            relations,
        })
    }

    /// Whether the caller may see `event`; if it may, `event` is cut to what it may see.
    pub async fn event(&mut self, event: &mut Event) -> Result<bool, StoreError> {
        if self.sees_everything() {
            return Ok(true);
        }
        let (owner, parties) = event_parties(event);
        let relations = self.relations(owner, parties, None).await?;
        Ok(redact_event(event, &self.state.disclosure, &relations))
    }

    /// A trace's graph cut to the movements the caller may see, and the parties and places
    /// those name.
    pub async fn graph(&mut self, graph: &mut Graph) -> Result<(), StoreError> {
        if self.sees_everything() {
            return Ok(());
        }
        let mut shown = Vec::with_capacity(graph.edges.len());
        for mut edge in std::mem::take(&mut graph.edges) {
            let (owner, parties) = edge_parties(&edge);
            let relations = self.relations(owner, parties, None).await?;
            if redact_edge(&mut edge, &self.state.disclosure, &relations) {
                shown.push(edge);
            }
        }
        let named: HashSet<&Node> = shown
            .iter()
            .flat_map(|e| e.from.iter().chain([&e.to]))
            .collect();
        graph.nodes.retain(|n| named.contains(&n.node));
        graph.edges = shown;
        Ok(())
    }

    /// Whether the caller may see party `key`'s line of a recall's scope: what it received,
    /// sold and holds of the affected goods.
    pub async fn recall_line(&mut self, key: &str) -> Result<bool, StoreError> {
        if self.sees_everything() {
            return Ok(true);
        }
        let party = parse_party_uri(key).ok();
        let relations = self
            .relations(party.clone(), party.into_iter().collect(), None)
            .await?;
        Ok(self.state.disclosure.allows(RECALL_LINE, &relations))
    }

    async fn region(&mut self, code: &CreditCode) -> Result<Option<RegionCode>, StoreError> {
        if let Some(region) = self.regions.get(code) {
            return Ok(region.clone());
        }
        let region = self.state.store.enterprise(code).await?.map(|e| e.region);
        self.regions.insert(code.clone(), region.clone());
        Ok(region)
    }
}

/// What one caller may see of one record.
pub struct Shown<'a> {
    policy: &'a Policy,
    relations: Relations,
}

impl Shown<'_> {
    pub fn allows(&self, field: Field) -> bool {
        self.policy.allows(field, &self.relations)
    }

    /// Empties `slot` unless `field` is shown.
    pub fn keep<T>(&self, slot: &mut Option<T>, field: Field) {
        if !self.allows(field) {
            *slot = None;
        }
    }

    /// Takes out of a correction's changes those of fields not shown; `fields` names the
    /// field each change key stands for.
    pub fn keep_changes(&self, changes: &mut serde_json::Value, fields: &[(&str, Field)]) {
        if let serde_json::Value::Object(changes) = changes {
            changes.retain(|key, _| {
                fields
                    .iter()
                    .find(|(name, _)| name == key)
                    .is_none_or(|(_, field)| self.allows(*field))
            });
        }
    }
}
