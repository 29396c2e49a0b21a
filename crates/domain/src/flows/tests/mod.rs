//! Every action's event and every refusal, with the fixtures they share.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod mapping;
mod refusals;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use uuid::Uuid;
use yima_codes::CodeRules;
use yima_codes::gs1::Gtin;

use super::{Flow, FlowDraft, LotFacts};
use crate::batch::{InspectionProof, InspectionResult};
use crate::validation::Invalid;

const PRODUCER: &str = "91350100M000100Y43";
const SHOP: &str = "91310230MA1K314J7C";
const BUYER: &str = "91440300MA5F00001A";
const GTIN: &str = "09520123456788";
const LOT: &str = "ABC1";
/// A unit with its lot on the symbol, and its identifier in events.
const UNIT: &str = "(01)09520123456788(10)ABC1(21)12345";
const UNIT_EPC: &str = "https://id.gs1.org/01/09520123456788/21/12345";
const CASE: &str = "(00)106141412345678908";
const CASE_EPC: &str = "https://id.gs1.org/00/106141412345678908";
const LOT_CLASS: &str = "https://id.gs1.org/01/09520123456788/10/ABC1";

fn now() -> DateTime<Utc> {
    "2025-06-01T00:00:00Z".parse().unwrap()
}

fn draft(action: &str, by: &str) -> FlowDraft {
    FlowDraft {
        action: action.to_owned(),
        by: by.to_owned(),
        at: Some("2025-03-05T10:00:00+08:00".to_owned()),
        ..FlowDraft::default()
    }
}

fn units(action: &str, by: &str) -> FlowDraft {
    FlowDraft {
        codes: vec![UNIT.to_owned()],
        ..draft(action, by)
    }
}

fn facts() -> LotFacts {
    LotFacts {
        batch_id: Uuid::nil(),
        gtin: Some(Gtin::parse(GTIN).unwrap()),
        lot: LOT.to_owned(),
        production_date: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        unit_of_measure: "H87".to_owned(),
        inspection: InspectionProof {
            certificate_number: "JY20250301".to_owned(),
            issuer: "福建省产品质量检验研究院".to_owned(),
            date: NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
            result: InspectionResult::Conformant,
            document_sha256: None,
        },
    }
}

fn flow(d: &FlowDraft) -> Flow {
    d.validate(&CodeRules::default(), now())
        .unwrap_or_else(|e| panic!("{d:?}: {e}"))
}

/// The event of `d` as EPCIS JSON, made with `lot`.
fn event_with(d: &FlowDraft, lot: Option<&LotFacts>) -> Value {
    let event = flow(d).event(lot).unwrap_or_else(|e| panic!("{d:?}: {e}"));
    Value::Object(event.to_json())
}

fn event(d: &FlowDraft) -> Value {
    event_with(d, None)
}

/// The fields every failure of `d` names, in order.
fn refused(d: &FlowDraft) -> Vec<String> {
    fields(d.validate(&CodeRules::default(), now()).unwrap_err())
}

fn fields(invalid: Invalid) -> Vec<String> {
    invalid.errors.into_iter().map(|e| e.field).collect()
}

fn party(code: &str) -> String {
    format!("urn:yima:party:{code}")
}
