//! Corrections applied to enterprise, product and batch records: the corrected record keeps
//! its identity and time, and is held to the rules of its draft; failures name `changes.*`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use serde_json::{Value, json};
use yima_domain::{
    Approval, Catalogue, CertificateStatus, Correction, CorrectionDraft, InspectionResult, Invalid,
    RecordRef, Recorded, RegionCode, apply_to_batch, apply_to_enterprise, apply_to_product,
};

fn correction(subject: &dyn Recorded, changes: Value) -> Correction {
    CorrectionDraft {
        changes: serde_json::from_value(changes).unwrap(),
        reason: "mistyped at registration".into(),
    }
    .validate(
        RecordRef::parse(&subject.record_ref()).unwrap(),
        common::at("2025-03-05T09:00:00Z"),
    )
    .unwrap()
}

fn fields(err: Invalid) -> Vec<String> {
    err.errors.into_iter().map(|e| e.field).collect()
}

#[test]
fn enterprise_fields_are_corrected_and_revalidated() {
    let original = common::enterprise();
    let c = correction(
        &original,
        json!({"name": " 福州线缆股份有限公司 ", "region": "350104", "roles": ["producer", "seller"]}),
    );
    let corrected = apply_to_enterprise(&original, &c).unwrap();
    assert_eq!(corrected.name, "福州线缆股份有限公司");
    assert_eq!(corrected.region, RegionCode::parse("350104").unwrap());
    assert!(corrected.roles.producer && corrected.roles.seller);
    assert_eq!(corrected.address, original.address);
    assert_eq!(corrected.credit_code, original.credit_code);
    assert_eq!(corrected.registered_at, original.registered_at);

    let bad = correction(&original, json!({"region": "990100", "roles": []}));
    let err = apply_to_enterprise(&original, &bad).unwrap_err();
    assert_eq!(fields(err), ["changes.region", "changes.roles"]);
}

#[test]
fn product_approval_is_corrected_in_parts() {
    let catalogue = Catalogue::builtin().unwrap();
    let original = common::product();
    let c = correction(
        &original,
        json!({"model": "BV 4mm² 450/750V", "approval": {"number": "XK06-001-10001"}}),
    );
    let corrected = apply_to_product(&original, &c, &catalogue).unwrap();
    assert_eq!(corrected.model, "BV 4mm² 450/750V");
    assert_eq!(corrected.approval.number(), "XK06-001-10001");
    // Parts the correction leaves out keep the original's values.
    assert_eq!(corrected.approval.status(), CertificateStatus::Valid);
    assert_eq!(
        corrected.approval.checked_at(),
        original.approval.checked_at()
    );
    assert_eq!(corrected.id, original.id);
    assert_eq!(corrected.producer, original.producer);
    assert_eq!(corrected.gtin, original.gtin);
    assert_eq!(corrected.registered_at, original.registered_at);
}

#[test]
fn product_corrections_obey_the_product_rules() {
    let catalogue = Catalogue::builtin().unwrap();
    let original = common::product();
    // Wire and cable needs a production licence, not CCC; the number must fit its regime.
    let c = correction(
        &original,
        json!({"name": " ", "approval": {"regime": "ccc", "number": "2023011101010010"}}),
    );
    let err = apply_to_product(&original, &c, &catalogue).unwrap_err();
    assert_eq!(fields(err), ["changes.name", "changes.approval.regime"]);

    // Checked after the product was registered: not a correction of what was registered.
    let c = correction(
        &original,
        json!({"approval": {"status": "suspended", "checked_at": "2025-03-04T00:00:00+08:00"}}),
    );
    let err = apply_to_product(&original, &c, &catalogue).unwrap_err();
    assert_eq!(fields(err), ["changes.approval.checked_at"]);

    let c = correction(
        &original,
        json!({"approval": {"status": "suspended", "checked_at": "2025-03-01T08:00:00+08:00"}}),
    );
    let corrected = apply_to_product(&original, &c, &catalogue).unwrap();
    assert_eq!(
        corrected.approval,
        Approval::from_parts(
            "production_licence",
            "XK06-001-10000",
            "suspended",
            common::at("2025-03-01T00:00:00Z")
        )
        .unwrap()
    );
}

#[test]
fn batch_inspection_and_date_are_corrected() {
    let original = common::batch();
    let sha = "AB".repeat(32);
    let c = correction(
        &original,
        json!({
            "production_date": "2025-02-26",
            "inspection": {"result": "non_conformant", "document_sha256": sha},
        }),
    );
    let corrected = apply_to_batch(&original, &c).unwrap();
    assert_eq!(corrected.production_date, common::day("2025-02-26"));
    assert_eq!(corrected.inspection.result, InspectionResult::NonConformant);
    assert_eq!(corrected.inspection.document_sha256, Some("ab".repeat(32)));
    assert_eq!(corrected.inspection.issuer, original.inspection.issuer);
    assert_eq!(
        (
            corrected.id,
            corrected.product_id,
            &corrected.lot,
            corrected.quantity
        ),
        (
            original.id,
            original.product_id,
            &original.lot,
            original.quantity
        )
    );
    assert_eq!(corrected.registered_at, original.registered_at);

    let clear = correction(&corrected, json!({"inspection": {"document_sha256": null}}));
    assert_eq!(
        apply_to_batch(&corrected, &clear)
            .unwrap()
            .inspection
            .document_sha256,
        None
    );
}

#[test]
fn batch_corrections_obey_the_batch_rules() {
    let original = common::batch();
    // Registered on 1 March: a production date after it cannot have been right.
    let c = correction(
        &original,
        json!({"production_date": "2025-03-02", "inspection": {"result": "ok", "issuer": ""}}),
    );
    let err = apply_to_batch(&original, &c).unwrap_err();
    assert_eq!(
        fields(err),
        [
            "changes.production_date",
            "changes.inspection.issuer",
            "changes.inspection.result"
        ]
    );
}

#[test]
fn a_correction_applies_only_to_its_subject() {
    let mut other = common::batch();
    other.id = uuid::Uuid::nil();
    let c = correction(&common::batch(), json!({"production_date": "2025-02-26"}));
    let err = apply_to_batch(&other, &c).unwrap_err();
    assert_eq!(fields(err), ["subject"]);
}

#[test]
fn a_correction_must_change_something() {
    let original = common::enterprise();
    let c = correction(&original, json!({"name": original.name}));
    let err = apply_to_enterprise(&original, &c).unwrap_err();
    assert_eq!(fields(err), ["changes"]);
}

#[test]
fn the_example_correction_applies_to_the_example_batch() {
    let corrected = apply_to_batch(&common::batch(), &common::correction()).unwrap();
    assert_eq!(corrected.production_date, common::day("2025-02-26"));
}
