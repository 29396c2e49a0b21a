//! Every refusal names its field; a draft with several faults names them all.

use super::*;
use crate::flows::MAX_CODES;

/// `d` is refused naming exactly `expected`.
#[track_caller]
fn refuses(d: FlowDraft, expected: &[&str]) {
    assert_eq!(refused(&d), expected, "{d:?}");
}

#[test]
fn an_empty_draft_names_action_and_recorder() {
    refuses(FlowDraft::default(), &["action", "by"]);
    refuses(units("Ship", PRODUCER), &["action"]);
    refuses(units("发货", PRODUCER), &["action"]);
    refuses(units("hold", "91350100M000100Y44"), &["by"]);
    refuses(units("hold", " 91350100M000100Y43"), &["by"]);
    refuses(units("hold ", PRODUCER), &["action"]);
}

#[test]
fn counterparties_belong_to_their_actions() {
    refuses(units("ship", PRODUCER), &["to"]);
    refuses(units("sell_to_business", SHOP), &["to"]);
    refuses(units("receive", SHOP), &["from"]);
    refuses(
        FlowDraft {
            to: Some(SHOP.into()),
            ..units("sell", SHOP)
        },
        &["to"],
    );
    refuses(
        FlowDraft {
            from: Some(PRODUCER.into()),
            to: Some(BUYER.into()),
            ..units("ship", SHOP)
        },
        &["from"],
    );
    refuses(
        FlowDraft {
            to: Some(PRODUCER.into()),
            ..units("ship", PRODUCER)
        },
        &["to"],
    );
    refuses(
        FlowDraft {
            to: Some("nobody".into()),
            ..units("ship", PRODUCER)
        },
        &["to"],
    );
    // A consumer's return names nobody.
    assert!(flow(&units("return", SHOP)).from.is_none());
}

#[test]
fn results_and_parents_belong_to_their_actions() {
    refuses(units("inspect", PRODUCER), &["result"]);
    refuses(
        FlowDraft {
            result: Some("passed".into()),
            ..units("inspect", PRODUCER)
        },
        &["result"],
    );
    refuses(
        FlowDraft {
            result: Some("conformant".into()),
            ..units("hold", PRODUCER)
        },
        &["result"],
    );
    refuses(units("pack", PRODUCER), &["parent"]);
    refuses(
        FlowDraft {
            parent: Some(CASE.into()),
            ..units("hold", PRODUCER)
        },
        &["parent"],
    );
    refuses(
        FlowDraft {
            parent: Some(UNIT.into()),
            ..units("pack", PRODUCER)
        },
        &["parent"],
    );
    refuses(
        FlowDraft {
            parent: Some(CASE.into()),
            codes: vec![UNIT.into(), CASE.into()],
            ..draft("pack", PRODUCER)
        },
        &["codes[1]"],
    );
}

#[test]
fn times_and_documents() {
    for at in ["someday", "2025-06-02T00:00:00+08:00"] {
        refuses(
            FlowDraft {
                at: Some(at.into()),
                ..units("hold", SHOP)
            },
            &["at"],
        );
    }
    refuses(
        FlowDraft {
            document_type: Some("desadv".into()),
            ..units("hold", SHOP)
        },
        &["document_type"],
    );
    refuses(
        FlowDraft {
            document: Some("1".into()),
            document_type: Some("delivery_note".into()),
            ..units("hold", SHOP)
        },
        &["document_type"],
    );
    refuses(
        FlowDraft {
            document: Some("urn:bad uri".into()),
            ..units("hold", SHOP)
        },
        &["document"],
    );
    // A blank optional field is a bad value, not an absent one.
    refuses(
        FlowDraft {
            document: Some("  ".into()),
            to: Some(String::new()),
            unit: Some(String::new()),
            ..units("hold", SHOP)
        },
        &["to", "document", "unit"],
    );
}

#[test]
fn codes_are_read_one_by_one() {
    refuses(
        FlowDraft {
            codes: vec![
                UNIT.into(),
                "(01)09520123456789(21)1".into(),
                "(01)09520123456788(21)12345".into(),
                "(01)09520123456788(10)ABC1".into(),
            ],
            ..draft("hold", SHOP)
        },
        &["codes[1]", "codes[2]", "codes[3]"],
    );
    refuses(
        FlowDraft {
            codes: vec![format!("urn:epc:id:giai:4000001.{}", "A".repeat(600))],
            ..draft("hold", SHOP)
        },
        &["codes[0]"],
    );
    refuses(
        FlowDraft {
            codes: vec![UNIT.into(); MAX_CODES + 1],
            ..draft("hold", SHOP)
        },
        &["codes"],
    );
}

#[test]
fn goods_are_codes_or_a_batch_quantity() {
    refuses(draft("ship", PRODUCER).with_to(SHOP), &["codes"]);
    let batch = |d: FlowDraft| FlowDraft {
        gtin: Some(GTIN.into()),
        lot: Some(LOT.into()),
        ..d
    };
    refuses(batch(draft("hold", SHOP)), &["quantity"]);
    refuses(
        FlowDraft {
            quantity: Some(3.0),
            ..units("hold", SHOP)
        },
        &["quantity"],
    );
    refuses(
        FlowDraft {
            quantity: Some(3.0),
            ..draft("hold", SHOP)
        },
        &["batch_id"],
    );
    refuses(batch(units("hold", SHOP)), &["gtin"]);
    // At commissioning the batch names the codes' batch.
    assert!(
        batch(units("commission", PRODUCER))
            .validate(&CodeRules::default(), now())
            .is_ok()
    );
    refuses(
        FlowDraft {
            batch_id: Some(Uuid::nil().to_string()),
            ..batch(draft("hold", SHOP))
        },
        &["batch_id"],
    );
    refuses(
        FlowDraft {
            batch_id: Some("42".into()),
            quantity: Some(1.0),
            ..draft("hold", SHOP)
        },
        &["batch_id"],
    );
    refuses(
        FlowDraft {
            gtin: Some(GTIN.into()),
            quantity: Some(1.0),
            ..draft("hold", SHOP)
        },
        &["lot"],
    );
    refuses(
        FlowDraft {
            lot: Some(LOT.into()),
            quantity: Some(1.0),
            ..draft("hold", SHOP)
        },
        &["gtin"],
    );
    refuses(
        FlowDraft {
            gtin: Some("09520123456789".into()),
            lot: Some("L#1".into()),
            quantity: Some(1.0),
            ..draft("hold", SHOP)
        },
        &["gtin", "lot"],
    );
    for quantity in [0.0, -1.0, f64::NAN, 2e12] {
        refuses(
            FlowDraft {
                quantity: Some(quantity),
                ..batch(draft("hold", SHOP))
            },
            &["quantity"],
        );
    }
    refuses(
        FlowDraft {
            quantity: Some(1.0),
            unit: Some("kg".into()),
            ..batch(draft("hold", SHOP))
        },
        &["unit"],
    );
    refuses(
        FlowDraft {
            unit: Some("KGM".into()),
            ..units("hold", SHOP)
        },
        &["unit"],
    );
}

#[test]
fn every_fault_is_named_at_once() {
    let d = FlowDraft {
        action: "ship".into(),
        by: "x".into(),
        codes: vec!["?".into()],
        at: Some("later".into()),
        result: Some("conformant".into()),
        parent: Some(CASE.into()),
        ..FlowDraft::default()
    };
    refuses(d, &["by", "at", "to", "result", "parent", "codes[0]"]);
}

#[test]
fn what_the_registry_says_can_refuse_the_event() {
    let commission = units("commission", PRODUCER);
    let e = flow(&commission).event(None).unwrap_err();
    assert_eq!(
        fields(e),
        ["codes"],
        "the lot on the codes is no registered batch"
    );
    let platform = FlowDraft {
        codes: vec!["88.123.456/ABC-1".into()],
        ..draft("commission", PRODUCER)
    };
    assert_eq!(flow(&platform).batch_to_find(), None);
    assert_eq!(
        fields(flow(&platform).event(None).unwrap_err()),
        ["batch_id"]
    );
    let other_product = LotFacts {
        gtin: Some(Gtin::parse("06901234500011").unwrap()),
        ..facts()
    };
    assert_eq!(
        fields(flow(&commission).event(Some(&other_product)).unwrap_err()),
        ["codes[0]"]
    );
    let other_lot = LotFacts {
        lot: "ABC2".into(),
        ..facts()
    };
    assert_eq!(
        fields(flow(&commission).event(Some(&other_lot)).unwrap_err()),
        ["codes[0]"]
    );
    let by_id = FlowDraft {
        batch_id: Some(Uuid::nil().to_string()),
        quantity: Some(1.5),
        ..draft("hold", SHOP)
    };
    assert_eq!(fields(flow(&by_id).event(None).unwrap_err()), ["batch_id"]);
    assert_eq!(
        fields(flow(&by_id).event(Some(&facts())).unwrap_err()),
        ["quantity"],
        "half a piece"
    );
    let in_metres = FlowDraft {
        unit: Some("MTR".into()),
        ..by_id
    };
    assert_eq!(
        fields(flow(&in_metres).event(Some(&facts())).unwrap_err()),
        ["unit"],
        "the batch is counted in pieces"
    );
}

impl FlowDraft {
    fn with_to(self, to: &str) -> Self {
        Self {
            to: Some(to.into()),
            ..self
        }
    }
}
