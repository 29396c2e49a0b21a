//! `MATCH_…`, places, business transactions, sources and destinations: identifiers in any
//! form, and patterns.

use serde_json::json;

use super::{event, expect, object};
use crate::epcis::query::Identifier;

/// The canonical Digital Link of a GS1 identifier written as an EPC URN.
fn link(urn: &str) -> String {
    Identifier::parse(urn).unwrap().as_uri()
}

/// The same Digital Link on a brand's own domain, as a submitter may write it.
fn branded(urn: &str) -> String {
    link(urn).replace("https://id.gs1.org", "https://brand.example.com/p")
}

const SGTIN: &str = "urn:epc:id:sgtin:0614141.107346.2017";
const SSCC: &str = "urn:epc:id:sscc:0614141.1234567890";
const LGTIN: &str = "urn:epc:class:lgtin:4012345.012345.998877";

#[test]
fn objects_match_in_either_form() {
    let written_as_link = object(json!({"epcList": [branded(SGTIN), SSCC]}));
    let written_as_urn = object(json!({"epcList": [SGTIN, link(SSCC)]}));
    for e in [&written_as_link, &written_as_urn] {
        expect(
            e,
            &[
                ("MATCH_epc", SGTIN, true),
                ("MATCH_epc", &link(SGTIN), true),
                ("MATCH_epc", &branded(SGTIN), true),
                ("MATCH_epc", &link(SSCC), true),
                ("MATCH_epc", SSCC, true),
                ("MATCH_epc", "urn:epc:id:sgtin:0614141.107346.2018", false),
                (
                    "MATCH_epc",
                    "urn:epc:id:sgtin:0614141.107346.2018|urn:epc:id:sscc:0614141.1234567890",
                    true,
                ),
                ("MATCH_anyEPC", SGTIN, true),
                ("MATCH_parentID", SGTIN, false),
                ("MATCH_inputEPC", SGTIN, false),
            ],
        );
    }
}

#[test]
fn patterns_match_urns_and_digital_links_alike() {
    let written_as_link = object(json!({"epcList": [link(SGTIN), link(SSCC)]}));
    let written_as_urn = object(json!({"epcList": [SGTIN, SSCC]}));
    for e in [&written_as_link, &written_as_urn] {
        expect(
            e,
            &[
                ("MATCH_epc", "urn:epc:idpat:sgtin:0614141.107346.*", true),
                ("MATCH_epc", "urn:epc:idpat:sgtin:0614141.*.*", true),
                ("MATCH_epc", "urn:epc:idpat:sgtin:*.*.*", true),
                ("MATCH_epc", "urn:epc:idpat:sgtin:0614141.107346.2017", true),
                (
                    "MATCH_epc",
                    "urn:epc:idpat:sgtin:0614141.107346.2018",
                    false,
                ),
                ("MATCH_epc", "urn:epc:idpat:sgtin:0614141.107347.*", false),
                ("MATCH_epc", "urn:epc:idpat:sgtin:0614142.*.*", false),
                ("MATCH_epc", "urn:epc:idpat:sgtin:4012345.*.*", false),
                ("MATCH_epc", "urn:epc:idpat:sscc:0614141.*", true),
                ("MATCH_epc", "urn:epc:idpat:sscc:0614141.1234567890", true),
                ("MATCH_epc", "urn:epc:idpat:sscc:0614141.1234567891", false),
                ("MATCH_epc", "urn:epc:idpat:sgln:0614141.*.*", false),
                ("MATCH_epc", "urn:epc:idpat:grai:0614141.*.*", false),
            ],
        );
    }
}

#[test]
fn identifiers_of_other_schemes_match_as_written() {
    let e = object(
        json!({"epcList": ["urn:epc:id:grai:0614141.12345.400", "urn:uuid:6d3b2b4e-0000-4000-8000-000000000001"]}),
    );
    expect(
        &e,
        &[
            ("MATCH_epc", "urn:epc:id:grai:0614141.12345.400", true),
            ("MATCH_epc", "urn:epc:idpat:grai:0614141.12345.*", true),
            ("MATCH_epc", "urn:epc:idpat:grai:0614141.*.*", true),
            ("MATCH_epc", "urn:epc:idpat:grai:0614141.12346.*", false),
            ("MATCH_epc", "urn:epc:idpat:giai:0614141.*", false),
            (
                "MATCH_epc",
                "urn:uuid:6d3b2b4e-0000-4000-8000-000000000001",
                true,
            ),
            (
                "MATCH_epc",
                "urn:uuid:6d3b2b4e-0000-4000-8000-000000000002",
                false,
            ),
        ],
    );
}

#[test]
fn each_list_is_searched_by_its_own_parameter() {
    let aggregation = event(json!({
        "type": "AggregationEvent",
        "eventTime": "2025-03-01T08:00:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "action": "ADD",
        "parentID": link(SSCC),
        "childEPCs": [SGTIN],
        "childQuantityList": [{"epcClass": LGTIN, "quantity": 10}],
    }));
    expect(
        &aggregation,
        &[
            ("MATCH_parentID", SSCC, true),
            ("MATCH_parentID", "urn:epc:idpat:sscc:0614141.*", true),
            ("MATCH_parentID", SGTIN, false),
            ("MATCH_epc", SGTIN, true),
            ("MATCH_epc", SSCC, false),
            ("MATCH_anyEPC", SSCC, true),
            ("MATCH_anyEPC", SGTIN, true),
            ("MATCH_epcClass", LGTIN, true),
            ("MATCH_anyEPCClass", LGTIN, true),
            ("MATCH_inputEPCClass", LGTIN, false),
        ],
    );
    let transformation = event(json!({
        "type": "TransformationEvent",
        "eventTime": "2025-03-01T08:00:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "inputEPCList": [SGTIN],
        "outputEPCList": [link(SSCC)],
        "inputQuantityList": [{"epcClass": LGTIN, "quantity": 3, "uom": "KGM"}],
        "outputQuantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.LOT2", "quantity": 2, "uom": "KGM"}],
    }));
    expect(
        &transformation,
        &[
            ("MATCH_inputEPC", SGTIN, true),
            ("MATCH_inputEPC", SSCC, false),
            ("MATCH_outputEPC", SSCC, true),
            ("MATCH_epc", SGTIN, false),
            ("MATCH_anyEPC", SSCC, true),
            ("MATCH_epcClass", LGTIN, false),
            ("MATCH_inputEPCClass", LGTIN, true),
            ("MATCH_outputEPCClass", LGTIN, false),
            (
                "MATCH_outputEPCClass",
                "urn:epc:class:lgtin:4012345.012345.LOT2",
                true,
            ),
            (
                "MATCH_anyEPCClass",
                "urn:epc:class:lgtin:4012345.012345.LOT2",
                true,
            ),
        ],
    );
}

#[test]
fn classes_match_by_lot_by_gtin_and_by_pattern() {
    let gtin = "https://id.gs1.org/01/04012345123456";
    let by_urn = object(json!({"quantityList": [{"epcClass": LGTIN, "quantity": 1}]}));
    let by_link = object(json!({"quantityList": [{"epcClass": branded(LGTIN), "quantity": 1}]}));
    for e in [&by_urn, &by_link] {
        expect(
            e,
            &[
                ("MATCH_epcClass", LGTIN, true),
                ("MATCH_epcClass", &link(LGTIN), true),
                (
                    "MATCH_epcClass",
                    "urn:epc:class:lgtin:4012345.012345.998878",
                    false,
                ),
                ("MATCH_epcClass", gtin, true),
                (
                    "MATCH_epcClass",
                    "https://id.gs1.org/01/04012345123463",
                    false,
                ),
                (
                    "MATCH_epcClass",
                    "urn:epc:idpat:sgtin:4012345.012345.*",
                    true,
                ),
                ("MATCH_epcClass", "urn:epc:idpat:sgtin:4012345.*.*", true),
                (
                    "MATCH_epcClass",
                    "urn:epc:idpat:sgtin:4012345.012346.*",
                    false,
                ),
                (
                    "MATCH_epcClass",
                    "urn:epc:idpat:sgtin:4012345.012345.998877",
                    false,
                ),
                ("MATCH_epcClass", "urn:epc:idpat:sgtin:0614141.*.*", false),
            ],
        );
    }
    // A GTIN-level class as EPCIS 1.x writes it, and as a Digital Link.
    let product = "urn:epc:idpat:sgtin:4012345.012345.*";
    for class in [product, gtin] {
        let e = object(json!({"quantityList": [{"epcClass": class, "quantity": 1}]}));
        expect(
            &e,
            &[
                ("MATCH_epcClass", gtin, true),
                ("MATCH_epcClass", product, true),
                ("MATCH_epcClass", "urn:epc:idpat:sgtin:4012345.*.*", true),
                ("MATCH_epcClass", LGTIN, false),
            ],
        );
    }
    let own = object(
        json!({"quantityList": [{"epcClass": "https://yima.example/classes/tea-250g", "quantity": 1}]}),
    );
    expect(
        &own,
        &[
            (
                "MATCH_epcClass",
                "https://yima.example/classes/tea-250g",
                true,
            ),
            (
                "MATCH_epcClass",
                "https://yima.example/classes/tea-500g",
                false,
            ),
            ("MATCH_epcClass", "urn:epc:idpat:sgtin:*.*.*", false),
        ],
    );
}

#[test]
fn places_match_by_key_and_within_is_the_place_itself() {
    let sgln = "urn:epc:id:sgln:0614141.00777.0";
    let e = object(json!({
        "readPoint": {"id": sgln},
        "bizLocation": {"id": "https://yima.example/shops/hangzhou-17"},
    }));
    expect(
        &e,
        &[
            ("EQ_readPoint", sgln, true),
            ("EQ_readPoint", &link(sgln), true),
            ("EQ_readPoint", &branded(sgln), true),
            ("WD_readPoint", &link(sgln), true),
            ("EQ_readPoint", "urn:epc:id:sgln:0614141.00777.1", false),
            ("WD_readPoint", "urn:epc:id:sgln:0614141.00778.0", false),
            (
                "EQ_bizLocation",
                "https://yima.example/shops/hangzhou-17",
                true,
            ),
            (
                "WD_bizLocation",
                "https://yima.example/shops/hangzhou-17",
                true,
            ),
            (
                "EQ_bizLocation",
                "https://yima.example/shops/hangzhou-18",
                false,
            ),
            ("EQ_bizLocation", sgln, false),
        ],
    );
    let nowhere = object(json!({}));
    expect(
        &nowhere,
        &[
            ("EQ_readPoint", sgln, false),
            ("WD_bizLocation", sgln, false),
        ],
    );
}

#[test]
fn business_transactions_match_by_type_and_id() {
    let po = "urn:epcglobal:cbv:bt:0614141000005:PO-4711";
    let e = object(json!({
        "bizTransactionList": [
            {"type": "po", "bizTransaction": po},
            {"bizTransaction": "https://erp.example.com/desadv/88"},
            {"type": "https://yima.example/btt/contract", "bizTransaction": "urn:epc:id:gdti:0614141.00001.1618034"},
        ],
    }));
    expect(
        &e,
        &[
            ("EQ_bizTransaction_po", po, true),
            ("EQ_bizTransaction_urn:epcglobal:cbv:btt:po", po, true),
            (
                "EQ_bizTransaction_po",
                "urn:epcglobal:cbv:bt:0614141000005:PO-4712",
                false,
            ),
            ("EQ_bizTransaction_inv", po, false),
            (
                "EQ_bizTransaction_desadv",
                "https://erp.example.com/desadv/88",
                false,
            ),
            (
                "EQ_bizTransaction_https://yima.example/btt/contract",
                "urn:epc:id:gdti:0614141.00001.1618034",
                true,
            ),
        ],
    );
}

#[test]
fn sources_and_destinations_match_by_type_and_key() {
    let party = "urn:epc:id:pgln:0614141.00000";
    let place = "urn:epc:id:sgln:0012345.11111.0";
    let e = object(json!({
        "sourceList": [{"type": "owning_party", "source": party}],
        "destinationList": [
            {"type": "urn:epcglobal:cbv:sdt:owning_party", "destination": "urn:epc:id:pgln:0012345.00000"},
            {"type": "location", "destination": link(place)},
        ],
    }));
    expect(
        &e,
        &[
            ("EQ_source_owning_party", party, true),
            ("EQ_source_owning_party", &branded(party), true),
            ("EQ_source_possessing_party", party, false),
            ("EQ_destination_owning_party", party, false),
            (
                "EQ_destination_owning_party",
                &link("urn:epc:id:pgln:0012345.00000"),
                true,
            ),
            ("EQ_destination_location", place, true),
            ("EQ_destination_urn:epcglobal:cbv:sdt:location", place, true),
            ("EQ_source_location", place, false),
        ],
    );
}
