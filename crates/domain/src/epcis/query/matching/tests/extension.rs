//! Extension fields by namespace and local name, in every scope and depth, compared in their
//! own type.

use serde_json::{Value, json};

use super::{EXAMPLE, expect, object, query, recorded};
use crate::epcis::{Event, Namespaces};

fn rich() -> Event {
    object(json!({
        "action": "ADD",
        "example:grade": "A",
        "example:weight": "3.5",
        "example:count": 12,
        "example:packed": "2025-03-01T06:00:00+08:00",
        "example:organic": true,
        "example:tags": ["red", "green"],
        "example:value": {"@value": "9", "@type": "xsd:integer"},
        "example:lab": {
            "example:inspector": "Li",
            "example:result": {"example:score": 92, "note": {"example:deep": "yes"}},
        },
        "https://ns.other.org/terms#origin": "Yunnan",
        "ilmd": {
            "cbvmda:lotNumber": "LOT-1",
            "example:bestBefore": "2026-01-01T00:00:00Z",
            "example:batch": {"example:line": "L2"},
        },
        "errorDeclaration": {
            "declarationTime": "2025-03-05T10:00:00+08:00",
            "example:ticket": "T-17",
        },
        "sensorElementList": [{
            "sensorMetadata": {"example:calibrated": "2024-12-01T00:00:00Z"},
            "sensorReport": [{"type": "Temperature", "value": 4.0, "uom": "CEL", "example:probe": "P3"}],
            "example:logger": "X1",
        }],
    }))
}

#[test]
fn top_level_fields_in_their_own_type() {
    expect(
        &rich(),
        &[
            ("EQ_example:grade", "A", true),
            ("EQ_example:grade", "B|C", false),
            ("EQ_example:grade", "B|A", true),
            ("EQ_https://ns.example.com/epcis/#grade", "A", true),
            ("EQ_https://ns.example.com/epcis#grade", "A", true),
            ("EQ_https://ns.example.org/epcis/#grade", "A", false),
            ("EQ_example:weight", "3.50", true),
            ("GT_example:weight", "3", true),
            ("LT_example:weight", "3", false),
            ("LE_example:weight", "3.5", true),
            ("EQ_example:count", "12", true),
            ("EQ_example:count", "12.0", true),
            ("GE_example:count", "13", false),
            ("GT_example:count", "11.5", true),
            ("EQ_example:packed", "2025-02-28T22:00:00Z", true),
            ("GE_example:packed", "2025-02-28T22:00:00Z", true),
            ("GT_example:packed", "2025-02-28T22:00:00Z", false),
            ("LT_example:packed", "2025-03-01T00:00:00+08:00", false),
            ("GT_example:packed", "1", false),
            ("EQ_example:organic", "true", true),
            ("EQ_example:organic", "false", false),
            ("EQ_example:tags", "green", true),
            ("EQ_example:tags", "blue", false),
            ("EQ_example:value", "9", true),
            ("GE_example:value", "9", true),
            ("GT_example:grade", "1", false),
            ("EXISTS_example:lab", "", true),
            ("EQ_example:lab", "Li", false),
            ("EXISTS_example:absent", "", false),
            ("EQ_https://ns.other.org/terms#origin", "Yunnan", true),
            ("EQ_https://ns.other.org/terms#origin", "Fujian", false),
        ],
    );
}

#[test]
fn inner_fields_are_found_at_any_depth_below_the_top() {
    expect(
        &rich(),
        &[
            ("EQ_example:inspector", "Li", false),
            ("EQ_INNER_example:inspector", "Li", true),
            ("EQ_INNER_example:grade", "A", false),
            ("GE_INNER_example:score", "90", true),
            ("LT_INNER_example:score", "90", false),
            ("EXISTS_INNER_example:result", "", true),
            ("EQ_INNER_example:deep", "yes", true),
            ("EQ_INNER_ILMD_example:line", "L2", true),
            ("EQ_INNER_example:line", "L2", false),
        ],
    );
}

#[test]
fn each_scope_is_its_own() {
    expect(
        &rich(),
        &[
            ("EQ_ILMD_urn:epcglobal:cbv:mda#lotNumber", "LOT-1", true),
            ("EQ_ILMD_urn:epcglobal:cbv:mda:#lotNumber", "LOT-1", true),
            ("EQ_ILMD_urn:epcglobal:cbv:mda#lotNumber", "LOT-2", false),
            ("LT_ILMD_example:bestBefore", "2026-06-01T00:00:00Z", true),
            ("GT_ILMD_example:bestBefore", "2026-06-01T00:00:00Z", false),
            ("EQ_example:bestBefore", "2026-01-01T00:00:00Z", false),
            ("EQ_ILMD_example:line", "L2", false),
            ("EQ_ERROR_DECLARATION_example:ticket", "T-17", true),
            ("EXISTS_ERROR_DECLARATION_example:ticket", "", true),
            ("EQ_example:ticket", "T-17", false),
            ("EQ_SENSORELEMENT_example:logger", "X1", true),
            (
                "GE_SENSORMETADATA_example:calibrated",
                "2024-11-30T00:00:00Z",
                true,
            ),
            ("EQ_SENSORMETADATA_example:logger", "X1", false),
            ("EQ_SENSORREPORT_example:probe", "P3", true),
            ("EQ_SENSORELEMENT_example:probe", "P3", false),
            ("EXISTS_readPoint_example:probe", "", false),
            ("EXISTS_bizLocation_example:grade", "", false),
        ],
    );
    let plain = object(json!({}));
    expect(
        &plain,
        &[
            ("EXISTS_ILMD_example:bestBefore", "", false),
            ("EXISTS_ERROR_DECLARATION_example:ticket", "", false),
            ("EXISTS_SENSORREPORT_example:probe", "", false),
        ],
    );
}

#[test]
fn a_prefix_means_what_the_events_document_declared() {
    let Value::Object(map) = json!({
        "type": "ObjectEvent",
        "eventTime": "2025-03-01T08:00:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "action": "OBSERVE",
        "example:grade": "A",
    }) else {
        unreachable!()
    };
    let elsewhere: Namespaces = [(
        "example".to_owned(),
        "https://elsewhere.example/ns#".to_owned(),
    )]
    .into_iter()
    .collect();
    let e = Event::from_json(map, &elsewhere).unwrap();
    assert!(!query(&[("EQ_example:grade", "A")]).matches(&e, recorded()));
    assert!(query(&[("EQ_https://elsewhere.example/ns#grade", "A")]).matches(&e, recorded()));
    assert_ne!(EXAMPLE, "https://elsewhere.example/ns#");
}
