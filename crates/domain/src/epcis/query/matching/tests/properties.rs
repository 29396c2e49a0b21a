//! Over many events and queries: `matches` and `compare` never panic, whatever the event's
//! extension fields hold and whatever query the parser accepts, and a query without filters
//! matches every event.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::{event, query, recorded};
use crate::epcis::Event;
use crate::epcis::query::EventQuery;

/// JSON of any shape, with keys that are and are not the queries' fields.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "",
            "A",
            "10",
            "3.5",
            "1e3",
            "NaN",
            "inf",
            "true",
            "2025-03-01T00:00:00Z",
            "2025-03-01",
            "0A1B",
            "Temperature",
            "urn:epc:id:sgtin:0614141.107346.2017",
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        let key = prop::sample::select(vec![
            "example:f",
            "example:g",
            "plain",
            "@value",
            "https://ns.example.com/epcis/h",
            "cbvmda:lotNumber",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..4).prop_map(|pairs| Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<_, _>>()
            )),
        ]
    })
}

const IDS: [&str; 6] = [
    "urn:epc:id:sgtin:0614141.107346.2017",
    "https://id.gs1.org/01/10614141073464/21/2017",
    "urn:epc:id:sscc:0614141.1234567890",
    "urn:epc:id:grai:0614141.12345.400",
    "https://yima.example/things/1",
    "urn:epc:idpat:sgtin:0614141.107346.*",
];

fn an_event() -> impl Strategy<Value = Event> {
    (
        json_value(),
        json_value(),
        prop::sample::subsequence(IDS.to_vec(), 0..3),
        prop::option::of(0.0f64..1e4),
        prop::option::of(-50.0f64..50.0),
    )
        .prop_map(|(top, ilmd, epcs, quantity, reading)| {
            let mut e = json!({
                "type": "ObjectEvent",
                "eventTime": "2025-03-01T08:00:00+08:00",
                "eventTimeZoneOffset": "+08:00",
                "action": "ADD",
                "epcList": epcs,
                "example:f": top,
                "ilmd": {"example:f": ilmd},
            });
            if let Some(q) = quantity {
                e["quantityList"] = json!([{"epcClass": IDS[5], "quantity": q, "uom": "KGM"}]);
            }
            if let Some(r) = reading {
                e["sensorElementList"] =
                    json!([{"sensorReport": [{"type": "Temperature", "value": r, "uom": "CEL"}]}]);
            }
            event(e)
        })
}

/// Queries of one or two parameters from every family, with values of every kind; those the
/// parser refuses are dropped.
fn a_query() -> impl Strategy<Value = EventQuery> {
    let names = prop::sample::select(vec![
        "eventType",
        "GE_eventTime",
        "LT_recordTime",
        "EQ_action",
        "EQ_bizStep",
        "EQ_readPoint",
        "WD_bizLocation",
        "MATCH_epc",
        "MATCH_anyEPC",
        "MATCH_epcClass",
        "MATCH_anyEPCClass",
        "EQ_quantity",
        "GT_quantity_KGM",
        "EQ_eventID",
        "EXISTS_errorDeclaration",
        "EQ_example:f",
        "GT_example:f",
        "LE_INNER_example:f",
        "EQ_INNER_example:g",
        "EXISTS_INNER_example:g",
        "GE_ILMD_example:f",
        "EQ_INNER_ILMD_https://ns.example.com/epcis/#h",
        "EQ_ILMD_urn:epcglobal:cbv:mda#lotNumber",
        "EQ_type",
        "GE_value_CEL",
        "EQ_hexBinaryValue",
        "LT_percRank",
        "GE_time",
        "EXISTS_sensorElementList",
        "orderBy",
    ]);
    let values = prop::sample::select(vec![
        "",
        "A",
        "10",
        "3.5",
        "true",
        "2025-03-01T00:00:00Z",
        "ObjectEvent",
        "OBSERVE",
        "shipping",
        "0A1B",
        "Temperature",
        "example:f",
        IDS[0],
        IDS[1],
        IDS[2],
        IDS[3],
        IDS[4],
        IDS[5],
        "urn:epc:idpat:sgtin:*.*.*",
        "https://id.gs1.org/01/10614141073464",
    ]);
    prop::collection::vec((names, values), 1..3).prop_filter_map("refused", |pairs| {
        let pairs: Vec<(String, String)> = pairs
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        EventQuery::parse_with_prefixes(
            &pairs,
            &[("example".to_owned(), super::EXAMPLE.to_owned())],
        )
        .ok()
    })
}

proptest! {
    #[test]
    fn matching_and_ordering_never_panic(q in a_query(), a in an_event(), b in an_event()) {
        let _ = q.matches(&a, recorded());
        let _ = q.compare(&a, &b);
        for filter in &q.filters {
            let _ = filter.matches(&b, recorded());
        }
    }

    #[test]
    fn a_query_without_filters_matches_every_event(e in an_event()) {
        prop_assert!(EventQuery::default().matches(&e, recorded()));
        prop_assert!(query(&[("orderBy", "eventTime")]).matches(&e, recorded()));
    }

    #[test]
    fn ordering_is_antisymmetric(a in an_event(), b in an_event()) {
        let q = query(&[("orderBy", "example:f"), ("orderDirection", "ASC")]);
        let (ab, ba) = (q.compare(&a, &b), q.compare(&b, &a));
        prop_assert_eq!(ab.map(std::cmp::Ordering::reverse), ba);
    }
}
