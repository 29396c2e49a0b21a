//! Order, limits and pages; unknown and repeated names; a query of every family at once.

use std::num::NonZeroU32;

use super::*;

#[test]
fn result_parameters() {
    let q = read(&[
        ("orderBy", "recordTime"),
        ("orderDirection", "ASC"),
        ("eventCountLimit", "100"),
        ("perPage", "30"),
        ("nextPageToken", "opaque|token=="),
    ]);
    assert_eq!(q.filters, []);
    assert_eq!(
        q.result,
        ResultOptions {
            order_by: Some(OrderBy::RecordTime),
            order_direction: Some(OrderDirection::Asc),
            limit: Some(Limit::EventCount(NonZeroU32::new(100).unwrap())),
            per_page: NonZeroU32::new(30),
            next_page_token: Some("opaque|token==".into()),
        }
    );
    round_trips(&q);
    for (value, order) in [
        ("eventTime", OrderBy::EventTime),
        (
            "Temperature",
            OrderBy::Measurement(MeasurementType::Gs1("Temperature")),
        ),
        (
            "https://gs1.org/voc/Temperature",
            OrderBy::Measurement(MeasurementType::Gs1("Temperature")),
        ),
        (
            "urn:example:epcis#grade",
            OrderBy::Extension(ExtensionField {
                namespace: "urn:example:epcis".into(),
                local_name: "grade".into(),
            }),
        ),
        (
            "https://example.com/voc/Brix",
            OrderBy::Measurement(MeasurementType::Custom(
                "https://example.com/voc/Brix".into(),
            )),
        ),
    ] {
        assert_eq!(
            read(&[("orderBy", value)]).result.order_by,
            Some(order),
            "{value}"
        );
    }
    assert_eq!(
        read(&[("maxEventCount", "5")]).result.limit,
        Some(Limit::MaxEventCount(NonZeroU32::new(5).unwrap()))
    );
    let err = refused(&[("eventCountLimit", "10"), ("maxEventCount", "5")]);
    assert_eq!(
        err.to_string(),
        "maxEventCount: cannot be given together with eventCountLimit (a query limits its \
         events by eventCountLimit or by maxEventCount, not both)"
    );
    for (name, bad) in [
        ("eventCountLimit", "0"),
        ("maxEventCount", "-1"),
        ("perPage", "0"),
    ] {
        let err = refused(&[(name, bad)]);
        assert!(
            err.to_string()
                .starts_with(&format!("{name}: '{bad}' is not positive")),
            "{err}"
        );
    }
    let err = refused(&[("orderDirection", "asc")]);
    assert_eq!(
        err.to_string(),
        "orderDirection: 'asc' is neither ASC nor DESC"
    );
    let err = refused(&[("orderBy", "bizStep")]);
    assert!(
        err.to_string()
            .starts_with("orderBy: 'bizStep' is not eventTime"),
        "{err}"
    );
    assert!(
        refused(&[("nextPageToken", "")])
            .to_string()
            .contains("is empty")
    );
    let err = refused(&[("perPage", "10"), ("perPage", "20")]);
    assert!(matches!(err, QueryParameterError::Repeated { .. }));
}

#[test]
fn unknown_and_repeated_parameters_are_refused_by_name() {
    let err = refused(&[("EQ_bizstep", "shipping")]);
    assert_eq!(
        err.to_string(),
        "EQ_bizstep: is not a parameter of the EPCIS events query; names are case-sensitive: \
         EQ_bizStep"
    );
    let err = refused(&[("EQ_colour", "red")]);
    assert!(
        matches!(&err, QueryParameterError::Unknown { parameter, .. } if parameter == "EQ_colour")
    );
    assert!(err.to_string().contains("unknown parameters are refused"));
    let err = refused(&[("HASATTR_bizLocation", "urn:x:y")]);
    assert!(err.to_string().contains("master-data"), "{err}");
    let err = refused(&[
        ("eventType", "ObjectEvent"),
        ("eventType", "AggregationEvent"),
    ]);
    assert_eq!(
        err.to_string(),
        "eventType: given more than once (first as eventType); give the values once, \
         separated by |"
    );
    let err = refused(&[("EQ_bizStep", "")]);
    assert!(err.to_string().contains("empty value"), "{err}");
}

#[test]
fn a_full_query_round_trips() {
    let q = EventQuery::parse_with_prefixes(
        &pairs(&[
            ("eventType", "ObjectEvent|AggregationEvent"),
            ("GE_eventTime", "2025-03-01T08:30:00.123456+08:00"),
            ("LT_recordTime", "2025-03-02T00:00:00Z"),
            ("EQ_action", "OBSERVE"),
            (
                "EQ_bizStep",
                "urn:epcglobal:cbv:bizstep:shipping|https://example.com/steps/weld",
            ),
            ("EQ_disposition", "in_transit"),
            ("EQ_persistentDisposition_set", "recalled"),
            ("EQ_readPoint", "urn:epc:id:sgln:0614141.00777.0"),
            ("WD_bizLocation", "https://yima.example/shops/17"),
            ("EQ_transformationID", "urn:uuid:7"),
            (
                "MATCH_anyEPC",
                "urn:epc:id:sscc:0614141.1234567890|urn:epc:idpat:sgtin:0614141.*.*",
            ),
            (
                "MATCH_outputEPCClass",
                "urn:epc:class:lgtin:4012345.012345.998877",
            ),
            ("LE_quantity", "12.75"),
            ("EQ_quantity_MTR", "1|2|3"),
            ("EQ_eventID", "ni:///sha-256;9f?ver=CBV2.0"),
            ("EXISTS_errorDeclaration", ""),
            ("GE_errorDeclarationTime", "2025-01-01T00:00:00Z"),
            ("EQ_errorReason", "did_not_occur"),
            (
                "EQ_bizTransaction_desadv",
                "urn:epcglobal:cbv:bt:0614141000005:88",
            ),
            (
                "EQ_destination_owning_party",
                "urn:epc:id:pgln:0012345.00000",
            ),
            ("EQ_example:grade", "A"),
            (
                "LT_INNER_SENSORREPORT_urn:example#offset",
                "2025-01-01T00:00:00-05:00",
            ),
            ("EQ_type", "Temperature"),
            ("LT_maxValue_CEL", "-18"),
            ("GE_percRank", "90"),
            ("EQ_hexBinaryValue", "ff00"),
            ("EQ_booleanValue", "false"),
            ("EQ_stringValue", "ok|fine"),
            ("EXISTS_sensorElementList", ""),
            ("orderBy", "example:grade"),
            ("orderDirection", "DESC"),
            ("maxEventCount", "1000"),
            ("perPage", "50"),
        ]),
        &pairs(&[("example", "urn:example:ns")]),
    )
    .unwrap();
    assert_eq!(q.filters.len(), 29);
    round_trips(&q);
}
