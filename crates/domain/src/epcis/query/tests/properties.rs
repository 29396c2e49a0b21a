//! Properties over many queries: nothing a client sends makes the parser panic, and every
//! query read writes back to itself.

use proptest::prelude::*;

use super::*;

/// Names a client might send: every family's prefix, with random tails.
fn name_strategy() -> impl Strategy<Value = String> {
    let stems = prop::sample::select(vec![
        "eventType",
        "GE_eventTime",
        "LT_recordTime",
        "GE_errorDeclaration_Time",
        "EQ_action",
        "EQ_bizStep",
        "EQ_disposition",
        "EQ_persistentDisposition_set",
        "EQ_readPoint",
        "WD_bizLocation",
        "EQ_eventID",
        "MATCH_epc",
        "MATCH_epcClass",
        "EQ_quantity",
        "GT_quantity_",
        "EXISTS_errorDeclaration",
        "EQ_errorReason",
        "EQ_bizTransaction_",
        "EQ_source_",
        "EQ_destination_",
        "EQ_",
        "GT_",
        "EXISTS_",
        "EQ_INNER_",
        "GE_ILMD_",
        "LT_SENSORREPORT_",
        "EQ_value_",
        "GE_minValue_",
        "LT_percRank",
        "EQ_type",
        "EQ_booleanValue",
        "EQ_hexBinaryValue",
        "orderBy",
        "orderDirection",
        "eventCountLimit",
        "maxEventCount",
        "perPage",
        "nextPageToken",
        "HASATTR_",
        "",
    ]);
    let tails = prop::sample::select(vec![
        "",
        "po",
        "owning_party",
        "CEL",
        "KGM",
        "urn:x#f",
        "example:f",
        "https://e.com/#g",
        "urn:epcglobal:cbv:btt:po",
        "x",
    ]);
    prop_oneof![
        (stems.clone(), tails).prop_map(|(s, t)| format!("{s}{t}")),
        (stems, "\\PC{0,12}").prop_map(|(s, t)| format!("{s}{t}")),
        "\\PC{0,30}",
    ]
}

/// Values a client might send: valid ones of many families, joined or mangled.
fn value_strategy() -> impl Strategy<Value = String> {
    let samples = prop::sample::select(vec![
        "",
        "ObjectEvent",
        "ADD",
        "shipping",
        "urn:epcglobal:cbv:disp:in_transit",
        "2025-03-01T08:30:00+08:00",
        "12.5",
        "-3",
        "0",
        "7",
        "true",
        "ff",
        "urn:epc:id:sgtin:0614141.107346.2017",
        "urn:epc:idpat:sgtin:0614141.*.*",
        "https://id.gs1.org/01/10614141073464",
        "https://id.gs1.org/414/0614141007776",
        "urn:epc:class:lgtin:4012345.012345.998877",
        "urn:uuid:1",
        "Temperature",
        "ASC",
        "eventTime",
        "urn:x#f",
        "example:f",
    ]);
    prop_oneof![
        prop::collection::vec(samples.clone(), 1..4).prop_map(|v| v.join("|")),
        (samples, "\\PC{0,8}").prop_map(|(s, t)| format!("{s}{t}")),
        "\\PC{0,40}",
    ]
}

/// Parameters of every family, each with values it accepts.
const VALID: &[(&str, &[&str])] = &[
    (
        "eventType",
        &["ObjectEvent", "TransformationEvent|AssociationEvent"],
    ),
    (
        "GE_eventTime",
        &[
            "2025-03-01T08:30:00+08:00",
            "1999-12-31T23:59:59.999999999Z",
        ],
    ),
    ("LT_errorDeclaration_Time", &["2025-03-01T08:30:00-05:30"]),
    ("GE_startTime", &["2025-03-01T08:30:00Z"]),
    ("EQ_action", &["ADD|OBSERVE|DELETE", "OBSERVE"]),
    (
        "EQ_bizStep",
        &["shipping", "urn:epcglobal:cbv:bizstep:receiving|urn:x:step"],
    ),
    (
        "EQ_persistentDisposition_unset",
        &["cbv:Disp-active", "https://ref.gs1.org/cbv/Disp-recalled"],
    ),
    (
        "EQ_readPoint",
        &[
            "urn:epc:id:sgln:0614141.00777.0",
            "https://example.com/rp/1",
        ],
    ),
    (
        "WD_readPoint",
        &["https://brand.example.com/414/0614141007776/254/3"],
    ),
    ("EQ_correctiveEventID", &["urn:uuid:1|urn:uuid:2"]),
    (
        "MATCH_epc",
        &[
            "urn:epc:id:sgtin:0614141.107346.A%2FB",
            "urn:epc:idpat:sgtin:*.*.*",
        ],
    ),
    (
        "MATCH_parentID",
        &[
            "urn:epc:id:sscc:0614141.1234567890",
            "urn:epc:idpat:grai:0614141.12345.*",
        ],
    ),
    (
        "MATCH_anyEPCClass",
        &[
            "https://id.gs1.org/01/09506000134352/10/L1",
            "urn:epc:idpat:sgtin:0614141.107346.*",
        ],
    ),
    ("EQ_quantity", &["1|2.5", "0"]),
    ("LT_quantity_KGM", &["1e3", "-0.5"]),
    ("EXISTS_errorDeclaration", &["", "true"]),
    ("EQ_errorReason", &["did_not_occur|urn:example:er:typo"]),
    (
        "EQ_bizTransaction_urn:epcglobal:cbv:btt:inv",
        &["urn:epcglobal:cbv:bt:0614141000005:1"],
    ),
    (
        "EQ_source_possessing_party",
        &["urn:epc:id:pgln:0614141.00000"],
    ),
    (
        "EQ_destination_https://example.com/sdt/hub",
        &["https://example.com/hubs/1"],
    ),
    ("EQ_example:note", &["a|b c", "é"]),
    (
        "GE_INNER_ERROR_DECLARATION_urn:x#n",
        &["3", "2025-03-01T00:00:00Z"],
    ),
    ("EXISTS_INNER_readPoint_urn:x#floor", &[""]),
    ("EQ_type", &["Temperature|https://example.com/voc/Brix"]),
    ("GE_meanValue_CEL", &["-18.25"]),
    ("EQ_value_P1", &["1|2"]),
    ("LE_percRank", &["99.5"]),
    ("EQ_hexBinaryValue", &["00ff|AB"]),
    ("EQ_booleanValue", &["true", "false"]),
    ("EQ_uriValue", &["https://example.com/x"]),
    ("EXISTS_sensorElementList", &[""]),
    ("orderBy", &["eventTime", "example:note", "gs1:Temperature"]),
    ("orderDirection", &["ASC", "DESC"]),
    ("eventCountLimit", &["1", "4294967295"]),
    ("perPage", &["30"]),
    ("nextPageToken", &["abc|def", "x"]),
];

proptest! {
    #[test]
    fn valid_queries_read_and_round_trip(
        chosen in prop::sample::subsequence((0..VALID.len()).collect::<Vec<_>>(), 0..=VALID.len()),
        picks in prop::collection::vec(0usize..4, VALID.len()),
        order in any::<usize>(),
    ) {
        let mut list: Vec<(String, String)> = chosen
            .iter()
            .map(|&i| {
                let (name, values) = VALID[i];
                (name.to_owned(), values[picks[i] % values.len()].to_owned())
            })
            .collect();
        // Any order of parameters reads.
        let len = list.len().max(1);
        list.rotate_left(order % len);
        let prefixes = pairs(&[("example", "https://ns.example.com/")]);
        let query = EventQuery::parse_with_prefixes(&list, &prefixes).unwrap();
        prop_assert_eq!(query.to_pairs().len(), list.len());
        prop_assert_eq!(EventQuery::parse(&query.to_pairs()).unwrap(), query);
    }

    #[test]
    fn parsing_never_panics_and_what_it_reads_round_trips(
        list in prop::collection::vec((name_strategy(), value_strategy()), 0..6)
    ) {
        let prefixes = pairs(&[("example", "https://ns.example.com/")]);
        if let Ok(query) = EventQuery::parse_with_prefixes(&list, &prefixes) {
            let again = EventQuery::parse(&query.to_pairs());
            prop_assert_eq!(again.as_ref(), Ok(&query));
        }
    }

    #[test]
    fn numbers_and_times_round_trip(n in proptest::num::f64::NORMAL | proptest::num::f64::ZERO,
                                    seconds in -2_000_000_000i64..4_000_000_000,
                                    nanos in 0u32..1_000_000_000) {
        let at = chrono::DateTime::from_timestamp(seconds, nanos).unwrap();
        let query = EventQuery {
            filters: vec![
                Filter::Quantity { uom: None, test: NumberTest::Ge(n) },
                Filter::Time { field: TimeField::RecordTime, bound: TimeBound::Before, at },
                Filter::Extension(ExtensionFilter {
                    field: ExtensionField { namespace: "urn:x".into(), local_name: "f".into() },
                    scope: ExtensionScope::Event,
                    inner: false,
                    test: ExtensionTest::Le(Scalar::Number(n)),
                }),
            ],
            result: ResultOptions::default(),
        };
        prop_assert_eq!(EventQuery::parse(&query.to_pairs()).unwrap(), query);
    }
}
