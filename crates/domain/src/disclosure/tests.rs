#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use yima_codes::enterprise::CreditCode;

use super::*;
use crate::access::{Jurisdiction, Principal};
use crate::enterprise::Roles;
use crate::region::RegionCode;

const MAKER: &str = "91350100M000100Y43";
const SHOP: &str = "91310230MA1K314J7C";
const OTHER: &str = "91440300MA5F00001A";

fn code(s: &str) -> CreditCode {
    CreditCode::parse(s).unwrap()
}

fn enterprise(s: &str) -> Principal {
    Principal::Enterprise {
        credit_code: code(s),
        rights: Roles {
            producer: true,
            seller: true,
        },
    }
}

fn regulator(jurisdiction: &str, categories: &[&str]) -> Principal {
    Principal::Regulator {
        jurisdiction: Jurisdiction::parse(jurisdiction).unwrap(),
        categories: categories.iter().map(|c| (*c).to_owned()).collect(),
    }
}

/// A shipment from the maker (Fuzhou) to the shop (Shanghai) of wire and cable.
fn shipment() -> Involvement {
    Involvement {
        owner: Some(code(MAKER)),
        parties: vec![code(SHOP)],
        regions: vec![
            RegionCode::parse("350104").unwrap(),
            RegionCode::parse("310115").unwrap(),
        ],
        category: Some("wire-cable".to_owned()),
    }
}

#[test]
fn the_shipped_table_reads_and_follows_the_data_groups() {
    let policy = Policy::default();
    assert_eq!(policy, Policy::from_toml(DEFAULT_TOML).unwrap());
    for field in Field::ALL {
        assert!(
            policy.audiences(field).next().is_some(),
            "{} has no audience in the shipped table",
            field.as_str()
        );
    }
    let public = Relations::public();
    for field in [
        Field::ProducerName,
        Field::ProductName,
        Field::BatchInspection,
    ] {
        assert!(policy.allows(field, &public), "{}", field.as_str());
    }
    for field in [
        Field::FlowEvents,
        Field::FlowConsignee,
        Field::PurchaseSupplier,
        Field::SaleBuyer,
        Field::ProductionEvents,
        Field::EventDocuments,
    ] {
        assert!(!policy.allows(field, &public), "{}", field.as_str());
    }
}

#[test]
fn flows_are_for_their_parties_and_the_regulators_over_them() {
    let policy = Policy::default();
    let sees = |principal: Principal| {
        policy.allows(
            Field::FlowConsignee,
            &Relations::of(Some(&principal), &shipment()),
        )
    };
    assert!(sees(enterprise(MAKER)));
    assert!(sees(enterprise(SHOP)));
    assert!(!sees(enterprise(OTHER)));
    assert!(sees(regulator("national", &[])));
    assert!(sees(regulator("350000", &[])), "Fujian holds the maker");
    assert!(sees(regulator("310000", &["wire-cable"])));
    assert!(!sees(regulator("440000", &[])), "Guangdong holds neither");
    assert!(!sees(regulator("national", &["helmets"])));
    assert!(!sees(Principal::Association {
        name: "协会".into(),
        members: BTreeSet::from([code(MAKER)]),
    }));
    assert!(sees(Principal::Admin));
}

#[test]
fn a_category_bound_regulator_sees_only_records_known_to_be_in_its_categories() {
    let mut unknown = shipment();
    unknown.category = None;
    let relations = Relations::of(Some(&regulator("national", &["wire-cable"])), &unknown);
    assert!(!relations.has(Audience::Regulator));
    let relations = Relations::of(Some(&regulator("national", &[])), &unknown);
    assert!(relations.has(Audience::Regulator));
}

#[test]
fn associations_see_what_their_members_are_in() {
    let policy = Policy::default();
    let association = Principal::Association {
        name: "电线电缆行业协会".into(),
        members: BTreeSet::from([code(SHOP)]),
    };
    let relations = Relations::of(Some(&association), &shipment());
    assert!(relations.has(Audience::Association));
    assert!(policy.allows(Field::ProductionEvents, &relations));
    assert!(!policy.allows(Field::FlowConsignee, &relations));
}

#[test]
fn a_replacement_table_is_all_there_is() {
    let policy = Policy::from_toml(
        r#"
[fields]
"producer.address" = ["owner", "regulator"]
"flow.events" = ["party", "regulator", "association"]
"#,
    )
    .unwrap();
    let public = Relations::public();
    assert!(!policy.allows(Field::ProducerAddress, &public));
    assert!(
        !policy.allows(Field::ProducerName, &public),
        "left out: admins only"
    );
    let owner = Relations::of(Some(&enterprise(MAKER)), &shipment());
    assert!(policy.allows(Field::ProducerAddress, &owner));
    let admin = Relations::of(Some(&Principal::Admin), &Involvement::default());
    assert!(policy.allows(Field::ProducerName, &admin));
}

#[test]
fn bad_tables_name_the_field_and_the_audience() {
    let unknown_field = Policy::from_toml("[fields]\n\"producer.phone\" = [\"public\"]\n");
    assert!(matches!(unknown_field, Err(PolicyError::UnknownField(f, _)) if f == "producer.phone"));
    let unknown_audience = Policy::from_toml("[fields]\n\"producer.name\" = [\"everyone\"]\n");
    assert_eq!(
        unknown_audience,
        Err(PolicyError::UnknownAudience {
            field: "producer.name".into(),
            audience: "everyone".into()
        })
    );
    assert!(matches!(
        Policy::from_toml("[fields]\n\"producer.name\" = \"public\"\n"),
        Err(PolicyError::Syntax(_))
    ));
    assert!(matches!(
        Policy::from_toml("[other]\n"),
        Err(PolicyError::Syntax(_))
    ));
}

/// A shipment event as the flows API writes it: the maker ships to the shop, on an invoice.
fn shipment_event(biz_step: &str) -> crate::epcis::Event {
    let json = serde_json::json!({
        "type": "ObjectEvent",
        "eventTime": "2025-03-01T09:30:00+08:00",
        "eventTimeZoneOffset": "+08:00",
        "action": "OBSERVE",
        "epcList": ["https://id.gs1.org/01/06901234567892/21/A1"],
        "bizStep": biz_step,
        "sourceList": [{"type": "owning_party", "source": format!("urn:yima:party:{MAKER}")}],
        "destinationList": [{"type": "owning_party", "destination": format!("urn:yima:party:{SHOP}")}],
        "bizTransactionList": [{"type": "inv", "bizTransaction": "urn:example:inv:1"}],
        "@context": [{"ym": "urn:yima:epcis:"}],
        "ym:recordedBy": format!("urn:yima:party:{MAKER}"),
    });
    let serde_json::Value::Object(object) = json else {
        unreachable!()
    };
    crate::epcis::Event::from_json(object, &crate::epcis::Namespaces::default()).unwrap()
}

#[test]
fn an_event_names_its_recorder_and_its_parties() {
    let (owner, parties) = event_parties(&shipment_event("shipping"));
    assert_eq!(owner, Some(code(MAKER)));
    assert_eq!(parties, vec![code(SHOP), code(MAKER)]);
}

#[test]
fn events_are_shown_to_their_parties_and_cut_for_others() {
    let event = shipment_event("shipping");
    let (owner, parties) = event_parties(&event);
    let involvement = Involvement {
        owner,
        parties,
        regions: vec![RegionCode::parse("350104").unwrap()],
        category: None,
    };
    let default = Policy::default();
    let seen = |principal: Option<&Principal>, policy: &Policy| {
        let mut shown = event.clone();
        redact_event(&mut shown, policy, &Relations::of(principal, &involvement)).then_some(shown)
    };
    assert_eq!(seen(Some(&enterprise(SHOP)), &default), Some(event.clone()));
    assert_eq!(
        seen(Some(&regulator("350000", &[])), &default),
        Some(event.clone())
    );
    assert_eq!(seen(None, &default), None);
    assert_eq!(seen(Some(&enterprise(OTHER)), &default), None);
    assert_eq!(seen(Some(&regulator("440000", &[])), &default), None);

    // A table that shows shipments to associations, but not whom to or on what documents.
    let looser = Policy::from_toml(
        "[fields]\n\"flow.events\" = [\"party\", \"association\"]\n\"flow.consignee\" = [\"party\"]\n\"event.documents\" = [\"party\"]\n",
    )
    .unwrap();
    let association = Principal::Association {
        name: "协会".into(),
        members: BTreeSet::from([code(MAKER)]),
    };
    let cut = seen(Some(&association), &looser).unwrap();
    assert!(cut.destination_list.is_empty());
    assert!(cut.biz_transaction_list.is_empty());
    assert_eq!(cut.source_list, event.source_list);
    assert_eq!(cut.epc_list, event.epc_list);
}

#[test]
fn events_fall_in_the_groups_of_their_steps() {
    assert_eq!(
        EventGroup::of(&shipment_event("shipping")),
        EventGroup::Flow
    );
    assert_eq!(
        EventGroup::of(&shipment_event("receiving")),
        EventGroup::Purchase
    );
    assert_eq!(
        EventGroup::of(&shipment_event("retail_selling")),
        EventGroup::Sale
    );
    assert_eq!(
        EventGroup::of(&shipment_event("inspecting")),
        EventGroup::Production
    );
    // A receipt hides its supplier, a shipment its consignee.
    let looser = Policy::from_toml(
        "[fields]\n\"purchase.events\" = [\"association\"]\n\"flow.events\" = [\"association\"]\n",
    )
    .unwrap();
    let association = Principal::Association {
        name: "协会".into(),
        members: BTreeSet::from([code(MAKER)]),
    };
    let (owner, parties) = event_parties(&shipment_event("receiving"));
    let involvement = Involvement {
        owner,
        parties,
        ..Involvement::default()
    };
    let relations = Relations::of(Some(&association), &involvement);
    let mut receipt = shipment_event("receiving");
    assert!(redact_event(&mut receipt, &looser, &relations));
    assert!(receipt.source_list.is_empty() && !receipt.destination_list.is_empty());
    let mut shipment = shipment_event("shipping");
    assert!(redact_event(&mut shipment, &looser, &relations));
    assert!(shipment.destination_list.is_empty() && !shipment.source_list.is_empty());
}

#[test]
fn an_event_is_its_recorders_or_else_its_named_parties() {
    let recorded = shipment_event("shipping");
    assert!(attributable_to(&recorded, &code(MAKER)));
    assert!(
        !attributable_to(&recorded, &code(SHOP)),
        "the shop did not record it"
    );
    let mut unrecorded = recorded.clone();
    unrecorded.extensions.clear();
    assert!(attributable_to(&unrecorded, &code(SHOP)));
    assert!(attributable_to(&unrecorded, &code(MAKER)));
    assert!(!attributable_to(&unrecorded, &code(OTHER)));
    // A recorder that is no party URI speaks for nobody.
    let mut foreign = recorded;
    foreign.extensions.insert(
        "ym:recordedBy".into(),
        serde_json::json!("urn:example:someone"),
    );
    assert!(!attributable_to(&foreign, &code(MAKER)));
}

proptest::proptest! {
    /// Any table written out reads back as itself: each field seen by exactly the audiences
    /// it lists (a viewer with one audience only sees what lists it).
    #[test]
    fn a_table_reads_back_as_written(
        masks in proptest::collection::vec(0u8..32, Field::ALL.len()),
    ) {
        let mut text = String::from("[fields]\n");
        for (field, mask) in Field::ALL.iter().zip(&masks) {
            let listed: Vec<String> = Audience::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, a)| format!("\"{}\"", a.as_str()))
                .collect();
            text.push_str(&format!("\"{}\" = [{}]\n", field.as_str(), listed.join(", ")));
        }
        let policy = Policy::from_toml(&text).unwrap();
        for (field, mask) in Field::ALL.iter().zip(&masks) {
            for (i, audience) in Audience::ALL.iter().enumerate() {
                proptest::prop_assert_eq!(
                    policy.audiences(*field).any(|a| a == *audience),
                    mask & (1 << i) != 0,
                    "{} {}", field.as_str(), audience.as_str()
                );
            }
        }
        proptest::prop_assert_eq!(
            policy.allows(Field::ProducerName, &Relations::public()),
            masks[0] & 1 != 0
        );
    }
}
