//! Each family of filters read from its parameters, and refused with the parameter named.

use super::*;
use crate::epcis::cbv::{BizStep, BizTransactionType, Disposition, SourceDestType, Term};
use crate::epcis::kind::{Action, EventType};
use crate::epcis::when::parse_event_time;

#[test]
fn the_rest_bindings_example() {
    let q = read(&[
        ("EQ_bizStep", "shipping|decommissioning"),
        ("GE_eventTime", "2015-03-15T00:00:00.000-04:00"),
    ]);
    assert_eq!(
        q.filters,
        [
            Filter::BizStep(vec![
                Term::Standard(BizStep::Shipping),
                Term::Standard(BizStep::Decommissioning)
            ]),
            Filter::Time {
                field: TimeField::EventTime,
                bound: TimeBound::AtOrAfter,
                at: parse_event_time("2015-03-15T04:00:00Z").unwrap(),
            },
        ]
    );
    assert_eq!(
        q.to_pairs(),
        pairs(&[
            ("EQ_bizStep", "shipping|decommissioning"),
            ("GE_eventTime", "2015-03-15T04:00:00Z"),
        ])
    );
    round_trips(&q);
    assert_eq!(EventQuery::parse(&[]).unwrap(), EventQuery::default());
}

#[test]
fn event_types_and_actions() {
    assert_eq!(
        one("eventType", "ObjectEvent|AssociationEvent"),
        Filter::EventType(vec![EventType::ObjectEvent, EventType::AssociationEvent])
    );
    assert_eq!(
        one("EQ_action", "ADD|DELETE"),
        Filter::Action(vec![Action::Add, Action::Delete])
    );
    let err = refused(&[("eventType", "ObjectEvent|QuantityEvent")]);
    assert_eq!(err.parameter(), "eventType");
    assert!(
        err.to_string()
            .starts_with("eventType: 'QuantityEvent' is not an EPCIS event type: one of"),
        "{err}"
    );
    let err = refused(&[("EQ_action", "add")]);
    assert!(
        err.to_string().contains("'add' is not an EPCIS action"),
        "{err}"
    );
}

#[test]
fn every_time_bound() {
    for field in TimeField::ALL {
        for (prefix, bound) in [("GE_", TimeBound::AtOrAfter), ("LT_", TimeBound::Before)] {
            let name = format!("{prefix}{}", field.name());
            let f = one(&name, "2025-03-01T08:30:00+08:00");
            assert_eq!(
                f,
                Filter::Time {
                    field: *field,
                    bound,
                    at: parse_event_time("2025-03-01T00:30:00Z").unwrap()
                }
            );
            assert_eq!(f.name(), name);
        }
    }
    // The JSON query schema's spelling is the standard's parameter.
    assert_eq!(
        one("GE_errorDeclaration_Time", "2025-03-01T00:00:00Z").name(),
        "GE_errorDeclarationTime"
    );
    let err = refused(&[
        ("LT_errorDeclarationTime", "2025-03-01T00:00:00Z"),
        ("LT_errorDeclaration_Time", "2025-03-01T00:00:00Z"),
    ]);
    assert!(matches!(err, QueryParameterError::Repeated { .. }), "{err}");
    let err = refused(&[("LT_recordTime", "2025-03-01")]);
    assert!(
        err.to_string()
            .starts_with("LT_recordTime: '2025-03-01' is not a date and time with an offset"),
        "{err}"
    );
    let err = refused(&[("GE_eventTime", "2025-03-01T00:00:00Z|2025-03-02T00:00:00Z")]);
    assert!(err.to_string().contains("takes one value"), "{err}");
}

#[test]
fn cbv_terms_in_any_form_are_one_term() {
    let bare = one("EQ_disposition", "in_transit|urn:example:disp:quarantined");
    let urn = one(
        "EQ_disposition",
        "urn:epcglobal:cbv:disp:in_transit|urn:example:disp:quarantined",
    );
    assert_eq!(bare, urn);
    assert_eq!(
        one("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-receiving"),
        Filter::BizStep(vec![Term::Standard(BizStep::Receiving)])
    );
    for (name, field) in [
        (
            "EQ_persistentDisposition_set",
            DispositionField::PersistentSet,
        ),
        (
            "EQ_persistentDisposition_unset",
            DispositionField::PersistentUnset,
        ),
    ] {
        assert_eq!(
            one(name, "cbv:Disp-recalled"),
            Filter::Disposition {
                field,
                values: vec![Term::Standard(Disposition::Recalled)]
            }
        );
    }
    assert_eq!(
        one("EQ_errorReason", "urn:epcglobal:cbv:er:incorrect_data"),
        Filter::ErrorReason(vec![Term::Standard(ErrorReason::IncorrectData)])
    );
    let err = refused(&[("EQ_bizStep", "shipping|shiping")]);
    assert_eq!(err.parameter(), "EQ_bizStep");
    assert!(
        err.to_string().starts_with(
            "EQ_bizStep: 'shiping' is neither a CBV business step nor an absolute URI"
        ),
        "{err}"
    );
    let err = refused(&[("EQ_disposition", "urn:epcglobal:cbv:disp:sold")]);
    assert!(
        err.to_string()
            .contains("is not a CBV disposition: the standard defines active"),
        "{err}"
    );
    let err = refused(&[("EQ_errorReason", "lost")]);
    assert!(err.to_string().contains("CBV error reason"), "{err}");
}

#[test]
fn places_in_any_form_are_one_place() {
    let urn = one("EQ_readPoint", "urn:epc:id:sgln:0614141.00777.0");
    let link = one("EQ_readPoint", "https://id.gs1.org/414/0614141007776");
    assert_eq!(urn, link);
    let Filter::Place { field, within, ids } = one(
        "WD_bizLocation",
        "urn:epc:id:sgln:0614141.00777.dock-3|https://yima.example/shops/17",
    ) else {
        panic!()
    };
    assert_eq!((field, within), (PlaceField::BizLocation, true));
    assert_eq!(
        ids[0].as_uri(),
        "https://id.gs1.org/414/0614141007776/254/dock-3"
    );
    assert_eq!(
        ids[1],
        Identifier::Uri("https://yima.example/shops/17".into())
    );
    let err = refused(&[("EQ_bizLocation", "shop 17")]);
    assert_eq!(
        err.to_string(),
        "EQ_bizLocation: 'shop 17' is not an absolute URI (scheme:…)"
    );
    let err = refused(&[("EQ_readPoint", "urn:epc:id:sgln:0614141.0077.0")]);
    assert!(
        err.to_string()
            .starts_with("EQ_readPoint: 'urn:epc:id:sgln:0614141.0077.0' is refused: EPC URN"),
        "{err}"
    );
}

#[test]
fn uris_compared_as_written() {
    for field in UriField::ALL {
        let f = one(field.name(), "urn:uuid:0a|ni:///sha-256;abc?ver=CBV2.0");
        assert_eq!(
            f,
            Filter::Uri {
                field: *field,
                uris: vec!["urn:uuid:0a".into(), "ni:///sha-256;abc?ver=CBV2.0".into()]
            }
        );
    }
    let err = refused(&[("EQ_eventID", "event-17")]);
    assert_eq!(
        err.to_string(),
        "EQ_eventID: 'event-17' is not an absolute URI (scheme:…)"
    );
}

#[test]
fn match_takes_identifiers_and_patterns_at_the_fields_level() {
    let Filter::Match { field, patterns } = one(
        "MATCH_epc",
        "urn:epc:id:sgtin:0614141.107346.2017|urn:epc:idpat:sgtin:0614141.107346.*|urn:epc:id:grai:0614141.12345.400",
    ) else {
        panic!()
    };
    assert_eq!(field, MatchField::Epc);
    assert_eq!(
        patterns[0],
        IdPattern::Id(Identifier::parse("https://id.gs1.org/01/10614141073464/21/2017").unwrap())
    );
    assert!(matches!(&patterns[1], IdPattern::Pattern(p) if p.scheme() == "sgtin"));
    assert_eq!(
        patterns[2],
        IdPattern::Id(Identifier::Uri("urn:epc:id:grai:0614141.12345.400".into()))
    );
    // Classes: a GTIN, a GTIN and lot, in either form, or a pattern.
    let Filter::Match { patterns, .. } = one(
        "MATCH_epcClass",
        "https://id.gs1.org/01/10614141073464|urn:epc:class:lgtin:4012345.012345.998877|urn:epc:idpat:sgtin:0614141.107346.*",
    ) else {
        panic!()
    };
    assert_eq!(patterns.len(), 3);
    for field in MatchField::ALL {
        let f = one(field.name(), "urn:epc:idpat:sgtin:0614141.*.*");
        assert!(matches!(f, Filter::Match { field: got, .. } if got == *field));
    }
    let err = refused(&[("MATCH_anyEPCClass", "urn:epc:id:sgtin:0614141.107346.2017")]);
    assert!(err.to_string().contains("is one object"), "{err}");
    let err = refused(&[("MATCH_epc", "https://id.gs1.org/01/10614141073464")]);
    assert!(
        err.to_string()
            .starts_with("MATCH_epc: 'https://id.gs1.org/01/10614141073464' is a class of goods"),
        "{err}"
    );
    let err = refused(&[("MATCH_parentID", "urn:epc:idpat:sgtin:0614141.107346")]);
    assert!(err.to_string().contains("has 2 parts"), "{err}");
    let err = refused(&[("MATCH_parentID", "urn:epc:idpat:sscc:0614141.*.1")]);
    assert!(err.to_string().contains("'*' stands alone"), "{err}");
    let err = refused(&[(
        "MATCH_inputEPC",
        "https://id.gs1.org/01/10614141073465/21/1",
    )]);
    assert!(err.to_string().contains("check digit"), "{err}");
}

#[test]
fn quantities_with_and_without_a_unit() {
    assert_eq!(
        one("EQ_quantity", "5|12.5"),
        Filter::Quantity {
            uom: None,
            test: NumberTest::Eq(vec![5.0, 12.5])
        }
    );
    for (name, test) in [
        ("GT_quantity", NumberTest::Gt(2.0)),
        ("GE_quantity", NumberTest::Ge(2.0)),
        ("LT_quantity", NumberTest::Lt(2.0)),
        ("LE_quantity", NumberTest::Le(2.0)),
    ] {
        assert_eq!(one(name, "2"), Filter::Quantity { uom: None, test });
    }
    let f = one("GE_quantity_KGM", "100");
    assert_eq!(
        f,
        Filter::Quantity {
            uom: Some(Uom::parse("KGM").unwrap()),
            test: NumberTest::Ge(100.0)
        }
    );
    assert_eq!(f.name(), "GE_quantity_KGM");
    let err = refused(&[("GT_quantity", "many")]);
    assert!(
        err.to_string()
            .starts_with("GT_quantity: 'many' is not a decimal"),
        "{err}"
    );
    let err = refused(&[("LT_quantity_kg", "3")]);
    assert!(
        err.to_string()
            .starts_with("LT_quantity_kg: ends with 'kg'"),
        "{err}"
    );
}

#[test]
fn error_declarations() {
    assert_eq!(
        one("EXISTS_errorDeclaration", ""),
        Filter::ErrorDeclarationExists
    );
    assert_eq!(
        one("EXISTS_errorDeclaration", "true"),
        Filter::ErrorDeclarationExists
    );
    let err = refused(&[("EXISTS_errorDeclaration", "false")]);
    assert!(
        err.to_string()
            .starts_with("EXISTS_errorDeclaration: 'false'"),
        "{err}"
    );
    assert!(matches!(
        one("EQ_correctiveEventID", "urn:uuid:1"),
        Filter::Uri {
            field: UriField::CorrectiveEventId,
            ..
        }
    ));
}

#[test]
fn why_lists_by_type_in_any_form() {
    let po = one(
        "EQ_bizTransaction_po",
        "urn:epcglobal:cbv:bt:0614141000005:PO-4711",
    );
    assert_eq!(
        po,
        one(
            "EQ_bizTransaction_urn:epcglobal:cbv:btt:po",
            "urn:epcglobal:cbv:bt:0614141000005:PO-4711"
        )
    );
    assert!(matches!(
        &po,
        Filter::BizTransaction {
            kind: Term::Standard(BizTransactionType::PurchaseOrder),
            ..
        }
    ));
    let custom = one(
        "EQ_bizTransaction_https://example.com/btt/contract",
        "https://erp.example.com/contracts/9",
    );
    assert_eq!(
        custom.name(),
        "EQ_bizTransaction_https://example.com/btt/contract"
    );
    let source = one(
        "EQ_source_https://ref.gs1.org/cbv/SDT-owning_party",
        "urn:epc:id:pgln:0614141.00000",
    );
    let Filter::Source { kind, ids } = &source else {
        panic!()
    };
    assert_eq!(kind, &Term::Standard(SourceDestType::OwningParty));
    assert_eq!(ids[0].as_uri(), "https://id.gs1.org/417/0614141000005");
    assert_eq!(source.name(), "EQ_source_owning_party");
    assert!(matches!(
        one("EQ_destination_location", "urn:epc:id:sgln:0614141.00777.0"),
        Filter::Destination {
            kind: Term::Standard(SourceDestType::Location),
            ..
        }
    ));
    let err = refused(&[
        ("EQ_source_owning_party", "urn:epc:id:pgln:0614141.00000"),
        (
            "EQ_source_urn:epcglobal:cbv:sdt:owning_party",
            "urn:epc:id:pgln:0614141.00001",
        ),
    ]);
    assert_eq!(
        err,
        QueryParameterError::Repeated {
            parameter: "EQ_source_urn:epcglobal:cbv:sdt:owning_party".into(),
            first: "EQ_source_owning_party".into(),
        }
    );
    let err = refused(&[("EQ_destination_owner", "urn:x:y")]);
    assert!(
        err.to_string()
            .starts_with("EQ_destination_owner: names a type that is refused"),
        "{err}"
    );
    let err = refused(&[("EQ_bizTransaction_urn:epcglobal:cbv:btt:order", "urn:x:y")]);
    assert!(
        err.to_string().contains("business transaction type"),
        "{err}"
    );
}

#[test]
fn extension_fields_with_and_without_a_declared_prefix() {
    let prefixes = pairs(&[("example", "https://ns.example.com/epcis/")]);
    let q = EventQuery::parse_with_prefixes(
        &pairs(&[
            ("EQ_example:lotNote", "A|B"),
            ("GT_INNER_ILMD_https://ns.example.com/epcis/#grade", "2"),
            ("EXISTS_SENSORMETADATA_example:calibration", ""),
        ]),
        &prefixes,
    )
    .unwrap();
    let Filter::Extension(first) = &q.filters[0] else {
        panic!()
    };
    assert_eq!(first.field.namespace, "https://ns.example.com/epcis/");
    assert_eq!(first.field.local_name, "lotNote");
    assert_eq!(
        q.to_pairs()[0].0,
        "EQ_https://ns.example.com/epcis/#lotNote"
    );
    round_trips(&q);
    // Without the declaration the prefix is unknown, and said so.
    let err = refused(&[("EQ_example:lotNote", "A")]);
    assert!(
        err.to_string()
            .contains("prefix 'example', which is not declared"),
        "{err}"
    );
}

#[test]
fn sensor_parameters() {
    assert_eq!(
        one("EQ_type", "Temperature|gs1:RelativeHumidity"),
        Filter::Sensor(SensorFilter::Type(vec![
            MeasurementType::Gs1("Temperature"),
            MeasurementType::Gs1("RelativeHumidity")
        ]))
    );
    for statistic in Statistic::ALL {
        for op in Op::ALL {
            let name = format!("{}{}_CEL", op.prefix(), statistic.name());
            let f = one(&name, "-18.5");
            assert_eq!(f.name(), name);
        }
    }
    assert_eq!(
        one("EXISTS_sensorElementList", ""),
        Filter::Sensor(SensorFilter::Exists)
    );
    assert!(matches!(
        one("EQ_deviceID", "urn:epc:id:giai:4000001.111"),
        Filter::Uri {
            field: UriField::DeviceId,
            ..
        }
    ));
    assert!(matches!(
        one("GE_startTime", "2025-01-01T00:00:00Z"),
        Filter::Time {
            field: TimeField::SensorStartTime,
            ..
        }
    ));
    let err = refused(&[("EQ_type", "Temprature")]);
    assert!(
        err.to_string()
            .starts_with("EQ_type: 'Temprature' is neither a GS1 measurement type"),
        "{err}"
    );
    let err = refused(&[("GE_value_Celsius", "3")]);
    assert_eq!(err.parameter(), "GE_value_Celsius");
}
