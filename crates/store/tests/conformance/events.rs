//! EPCIS events: stored with their leaves, read back equal, never stored twice, and selected
//! by every condition whichever form their identifiers were written in.

use std::sync::Arc;

use serde_json::json;
use yima_store::{EventOrder, EventOutcome, EventSelection, IdMatch, QuantityBound, Store};

use crate::support::*;

/// A shipment of two units (as URNs) and a case, a receipt of the same units as Digital
/// Links, and a class-level commissioning of 500 units of a lot.
fn flow() -> serde_json::Value {
    epcis_document(json!([
        {
            "type": "ObjectEvent", "action": "OBSERVE",
            "eventTime": "2025-03-01T09:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
            "bizStep": "shipping", "disposition": "in_transit",
            "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"},
            "destinationList": [{"type": "owning_party", "destination": "urn:epc:id:pgln:0614141.00888"}],
            "bizTransactionList": [{"type": "desadv", "bizTransaction": "urn:epcglobal:cbv:bt:0614141000005:D1"}],
            "ex:carrier": "顺丰"
        },
        {
            "type": "ObjectEvent", "action": "OBSERVE",
            "eventTime": "2025-03-02T10:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "epcList": ["https://id.gs1.org/01/10614141073464/21/2017", "https://id.gs1.org/01/10614141073464/21/2018"],
            "bizStep": "urn:epcglobal:cbv:bizstep:receiving", "disposition": "sellable_accessible",
            "sourceList": [{"type": "owning_party", "source": "https://id.gs1.org/417/0614141007776"}]
        },
        {
            "type": "ObjectEvent", "action": "ADD",
            "eventTime": "2025-02-28T08:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "quantityList": [{"epcClass": "urn:epc:class:lgtin:0614141.107346.L1", "quantity": 500}],
            "bizStep": "commissioning", "disposition": "active",
            "ilmd": {"cbvmda:lotNumber": "L1"}
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

pub async fn events_round_trip_and_are_stored_once(store: Arc<dyn Store>) {
    let events = captured(&flow(), 1, "shop");
    let outcomes = store.insert_events(&events).await.unwrap();
    assert_eq!(outcomes.len(), events.len());
    for (captured, outcome) in events.iter().zip(&outcomes) {
        let EventOutcome::Stored { id, leaf } = *outcome else {
            panic!("{outcome:?}");
        };
        assert_eq!(id, captured.id);
        let stored = store.event(id).await.unwrap().unwrap();
        assert_eq!(&stored.captured, captured);
        assert_eq!(stored.document, captured.document());
        assert_eq!(leaf_of(store.as_ref(), id).await, Some(leaf));
    }
    // The same events again, under new ids: recognised by hash ID, not stored twice.
    let again = captured(&flow(), 1, "shop");
    let repeated = store.insert_events(&again).await.unwrap();
    for (outcome, first) in repeated.iter().zip(&outcomes) {
        let EventOutcome::Stored { id, .. } = first else {
            unreachable!()
        };
        assert_eq!(*outcome, EventOutcome::Duplicate { id: *id });
    }
    assert!(store.event(again[0].id).await.unwrap().is_none());
    // An error declaration of a stored event is a record of its own.
    let mut declared = captured(&flow(), 1, "shop").remove(0);
    declared.event.error_declaration = Some(
        serde_json::from_value(
            json!({"declarationTime": "2025-03-03T00:00:00Z", "reason": "incorrect_data"}),
        )
        .unwrap(),
    );
    let outcome = store.insert_events(&[declared]).await.unwrap();
    assert!(
        matches!(outcome[..], [EventOutcome::Stored { .. }]),
        "{outcome:?}"
    );
}

/// The id of the ledger leaf of the event stored as `id`, if it has one.
async fn leaf_of(store: &dyn Store, id: uuid::Uuid) -> Option<uuid::Uuid> {
    store
        .leaf_by_ref(&format!("event:{id}"))
        .await
        .unwrap()
        .map(|(_, leaf)| leaf.id)
}

fn select() -> EventSelection {
    EventSelection {
        limit: 100,
        ..EventSelection::default()
    }
}

async fn hash_ids(store: &dyn Store, selection: EventSelection) -> Vec<u64> {
    store
        .events(&selection)
        .await
        .unwrap()
        .into_iter()
        .map(|e| {
            let hex = e.captured.hash_id.trim_start_matches("ni:///sha-256;");
            u64::from_str_radix(&hex[48..64], 16).unwrap()
        })
        .collect()
}

pub async fn events_are_selected_by_every_condition(store: Arc<dyn Store>) {
    store
        .insert_events(&captured(&flow(), 1, "shop"))
        .await
        .unwrap();
    let store = &*store;
    let unit = "https://id.gs1.org/01/10614141073464/21/2017".to_owned();
    let epc = |roles, keys| EventSelection {
        epcs: vec![(roles, keys)],
        ..select()
    };
    // Record order by default: the order of capture.
    assert_eq!(hash_ids(store, select()).await, [1, 2, 3, 4]);
    // A unit written as a URN in one event and a Digital Link in another.
    assert_eq!(
        hash_ids(store, epc(&["epc"], vec![IdMatch::Exact(unit.clone())])).await,
        [1, 2, 4]
    );
    assert_eq!(
        hash_ids(
            store,
            epc(
                &["parent"],
                vec![IdMatch::Exact(
                    "https://id.gs1.org/00/106141412345678908".into()
                )]
            )
        )
        .await,
        [4]
    );
    assert_eq!(
        hash_ids(
            store,
            epc(
                &["epc", "parent"],
                vec![IdMatch::Prefix(
                    "https://id.gs1.org/01/10614141073464/".into()
                )]
            )
        )
        .await,
        [1, 2, 4]
    );
    let class = EventSelection {
        classes: vec![(
            &["epc"],
            vec![IdMatch::Exact(
                "https://id.gs1.org/01/10614141073464/10/L1".into(),
            )],
        )],
        ..select()
    };
    assert_eq!(hash_ids(store, class).await, [3]);
    for (operator, value, expected) in [(">=", 500.0, vec![3]), ("<", 500.0, vec![])] {
        let q = EventSelection {
            quantities: vec![QuantityBound { operator, value }],
            ..select()
        };
        assert_eq!(hash_ids(store, q).await, expected, "{operator} {value}");
    }
    let by = |f: fn(&mut EventSelection)| {
        let mut s = select();
        f(&mut s);
        s
    };
    assert_eq!(
        hash_ids(store, by(|s| s.biz_steps = vec!["receiving".into()])).await,
        [2]
    );
    assert_eq!(
        hash_ids(
            store,
            by(|s| s.event_types = vec!["AggregationEvent".into()])
        )
        .await,
        [4]
    );
    assert_eq!(
        hash_ids(store, by(|s| s.actions = vec!["ADD".into()])).await,
        [3, 4]
    );
    assert_eq!(
        hash_ids(
            store,
            by(|s| s.read_points = vec!["https://id.gs1.org/414/0614141007776".into()])
        )
        .await,
        [1]
    );
    assert_eq!(
        hash_ids(
            store,
            by(|s| s.event_time_ge = Some("2025-03-01T01:00:00Z".parse().unwrap()))
        )
        .await,
        [1, 2]
    );
    assert_eq!(
        hash_ids(
            store,
            by(|s| s.links = vec![(
                "source",
                "owning_party".into(),
                vec!["https://id.gs1.org/417/0614141007776".into()]
            )])
        )
        .await,
        [2]
    );
    assert_eq!(
        hash_ids(
            store,
            by(|s| s.links = vec![(
                "destination",
                "owning_party".into(),
                vec!["https://id.gs1.org/417/0614141008889".into()]
            )])
        )
        .await,
        [1]
    );
    assert_eq!(
        hash_ids(store, by(|s| s.error_declared = Some(true))).await,
        Vec::<u64>::new()
    );
    // Event-time order, both ways, a page at a time.
    for (order, expected) in [
        (EventOrder::EventTimeAscending, [3, 4, 1, 2]),
        (EventOrder::EventTimeDescending, [2, 1, 4, 3]),
    ] {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .events(&EventSelection {
                    order,
                    after,
                    limit: 3,
                    ..select()
                })
                .await
                .unwrap();
            let Some(last) = page.last() else { break };
            after = Some(order.cursor_after(last));
            seen.extend(
                page.iter().map(|e| {
                    u64::from_str_radix(&e.captured.hash_id[14 + 48..14 + 64], 16).unwrap()
                }),
            );
        }
        assert_eq!(seen, expected, "{order:?}");
    }
}

/// A batch that repeats a stored event and repeats one of its own: only the new event is
/// stored, with one leaf, and each repeat is told the id it repeats.
pub async fn a_batch_of_new_and_repeated_events_stores_each_once(store: Arc<dyn Store>) {
    let events = captured(&flow(), 1, "shop");
    let first = store.insert_events(&events[..1]).await.unwrap();
    let EventOutcome::Stored { id: stored_id, .. } = first[0] else {
        panic!("{first:?}");
    };
    let mut repeat_of_stored = captured(&flow(), 1, "shop").remove(0);
    repeat_of_stored.id = uuid::Uuid::now_v7();
    let mut repeat_in_batch = events[1].clone();
    repeat_in_batch.id = uuid::Uuid::now_v7();
    let batch = [
        repeat_of_stored.clone(),
        events[1].clone(),
        repeat_in_batch.clone(),
    ];
    let outcomes = store.insert_events(&batch).await.unwrap();
    let EventOutcome::Stored { id, leaf } = outcomes[1] else {
        panic!("{outcomes:?}");
    };
    assert_eq!(id, events[1].id);
    assert_eq!(
        (outcomes[0], outcomes[2]),
        (
            EventOutcome::Duplicate { id: stored_id },
            EventOutcome::Duplicate { id: events[1].id }
        )
    );
    assert_eq!(leaf_of(store.as_ref(), id).await, Some(leaf));
    for repeat in [&repeat_of_stored, &repeat_in_batch] {
        assert!(store.event(repeat.id).await.unwrap().is_none());
        assert_eq!(leaf_of(store.as_ref(), repeat.id).await, None);
    }
    // Two events are stored in all: the first batch's and the new one.
    assert_eq!(store.events(&select()).await.unwrap().len(), 2);
}

pub async fn a_capture_ends_once_with_its_events(store: Arc<dyn Store>) {
    use yima_domain::epcis::{CaptureFault, CaptureJob, ErrorBehaviour};
    let job = CaptureJob {
        id: uuid::Uuid::now_v7(),
        received_at: now(),
        submitter: Some("shop".into()),
        error_behaviour: ErrorBehaviour::Proceed,
        document_bytes: 1234,
        document_sha256: "ab".repeat(32),
    };
    store.insert_capture(&job).await.unwrap();
    assert!(conflict(store.insert_capture(&job).await).contains("capture"));
    assert_eq!(
        store.capture(job.id).await.unwrap(),
        Some((job.clone(), None))
    );
    let events = captured(&flow(), 1, "shop");
    let faults = vec![CaptureFault {
        event_index: Some(4),
        path: "epcisBody.eventList[4].action".into(),
        rule: "an ObjectEvent must say its action".into(),
    }];
    let finished = now();
    let outcome = store
        .complete_capture(job.id, finished, &faults, &events[..2])
        .await
        .unwrap();
    assert_eq!(
        (outcome.success, outcome.stored, outcome.duplicates),
        (false, 2, 0)
    );
    assert_eq!(
        store.capture(job.id).await.unwrap(),
        Some((job.clone(), Some(outcome)))
    );
    // A job ends once: a second ending stores nothing, not even its events.
    let again = store
        .complete_capture(job.id, now(), &[], &events[2..])
        .await;
    assert!(conflict(again).contains(&job.id.to_string()));
    assert!(store.event(events[2].id).await.unwrap().is_none());
    // An unknown job has no ending.
    let unknown = store
        .complete_capture(uuid::Uuid::now_v7(), now(), &[], &[])
        .await;
    assert!(missing(unknown).contains("capture"));
}

pub async fn anomalies_are_kept_with_their_events_and_listed(store: Arc<dyn Store>) {
    use yima_domain::epcis::{Anomaly, AnomalyKind};
    use yima_store::AnomalySelection;
    let mut events = captured(&flow(), 1, "shop");
    let unit = "https://id.gs1.org/01/10614141073464/21/2017".to_owned();
    events[1].anomalies = vec![
        Anomaly {
            kind: AnomalyKind::ReceivedByAnotherParty,
            epc: unit.clone(),
            detail: "shipped to one, received by another".into(),
        },
        Anomaly {
            kind: AnomalyKind::TimeReversed,
            epc: unit.clone(),
            detail: "received before it was shipped".into(),
        },
    ];
    events[3].anomalies = vec![Anomaly {
        kind: AnomalyKind::UnpackedUnknownParent,
        epc: "https://id.gs1.org/00/106141412345678908".into(),
        detail: "never packed".into(),
    }];
    store.insert_events(&events).await.unwrap();
    for captured in &events {
        assert_eq!(
            &store.event(captured.id).await.unwrap().unwrap().captured,
            captured
        );
    }
    // Many at once, anomalies included: in id order, an id asked twice given once, an id not
    // stored left out.
    let mut asked: Vec<_> = events.iter().rev().map(|e| e.id).collect();
    asked.push(events[1].id);
    asked.push(uuid::Uuid::now_v7());
    let mut expected = events.clone();
    expected.sort_by_key(|e| e.id);
    assert_eq!(
        store
            .events_by_id(&asked)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.captured)
            .collect::<Vec<_>>(),
        expected
    );
    assert!(store.events_by_id(&[]).await.unwrap().is_empty());
    let selected = store
        .events(&EventSelection {
            limit: 10,
            ..EventSelection::default()
        })
        .await
        .unwrap();
    assert_eq!(
        selected
            .iter()
            .map(|e| e.captured.clone())
            .collect::<Vec<_>>(),
        events
    );
    let all = store
        .anomalies(&AnomalySelection {
            limit: 10,
            ..AnomalySelection::default()
        })
        .await
        .unwrap();
    assert_eq!(
        all.iter()
            .map(|a| (a.event, a.position, a.anomaly.kind))
            .collect::<Vec<_>>(),
        [
            (events[1].id, 0, AnomalyKind::ReceivedByAnotherParty),
            (events[1].id, 1, AnomalyKind::TimeReversed),
            (events[3].id, 0, AnomalyKind::UnpackedUnknownParent),
        ]
    );
    assert_eq!(all[0].hash_id, events[1].hash_id);
    let after_first = store
        .anomalies(&AnomalySelection {
            after: Some((events[1].id, 0)),
            kind: Some(AnomalyKind::TimeReversed),
            limit: 10,
            ..AnomalySelection::default()
        })
        .await
        .unwrap();
    assert_eq!(after_first.len(), 1);
    assert_eq!(
        after_first[0].anomaly.detail,
        "received before it was shipped"
    );
    // The history of a unit: every event naming it, whichever form it was written in.
    let history = store.events_naming(&[unit]).await.unwrap();
    let ids: Vec<_> = history.iter().map(|e| e.captured.id).collect();
    assert_eq!(ids, [events[0].id, events[1].id, events[3].id]);
}
