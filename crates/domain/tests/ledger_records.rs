//! The ledger form of every kind of record: canonical bytes, references and public fields as
//! known answers, and sealing, checking and evidence files end to end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Utc};
use yima_domain::ledger::{LeafEntry, to_micros};
use yima_domain::{
    LedgerError, PublicFields, RecordEvidence, RecordKind, RecordRef, Recorded, UnitRegistration,
    check_sealed, commitment, seal,
};

/// Every example record, as the trait object the store seals.
fn examples() -> Vec<Box<dyn Recorded>> {
    vec![
        Box::new(common::enterprise()),
        Box::new(common::product()),
        Box::new(common::batch()),
        Box::new(common::unit_registration()),
        Box::new(common::issuance()),
        Box::new(common::issuing_key()),
        Box::new(common::correction()),
    ]
}

fn canonical(record: &dyn Recorded) -> String {
    String::from_utf8(record.canonical().unwrap()).unwrap()
}

#[test]
fn canonical_bytes_are_known() {
    let expected = [
        r#"{"address":"福建省福州市鼓楼区工业路1号","credit_code":"91350100M000100Y43","kind":"enterprise","name":"福州线缆有限公司","region":"350102","registered_at":"2025-03-01T10:20:30.123456Z","roles":{"producer":true,"seller":false}}"#,
        r#"{"approval":{"checked_at":"2025-03-01T09:00:00.000000Z","number":"XK06-001-10000","regime":"production_licence","status":"valid"},"category":"wire-cable","gtin":"09520123456788","id":"0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b","kind":"product","model":"BV 2.5mm² 450/750V","name":"聚氯乙烯绝缘电线","producer":"91350100M000100Y43","registered_at":"2025-03-01T10:25:00.500000Z","standard":"GB/T 5023.3-2008"}"#,
        r#"{"id":"0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f","inspection":{"certificate_number":"JY2025100800","date":"2025-02-28","document_sha256":null,"issuer":"福建省产品质量检验研究院","result":"conformant"},"kind":"batch","lot":"L2025-03A","product_id":"0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b","production_date":"2025-02-27","quantity":2000,"registered_at":"2025-03-01T11:00:00.000000Z","unit_of_measure":"H87"}"#,
        r#"{"added":3,"batch_id":"0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f","codes_root":"CODES_ROOT","kind":"unit_registration","registered_at":"2025-03-01T11:05:00.000001Z","sequence":1,"total":3}"#,
        r#"{"batch_id":"0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f","count":500,"issued_at":"2025-03-01T11:10:00.000000Z","key_id":1,"kind":"code_issuance","number":7}"#,
        r#"{"created_at":"2025-01-01T00:00:00.000000Z","fingerprint":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","id":1,"kind":"issuing_key"}"#,
        r#"{"changes":{"production_date":"2025-02-26"},"corrected_at":"2025-03-02T08:00:00.000000Z","id":"0195a7e1-0f1e-7d2c-9b3a-495867a6b5c4","kind":"correction","reason":"the production date was mistyped: the lot was made on the 26th","subject":"batch:0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f"}"#,
    ];
    let root = hex::encode(common::unit_registration().codes_root);
    for (record, expected) in examples().iter().zip(expected) {
        assert_eq!(
            canonical(record.as_ref()),
            expected.replace("CODES_ROOT", &root)
        );
    }
}

#[test]
fn codes_root_is_the_merkle_root_of_the_sorted_keys() {
    use yima_ledger::{leaf_hash, node_hash};
    let leaf = |i: usize| leaf_hash(format!("gs1:01/09520123456788/21/000{i}").as_bytes());
    assert_eq!(
        common::unit_registration().codes_root,
        node_hash(&node_hash(&leaf(1), &leaf(2)), &leaf(3))
    );
}

#[test]
fn references_and_kinds_are_known() {
    let expected = [
        (RecordKind::Enterprise, "enterprise:91350100M000100Y43"),
        (
            RecordKind::Product,
            "product:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b",
        ),
        (
            RecordKind::Batch,
            "batch:0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
        ),
        (
            RecordKind::UnitRegistration,
            "unit_registration:0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f/1",
        ),
        (RecordKind::CodeIssuance, "code_issuance:1/7"),
        (RecordKind::IssuingKey, "issuing_key:1"),
        (
            RecordKind::Correction,
            "correction:0195a7e1-0f1e-7d2c-9b3a-495867a6b5c4",
        ),
    ];
    for (record, (kind, reference)) in examples().iter().zip(expected) {
        assert_eq!(record.kind(), kind);
        assert_eq!(record.record_ref(), reference);
        let parsed = RecordRef::parse(reference).unwrap();
        assert_eq!(parsed.kind(), kind);
        assert_eq!(parsed.to_string(), reference);
    }
}

#[test]
fn public_fields_are_identifiers_only() {
    let expected = [
        r#"{"credit_code":"91350100M000100Y43"}"#,
        r#"{"gtin":"09520123456788","id":"0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b","producer":"91350100M000100Y43"}"#,
        r#"{"id":"0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f","lot":"L2025-03A","product_id":"0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b"}"#,
        r#"{"batch_id":"0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f","sequence":"1"}"#,
        r#"{"batch_id":"0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f","key_id":"1","number":"7"}"#,
        r#"{"id":"1"}"#,
        r#"{"id":"0195a7e1-0f1e-7d2c-9b3a-495867a6b5c4","subject":"batch:0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f"}"#,
    ];
    for (record, expected) in examples().iter().zip(expected) {
        assert_eq!(
            String::from_utf8(record.public().canonical()).unwrap(),
            expected
        );
    }
    let mut no_gtin = common::product();
    no_gtin.gtin = None;
    assert_eq!(no_gtin.public().get("gtin"), None);
    assert!(canonical(&no_gtin).contains(r#""gtin":null"#));
}

#[test]
fn canonical_bytes_survive_the_stores_microseconds() {
    // The store keeps microseconds; a record read back must give the bytes sealed before.
    let original = common::enterprise();
    let mut read_back = original.clone();
    read_back.registered_at = to_micros(original.registered_at);
    assert_ne!(original, read_back);
    assert_eq!(original.canonical(), read_back.canonical());
}

#[test]
fn sealed_entries_decode_to_the_records_kind_time_and_public_fields() {
    for record in examples() {
        let sealed = seal(record.as_ref(), common::salt()).unwrap();
        assert_eq!(sealed.kind, record.kind());
        assert_eq!(sealed.record_ref, record.record_ref());
        assert_eq!(sealed.canonical, record.canonical().unwrap());
        let entry = check_sealed(&sealed.entry, &common::salt(), &sealed.canonical).unwrap();
        assert_eq!(
            entry,
            LeafEntry {
                kind: record.kind(),
                time: to_micros(record.recorded_at()),
                commitment: commitment(&common::salt(), &sealed.canonical),
                public: record.public(),
            }
        );
        assert_eq!(entry.encode(), sealed.entry);
    }
}

#[test]
fn a_changed_record_or_salt_breaks_the_commitment() {
    let sealed = seal(&common::batch(), common::salt()).unwrap();
    let mut changed = common::batch();
    changed.quantity = 2001;
    assert_eq!(
        check_sealed(
            &sealed.entry,
            &common::salt(),
            &changed.canonical().unwrap()
        ),
        Err(LedgerError::CommitmentMismatch)
    );
    assert_eq!(
        check_sealed(&sealed.entry, &[0; 32], &sealed.canonical),
        Err(LedgerError::CommitmentMismatch)
    );
}

#[test]
fn counts_beyond_a_double_are_refused() {
    let mut r = common::unit_registration();
    r.total = 1 << 53;
    assert_eq!(
        seal(&r, common::salt()).map(|_| ()),
        Err(LedgerError::IntegerOutOfRange {
            path: "/total".into(),
            value: "9007199254740992".into()
        })
    );
    r.total = (1 << 53) - 1;
    assert!(seal(&r, common::salt()).is_ok());
}

/// A record whose public fields do not fit an entry bundle.
struct Oversized;

impl Recorded for Oversized {
    fn kind(&self) -> RecordKind {
        RecordKind::Batch
    }
    fn record_ref(&self) -> String {
        String::new()
    }
    fn recorded_at(&self) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH
    }
    fn canonical(&self) -> Result<Vec<u8>, LedgerError> {
        Ok(b"{}".to_vec())
    }
    fn public(&self) -> PublicFields {
        PublicFields::new().with("lot", "x".repeat(65535))
    }
}

#[test]
fn entries_larger_than_a_bundle_allows_are_refused() {
    assert!(matches!(
        seal(&Oversized, common::salt()),
        Err(LedgerError::EntryTooLarge { size }) if size > 65535
    ));
}

#[test]
fn evidence_files_verify_for_every_kind() {
    for record in examples() {
        let sealed = seal(record.as_ref(), common::salt()).unwrap();
        let file =
            serde_json::to_string_pretty(&RecordEvidence::from_sealed(&sealed).unwrap()).unwrap();
        let evidence: RecordEvidence = serde_json::from_str(&file).unwrap();
        let entry = evidence.verify_commitment().unwrap();
        assert_eq!(entry.kind, record.kind());
        assert_eq!(evidence.entry_bytes().unwrap(), sealed.entry);
    }
}

fn evidence() -> RecordEvidence {
    RecordEvidence::from_sealed(&seal(&common::product(), common::salt()).unwrap()).unwrap()
}

#[test]
fn tampered_evidence_is_refused() {
    let mut e = evidence();
    e.record["name"] = "另一种电线".into();
    assert_eq!(e.verify_commitment(), Err(LedgerError::CommitmentMismatch));

    let mut e = evidence();
    e.salt = hex::encode([7u8; 32]);
    assert_eq!(e.verify_commitment(), Err(LedgerError::CommitmentMismatch));

    let mut e = evidence();
    e.kind = RecordKind::Batch;
    assert_eq!(
        e.verify_commitment(),
        Err(LedgerError::KindMismatch {
            entry: RecordKind::Product,
            record: RecordKind::Batch
        })
    );

    let mut e = evidence();
    e.record_ref = "product:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5c".into();
    assert!(matches!(
        e.verify_commitment(),
        Err(LedgerError::BadEvidence { field, .. }) if field == "record_ref"
    ));

    let mut e = evidence();
    e.salt = "00".into();
    assert!(matches!(
        e.verify_commitment(),
        Err(LedgerError::BadEvidence { field, .. }) if field == "salt"
    ));

    let mut e = evidence();
    e.record["quantity"] = serde_json::json!(1.5);
    assert!(matches!(
        e.verify_commitment(),
        Err(LedgerError::NotAnInteger { .. })
    ));
}

#[test]
fn public_fields_must_be_the_records_own() {
    // An entry whose public gtin differs from the record's, committed honestly otherwise.
    let product = common::product();
    let sealed = seal(&product, common::salt()).unwrap();
    let mut entry = LeafEntry::decode(&sealed.entry).unwrap();
    entry.public.insert("gtin", "09520123456795");
    let mut e = RecordEvidence::from_sealed(&sealed).unwrap();
    e.entry = hex::encode(entry.encode());
    assert_eq!(
        e.verify_commitment(),
        Err(LedgerError::PublicFieldMismatch {
            field: "gtin".into()
        })
    );
}

#[test]
fn references_name_the_records_key_fields() {
    let r = UnitRegistration {
        sequence: 2,
        ..common::unit_registration()
    };
    let sealed = seal(&r, common::salt()).unwrap();
    let mut e = RecordEvidence::from_sealed(&sealed).unwrap();
    assert!(e.verify_commitment().is_ok());
    e.record_ref = common::unit_registration().record_ref();
    assert!(matches!(
        e.verify_commitment(),
        Err(LedgerError::BadEvidence { field, .. }) if field == "record_ref"
    ));
}

#[test]
fn an_audit_batch_commits_to_every_entry_and_shows_only_its_id() {
    use yima_domain::{AuditBatch, AuditEntry};
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let batch = AuditBatch {
        id: "0195a7e1-0f1e-7d2c-9b3a-495867a6b5c5".parse().unwrap(),
        recorded_at: at("2025-03-02T08:00:00.250000Z"),
        entries: vec![
            AuditEntry {
                at: at("2025-03-02T08:00:00.100000Z"),
                account: Some("shop-b".into()),
                key_id: Some("till-1".into()),
                method: "POST".into(),
                route: "/api/v1/flows".into(),
                target: "/api/v1/flows?receipt=wait".into(),
                status: 201,
                address: Some("10.0.0.7".into()),
                request_id: None,
            },
            AuditEntry {
                at: at("2025-03-02T08:00:00.200000Z"),
                account: None,
                key_id: None,
                method: "POST".into(),
                route: "/api/v1/products".into(),
                target: "/api/v1/products".into(),
                status: 401,
                address: None,
                request_id: Some("r-1".into()),
            },
        ],
    };
    assert_eq!(
        canonical(&batch),
        r#"{"entries":[{"account":"shop-b","address":"10.0.0.7","at":"2025-03-02T08:00:00.100000Z","key_id":"till-1","method":"POST","request_id":null,"route":"/api/v1/flows","status":201,"target":"/api/v1/flows?receipt=wait"},{"account":null,"address":null,"at":"2025-03-02T08:00:00.200000Z","key_id":null,"method":"POST","request_id":"r-1","route":"/api/v1/products","status":401,"target":"/api/v1/products"}],"id":"0195a7e1-0f1e-7d2c-9b3a-495867a6b5c5","kind":"audit","recorded_at":"2025-03-02T08:00:00.250000Z"}"#
    );
    assert_eq!(batch.kind(), RecordKind::Audit);
    assert_eq!(
        batch.record_ref(),
        "audit:0195a7e1-0f1e-7d2c-9b3a-495867a6b5c5"
    );
    assert_eq!(
        batch.public(),
        PublicFields::new().with("id", "0195a7e1-0f1e-7d2c-9b3a-495867a6b5c5")
    );
    let sealed = seal(&batch, [9; 32]).unwrap();
    let entry = check_sealed(&sealed.entry, &[9; 32], &sealed.canonical).unwrap();
    assert_eq!(entry.kind, RecordKind::Audit);
}

#[test]
fn submission_keys_revocations_and_signed_submissions_commit_to_their_fields() {
    use yima_codes::enterprise::CreditCode;
    use yima_domain::{SignedSubmission, SubmissionKey, SubmissionKeyRevocation};
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let id = "0195a7e1-0f1e-7d2c-9b3a-495867a6b5c5";
    let enterprise = CreditCode::parse("91350100M000100Y43").unwrap();
    let key = SubmissionKey {
        id: id.parse().unwrap(),
        enterprise: enterprise.clone(),
        public_key: [0xab; 32],
        label: "扫码枪 2".into(),
        registered_by: "factory-a".into(),
        registered_at: at("2025-03-02T08:00:00Z"),
    };
    assert_eq!(
        canonical(&key),
        format!(
            r#"{{"enterprise":"91350100M000100Y43","id":"{id}","kind":"submission_key","label":"扫码枪 2","public_key":"{}","registered_at":"2025-03-02T08:00:00.000000Z","registered_by":"factory-a"}}"#,
            "ab".repeat(32)
        )
    );
    assert_eq!(key.record_ref(), format!("submission_key:{id}"));
    assert_eq!(
        key.public(),
        PublicFields::new()
            .with("id", id)
            .with("enterprise", "91350100M000100Y43")
            .with("public_key", "ab".repeat(32))
    );

    let revocation = SubmissionKeyRevocation {
        key_id: id.parse().unwrap(),
        enterprise: enterprise.clone(),
        reason: "scanner lost".into(),
        revoked_by: "factory-a".into(),
        revoked_at: at("2025-04-01T00:00:00Z"),
    };
    assert_eq!(
        canonical(&revocation),
        format!(
            r#"{{"enterprise":"91350100M000100Y43","key_id":"{id}","kind":"submission_key_revocation","reason":"scanner lost","revoked_at":"2025-04-01T00:00:00.000000Z","revoked_by":"factory-a"}}"#
        )
    );
    assert_eq!(
        revocation.record_ref(),
        format!("submission_key_revocation:{id}")
    );

    let submission = SignedSubmission {
        id: id.parse().unwrap(),
        key_id: id.parse().unwrap(),
        enterprise,
        method: "POST".into(),
        target: "/api/v1/flows".into(),
        signed_at: at("2025-03-02T08:00:00Z"),
        body: b"{}".to_vec(),
        signature: [0x01; 64],
        request_id: None,
        received_at: at("2025-03-02T08:00:01Z"),
    };
    assert_eq!(
        canonical(&submission),
        format!(
            r#"{{"body_sha256":"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","enterprise":"91350100M000100Y43","id":"{id}","key_id":"{id}","kind":"signed_submission","method":"POST","received_at":"2025-03-02T08:00:01.000000Z","request_id":null,"signature":"{}","signed_at":1740902400,"target":"/api/v1/flows"}}"#,
            "01".repeat(64)
        )
    );
    assert_eq!(submission.public(), PublicFields::new().with("id", id));
    for (sealed_kind, sealed) in [
        (RecordKind::SubmissionKey, seal(&key, [9; 32]).unwrap()),
        (
            RecordKind::SubmissionKeyRevocation,
            seal(&revocation, [9; 32]).unwrap(),
        ),
        (
            RecordKind::SignedSubmission,
            seal(&submission, [9; 32]).unwrap(),
        ),
    ] {
        let entry = check_sealed(&sealed.entry, &[9; 32], &sealed.canonical).unwrap();
        assert_eq!(entry.kind, sealed_kind);
    }
}

#[test]
fn recall_notices_and_acknowledgements_commit_to_their_fields() {
    use yima_codes::enterprise::CreditCode;
    use yima_codes::gs1::Gtin;
    use yima_domain::{RecallAcknowledgement, RecallNotice, RecalledBatch};
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let id = "0195a7e1-0f1e-7d2c-9b3a-495867a6b5c6";
    let notice = RecallNotice {
        id: id.parse().unwrap(),
        batches: vec![
            RecalledBatch {
                gtin: Gtin::parse("9520123456788").unwrap(),
                lot: "L2025-03A".into(),
            },
            RecalledBatch {
                gtin: Gtin::parse("09520123456795").unwrap(),
                lot: "7\"/B".into(),
            },
        ],
        reason: "绝缘层厚度不符合 GB/T 5023.3-2008".into(),
        opened_by: "amr-fuzhou".into(),
        opened_at: at("2025-03-05T09:30:00.1234567Z"),
    };
    assert_eq!(
        canonical(&notice),
        format!(
            r#"{{"batches":[{{"gtin":"09520123456788","lot":"L2025-03A"}},{{"gtin":"09520123456795","lot":"7\"/B"}}],"id":"{id}","kind":"recall_notice","opened_at":"2025-03-05T09:30:00.123456Z","opened_by":"amr-fuzhou","reason":"绝缘层厚度不符合 GB/T 5023.3-2008"}}"#
        )
    );
    assert_eq!(notice.kind(), RecordKind::RecallNotice);
    assert_eq!(notice.record_ref(), format!("recall_notice:{id}"));
    assert_eq!(
        String::from_utf8(notice.public().canonical()).unwrap(),
        format!(
            r#"{{"batches":"[{{\"gtin\":\"09520123456788\",\"lot\":\"L2025-03A\"}},{{\"gtin\":\"09520123456795\",\"lot\":\"7\\\"/B\"}}]","id":"{id}","reason":"绝缘层厚度不符合 GB/T 5023.3-2008"}}"#
        )
    );

    let acknowledgement = RecallAcknowledgement {
        recall: id.parse().unwrap(),
        enterprise: CreditCode::parse("91350100M000100Y43").unwrap(),
        account: "shop-b".into(),
        acknowledged_at: at("2025-03-05T10:00:00Z"),
        note: Some("库存 40 件已封存".into()),
    };
    assert_eq!(
        canonical(&acknowledgement),
        format!(
            r#"{{"account":"shop-b","acknowledged_at":"2025-03-05T10:00:00.000000Z","enterprise":"91350100M000100Y43","kind":"recall_acknowledgement","note":"库存 40 件已封存","recall":"{id}"}}"#
        )
    );
    let without_note = RecallAcknowledgement {
        note: None,
        ..acknowledgement.clone()
    };
    assert!(canonical(&without_note).contains(r#""note":null"#));
    assert_eq!(acknowledgement.kind(), RecordKind::RecallAcknowledgement);
    assert_eq!(
        acknowledgement.record_ref(),
        format!("recall_acknowledgement:{id}/91350100M000100Y43")
    );
    assert_eq!(
        acknowledgement.public(),
        PublicFields::new()
            .with("recall", id)
            .with("enterprise", "91350100M000100Y43")
    );

    // Both seal, decode to their kind, and their evidence checks out: the reference's key
    // fields and every public field (the batches' canonical JSON among them) are the record's.
    let records: [(RecordKind, &dyn Recorded); 3] = [
        (RecordKind::RecallNotice, &notice),
        (RecordKind::RecallAcknowledgement, &acknowledgement),
        (RecordKind::RecallAcknowledgement, &without_note),
    ];
    for (kind, record) in records {
        let sealed = seal(record, common::salt()).unwrap();
        let entry = check_sealed(&sealed.entry, &common::salt(), &sealed.canonical).unwrap();
        assert_eq!(entry.kind, kind);
        assert_eq!(entry.kind.code(), kind.code());
        let evidence = RecordEvidence::from_sealed(&sealed).unwrap();
        assert_eq!(evidence.verify_commitment().unwrap(), entry);
    }
    assert_eq!(RecordKind::RecallNotice.code(), 13);
    assert_eq!(RecordKind::RecallAcknowledgement.code(), 14);

    // Evidence whose public batches are not the record's is refused.
    let sealed = seal(&notice, common::salt()).unwrap();
    let mut entry = LeafEntry::decode(&sealed.entry).unwrap();
    entry.public.insert(
        "batches",
        r#"[{"gtin":"09520123456788","lot":"L2025-03A"}]"#,
    );
    let mut e = RecordEvidence::from_sealed(&sealed).unwrap();
    e.entry = hex::encode(entry.encode());
    assert_eq!(
        e.verify_commitment(),
        Err(LedgerError::PublicFieldMismatch {
            field: "batches".into()
        })
    );
    // An acknowledgement's reference must name its own enterprise.
    let sealed = seal(&acknowledgement, common::salt()).unwrap();
    let mut e = RecordEvidence::from_sealed(&sealed).unwrap();
    e.record_ref = format!("recall_acknowledgement:{id}/91350100M000100Y43");
    assert!(e.verify_commitment().is_ok());
    e.record_ref = format!("recall_acknowledgement:{id}/91310230MA1K314J7C");
    assert!(matches!(
        e.verify_commitment(),
        Err(LedgerError::BadEvidence { .. })
    ));
}

/// The largest notice (a hundred batches with the longest lots, each character escaped
/// twice in the public fields, and the longest reason in four-byte characters) still fits an
/// entry.
#[test]
fn the_largest_recall_notice_fits_an_entry() {
    use yima_codes::gs1::Gtin;
    use yima_domain::recall::{MAX_BATCHES, MAX_REASON_CHARS};
    use yima_domain::{RecallNotice, RecalledBatch};
    let notice = RecallNotice {
        id: uuid::Uuid::nil(),
        batches: (0..MAX_BATCHES)
            .map(|i| RecalledBatch {
                gtin: Gtin::parse("09520123456788").unwrap(),
                lot: format!("{i:03}{}", "\"".repeat(17)),
            })
            .collect(),
        reason: "😀".repeat(MAX_REASON_CHARS),
        opened_by: "a".repeat(64),
        opened_at: DateTime::UNIX_EPOCH,
    };
    let sealed = seal(&notice, common::salt()).unwrap();
    assert!(sealed.entry.len() < yima_domain::ledger::MAX_ENTRY_LEN);
}
