//! The event's own fields: its type, times, action, why (CBV terms in any form), IDs, error
//! declaration and quantities.

use serde_json::json;

use super::{event, expect, object};

#[test]
fn event_types_and_actions() {
    let e = object(json!({}));
    expect(
        &e,
        &[
            ("eventType", "ObjectEvent", true),
            ("eventType", "AggregationEvent", false),
            ("eventType", "AggregationEvent|ObjectEvent", true),
            ("EQ_action", "OBSERVE", true),
            ("EQ_action", "ADD|DELETE", false),
        ],
    );
    let transformation = event(json!({
        "type": "TransformationEvent",
        "eventTime": "2025-03-01T08:00:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "transformationID": "urn:uuid:7c5b0000-0000-4000-8000-000000000001",
        "inputEPCList": ["urn:epc:id:sgtin:0614141.107346.2017"],
    }));
    expect(
        &transformation,
        &[
            ("EQ_action", "ADD|OBSERVE|DELETE", false),
            (
                "EQ_transformationID",
                "urn:uuid:7c5b0000-0000-4000-8000-000000000001",
                true,
            ),
            (
                "EQ_transformationID",
                "urn:uuid:7c5b0000-0000-4000-8000-000000000002",
                false,
            ),
        ],
    );
    expect(
        &e,
        &[(
            "EQ_transformationID",
            "urn:uuid:7c5b0000-0000-4000-8000-000000000001",
            false,
        )],
    );
}

#[test]
fn times_are_instants_whatever_their_offset() {
    // 2025-03-01T00:00:00Z, written at +08:00, and recorded 2025-03-02T00:00:00Z.
    let e = object(json!({"recordTime": "2000-01-01T00:00:00Z"}));
    expect(
        &e,
        &[
            ("GE_eventTime", "2025-03-01T00:00:00Z", true),
            ("GE_eventTime", "2025-03-01T08:00:00+08:00", true),
            ("GE_eventTime", "2025-03-01T00:00:00.001Z", false),
            ("LT_eventTime", "2025-03-01T00:00:00Z", false),
            ("LT_eventTime", "2025-02-28T19:00:01-05:00", true),
            // The repository's record time, not the one the submitter wrote.
            ("GE_recordTime", "2025-03-01T12:00:00Z", true),
            ("LT_recordTime", "2025-03-01T12:00:00Z", false),
            ("LT_recordTime", "2025-03-02T00:00:01Z", true),
        ],
    );
}

#[test]
fn why_terms_match_in_every_form() {
    let e = object(json!({
        "bizStep": "shipping",
        "disposition": "in_transit",
        "persistentDisposition": {"set": ["completeness_verified"], "unset": ["completeness_inferred"]},
    }));
    expect(
        &e,
        &[
            ("EQ_bizStep", "shipping", true),
            ("EQ_bizStep", "urn:epcglobal:cbv:bizstep:shipping", true),
            (
                "EQ_bizStep",
                "https://ref.gs1.org/cbv/BizStep-shipping",
                true,
            ),
            (
                "EQ_bizStep",
                "receiving|https://yima.example/steps/sorting",
                false,
            ),
            ("EQ_disposition", "urn:epcglobal:cbv:disp:in_transit", true),
            ("EQ_disposition", "in_progress", false),
            (
                "EQ_persistentDisposition_set",
                "completeness_verified",
                true,
            ),
            (
                "EQ_persistentDisposition_set",
                "completeness_inferred",
                false,
            ),
            (
                "EQ_persistentDisposition_unset",
                "completeness_inferred",
                true,
            ),
            (
                "EQ_persistentDisposition_unset",
                "completeness_verified",
                false,
            ),
        ],
    );
    let bare = object(json!({}));
    expect(
        &bare,
        &[
            ("EQ_bizStep", "shipping", false),
            ("EQ_disposition", "in_transit", false),
            (
                "EQ_persistentDisposition_set",
                "completeness_verified",
                false,
            ),
        ],
    );
    let own = object(json!({"bizStep": "https://yima.example/steps/sorting"}));
    expect(
        &own,
        &[("EQ_bizStep", "https://yima.example/steps/sorting", true)],
    );
}

#[test]
fn event_ids_are_compared_as_written() {
    let id =
        "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0";
    let e = object(json!({"eventID": id}));
    expect(
        &e,
        &[
            ("EQ_eventID", id, true),
            (
                "EQ_eventID",
                "urn:uuid:00000000-0000-4000-8000-000000000000",
                false,
            ),
        ],
    );
    expect(&object(json!({})), &[("EQ_eventID", id, false)]);
}

#[test]
fn error_declarations() {
    let corrective = "urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a8";
    let e = object(json!({
        "errorDeclaration": {
            "declarationTime": "2025-03-05T10:00:00+08:00",
            "reason": "incorrect_data",
            "correctiveEventIDs": [corrective],
            "example:ticket": "T-17",
        },
    }));
    expect(
        &e,
        &[
            ("EXISTS_errorDeclaration", "", true),
            ("GE_errorDeclarationTime", "2025-03-05T02:00:00Z", true),
            (
                "GE_errorDeclaration_Time",
                "2025-03-05T02:00:00.001Z",
                false,
            ),
            ("LT_errorDeclarationTime", "2025-03-05T02:00:00.001Z", true),
            ("EQ_errorReason", "incorrect_data", true),
            (
                "EQ_errorReason",
                "urn:epcglobal:cbv:er:incorrect_data",
                true,
            ),
            ("EQ_errorReason", "did_not_occur", false),
            ("EQ_correctiveEventID", corrective, true),
            (
                "EQ_correctiveEventID",
                "urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a9",
                false,
            ),
        ],
    );
    let sound = object(json!({}));
    expect(
        &sound,
        &[
            ("EXISTS_errorDeclaration", "", false),
            ("GE_errorDeclarationTime", "2000-01-01T00:00:00Z", false),
            ("LT_errorDeclarationTime", "2100-01-01T00:00:00Z", false),
            ("EQ_errorReason", "incorrect_data", false),
            ("EQ_correctiveEventID", corrective, false),
        ],
    );
    let no_reason =
        object(json!({"errorDeclaration": {"declarationTime": "2025-03-05T10:00:00+08:00"}}));
    expect(
        &no_reason,
        &[
            ("EXISTS_errorDeclaration", "", true),
            ("EQ_errorReason", "did_not_occur", false),
        ],
    );
}

#[test]
fn quantities_of_any_element_and_of_one_unit() {
    let e = object(json!({
        "quantityList": [
            {"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 200, "uom": "KGM"},
            {"epcClass": "https://yima.example/classes/tea-250g", "quantity": 5},
            {"epcClass": "https://yima.example/classes/tea-500g"},
        ],
    }));
    expect(
        &e,
        &[
            ("EQ_quantity", "200", true),
            ("EQ_quantity", "5", true),
            ("EQ_quantity", "6|7", false),
            ("GT_quantity", "199.5", true),
            ("GT_quantity", "200", false),
            ("GE_quantity", "200", true),
            ("LT_quantity", "5", false),
            ("LE_quantity", "5", true),
            ("EQ_quantity_KGM", "200", true),
            ("EQ_quantity_KGM", "5", false),
            ("LT_quantity_KGM", "100", false),
            ("GE_quantity_KGM", "2e2", true),
            ("EQ_quantity_LTR", "200", false),
        ],
    );
    let transformation = event(json!({
        "type": "TransformationEvent",
        "eventTime": "2025-03-01T08:00:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "transformationID": "urn:uuid:7c5b0000-0000-4000-8000-000000000001",
        "outputQuantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 12.5, "uom": "LTR"}],
    }));
    expect(
        &transformation,
        &[
            ("EQ_quantity_LTR", "12.5", true),
            ("GT_quantity", "12", true),
        ],
    );
    expect(&object(json!({})), &[("GE_quantity", "0", false)]);
}
