//! Records for the conformance suite, built through the domain's own validation.

#![allow(dead_code)]

pub mod bench;
pub mod chain;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::{Gtin, check_digit};
use yima_codes::{Scan, TraceCode};
use yima_domain::RecordRef;
use yima_domain::batch::InspectionDraft;
use yima_domain::ledger::{LeafEntry, Recorded, check_sealed};
use yima_domain::{
    ApprovalDraft, Batch, BatchDraft, Catalogue, Enterprise, EnterpriseDraft, Product,
    ProductDraft, UnitCode,
};
use yima_store::{Store, StoreError};

/// Now, to the microsecond: the precision both engines keep, so records read back equal.
pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    t.with_nanosecond(t.nanosecond() / 1_000 * 1_000).unwrap()
}

/// A valid credit code, different for every `n`.
pub fn credit_code(n: u64) -> CreditCode {
    let body = format!("91350102MA{:07}", n % 10_000_000);
    "0123456789ABCDEFGHJKLMNPQRTUWXY"
        .chars()
        .find_map(|c| CreditCode::parse(&format!("{body}{c}")).ok())
        .unwrap()
}

/// A valid GTIN, different for every `n`.
pub fn gtin(n: u64) -> Gtin {
    let body = format!("6901{:08}", n % 100_000_000);
    let check = check_digit(&body).unwrap();
    Gtin::parse(&format!("{body}{check}")).unwrap()
}

pub fn enterprise(n: u64, roles: &[&str]) -> Enterprise {
    EnterpriseDraft {
        credit_code: credit_code(n).to_string(),
        name: format!("福州线缆有限公司{n}"),
        address: "福建省福州市鼓楼区工业路1号".into(),
        region: "350102".into(),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
    }
    .validate(now())
    .unwrap()
}

pub fn producer(n: u64) -> Enterprise {
    enterprise(n, &["producer", "seller"])
}

/// A CCC-certified electric bicycle with a GTIN.
pub fn bicycle(producer: &Enterprise, gtin_n: u64) -> Product {
    ProductDraft {
        producer: producer.credit_code.to_string(),
        name: "电动自行车".into(),
        model: format!("TDT-{gtin_n} 48V"),
        category: "electric-bicycle".into(),
        standard: "GB 17761-2024".into(),
        gtin: Some(gtin(gtin_n).to_string()),
        approval: ApprovalDraft {
            regime: "ccc".into(),
            number: "2023011100010000".into(),
            status: "valid".into(),
            checked_at: Some(now() - chrono::TimeDelta::days(3)),
        },
    }
    .validate(Some(producer), &Catalogue::builtin().unwrap(), now())
    .unwrap()
}

/// Cable under a production licence, without a GTIN.
pub fn cable(producer: &Enterprise) -> Product {
    ProductDraft {
        producer: producer.credit_code.to_string(),
        name: "聚氯乙烯绝缘电线".into(),
        model: "BV 2.5mm² 450/750V".into(),
        category: "wire-cable".into(),
        standard: "GB/T 5023.3-2008".into(),
        gtin: None,
        approval: ApprovalDraft {
            regime: "production_licence".into(),
            number: "XK06-001-10000".into(),
            status: "suspended".into(),
            checked_at: None,
        },
    }
    .validate(Some(producer), &Catalogue::builtin().unwrap(), now())
    .unwrap()
}

/// A batch of `quantity` pieces, lot `lot`, with a certificate digest.
pub fn batch(product: &Product, lot: &str, quantity: u64) -> Batch {
    batch_in(product, lot, quantity, None)
}

/// A batch measured in `unit` (e.g. `MTR`), without a certificate digest.
pub fn batch_in(product: &Product, lot: &str, quantity: u64, unit: Option<&str>) -> Batch {
    let digest = unit.is_none().then(|| "AB".repeat(32));
    BatchDraft {
        lot: lot.into(),
        production_date: NaiveDate::from_ymd_opt(2025, 3, 1),
        quantity,
        unit_of_measure: unit.map(str::to_owned),
        inspection: InspectionDraft {
            certificate_number: "JY2025030001".into(),
            issuer: "福州线缆质量检验部".into(),
            date: NaiveDate::from_ymd_opt(2025, 3, 3),
            result: if unit.is_none() {
                "conformant"
            } else {
                "non_conformant"
            }
            .into(),
            document_sha256: digest,
        },
    }
    .validate(product, now())
    .unwrap()
}

pub fn code(text: &str) -> TraceCode {
    Scan::parse(text).unwrap().code
}

/// The unit codes `(01){gtin}(21){prefix}{i}` for `i` in `range`.
pub fn units(
    product: &Product,
    batch: &Batch,
    prefix: &str,
    range: std::ops::Range<u64>,
) -> Vec<UnitCode> {
    let gtin = product.gtin.as_ref().unwrap();
    let at = now();
    range
        .map(|i| {
            let code = code(&format!("(01){gtin}(21){prefix}{i}"));
            UnitCode::for_batch(&code, product, batch, at).unwrap()
        })
        .collect()
}

/// A producer with one product (with GTIN) and one batch of 10,000 pieces, stored.
pub struct World {
    pub producer: Enterprise,
    pub product: Product,
    pub batch: Batch,
}

pub async fn world(store: &dyn Store) -> World {
    let producer = producer(1);
    let product = bicycle(&producer, 1);
    let batch = batch(&product, "L2503A", 10_000);
    store.insert_enterprise(&producer).await.unwrap();
    store.insert_product(&product).await.unwrap();
    store.insert_batch(&batch).await.unwrap();
    World {
        producer,
        product,
        batch,
    }
}

/// The `what` of a conflict, or a panic naming what came instead.
pub fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::Conflict { what }) => what,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// The `what` of a missing reference, or a panic naming what came instead.
pub fn missing<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::MissingReference { what }) => what,
        other => panic!("expected a missing reference, got {other:?}"),
    }
}

/// The events of an EPCIS document, captured now with made-up hash IDs (`n` numbers the
/// first; the store does not compute them), as the submitter `by`.
pub fn captured(
    document: &serde_json::Value,
    n: u64,
    by: &str,
) -> Vec<yima_domain::epcis::CapturedEvent> {
    let bytes = serde_json::to_vec(document).unwrap();
    let read = yima_domain::epcis::read_document(&bytes).unwrap();
    read.events
        .into_iter()
        .enumerate()
        .map(|(i, event)| {
            yima_domain::epcis::CapturedEvent::new(
                uuid::Uuid::now_v7(),
                format!("ni:///sha-256;{:064x}?ver=CBV2.0", n + i as u64),
                event.unwrap(),
                now(),
                Some(by.to_owned()),
                None,
            )
        })
        .collect()
}

/// An EPCIS document of `events`.
pub fn epcis_document(events: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                     {"ex": "https://ns.example.com/epcis/"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-03-01T08:00:00+08:00",
        "epcisBody": { "eventList": events }
    })
}

/// The problem of an `Invalid` refusal, or a panic naming what came instead.
pub fn invalid<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::Invalid { problem }) => problem,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// That the record has a leaf of its kind, not integrated yet, with the id its insert
/// returned, sealing the canonical bytes read back from the store, which equal those of
/// `record` itself.
pub async fn assert_leaf_seals<R: Recorded>(
    store: &dyn Store,
    reference: RecordRef,
    leaf: Uuid,
    record: &R,
) {
    assert_eq!(reference.to_string(), record.record_ref());
    let (index, stored) = store
        .leaf_by_ref(&reference.to_string())
        .await
        .unwrap()
        .expect("a leaf");
    assert_eq!(index, None);
    assert_eq!(stored.id, leaf);
    assert_eq!(stored.kind, reference.kind().code());
    let canonical = yima_store::canonical_record(store, &reference)
        .await
        .unwrap()
        .expect("the record")
        .unwrap();
    assert_eq!(canonical, record.canonical().unwrap(), "{reference}");
    let entry = check_sealed(&stored.entry, &stored.salt, &canonical).unwrap();
    assert_eq!(entry.kind, reference.kind());
    assert_eq!(entry.public, record.public());
    assert_eq!(LeafEntry::decode(&stored.entry).unwrap(), entry);
}
