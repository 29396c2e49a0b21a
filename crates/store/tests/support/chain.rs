//! A generated supply chain with known answers: producers commission a batch of units each,
//! pack them into cases and the cases onto pallets, ship the pallets to distributors, who
//! unpack them and send cases on (keeping a few) to shops, or to wholesalers who send them on
//! to shops, who unpack (most of) them, sell some units at retail and, once, send units back. One producer's batch is made by a
//! transformation from a lot of cable another producer commissioned by the metre.
//!
//! As it writes the EPCIS events, the generator keeps its own account of where every unit
//! is — by construction, not by reading the events — and from it the answers a trace and a
//! recall must give: each unit's path, each batch's movements, and every party's ledger.

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde_json::{Value, json};
use yima_codes::gs1::{ElementString, EpcScheme, check_digit, to_urn};
use yima_domain::trace::key;
use yima_domain::{Batch, Enterprise, Product, UnitCode};
use yima_store::Store;

use super::{batch, bicycle, captured, credit_code, enterprise, epcis_document, producer, units};

/// The chain's shape.
#[derive(Debug, Clone, Copy)]
pub struct ChainConfig {
    pub producers: usize,
    pub distributors: usize,
    /// A tier between distributors and shops; none when 0.
    pub wholesalers: usize,
    pub shops: usize,
    pub units_per_batch: usize,
    pub case_size: usize,
    pub cases_per_pallet: usize,
    /// Cases each distributor keeps rather than sends on.
    pub distributor_keeps: usize,
}

impl ChainConfig {
    /// 3 producers → 10 distributors → 200 shops, 400 units a batch, 5 to a case, 8 cases to
    /// a pallet: every shop gets a case and every distributor keeps four.
    pub fn small() -> Self {
        Self {
            producers: 3,
            distributors: 10,
            shops: 200,
            wholesalers: 0,
            units_per_batch: 400,
            case_size: 5,
            cases_per_pallet: 8,
            distributor_keeps: 4,
        }
    }

    /// One producer's batch of `units` through distributors, wholesalers and shops (four
    /// tiers of parties before consumers): 25 to a case, 20 cases to a pallet.
    pub fn four_tiers(units: usize) -> Self {
        Self {
            producers: 1,
            distributors: 10,
            wholesalers: 40,
            shops: 400,
            units_per_batch: units,
            case_size: 25,
            cases_per_pallet: 20,
            distributor_keeps: 1,
        }
    }
}

/// A party as events name it.
#[derive(Debug, Clone)]
pub struct Party {
    /// As written in events.
    pub uri: String,
    /// As the trace keys it.
    pub key: String,
    /// Its business location.
    pub site: String,
    /// Registered enterprises (producers and shops): their record.
    pub enterprise: Option<Enterprise>,
}

/// A producer's batch.
#[derive(Debug, Clone)]
pub struct Lot {
    pub producer: usize,
    pub product: Product,
    pub batch: Batch,
    pub registry: Vec<UnitCode>,
    /// The units' keys, in order.
    pub units: Vec<String>,
    /// The lot's class key.
    pub class: String,
}

/// One party's expected account, in one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Line {
    pub produced: f64,
    pub received: f64,
    pub returns_received: f64,
    pub shipped: f64,
    pub returned: f64,
    pub sold_to_consumers: f64,
    pub removed: f64,
    pub held: f64,
}

/// (from, to, event time, bizStep, kind) of a movement; `to` is `consumers` for retail.
pub type Step = (
    String,
    String,
    DateTime<FixedOffset>,
    &'static str,
    &'static str,
);

/// What a trace or a recall must find.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    /// Per lot (index into `lots`): every party's ledger in items.
    pub ledgers: Vec<BTreeMap<String, Line>>,
    /// Per lot: the batch's movements with how many of its units each moved.
    pub movements: Vec<BTreeMap<Step, f64>>,
    /// Per lot: how many units reached consumers.
    pub with_consumers: Vec<f64>,
    /// Every unit's path.
    pub paths: HashMap<String, Vec<Step>>,
    /// The cable lot's ledger in metres.
    pub cable: BTreeMap<String, Line>,
}

/// The generated chain.
#[derive(Debug, Clone)]
pub struct Chain {
    pub config: ChainConfig,
    pub producers: Vec<Party>,
    pub distributors: Vec<Party>,
    pub wholesalers: Vec<Party>,
    pub shops: Vec<Party>,
    pub lots: Vec<Lot>,
    /// The cable lot's class key.
    pub cable: String,
    /// The EPCIS events, in the order they happened.
    pub events: Vec<Value>,
    pub expected: Expected,
}

pub const CONSUMERS: &str = "consumers";

/// Builds the events one at a time, one minute apart, keeping the account.
struct Writer {
    clock: DateTime<FixedOffset>,
    events: Vec<Value>,
    /// Where each unit is (a party key, or consumers).
    holder: HashMap<String, String>,
    /// Who held each unit before.
    history: HashMap<String, Vec<String>>,
    lot_of: HashMap<String, usize>,
    /// Units in each case and cases on each pallet, by the container's key.
    contents: HashMap<String, Vec<String>>,
    expected: Expected,
}

impl Writer {
    fn tick(&mut self) -> (String, DateTime<FixedOffset>) {
        self.clock += TimeDelta::minutes(1);
        (
            self.clock.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
            self.clock,
        )
    }

    fn units_in(&self, container: &str) -> Vec<String> {
        match self.contents.get(container) {
            Some(inside) => inside.iter().flat_map(|c| self.units_in(c)).collect(),
            None => vec![container.to_owned()],
        }
    }

    fn line(&mut self, lot: usize, party: &str) -> &mut Line {
        self.expected.ledgers[lot]
            .entry(party.to_owned())
            .or_default()
    }

    /// Records that `units` went from `from` to `to` at `t` by `step`.
    fn moved(
        &mut self,
        units: &[String],
        from: &str,
        to: &str,
        t: DateTime<FixedOffset>,
        step: &'static str,
    ) {
        for unit in units {
            let lot = self.lot_of[unit];
            let back = to != CONSUMERS
                && self
                    .history
                    .get(unit)
                    .is_some_and(|h| h.iter().any(|p| p == to));
            let kind = if to == CONSUMERS {
                self.line(lot, from).sold_to_consumers += 1.0;
                self.expected.with_consumers[lot] += 1.0;
                "sale"
            } else if back {
                self.line(lot, from).returned += 1.0;
                let l = self.line(lot, to);
                l.received += 1.0;
                l.returns_received += 1.0;
                "return"
            } else {
                self.line(lot, from).shipped += 1.0;
                self.line(lot, to).received += 1.0;
                "transfer"
            };
            let step_key = (from.to_owned(), to.to_owned(), t, step, kind);
            *self.expected.movements[lot]
                .entry(step_key.clone())
                .or_insert(0.0) += 1.0;
            self.expected
                .paths
                .entry(unit.clone())
                .or_default()
                .push(step_key);
            self.history
                .entry(unit.clone())
                .or_default()
                .push(from.to_owned());
            self.holder.insert(unit.clone(), to.to_owned());
        }
    }

    /// Records a receipt confirming what was shipped.
    fn confirmed(&mut self, units: &[String], from: &str, to: &str, t: DateTime<FixedOffset>) {
        for unit in units {
            let lot = self.lot_of[unit];
            let step_key = (from.to_owned(), to.to_owned(), t, "receiving", "confirm");
            *self.expected.movements[lot]
                .entry(step_key.clone())
                .or_insert(0.0) += 1.0;
            self.expected
                .paths
                .entry(unit.clone())
                .or_default()
                .push(step_key);
        }
    }

    fn push(&mut self, event: Value) {
        self.events.push(event);
    }

    /// Each sender keeps its last `keep` cases and ships the others, round robin, to the
    /// recipients it serves (recipient `j` is served by sender `j % senders`), each shipment
    /// received at once. Returns the cases each recipient got.
    fn forward(
        &mut self,
        senders: &[Party],
        recipients: &[Party],
        held: Vec<Vec<String>>,
        keep: usize,
    ) -> Vec<Vec<String>> {
        let mut got: Vec<Vec<String>> = vec![Vec::new(); recipients.len()];
        for (i, cases) in held.iter().enumerate() {
            let served: Vec<usize> = (i..recipients.len()).step_by(senders.len()).collect();
            if served.is_empty() {
                continue;
            }
            let sent = cases.len().saturating_sub(keep);
            for (k, case) in cases.iter().take(sent).enumerate() {
                let j = served[k % served.len()];
                let (from, to) = (&senders[i], &recipients[j]);
                let units = self.units_in(case);
                let (time, t) = self.tick();
                self.push(json!({
                    "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                    "epcList": [case], "bizStep": "shipping", "disposition": "in_transit",
                    "readPoint": {"id": from.site},
                    "sourceList": owner("source", &from.uri), "destinationList": owner("destination", &to.uri),
                    "bizTransactionList": [{"type": "po", "bizTransaction": format!("urn:epcglobal:cbv:bt:6901234000017:PO{}", self.events.len())}]
                }));
                self.moved(&units, &from.key, &to.key, t, "shipping");
                let (time, t) = self.tick();
                self.push(json!({
                    "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                    "epcList": [case], "bizStep": "receiving", "disposition": "sellable_accessible",
                    "bizLocation": {"id": to.site},
                    "sourceList": owner("source", &from.uri), "destinationList": owner("destination", &to.uri)
                }));
                self.confirmed(&units, &from.key, &to.key, t);
                got[j].push(case.clone());
            }
        }
        got
    }
}

fn owner(kind: &str, id: &str) -> Value {
    json!([{"type": "owning_party", kind: id}])
}

/// An SSCC Digital Link, different for every `n`.
pub fn sscc(n: usize) -> String {
    let body = format!("06901234{n:09}");
    format!(
        "https://id.gs1.org/00/{body}{}",
        check_digit(&body).unwrap()
    )
}

/// A unit as an EPC URN (for half the units of the first lot, to check that both forms are
/// one object).
fn urn(gtin: &str, serial: &str) -> String {
    let elements = ElementString::from_pairs([("01", gtin), ("21", serial)]).unwrap();
    to_urn(EpcScheme::Sgtin, &elements, 7).unwrap()
}

/// Generates the chain.
pub fn chain(config: ChainConfig) -> Chain {
    let producers: Vec<Party> = (0..config.producers)
        .map(|p| {
            let e = producer(900 + p as u64);
            let uri = format!("https://yima.example/enterprises/{}", e.credit_code);
            Party {
                key: key(&uri),
                uri,
                site: format!("https://yima.example/sites/producer-{p}"),
                enterprise: Some(e),
            }
        })
        .collect();
    let distributors: Vec<Party> = (0..config.distributors)
        .map(|d| {
            let uri = format!("urn:epc:id:pgln:6901234.{d:05}");
            Party {
                key: key(&uri),
                uri,
                site: format!("https://yima.example/sites/distributor-{d}"),
                enterprise: None,
            }
        })
        .collect();
    let wholesalers: Vec<Party> = (0..config.wholesalers)
        .map(|n| {
            let uri = format!("urn:epc:id:pgln:6901235.{n:05}");
            Party {
                key: key(&uri),
                uri,
                site: format!("https://yima.example/sites/wholesaler-{n}"),
                enterprise: None,
            }
        })
        .collect();
    let shops: Vec<Party> = (0..config.shops)
        .map(|s| {
            let e = enterprise(2000 + s as u64, &["seller"]);
            let uri = format!("https://yima.example/enterprises/{}", e.credit_code);
            Party {
                key: key(&uri),
                uri,
                site: format!("https://yima.example/sites/shop-{s}"),
                enterprise: Some(e),
            }
        })
        .collect();
    let lots: Vec<Lot> = producers
        .iter()
        .enumerate()
        .map(|(p, party)| {
            let product = bicycle(party.enterprise.as_ref().unwrap(), 900 + p as u64);
            let b = batch(
                &product,
                &format!("L25{p:02}"),
                config.units_per_batch as u64,
            );
            let registry = units(
                &product,
                &b,
                &format!("S{p}-"),
                0..config.units_per_batch as u64,
            );
            let gtin = product.gtin.as_ref().unwrap().to_string();
            let units = registry
                .iter()
                .map(|u| {
                    format!(
                        "https://id.gs1.org/01/{gtin}/21/{}",
                        u.serial.as_ref().unwrap()
                    )
                })
                .collect();
            Lot {
                producer: p,
                class: format!("https://id.gs1.org/01/{gtin}/10/{}", b.lot),
                product,
                batch: b,
                registry,
                units,
            }
        })
        .collect();
    let cable_gtin = super::gtin(990).to_string();
    let cable = format!("https://id.gs1.org/01/{cable_gtin}/10/C1");
    let mut w = Writer {
        clock: DateTime::parse_from_rfc3339("2025-03-01T08:00:00+08:00").unwrap(),
        events: Vec::new(),
        holder: HashMap::new(),
        history: HashMap::new(),
        lot_of: HashMap::new(),
        contents: HashMap::new(),
        expected: Expected {
            ledgers: vec![BTreeMap::new(); lots.len()],
            movements: vec![BTreeMap::new(); lots.len()],
            with_consumers: vec![0.0; lots.len()],
            ..Expected::default()
        },
    };
    for (i, lot) in lots.iter().enumerate() {
        for u in &lot.units {
            w.lot_of.insert(u.clone(), i);
        }
    }

    // The cable: 1,000 m commissioned by the first producer, 300 m sent to the last, which
    // makes its batch of it. With one producer there is no cable.
    let transformed = producers.len() > 1;
    if transformed {
        let (p0, plast) = (&producers[0], &producers[producers.len() - 1]);
        let (time, _) = w.tick();
        w.push(json!({
            "type": "ObjectEvent", "action": "ADD", "eventTime": time, "eventTimeZoneOffset": "+08:00",
            "quantityList": [{"epcClass": cable, "quantity": 1000, "uom": "MTR"}],
            "bizStep": "commissioning", "disposition": "active", "bizLocation": {"id": p0.site},
            "ilmd": {"cbvmda:lotNumber": "C1"}
        }));
        let (time, _) = w.tick();
        w.push(json!({
            "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
            "quantityList": [{"epcClass": cable, "quantity": 300, "uom": "MTR"}],
            "bizStep": "shipping", "disposition": "in_transit", "readPoint": {"id": p0.site},
            "sourceList": owner("source", &p0.uri), "destinationList": owner("destination", &plast.uri)
        }));
        let (time, _) = w.tick();
        w.push(json!({
            "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
            "quantityList": [{"epcClass": cable, "quantity": 300, "uom": "MTR"}],
            "bizStep": "receiving", "disposition": "in_progress", "bizLocation": {"id": plast.site},
            "sourceList": owner("source", &p0.uri), "destinationList": owner("destination", &plast.uri)
        }));
        w.expected.cable.insert(
            p0.key.clone(),
            Line {
                produced: 1000.0,
                shipped: 300.0,
                held: 700.0,
                ..Line::default()
            },
        );
        w.expected.cable.insert(
            plast.key.clone(),
            Line {
                received: 300.0,
                removed: 200.0,
                held: 100.0,
                ..Line::default()
            },
        );
    }

    // Commissioning (the last producer's batch by transformation), packing.
    let mut pallets: Vec<(usize, String)> = Vec::new();
    let mut case_n = 0;
    for (i, lot) in lots.iter().enumerate() {
        let party = &producers[lot.producer];
        let gtin = lot.product.gtin.as_ref().unwrap().to_string();
        let written: Vec<String> = lot
            .units
            .iter()
            .zip(&lot.registry)
            .enumerate()
            .map(|(n, (u, r))| {
                if i == 0 && n % 2 == 0 {
                    urn(&gtin, r.serial.as_ref().unwrap())
                } else {
                    u.clone()
                }
            })
            .collect();
        for chunk in written.chunks(100) {
            let (time, _) = w.tick();
            if transformed && i == lots.len() - 1 {
                w.push(json!({
                    "type": "TransformationEvent", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                    "inputQuantityList": [{"epcClass": cable, "quantity": 200.0 * chunk.len() as f64 / lot.units.len() as f64, "uom": "MTR"}],
                    "outputEPCList": chunk,
                    "bizStep": "commissioning", "disposition": "active", "bizLocation": {"id": party.site},
                    "ilmd": {"cbvmda:lotNumber": lot.batch.lot}
                }));
            } else {
                w.push(json!({
                    "type": "ObjectEvent", "action": "ADD", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                    "epcList": chunk,
                    "bizStep": "commissioning", "disposition": "active", "bizLocation": {"id": party.site},
                    "ilmd": {"cbvmda:lotNumber": lot.batch.lot}
                }));
            }
        }
        for u in &lot.units {
            w.holder.insert(u.clone(), party.key.clone());
            w.line(i, &party.key).produced += 1.0;
        }
        let mut cases = Vec::new();
        for (units, keys) in written
            .chunks(config.case_size)
            .zip(lot.units.chunks(config.case_size))
        {
            let case = sscc(case_n);
            case_n += 1;
            let (time, _) = w.tick();
            w.push(json!({
                "type": "AggregationEvent", "action": "ADD", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                "parentID": case, "childEPCs": units,
                "bizStep": "packing", "disposition": "in_progress", "bizLocation": {"id": party.site}
            }));
            w.contents.insert(key(&case), keys.to_vec());
            cases.push(case);
        }
        for group in cases.chunks(config.cases_per_pallet) {
            let pallet = sscc(500_000 + pallets.len());
            let (time, _) = w.tick();
            w.push(json!({
                "type": "AggregationEvent", "action": "ADD", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                "parentID": pallet, "childEPCs": group,
                "bizStep": "packing", "disposition": "in_progress", "bizLocation": {"id": party.site}
            }));
            w.contents
                .insert(key(&pallet), group.iter().map(|c| key(c)).collect());
            pallets.push((lot.producer, pallet));
        }
    }

    // Pallets to distributors, round robin; each pallet unpacked on arrival.
    let mut at_distributor: Vec<Vec<String>> = vec![Vec::new(); distributors.len()];
    for (n, (p, pallet)) in pallets.iter().enumerate() {
        let (from, to) = (&producers[*p], &distributors[n % distributors.len()]);
        let units = w.units_in(&key(pallet));
        let (time, t) = w.tick();
        w.push(json!({
            "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
            "epcList": [pallet], "bizStep": "shipping", "disposition": "in_transit",
            "readPoint": {"id": from.site},
            "sourceList": owner("source", &from.uri), "destinationList": owner("destination", &to.uri),
            "bizTransactionList": [{"type": "desadv", "bizTransaction": format!("urn:epcglobal:cbv:bt:6901234000017:DA{n}")}]
        }));
        w.moved(&units, &from.key, &to.key, t, "shipping");
        let (time, t) = w.tick();
        w.push(json!({
            "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
            "epcList": [pallet], "bizStep": "receiving", "disposition": "in_progress",
            "bizLocation": {"id": to.site},
            "sourceList": owner("source", &from.uri), "destinationList": owner("destination", &to.uri)
        }));
        w.confirmed(&units, &from.key, &to.key, t);
        let (time, _) = w.tick();
        w.push(json!({
            "type": "AggregationEvent", "action": "DELETE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
            "parentID": pallet, "bizStep": "unpacking", "bizLocation": {"id": to.site}
        }));
        at_distributor[n % distributors.len()].extend(w.contents[&key(pallet)].clone());
    }

    // Cases on, through the wholesalers if there are any, to the shops.
    let (suppliers, at_shop) = if wholesalers.is_empty() {
        let at_shop = w.forward(
            &distributors,
            &shops,
            at_distributor,
            config.distributor_keeps,
        );
        (&distributors, at_shop)
    } else {
        let at_wholesaler = w.forward(
            &distributors,
            &wholesalers,
            at_distributor,
            config.distributor_keeps,
        );
        (
            &wholesalers,
            w.forward(&wholesalers, &shops, at_wholesaler, 0),
        )
    };

    // Shops unpack (every fifth keeps its case packed), sell a few, one sends two back.
    for (s, cases) in at_shop.iter().enumerate() {
        let m = s / suppliers.len();
        if m % 5 == 4 {
            continue;
        }
        let shop = &shops[s];
        for case in cases {
            let units = w.units_in(case);
            let (time, _) = w.tick();
            let children: Vec<String> = if s % 2 == 1 {
                units.clone()
            } else {
                Vec::new()
            };
            let mut unpack = json!({
                "type": "AggregationEvent", "action": "DELETE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                "parentID": case, "bizStep": "unpacking", "bizLocation": {"id": shop.site}
            });
            if !children.is_empty() {
                unpack["childEPCs"] = json!(children);
            }
            w.push(unpack);
            let sold: Vec<String> = units.iter().take(m % 4).cloned().collect();
            if !sold.is_empty() {
                let (time, t) = w.tick();
                w.push(json!({
                    "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                    "epcList": sold, "bizStep": "retail_selling", "disposition": "retail_sold",
                    "bizLocation": {"id": shop.site}
                }));
                w.moved(&sold, &shop.key, CONSUMERS, t, "retail_selling");
            }
            if s == suppliers.len() {
                // The second shop of the first supplier sends its two last units back.
                let back: Vec<String> = units.iter().rev().take(2).cloned().collect();
                let supplier = &suppliers[0];
                let (time, t) = w.tick();
                w.push(json!({
                    "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                    "epcList": back, "bizStep": "shipping", "disposition": "in_transit",
                    "readPoint": {"id": shop.site},
                    "sourceList": owner("source", &shop.uri), "destinationList": owner("destination", &supplier.uri),
                    "bizTransactionList": [{"type": "rma", "bizTransaction": "urn:epcglobal:cbv:bt:6901234000017:RMA1"}]
                }));
                w.moved(&back, &shop.key, &supplier.key, t, "shipping");
                let (time, t) = w.tick();
                w.push(json!({
                    "type": "ObjectEvent", "action": "OBSERVE", "eventTime": time, "eventTimeZoneOffset": "+08:00",
                    "epcList": back, "bizStep": "receiving", "disposition": "returned",
                    "bizLocation": {"id": supplier.site},
                    "sourceList": owner("source", &shop.uri), "destinationList": owner("destination", &supplier.uri)
                }));
                w.confirmed(&back, &shop.key, &supplier.key, t);
            }
        }
    }

    // Who holds what at the end.
    let holders: Vec<(String, String)> = w
        .holder
        .iter()
        .map(|(u, h)| (u.clone(), h.clone()))
        .collect();
    for (unit, holder) in holders {
        if holder != CONSUMERS {
            let lot = w.lot_of[&unit];
            w.line(lot, &holder).held += 1.0;
        }
    }
    Chain {
        config,
        producers,
        distributors,
        wholesalers,
        shops,
        lots,
        cable,
        events: w.events,
        expected: w.expected,
    }
}

impl Chain {
    /// Registers the producers, shops, products, batches and unit codes, and stores the
    /// events, `per_call` at a time (hash IDs numbered from `first_hash`).
    pub async fn store(&self, store: &dyn Store, first_hash: u64, per_call: usize) {
        for party in self.producers.iter().chain(&self.shops) {
            store
                .insert_enterprise(party.enterprise.as_ref().unwrap())
                .await
                .unwrap();
        }
        for lot in &self.lots {
            store.insert_product(&lot.product).await.unwrap();
            store.insert_batch(&lot.batch).await.unwrap();
            store
                .register_units(&lot.batch, &lot.registry)
                .await
                .unwrap();
        }
        for (n, chunk) in self.events.chunks(per_call).enumerate() {
            let events = captured(
                &epcis_document(json!(chunk)),
                first_hash + (n * per_call) as u64,
                "chain",
            );
            store.insert_events(&events).await.unwrap();
        }
    }

    /// Every party by key.
    pub fn parties(&self) -> impl Iterator<Item = &Party> {
        self.producers
            .iter()
            .chain(&self.distributors)
            .chain(&self.shops)
    }

    /// A unit of `lot` that a shop sold, and one a distributor still holds.
    pub fn sold_unit(&self, lot: usize) -> &str {
        self.lots[lot]
            .units
            .iter()
            .find(|u| {
                self.expected.paths[*u]
                    .last()
                    .is_some_and(|s| s.4 == "sale")
            })
            .unwrap()
    }
}

/// The generator's own credit code for producer `p` (so callers need not keep the chain).
pub fn producer_code(p: usize) -> String {
    credit_code(900 + p as u64).to_string()
}
