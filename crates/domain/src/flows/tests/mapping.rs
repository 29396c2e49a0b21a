//! Each action's event, as domain.md §4 maps it.

use serde_json::{Value, json};

use super::*;
use crate::epcis::{Event, Namespaces, event_hash_id};
use crate::flows::BatchRef;

#[test]
fn commission_adds_units_with_their_lots_master_data() {
    let d = units("commission", PRODUCER);
    assert_eq!(
        flow(&d).batch_to_find(),
        Some(BatchRef::Lot {
            gtin: Gtin::parse(GTIN).unwrap(),
            lot: LOT.to_owned()
        }),
        "the lot the codes carry names the batch"
    );
    assert!(flow(&d).needs_lot_facts());
    let e = event_with(&d, Some(&facts()));
    assert_eq!(
        e,
        json!({
            "type": "ObjectEvent",
            "eventTime": "2025-03-05T10:00:00+08:00",
            "eventTimeZoneOffset": "+08:00",
            "epcList": [UNIT_EPC],
            "action": "ADD",
            "bizStep": "commissioning",
            "disposition": "active",
            "ilmd": {
                "cbvmda:lotNumber": "ABC1",
                "cbvmda:productionDate": "2025-03-01",
                "gs1:certification": {
                    "gs1:certificationIdentification": "JY20250301",
                    "gs1:certificationAgency": "福建省产品质量检验研究院",
                    "gs1:certificationAuditDate": "2025-03-03",
                    "gs1:certificationValue": "conformant",
                },
            },
            "ym:recordedBy": party(PRODUCER),
        })
    );
}

#[test]
fn commission_of_a_quantity_of_a_batch_without_gtin() {
    let d = FlowDraft {
        batch_id: Some(Uuid::nil().to_string()),
        quantity: Some(500.0),
        ..draft("commission", PRODUCER)
    };
    assert_eq!(flow(&d).batch_to_find(), Some(BatchRef::Id(Uuid::nil())));
    let lot = LotFacts {
        gtin: None,
        unit_of_measure: "MTR".to_owned(),
        ..facts()
    };
    let e = event_with(&d, Some(&lot));
    assert_eq!(
        e["quantityList"],
        json!([{
            "epcClass": "urn:yima:batch:00000000-0000-0000-0000-000000000000",
            "quantity": 500.0,
            "uom": "MTR"
        }])
    );
    assert_eq!(e["ilmd"]["cbvmda:lotNumber"], "ABC1");
    assert!(e.get("epcList").is_none());
}

/// (action, extra fields, bizStep, disposition, event action, source, destination)
type Case = (
    &'static str,
    fn(FlowDraft) -> FlowDraft,
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

#[test]
fn every_object_action_has_its_step_disposition_and_parties() {
    let cases: [Case; 9] = [
        (
            "inspect",
            |d| FlowDraft {
                result: Some("conformant".into()),
                ..d
            },
            "inspecting",
            Some("conformant"),
            "OBSERVE",
            None,
            None,
        ),
        (
            "ship",
            |d| FlowDraft {
                to: Some(SHOP.into()),
                ..d
            },
            "shipping",
            Some("in_transit"),
            "OBSERVE",
            Some(PRODUCER),
            Some(SHOP),
        ),
        (
            "receive",
            |d| FlowDraft {
                by: SHOP.into(),
                from: Some(PRODUCER.into()),
                result: Some("conformant".into()),
                ..d
            },
            "receiving",
            Some("sellable_accessible"),
            "OBSERVE",
            Some(PRODUCER),
            Some(SHOP),
        ),
        (
            "sell",
            |d| FlowDraft {
                by: SHOP.into(),
                ..d
            },
            "retail_selling",
            Some("retail_sold"),
            "OBSERVE",
            Some(SHOP),
            None,
        ),
        (
            "sell_to_business",
            |d| FlowDraft {
                by: SHOP.into(),
                to: Some(BUYER.into()),
                ..d
            },
            "shipping",
            Some("in_transit"),
            "OBSERVE",
            Some(SHOP),
            Some(BUYER),
        ),
        (
            "return",
            |d| FlowDraft {
                by: PRODUCER.into(),
                from: Some(SHOP.into()),
                ..d
            },
            "receiving",
            Some("returned"),
            "OBSERVE",
            Some(SHOP),
            Some(PRODUCER),
        ),
        (
            "hold",
            |d| d,
            "holding",
            Some("non_sellable_other"),
            "OBSERVE",
            None,
            None,
        ),
        (
            "recall",
            |d| d,
            "holding",
            Some("recalled"),
            "OBSERVE",
            None,
            None,
        ),
        (
            "scrap",
            |d| d,
            "destroying",
            Some("destroyed"),
            "DELETE",
            None,
            None,
        ),
    ];
    for (action, extra, step, disposition, verb, source, destination) in cases {
        let d = extra(units(action, PRODUCER));
        let e = event(&d);
        assert_eq!(e["type"], "ObjectEvent", "{action}");
        assert_eq!(e["action"], verb, "{action}");
        assert_eq!(e["bizStep"], step, "{action}");
        assert_eq!(e["disposition"].as_str(), disposition, "{action}");
        assert_eq!(e["epcList"], json!([UNIT_EPC]), "{action}");
        let end = |party_code: Option<&str>, field: &str| {
            party_code.map(|c| json!([{"type": "owning_party", field: party(c)}]))
        };
        assert_eq!(
            e.get("sourceList").cloned(),
            end(source, "source"),
            "{action}"
        );
        assert_eq!(
            e.get("destinationList").cloned(),
            end(destination, "destination"),
            "{action}"
        );
        assert_eq!(e["ym:recordedBy"], party(d.by.as_str()), "{action}");
        assert!(e.get("ilmd").is_none(), "{action}");
        assert!(!flow(&d).needs_lot_facts(), "{action}");
        assert_eq!(flow(&d).batch_to_find(), None, "{action}");
    }
}

#[test]
fn failed_checks_change_the_disposition() {
    for action in ["inspect", "receive"] {
        let d = FlowDraft {
            by: SHOP.into(),
            from: (action == "receive").then(|| PRODUCER.into()),
            result: Some("non_conformant".into()),
            ..units(action, SHOP)
        };
        assert_eq!(event(&d)["disposition"], "non_conformant", "{action}");
    }
    let d = FlowDraft {
        from: Some(PRODUCER.into()),
        ..units("receive", SHOP)
    };
    assert_eq!(
        event(&d)["disposition"],
        "sellable_accessible",
        "a receipt without a check result"
    );
}

#[test]
fn packing_aggregates_into_the_case() {
    let d = FlowDraft {
        parent: Some(CASE.into()),
        codes: vec![UNIT.into(), "(01)09520123456788(21)12346".into()],
        ..draft("pack", PRODUCER)
    };
    let e = event(&d);
    assert_eq!(e["type"], "AggregationEvent");
    assert_eq!(e["action"], "ADD");
    assert_eq!(e["bizStep"], "packing");
    assert!(e.get("disposition").is_none());
    assert_eq!(e["parentID"], CASE_EPC);
    assert_eq!(
        e["childEPCs"],
        json!([UNIT_EPC, "https://id.gs1.org/01/09520123456788/21/12346"])
    );
    // Unpacking names the case; without goods, everything in it.
    let d = FlowDraft {
        parent: Some("urn:epc:id:sscc:0614141.1234567890".into()),
        ..draft("unpack", SHOP)
    };
    let e = event(&d);
    assert_eq!(
        (&e["type"], &e["action"], &e["bizStep"]),
        (
            &json!("AggregationEvent"),
            &json!("DELETE"),
            &json!("unpacking")
        )
    );
    assert_eq!(e["parentID"], CASE_EPC);
    assert!(e.get("childEPCs").is_none());
    // A case is an object like any other: shipping it ships what it holds.
    let d = FlowDraft {
        codes: vec![CASE.into()],
        to: Some(SHOP.into()),
        ..draft("ship", PRODUCER)
    };
    assert_eq!(event(&d)["epcList"], json!([CASE_EPC]));
    // Packing a quantity of a batch: a class-level child.
    let d = FlowDraft {
        parent: Some(CASE.into()),
        gtin: Some(GTIN.into()),
        lot: Some(LOT.into()),
        quantity: Some(12.0),
        ..draft("pack", PRODUCER)
    };
    assert_eq!(
        event(&d)["childQuantityList"],
        json!([{"epcClass": LOT_CLASS, "quantity": 12.0}])
    );
}

#[test]
fn batches_are_counted_in_their_unit() {
    let d = FlowDraft {
        gtin: Some("9520123456788".into()),
        lot: Some(LOT.into()),
        quantity: Some(20.0),
        to: Some(SHOP.into()),
        ..draft("ship", PRODUCER)
    };
    assert_eq!(
        event(&d)["quantityList"],
        json!([{"epcClass": LOT_CLASS, "quantity": 20.0}]),
        "pieces are a count, without uom"
    );
    let cable = LotFacts {
        unit_of_measure: "MTR".into(),
        ..facts()
    };
    assert_eq!(
        event_with(&d, Some(&cable))["quantityList"],
        json!([{"epcClass": LOT_CLASS, "quantity": 20.0, "uom": "MTR"}]),
        "the registered batch's unit"
    );
    let d = FlowDraft {
        quantity: Some(2.5),
        unit: Some("KGM".into()),
        ..d
    };
    assert_eq!(
        event(&d)["quantityList"],
        json!([{"epcClass": LOT_CLASS, "quantity": 2.5, "uom": "KGM"}]),
        "an unregistered batch in the unit given"
    );
    // By batch id, the registry says which class.
    let d = FlowDraft {
        batch_id: Some(Uuid::nil().to_string()),
        quantity: Some(3.0),
        unit: Some("H87".into()),
        to: Some(SHOP.into()),
        ..draft("ship", PRODUCER)
    };
    assert!(flow(&d).needs_lot_facts());
    assert_eq!(
        event_with(&d, Some(&facts()))["quantityList"],
        json!([{"epcClass": LOT_CLASS, "quantity": 3.0}])
    );
}

#[test]
fn a_shipment_and_its_receipt_name_the_same_document() {
    let ship = FlowDraft {
        to: Some(SHOP.into()),
        document: Some("DA-2025-0042".into()),
        ..units("ship", PRODUCER)
    };
    let receive = FlowDraft {
        from: Some(PRODUCER.into()),
        document: Some("DA-2025-0042".into()),
        ..units("receive", SHOP)
    };
    let expected = json!([{
        "type": "desadv",
        "bizTransaction": format!("urn:yima:doc:{PRODUCER}:DA-2025-0042"),
    }]);
    assert_eq!(event(&ship)["bizTransactionList"], expected);
    assert_eq!(event(&receive)["bizTransactionList"], expected);
    let sale = FlowDraft {
        document: Some("https://till.example.cn/receipts/9".into()),
        ..units("sell", SHOP)
    };
    assert_eq!(
        event(&sale)["bizTransactionList"],
        json!([{"type": "inv", "bizTransaction": "https://till.example.cn/receipts/9"}])
    );
    let typed = FlowDraft {
        document_type: Some("po".into()),
        ..ship
    };
    assert_eq!(event(&typed)["bizTransactionList"][0]["type"], "po");
}

#[test]
fn other_schemes_and_times() {
    let d = FlowDraft {
        codes: vec![
            "88.123.456/ABC-1".into(),
            "urn:epc:id:giai:4000001.12345".into(),
        ],
        at: None,
        ..draft("hold", SHOP)
    };
    let e = event(&d);
    assert_eq!(
        e["epcList"],
        json!(["miit:88.123.456/ABC-1", "urn:epc:id:giai:4000001.12345"])
    );
    assert_eq!(
        e["eventTime"], "2025-06-01T08:00:00+08:00",
        "now, at +08:00"
    );
    assert_eq!(e["eventTimeZoneOffset"], "+08:00");
    let d = FlowDraft {
        at: Some("2025-03-05T02:00:00Z".into()),
        ..d
    };
    assert_eq!(event(&d)["eventTimeZoneOffset"], "+00:00");
}

/// What a flow makes is an event the EPCIS binding reads as it is, with the same hash ID.
#[test]
fn the_event_reads_back_through_the_bindings_reader() {
    let drafts = [
        units("commission", PRODUCER),
        FlowDraft {
            to: Some(SHOP.into()),
            document: Some("DA-1".into()),
            ..units("ship", PRODUCER)
        },
        FlowDraft {
            parent: Some(CASE.into()),
            ..units("pack", PRODUCER)
        },
    ];
    for d in drafts {
        let made = flow(&d).event(Some(&facts())).unwrap();
        let mut json = made.to_json();
        let context: serde_json::Map<String, Value> = made
            .namespace_map()
            .iter()
            .map(|(p, n)| (p.clone(), json!(n)))
            .collect();
        json.insert("@context".into(), Value::Object(context));
        let read = Event::from_json(json, &Namespaces::default()).unwrap();
        assert_eq!(read, made, "{}", d.action);
        let hash = event_hash_id(&made.to_json(), made.namespace_map()).unwrap();
        assert_eq!(
            hash,
            event_hash_id(&read.to_json(), read.namespace_map()).unwrap()
        );
        assert_eq!(
            made.namespace_map().get("ym").map(String::as_str),
            Some("urn:yima:epcis:")
        );
    }
}
