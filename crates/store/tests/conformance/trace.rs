//! Trace and recall through the store, on a generated chain whose answers the generator
//! worked out as it wrote the events (`support/chain.rs`): a unit's path, a batch's
//! movements, every party's ledger, a transformation's inputs and outputs.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::json;
use yima_domain::trace::{
    Direction, Graph, Ledger, MoveKind, Node, ObjectKey, TraceQuery, Traced, Traversal,
    batch_start, graph, ledger,
};
use yima_store::{Store, run_trace};

use crate::support::chain::{CONSUMERS, Chain, ChainConfig, Line, Step, chain};
use crate::support::*;

type Movement = (String, String, DateTime<Utc>, String, &'static str);

/// The graph's movements of items, as the generator writes them down.
pub fn movements(g: &Graph) -> BTreeMap<Movement, f64> {
    let name = |n: &Node| match n {
        Node::Id(id) => id.clone(),
        Node::Consumers => CONSUMERS.to_owned(),
    };
    let mut out = BTreeMap::new();
    for e in &g.edges {
        let items: f64 = e
            .quantities
            .iter()
            .filter(|(m, _)| m.is_none())
            .map(|(_, q)| q)
            .sum();
        if items == 0.0 {
            continue;
        }
        let kind = match e.kind {
            MoveKind::Transfer => "transfer",
            MoveKind::Return => "return",
            MoveKind::Sale => "sale",
            MoveKind::Confirm => "confirm",
        };
        let from = e.from.as_ref().map_or_else(|| "?".to_owned(), name);
        *out.entry((
            from,
            name(&e.to),
            e.time,
            e.biz_step.clone().unwrap_or_default(),
            kind,
        ))
        .or_insert(0.0) += items;
    }
    out
}

/// The generator's steps in the same shape.
pub fn expected_movements<'a>(
    steps: impl IntoIterator<Item = (&'a Step, f64)>,
) -> BTreeMap<Movement, f64> {
    let mut out = BTreeMap::new();
    for ((from, to, t, step, kind), n) in steps {
        *out.entry((
            from.clone(),
            to.clone(),
            t.to_utc(),
            (*step).to_owned(),
            *kind,
        ))
        .or_insert(0.0) += n;
    }
    out
}

/// The ledger's lines in `measure` (`None`: items), by party.
pub fn lines(l: &Ledger, measure: Option<&str>) -> BTreeMap<String, Line> {
    l.lines
        .iter()
        .filter(|line| line.measure.as_deref() == measure)
        .map(|line| {
            (
                line.party.clone(),
                Line {
                    produced: line.produced,
                    received: line.received,
                    returns_received: line.returns_received,
                    shipped: line.shipped,
                    returned: line.returned,
                    sold_to_consumers: line.sold_to_consumers,
                    removed: line.removed,
                    held: line.held,
                },
            )
        })
        .collect()
}

pub async fn trace(
    store: &dyn Store,
    start: Vec<ObjectKey>,
    direction: Direction,
    depth: u32,
) -> Traced {
    run_trace(
        store,
        Traversal::new(TraceQuery {
            start,
            direction,
            depth,
        }),
    )
    .await
    .unwrap()
}

async fn stored_chain(store: &dyn Store) -> Chain {
    let chain = chain(ChainConfig::small());
    chain.store(store, 1, 2_000).await;
    chain
}

/// A batch large enough that its hops are split into several queries run at once: the
/// pieces answer what one query would.
pub async fn large_hops_are_split_and_joined(store: Arc<dyn Store>) {
    let store = &*store;
    let chain = chain(ChainConfig::four_tiers(2_500));
    chain.store(store, 1, 2_000).await;
    let lot = &chain.lots[0];
    let units = store.batch_units(lot.batch.id).await.unwrap();
    let start = batch_start(&lot.batch, lot.product.gtin.as_ref(), &units);
    assert!(start.len() > 2_000, "{} objects", start.len());
    let traced = trace(store, start, Direction::Downstream, 10).await;
    assert!(!traced.truncated());
    assert_eq!(
        movements(&graph(&traced)),
        expected_movements(chain.expected.movements[0].iter().map(|(s, q)| (s, *q)))
    );
    assert_eq!(lines(&ledger(&traced), None), chain.expected.ledgers[0]);
}

pub async fn traces_and_recalls_are_what_the_chain_did(store: Arc<dyn Store>) {
    let store = &*store;
    let chain = stored_chain(store).await;

    // One sold unit: its path, whichever way it is traced.
    let unit = chain.sold_unit(0).to_owned();
    let path = expected_movements(chain.expected.paths[&unit].iter().map(|s| (s, 1.0)));
    for direction in [Direction::Downstream, Direction::Upstream, Direction::Both] {
        let traced = trace(store, vec![ObjectKey::Epc(unit.clone())], direction, 10).await;
        assert_eq!(movements(&graph(&traced)), path, "{direction:?}");
        assert!(!traced.truncated());
        assert!(traced.hops <= 4, "{} hops", traced.hops);
    }
    // The pallet is two links from the unit: at depth 1 its movements are missing.
    let shallow = trace(
        store,
        vec![ObjectKey::Epc(unit.clone())],
        Direction::Downstream,
        1,
    )
    .await;
    assert!(shallow.truncated());
    assert!(movements(&graph(&shallow)).len() < path.len());

    // Each batch downstream, from its registry record: every movement, every ledger.
    for (n, lot) in chain.lots.iter().enumerate() {
        let units = store.batch_units(lot.batch.id).await.unwrap();
        assert_eq!(units.len(), lot.units.len());
        // The same units, as the events commissioned them with the lot (the last batch by
        // a transformation).
        let mut commissioned = lot.units.clone();
        commissioned.sort();
        let gtin = lot.product.gtin.as_ref().unwrap();
        assert_eq!(
            store.lot_units(gtin, &lot.batch.lot).await.unwrap(),
            commissioned,
            "lot {n}"
        );
        assert!(store.lot_units(gtin, "NOPE").await.unwrap().is_empty());
        let start = batch_start(&lot.batch, lot.product.gtin.as_ref(), &units);
        let traced = trace(store, start, Direction::Downstream, 10).await;
        assert!(!traced.truncated());
        assert_eq!(
            movements(&graph(&traced)),
            expected_movements(chain.expected.movements[n].iter().map(|(s, q)| (s, *q))),
            "lot {n}"
        );
        let recall = ledger(&traced);
        assert_eq!(lines(&recall, None), chain.expected.ledgers[n], "lot {n}");
        assert_eq!(
            recall.with_consumers,
            [(None, chain.expected.with_consumers[n])]
        );
    }

    // The cable: metres where they went, and the batch made from it wherever it went.
    let traced = trace(
        store,
        vec![ObjectKey::Class(chain.cable.clone())],
        Direction::Downstream,
        10,
    )
    .await;
    let recall = ledger(&traced);
    assert_eq!(lines(&recall, Some("MTR")), chain.expected.cable);
    let made = chain.lots.len() - 1;
    assert_eq!(lines(&recall, None), chain.expected.ledgers[made]);

    // Upstream from a unit made of the cable: the cable's commissioning site and producer.
    let output = chain.sold_unit(made).to_owned();
    let traced = trace(store, vec![ObjectKey::Epc(output)], Direction::Upstream, 10).await;
    let reach = traced.up.as_ref().unwrap();
    assert!(reach.contains(&traced.pool, &ObjectKey::Class(chain.cable.clone())));
    let g = graph(&traced);
    let cable_moves: Vec<_> = g
        .edges
        .iter()
        .filter(|e| {
            e.quantities
                .iter()
                .any(|(m, _)| m.as_deref() == Some("MTR"))
        })
        .collect();
    assert_eq!(
        cable_moves.len(),
        2,
        "shipped and received: {cable_moves:?}"
    );
    assert_eq!(
        cable_moves[0].from,
        Some(Node::Id(chain.producers[0].key.clone()))
    );
}

pub async fn erroneous_events_are_left_out_of_traces(store: Arc<dyn Store>) {
    let store = &*store;
    let unit = "https://id.gs1.org/01/10614141073464/21/2017";
    let shipped = json!({
        "type": "ObjectEvent", "action": "OBSERVE",
        "eventTime": "2025-03-01T09:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
        "epcList": [unit], "bizStep": "shipping",
        "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00001"}],
        "destinationList": [{"type": "owning_party", "destination": "urn:epc:id:pgln:0614141.00002"}]
    });
    let mut wrong = shipped.clone();
    wrong["eventTime"] = json!("2025-03-02T09:00:00.000+08:00");
    wrong["destinationList"][0]["destination"] = json!("urn:epc:id:pgln:0614141.00003");
    let events = captured(&epcis_document(json!([shipped, wrong])), 1, "x");
    store.insert_events(&events).await.unwrap();
    let start = vec![ObjectKey::Epc(unit.to_owned())];
    let before = movements(&graph(
        &trace(store, start.clone(), Direction::Both, 5).await,
    ));
    assert_eq!(before.len(), 2);
    // The second shipment is declared erroneous: same hash ID, with an error declaration.
    let mut declared = events[1].clone();
    declared.id = uuid::Uuid::now_v7();
    declared.event.error_declaration = Some(
        serde_json::from_value(
            json!({"declarationTime": "2025-03-03T00:00:00Z", "reason": "incorrect_data"}),
        )
        .unwrap(),
    );
    store.insert_events(&[declared]).await.unwrap();
    let after = movements(&graph(&trace(store, start, Direction::Both, 5).await));
    assert_eq!(after.len(), 1, "{after:?}");
    let received = yima_domain::trace::key("urn:epc:id:pgln:0614141.00002");
    assert!(after.keys().all(|k| k.1 == received), "{after:?}");
}

pub async fn recall_lookups_find_batches_units_and_enterprises(store: Arc<dyn Store>) {
    let store = &*store;
    let w = world(store).await;
    let later = batch(&w.product, "L2503B", 10);
    store.insert_batch(&later).await.unwrap();
    let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
    // Both were produced on 2025-03-01 (see support::batch_in).
    let found = store
        .batches_produced(w.product.id, day("2025-03-01"), day("2025-03-01"))
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|b| b.lot.as_str()).collect::<Vec<_>>(),
        ["L2503A", "L2503B"]
    );
    assert!(
        store
            .batches_produced(w.product.id, day("2025-03-02"), day("2025-12-31"))
            .await
            .unwrap()
            .is_empty()
    );
    let registered = units(&w.product, &w.batch, "R", 0..3);
    store.register_units(&w.batch, &registered).await.unwrap();
    assert_eq!(store.batch_units(w.batch.id).await.unwrap(), registered);
    assert!(store.batch_units(later.id).await.unwrap().is_empty());
    let unknown = credit_code(77);
    let found = store
        .enterprises_of(&[unknown, w.producer.credit_code.clone()])
        .await
        .unwrap();
    assert_eq!(found, std::slice::from_ref(&w.producer));
    assert!(store.enterprises_of(&[]).await.unwrap().is_empty());
}
