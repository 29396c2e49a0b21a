//! Fixed records of every kind, the examples of `docs/ledger-entries.md` and the known answers
//! of the ledger tests: nothing here reads a clock or draws a random id.

#![allow(dead_code)] // each test binary uses its own subset
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;
use yima_domain::batch::InspectionProof;
use yima_domain::{
    Approval, Batch, Correction, Enterprise, InspectionResult, Issuance, IssuingKeyRecord, Product,
    RecordRef, RegionCode, Roles, UnitRegistration, codes_root,
};

pub const PRODUCT_ID: &str = "0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b";
pub const BATCH_ID: &str = "0195a2b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
pub const CORRECTION_ID: &str = "0195a7e1-0f1e-7d2c-9b3a-495867a6b5c4";

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().to_utc()
}

pub fn day(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap()
}

fn id(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

/// The salt of every example: the bytes 0x00 to 0x1f.
pub fn salt() -> [u8; 32] {
    std::array::from_fn(|i| i as u8)
}

pub fn enterprise() -> Enterprise {
    Enterprise {
        credit_code: CreditCode::parse("91350100M000100Y43").unwrap(),
        name: "福州线缆有限公司".into(),
        address: "福建省福州市鼓楼区工业路1号".into(),
        region: RegionCode::parse("350102").unwrap(),
        roles: Roles {
            producer: true,
            seller: false,
        },
        // Nanoseconds the store will drop: the canonical time has microseconds only.
        registered_at: at("2025-03-01T10:20:30.123456789Z"),
    }
}

pub fn product() -> Product {
    Product {
        id: id(PRODUCT_ID),
        producer: enterprise().credit_code,
        name: "聚氯乙烯绝缘电线".into(),
        model: "BV 2.5mm² 450/750V".into(),
        category: "wire-cable".into(),
        standard: "GB/T 5023.3-2008".into(),
        gtin: Some(Gtin::parse("9520123456788").unwrap()),
        approval: Approval::from_parts(
            "production_licence",
            "XK06-001-10000",
            "valid",
            at("2025-03-01T09:00:00Z"),
        )
        .unwrap(),
        registered_at: at("2025-03-01T10:25:00.5Z"),
    }
}

pub fn batch() -> Batch {
    Batch {
        id: id(BATCH_ID),
        product_id: id(PRODUCT_ID),
        lot: "L2025-03A".into(),
        production_date: day("2025-02-27"),
        quantity: 2000,
        unit_of_measure: "H87".into(),
        inspection: InspectionProof {
            certificate_number: "JY2025100800".into(),
            issuer: "福建省产品质量检验研究院".into(),
            date: day("2025-02-28"),
            result: InspectionResult::Conformant,
            document_sha256: None,
        },
        registered_at: at("2025-03-01T11:00:00Z"),
    }
}

/// The keys of the example registration, in the order a client sent them.
pub const UNIT_KEYS: [&str; 3] = [
    "gs1:01/09520123456788/21/0003",
    "gs1:01/09520123456788/21/0001",
    "gs1:01/09520123456788/21/0002",
];

pub fn unit_registration() -> UnitRegistration {
    UnitRegistration {
        batch_id: id(BATCH_ID),
        sequence: 1,
        added: 3,
        total: 3,
        registered_at: at("2025-03-01T11:05:00.000001Z"),
        codes_root: codes_root(UNIT_KEYS),
    }
}

pub fn issuance() -> Issuance {
    Issuance {
        key_id: 1,
        number: 7,
        batch_id: id(BATCH_ID),
        count: 500,
        issued_at: at("2025-03-01T11:10:00Z"),
    }
}

pub fn issuing_key() -> IssuingKeyRecord {
    IssuingKeyRecord {
        id: 1,
        fingerprint: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        created_at: at("2025-01-01T00:00:00Z"),
    }
}

pub fn correction() -> Correction {
    Correction {
        id: id(CORRECTION_ID),
        subject: RecordRef::Batch(id(BATCH_ID)),
        changes: [("production_date".to_owned(), "2025-02-26".into())].into(),
        reason: "the production date was mistyped: the lot was made on the 26th".into(),
        corrected_at: at("2025-03-02T08:00:00Z"),
    }
}

pub const EVENT_ID: &str = "0195a7f0-2b3c-7d4e-8f50-61728394a5b6";

/// A shipment of two units to a buyer, as captured.
pub fn event() -> yima_domain::epcis::CapturedEvent {
    let json = serde_json::json!({
        "type": "ObjectEvent", "action": "OBSERVE",
        "eventTime": "2025-03-03T09:30:00.000+08:00", "eventTimeZoneOffset": "+08:00",
        "epcList": ["https://id.gs1.org/01/06901234500011/21/A001", "https://id.gs1.org/01/06901234500011/21/A002"],
        "bizStep": "shipping", "disposition": "in_transit",
        "destinationList": [{"type": "owning_party", "destination": "https://id.gs1.org/417/6901234000016"}]
    });
    let serde_json::Value::Object(object) = json else {
        unreachable!()
    };
    let event =
        yima_domain::epcis::Event::from_json(object, &yima_domain::epcis::Namespaces::default())
            .unwrap();
    let hash = yima_domain::epcis::event_hash_id(&event.to_json(), event.namespace_map()).unwrap();
    yima_domain::epcis::CapturedEvent::new(
        id(EVENT_ID),
        hash.to_string(),
        event,
        at("2025-03-03T01:31:00Z"),
        Some("91350100M000100Y43".into()),
        None,
    )
}
