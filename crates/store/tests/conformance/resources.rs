//! The REST binding's listings and named queries: distinct values of what events name, each
//! once in one order on both engines and paged by the last value; capture jobs newest first;
//! named queries defined, refused while in force, removed by a record, and defined again.

use std::sync::Arc;

use chrono::TimeDelta;
use serde_json::json;
use yima_domain::epcis::{CaptureJob, ErrorBehaviour, NamedQuery};
use yima_store::{EventField, Store};

use crate::support::*;

/// Shipped URNs, received Digital Links of the same units, a lot commissioned, a case
/// packed: identifiers written both ways, steps and dispositions in bare and URN forms.
fn events() -> serde_json::Value {
    epcis_document(json!([
        {
            "type": "ObjectEvent", "action": "OBSERVE",
            "eventTime": "2025-03-01T09:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
            "bizStep": "shipping", "disposition": "in_transit",
            "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"}
        },
        {
            "type": "ObjectEvent", "action": "OBSERVE",
            "eventTime": "2025-03-02T10:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "epcList": ["https://id.gs1.org/01/10614141073464/21/2017"],
            "bizStep": "urn:epcglobal:cbv:bizstep:receiving",
            "disposition": "urn:epcglobal:cbv:disp:sellable_accessible",
            "readPoint": {"id": "https://id.gs1.org/414/0614141007776"},
            "bizLocation": {"id": "urn:epc:id:sgln:0614141.00888.0"}
        },
        {
            "type": "ObjectEvent", "action": "ADD",
            "eventTime": "2025-02-28T08:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "quantityList": [{"epcClass": "urn:epc:class:lgtin:0614141.107346.L1", "quantity": 500}],
            "bizStep": "commissioning", "disposition": "active"
        },
        {
            "type": "AggregationEvent", "action": "ADD",
            "eventTime": "2025-03-01T08:30:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "parentID": "urn:epc:id:sscc:0614141.1234567890",
            "childEPCs": ["urn:epc:id:sgtin:0614141.107346.2017"],
            "bizStep": "packing"
        }
    ]))
}

/// Every value of `field`, a page of `per_page` at a time.
async fn every_value(store: &dyn Store, field: EventField, per_page: u32) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    loop {
        let page = store
            .event_values(field, all.last().map(String::as_str), per_page)
            .await
            .unwrap();
        assert!(page.len() <= per_page as usize);
        let done = page.len() < per_page as usize;
        all.extend(page);
        if done {
            return all;
        }
    }
}

pub async fn event_values_are_listed_once_in_order(store: Arc<dyn Store>) {
    for field in EventField::ALL {
        assert!(
            every_value(&*store, field, 10).await.is_empty(),
            "{field:?}"
        );
    }
    store
        .insert_events(&captured(&events(), 1, "shop"))
        .await
        .unwrap();
    let expected: [(EventField, &[&str]); 6] = [
        (EventField::EventType, &["AggregationEvent", "ObjectEvent"]),
        (
            EventField::Epc,
            &[
                // The case, then the two units, each once though written two ways; the lot
                // counted in a quantity is a class, not an EPC.
                "https://id.gs1.org/00/106141412345678908",
                "https://id.gs1.org/01/10614141073464/21/2017",
                "https://id.gs1.org/01/10614141073464/21/2018",
            ],
        ),
        (
            EventField::BizStep,
            &["commissioning", "packing", "receiving", "shipping"],
        ),
        (
            EventField::Disposition,
            &["active", "in_transit", "sellable_accessible"],
        ),
        (
            EventField::ReadPoint,
            &["https://id.gs1.org/414/0614141007776"],
        ),
        (
            EventField::BizLocation,
            &["https://id.gs1.org/414/0614141008889"],
        ),
    ];
    for (field, values) in expected {
        for per_page in [1, 2, 3, 100] {
            assert_eq!(
                every_value(&*store, field, per_page).await,
                values,
                "{field:?} by {per_page}"
            );
        }
    }
    // A page starts after any value, stored or not; an empty page asks for nothing.
    let steps = |after: &'static str| {
        let store = store.clone();
        async move {
            store
                .event_values(EventField::BizStep, Some(after), 10)
                .await
                .unwrap()
        }
    };
    assert_eq!(steps("o").await, ["packing", "receiving", "shipping"]);
    assert_eq!(steps("shipping").await, Vec::<String>::new());
    assert!(
        store
            .event_values(EventField::BizStep, None, 0)
            .await
            .unwrap()
            .is_empty()
    );
}

fn job(received_at: chrono::DateTime<chrono::Utc>) -> CaptureJob {
    CaptureJob {
        id: uuid::Uuid::now_v7(),
        received_at,
        submitter: Some("shop".into()),
        error_behaviour: ErrorBehaviour::Rollback,
        document_bytes: 10,
        document_sha256: "cd".repeat(32),
    }
}

pub async fn capture_jobs_are_listed_newest_first(store: Arc<dyn Store>) {
    assert!(store.captures(None, 10).await.unwrap().is_empty());
    let at = now();
    // Two jobs received at one instant are ordered by id.
    let jobs = [
        job(at - TimeDelta::seconds(2)),
        job(at),
        job(at),
        job(at + TimeDelta::seconds(1)),
    ];
    for j in &jobs {
        store.insert_capture(j).await.unwrap();
    }
    let outcome = store
        .complete_capture(jobs[1].id, now(), &[], &[])
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.captures(before, 3).await.unwrap();
        let Some((last, _)) = page.last() else { break };
        before = Some((last.received_at, last.id));
        seen.extend(page);
    }
    let newest_first: Vec<_> = [3, 2, 1, 0].map(|i| jobs[i].clone()).into();
    assert_eq!(
        seen.iter().map(|(j, _)| j.clone()).collect::<Vec<_>>(),
        newest_first
    );
    // Each with its outcome, once it has one.
    assert_eq!(seen[2].1, Some(outcome));
    assert!(seen.iter().filter(|(_, o)| o.is_some()).count() == 1);
}

fn named(name: &str, query: serde_json::Value) -> NamedQuery {
    NamedQuery::new(
        uuid::Uuid::now_v7(),
        name.to_owned(),
        query.as_object().unwrap().clone(),
        now(),
        Some("shop".into()),
    )
    .unwrap()
}

async fn names(store: &dyn Store, after: Option<&str>, limit: u32) -> Vec<String> {
    store
        .named_queries(after, limit)
        .await
        .unwrap()
        .into_iter()
        .map(|q| q.name)
        .collect()
}

pub async fn named_queries_are_defined_removed_and_defined_again(store: Arc<dyn Store>) {
    let store = &*store;
    let shipped = named("shipped", json!({"EQ_bizStep": ["shipping"]}));
    store.insert_named_query(&shipped).await.unwrap();
    assert_eq!(
        store.named_query("shipped").await.unwrap(),
        Some(shipped.clone())
    );
    // A name in force is taken, whoever asks and whatever the query; so is an id.
    let again = named("shipped", json!({}));
    assert!(conflict(store.insert_named_query(&again).await).contains("shipped"));
    let mut same_id = named("other", json!({}));
    same_id.id = shipped.id;
    assert!(conflict(store.insert_named_query(&same_id).await).contains("id"));
    let received = named("received", json!({"EQ_bizStep": ["receiving"]}));
    store.insert_named_query(&received).await.unwrap();
    assert_eq!(names(store, None, 10).await, ["received", "shipped"]);
    assert_eq!(names(store, None, 1).await, ["received"]);
    assert_eq!(names(store, Some("received"), 10).await, ["shipped"]);
    // Removal is a record: once, and the name is no longer in force.
    assert!(
        store
            .remove_named_query("shipped", now(), Some("shop"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_named_query("shipped", now(), None)
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_named_query("never", now(), None)
            .await
            .unwrap()
    );
    assert_eq!(store.named_query("shipped").await.unwrap(), None);
    assert_eq!(names(store, None, 10).await, ["received"]);
    // The name is free: a new definition supersedes the removed one, and can go the same way.
    let anew = named(
        "shipped",
        json!({"EQ_bizStep": ["shipping"], "EQ_disposition": ["in_transit"]}),
    );
    store.insert_named_query(&anew).await.unwrap();
    assert_eq!(store.named_query("shipped").await.unwrap(), Some(anew));
    assert_eq!(names(store, None, 10).await, ["received", "shipped"]);
    assert!(
        store
            .remove_named_query("shipped", now(), None)
            .await
            .unwrap()
    );
    let third = named("shipped", json!({}));
    store.insert_named_query(&third).await.unwrap();
    assert_eq!(store.named_query("shipped").await.unwrap(), Some(third));
}

/// Many definitions of one free name at once: exactly one is stored.
pub async fn racing_definitions_of_one_name_store_one(store: Arc<dyn Store>) {
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .insert_named_query(&named("contested", json!({"eventCountLimit": i + 1})))
                    .await
            })
        })
        .collect();
    let mut stored = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => stored += 1,
            Err(yima_store::StoreError::Conflict { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(stored, 1);
    assert_eq!(names(&*store, None, 10).await, ["contested"]);
}
