#![allow(clippy::unwrap_used)]

use std::collections::{BTreeSet, HashSet};

use super::*;
use crate::epcis::anomaly::{History, check};
use crate::epcis::read_document;
use crate::{EnterpriseDraft, Roles};
use yima_codes::gs1::{Gtin, normalise_epcis_id};

fn generator(codes: u64, seed: u64) -> Generator {
    Generator::new(&Catalogue::builtin().unwrap(), Config { codes, seed }).unwrap()
}

/// Everything a generation writes, in order, as text.
fn everything(g: &Generator) -> Vec<String> {
    let mut out: Vec<String> = g
        .parties()
        .iter()
        .map(|p| enterprise_row(p).join(","))
        .collect();
    out.extend(g.products().iter().map(|p| product_row(p).join(",")));
    for batch in g.batches() {
        let batch = batch.unwrap();
        out.push(batch_row(&batch, &g.products()[batch.product as usize]).join(","));
        out.extend(g.units(&batch).map(|u| unit_row(&u.unwrap()).join(",")));
    }
    out.extend(g.documents().map(Result::unwrap));
    out
}

#[test]
fn the_same_seed_and_size_give_the_same_output() {
    let a = everything(&generator(1_000, 7));
    assert_eq!(a, everything(&generator(1_000, 7)));
    assert_ne!(a, everything(&generator(1_000, 8)), "the seed matters");
}

#[test]
fn every_category_and_scheme_is_present_at_a_thousand_codes() {
    let g = generator(1_000, 1);
    let catalogue = Catalogue::builtin().unwrap();
    let mut manifest = Manifest::new(&g);
    for batch in g.batches() {
        manifest.add_batch(&g, &batch.unwrap());
    }
    for c in catalogue.categories() {
        assert!(
            manifest.counts.products_by_category.get(&c.id) > Some(&0),
            "no product in {}",
            c.id
        );
    }
    // Every category's products have batches, hence units.
    let with_batches: HashSet<&str> = g
        .batches()
        .map(|b| {
            g.products()[b.unwrap().product as usize]
                .product
                .category
                .as_str()
        })
        .map(|c| catalogue.get(c).unwrap().id.as_str())
        .collect();
    assert_eq!(with_batches.len(), catalogue.categories().len());
    let schemes: BTreeSet<&str> = manifest
        .counts
        .units_by_scheme
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(s, _)| s.as_str())
        .collect();
    let all: BTreeSet<&str> = UnitScheme::ALL.iter().map(|s| s.name()).collect();
    assert_eq!(schemes, all);
    // And the registry's schemes of those codes, as their keys say.
    let keys: BTreeSet<String> = g
        .batches()
        .flat_map(|b| {
            let b = b.unwrap();
            g.units(&b)
                .map(|u| u.unwrap().unit.scheme)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        keys,
        ["ccc-mark", "ecode", "gs1", "miit", "oid"]
            .map(str::to_owned)
            .into()
    );
    let provinces: HashSet<_> = g
        .parties()
        .iter()
        .map(|p| p.enterprise.region.province())
        .collect();
    assert!(provinces.len() >= 10, "{} provinces", provinces.len());
}

#[test]
fn counts_add_up_to_the_codes_asked_for() {
    for codes in [1, 7, 999, 1_000, 12_345] {
        let g = generator(codes, 3);
        let mut keys = HashSet::new();
        let mut total = 0;
        for batch in g.batches() {
            let batch = batch.unwrap();
            assert!(batch.units <= MAX_UNITS_PER_BATCH);
            assert_eq!(batch.batch.quantity, batch.units);
            for unit in g.units(&batch) {
                let unit = unit.unwrap();
                assert_eq!(unit.unit.batch_id, batch.batch.id);
                assert!(keys.insert(unit.unit.key), "a key twice");
                total += 1;
            }
        }
        assert_eq!(total, codes);
    }
    // The plan alone, at the largest scale: the batches' units add up too.
    let plan = Plan::new(MAX_CODES, 8).unwrap();
    assert_eq!(
        (0..plan.batches).map(|b| plan.units_of(b)).sum::<u64>(),
        MAX_CODES
    );
    assert!(Plan::new(0, 8).is_err());
    assert!(Plan::new(MAX_CODES + 1, 8).is_err());
}

#[test]
fn enterprises_grow_with_the_scale() {
    let sizes: Vec<u64> = [1_000, 100_000, 1_000_000, 1_000_000_000]
        .into_iter()
        .map(|n| {
            let p = Plan::new(n, 8).unwrap();
            p.producers + p.distributors + p.shops
        })
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
    assert!(sizes[3] > 10 * sizes[0], "{sizes:?}");
}

#[test]
fn every_record_passes_validation_again() {
    let g = generator(2_000, 5);
    let catalogue = Catalogue::builtin().unwrap();
    let mut codes = HashSet::new();
    for party in g.parties() {
        let e = &party.enterprise;
        assert!(codes.insert(e.credit_code.clone()), "a credit code twice");
        let again = EnterpriseDraft {
            credit_code: e.credit_code.to_string(),
            name: e.name.clone(),
            address: e.address.clone(),
            region: e.region.to_string(),
            roles: e.roles.names().into_iter().map(str::to_owned).collect(),
        }
        .validate(epoch())
        .unwrap();
        assert_eq!(again.roles, e.roles);
        assert_eq!(
            e.roles,
            Roles {
                producer: party.kind == PartyKind::Producer,
                seller: true
            }
        );
    }
    let mut gtins = HashSet::new();
    for p in g.products() {
        let gtin = p.product.gtin.clone().unwrap();
        assert_eq!(Gtin::parse(gtin.as_str()).unwrap(), gtin);
        assert!(gtin.as_str().starts_with("069"));
        assert!(gtins.insert(gtin));
        let category = catalogue.get(&p.product.category).unwrap();
        assert!(category.regimes.contains(&p.product.approval.regime()));
    }
    // Flows are made through `FlowDraft::validate` and `Flow::event`; the documents read
    // back through the binding's reader, every event whole.
    let mut events = 0;
    for text in g.documents() {
        let document = read_document(text.unwrap().as_bytes()).unwrap();
        assert!(document.events.len() <= EVENTS_PER_DOCUMENT);
        for event in document.events {
            event.unwrap();
            events += 1;
        }
    }
    let flows: usize = g.flows_all().map(|f| f.unwrap().events.len()).sum();
    assert_eq!(events, flows);
}

#[test]
fn the_injected_anomalies_are_exactly_what_the_history_checks_find() {
    let g = generator(1_000, 11);
    let mut manifest = Manifest::new(&g);
    let mut all = Vec::new();
    for batch in g.batches() {
        let batch = batch.unwrap();
        let flows = g.flows(&batch).unwrap();
        assert_eq!(flows.anomalies, g.anomalies_of(&batch).unwrap());
        manifest.add_flows(&flows);
        all.extend(flows.events);
    }
    for kind in InjectedKind::ALL {
        assert!(
            manifest.anomaly_counts.get(kind.name()) >= Some(&2),
            "{:?}",
            manifest.anomaly_counts
        );
    }
    let mut history = History::new();
    let mut found = BTreeSet::new();
    for event in &all {
        for a in check(event, &history) {
            found.insert((a.kind.name().to_owned(), a.epc));
        }
        history.record(event);
    }
    let expected: BTreeSet<(String, String)> = manifest
        .anomalies
        .iter()
        .map(|a| {
            (
                a.detected_as.to_owned(),
                normalise_epcis_id(&a.epc).unwrap().key,
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(expected.len(), manifest.anomalies.len());
}

#[test]
fn the_largest_scale_streams_from_its_first_batch() {
    // Nothing is made ahead but the parties and products (about √batches of them): the
    // first document of a billion codes comes from its first batches alone.
    let g = generator(MAX_CODES, 1);
    assert!(g.parties().len() < 10_000, "{}", g.parties().len());
    let first = g.documents().next().unwrap().unwrap();
    let document = read_document(first.as_bytes()).unwrap();
    assert!(document.events.len() <= EVENTS_PER_DOCUMENT);
    let last = g.batch(g.plan.batches - 1).unwrap();
    assert_eq!(g.units(&last).count() as u64, last.units);
}
