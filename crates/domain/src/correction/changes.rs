//! Which fields a correction may change, per kind of record, and how each change's JSON is
//! read onto the draft the record is re-validated from. Failures name `changes.<field>`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use crate::batch::BatchDraft;
use crate::enterprise::EnterpriseDraft;
use crate::ledger::{RecordKind, canonical_date};
use crate::product::ProductDraft;
use crate::validation::Checker;

/// The fields a correction may change; identifiers and quantities are not among them, since
/// a record with a wrong one is a different record and is registered anew.
pub fn correctable(kind: RecordKind) -> Option<&'static [&'static str]> {
    match kind {
        RecordKind::Enterprise => Some(&["name", "address", "region", "roles"]),
        RecordKind::Product => Some(&["name", "model", "standard", "approval"]),
        RecordKind::Batch => Some(&["production_date", "inspection"]),
        _ => None,
    }
}

/// The fields of each kind that exist but identify the record or count it.
fn fixed(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Enterprise => &["credit_code", "registered_at"],
        RecordKind::Product => &["id", "producer", "category", "gtin", "registered_at"],
        RecordKind::Batch => &[
            "id",
            "product_id",
            "lot",
            "quantity",
            "unit_of_measure",
            "registered_at",
        ],
        _ => &[],
    }
}

fn refuse(c: &mut Checker, kind: RecordKind, name: &str) {
    let allowed = correctable(kind).unwrap_or_default().join(", ");
    let problem = if fixed(kind).contains(&name) {
        format!("cannot be corrected: a {kind} with a wrong {name} is registered anew")
    } else {
        format!("is not a field a {kind} correction may change ({allowed})")
    };
    c.fail(&format!("changes.{name}"), problem);
}

pub fn onto_enterprise(
    d: &mut EnterpriseDraft,
    changes: &BTreeMap<String, Value>,
    c: &mut Checker,
) {
    for (name, value) in changes {
        let field = format!("changes.{name}");
        match name.as_str() {
            "name" => set(&mut d.name, text(c, &field, value)),
            "address" => set(&mut d.address, text(c, &field, value)),
            "region" => set(&mut d.region, text(c, &field, value)),
            "roles" => set(&mut d.roles, texts(c, &field, value)),
            _ => refuse(c, RecordKind::Enterprise, name),
        }
    }
}

pub fn onto_product(d: &mut ProductDraft, changes: &BTreeMap<String, Value>, c: &mut Checker) {
    for (name, value) in changes {
        let field = format!("changes.{name}");
        match name.as_str() {
            "name" => set(&mut d.name, text(c, &field, value)),
            "model" => set(&mut d.model, text(c, &field, value)),
            "standard" => set(&mut d.standard, text(c, &field, value)),
            "approval" => {
                let Some(parts) = object(c, &field, value) else {
                    continue;
                };
                for (part, value) in parts {
                    let field = format!("{field}.{part}");
                    let a = &mut d.approval;
                    match part.as_str() {
                        "regime" => set(&mut a.regime, text(c, &field, value)),
                        "number" => set(&mut a.number, text(c, &field, value)),
                        "status" => set(&mut a.status, text(c, &field, value)),
                        "checked_at" => set(&mut a.checked_at, time(c, &field, value).map(Some)),
                        _ => c.fail(
                            &field,
                            "is not part of an approval (regime, number, status, checked_at)",
                        ),
                    }
                }
            }
            _ => refuse(c, RecordKind::Product, name),
        }
    }
}

pub fn onto_batch(d: &mut BatchDraft, changes: &BTreeMap<String, Value>, c: &mut Checker) {
    for (name, value) in changes {
        let field = format!("changes.{name}");
        match name.as_str() {
            "production_date" => set(&mut d.production_date, date(c, &field, value).map(Some)),
            "inspection" => {
                let Some(parts) = object(c, &field, value) else {
                    continue;
                };
                for (part, value) in parts {
                    let field = format!("{field}.{part}");
                    let i = &mut d.inspection;
                    match part.as_str() {
                        "certificate_number" => {
                            set(&mut i.certificate_number, text(c, &field, value));
                        }
                        "issuer" => set(&mut i.issuer, text(c, &field, value)),
                        "date" => set(&mut i.date, date(c, &field, value).map(Some)),
                        "result" => set(&mut i.result, text(c, &field, value)),
                        "document_sha256" => {
                            set(&mut i.document_sha256, optional_text(c, &field, value));
                        }
                        _ => c.fail(
                            &field,
                            "is not part of an inspection proof (certificate_number, issuer, date, result, document_sha256)",
                        ),
                    }
                }
            }
            _ => refuse(c, RecordKind::Batch, name),
        }
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn text(c: &mut Checker, field: &str, value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        _ => {
            c.fail(field, "must be a string");
            None
        }
    }
}

fn optional_text(c: &mut Checker, field: &str, value: &Value) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        Value::String(s) => Some(Some(s.clone())),
        _ => {
            c.fail(field, "must be a string or null");
            None
        }
    }
}

fn texts(c: &mut Checker, field: &str, value: &Value) -> Option<Vec<String>> {
    let strings = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
    });
    if strings.is_none() {
        c.fail(field, "must be an array of strings");
    }
    strings
}

fn object<'v>(c: &mut Checker, field: &str, value: &'v Value) -> Option<&'v Map<String, Value>> {
    match value {
        Value::Object(parts) if !parts.is_empty() => Some(parts),
        Value::Object(_) => {
            c.fail(field, "names no part to correct");
            None
        }
        _ => {
            c.fail(field, "must be an object of the parts to correct");
            None
        }
    }
}

fn date(c: &mut Checker, field: &str, value: &Value) -> Option<NaiveDate> {
    let parsed = value
        .as_str()
        .and_then(|s| Some((s, NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?)))
        // chrono also reads `2025-3-1`; a record's dates have one spelling.
        .filter(|(s, d)| canonical_date(*d) == *s)
        .map(|(_, d)| d);
    if parsed.is_none() {
        c.fail(field, "must be a date written YYYY-MM-DD");
    }
    parsed
}

fn time(c: &mut Checker, field: &str, value: &Value) -> Option<DateTime<Utc>> {
    let parsed = value
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.to_utc());
    if parsed.is_none() {
        c.fail(
            field,
            "must be an RFC 3339 time such as 2025-03-01T10:20:30Z",
        );
    }
    parsed
}
