//! What the regulator's dashboard counts: registrations per category and province, and retail
//! sales with and without a matching holding.

use std::sync::Arc;

use yima_domain::epcis::{Anomaly, AnomalyKind};
use yima_store::{CategoryCoverage, RegionCoverage, Store};

use crate::support::*;

fn sales(n: u64) -> serde_json::Value {
    let events: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "type": "ObjectEvent",
                "eventTime": "2025-03-02T10:00:00+08:00",
                "eventTimeZoneOffset": "+08:00",
                "epcList": [format!("https://id.gs1.org/01/10614141073464/21/S{i}")],
                "action": "OBSERVE",
                "bizStep": "retail_selling",
                "disposition": "retail_sold"
            })
        })
        .collect();
    epcis_document(serde_json::Value::Array(events))
}

pub async fn coverage_counts_registrations_and_sales(store: Arc<dyn Store>) {
    assert_eq!(
        store.coverage().await.unwrap(),
        yima_store::Coverage::default()
    );
    let w = world(&*store).await;
    store
        .register_units(&w.batch, &units(&w.product, &w.batch, "S", 0..3))
        .await
        .unwrap();
    let second = batch(&w.product, "L2504B", 100);
    store.insert_batch(&second).await.unwrap();
    let other = enterprise(2, &["producer"]);
    store.insert_enterprise(&other).await.unwrap();
    let cable = cable(&other);
    store.insert_product(&cable).await.unwrap();
    let mut events = captured(&sales(3), 1, "shop");
    events[2].anomalies = vec![Anomaly {
        kind: AnomalyKind::SoldWithoutHolding,
        epc: "https://id.gs1.org/01/10614141073464/21/S2".into(),
        detail: "sold by a shop that never held it".into(),
    }];
    store.insert_events(&events).await.unwrap();

    let coverage = store.coverage().await.unwrap();
    let mut expected = vec![
        CategoryCoverage {
            category: w.product.category.clone(),
            producers: 1,
            products: 1,
            batches: 2,
            unit_codes: 3,
        },
        CategoryCoverage {
            category: cable.category.clone(),
            producers: 1,
            products: 1,
            batches: 0,
            unit_codes: 0,
        },
    ];
    expected.sort_by(|a, b| a.category.cmp(&b.category));
    assert_eq!(coverage.categories, expected);
    let mut provinces: Vec<RegionCoverage> = Vec::new();
    for e in [&w.producer, &other] {
        let province = format!("{}0000", &e.region.as_str()[..2]);
        match provinces.iter_mut().find(|r| r.province == province) {
            Some(r) => r.enterprises += 1,
            None => provinces.push(RegionCoverage {
                province,
                enterprises: 1,
            }),
        }
    }
    provinces.sort_by(|a, b| a.province.cmp(&b.province));
    assert_eq!(coverage.regions, provinces);
    assert_eq!((coverage.sales, coverage.sales_unmatched), (3, 1));
}

pub async fn products_of_a_producer_in_registration_order(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let later = bicycle(&w.producer, 2);
    store.insert_product(&later).await.unwrap();
    let other = enterprise(2, &["producer"]);
    store.insert_enterprise(&other).await.unwrap();
    store.insert_product(&cable(&other)).await.unwrap();
    assert_eq!(
        store.products_of(&w.producer.credit_code).await.unwrap(),
        [w.product.clone(), later]
    );
    assert!(
        store
            .products_of(&credit_code(99))
            .await
            .unwrap()
            .is_empty()
    );
}
