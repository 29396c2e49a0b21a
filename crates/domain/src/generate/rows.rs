//! The records as rows of CSV files: a header and one row per record, plain text cells. The
//! flows' rows have the columns `yima import` reads (a subset of the flows API's fields; codes
//! separated by `|`).

use super::parties::Party;
use super::registry::{GenBatch, GenProduct, GenUnit};
use crate::flows::FlowDraft;

pub const ENTERPRISE_COLUMNS: [&str; 6] =
    ["credit_code", "name", "kind", "roles", "region", "address"];

pub fn enterprise_row(party: &Party) -> Vec<String> {
    let e = &party.enterprise;
    vec![
        e.credit_code.to_string(),
        e.name.clone(),
        party.kind.name().to_owned(),
        e.roles.names().join("|"),
        e.region.to_string(),
        e.address.clone(),
    ]
}

pub const PRODUCT_COLUMNS: [&str; 11] = [
    "id",
    "producer",
    "name",
    "model",
    "category",
    "standard",
    "gtin",
    "approval_regime",
    "approval_number",
    "approval_status",
    "unit_scheme",
];

pub fn product_row(product: &GenProduct) -> Vec<String> {
    let p = &product.product;
    vec![
        p.id.to_string(),
        p.producer.to_string(),
        p.name.clone(),
        p.model.clone(),
        p.category.clone(),
        p.standard.clone(),
        p.gtin.as_ref().map(ToString::to_string).unwrap_or_default(),
        p.approval.regime().as_str().to_owned(),
        p.approval.number().to_owned(),
        p.approval.status().as_str().to_owned(),
        product.scheme.name().to_owned(),
    ]
}

pub const BATCH_COLUMNS: [&str; 11] = [
    "id",
    "product_id",
    "gtin",
    "lot",
    "production_date",
    "quantity",
    "unit_of_measure",
    "certificate_number",
    "certificate_issuer",
    "inspection_date",
    "inspection_result",
];

pub fn batch_row(batch: &GenBatch, product: &GenProduct) -> Vec<String> {
    let b = &batch.batch;
    vec![
        b.id.to_string(),
        b.product_id.to_string(),
        product
            .product
            .gtin
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        b.lot.clone(),
        b.production_date.to_string(),
        b.quantity.to_string(),
        b.unit_of_measure.clone(),
        b.inspection.certificate_number.clone(),
        b.inspection.issuer.clone(),
        b.inspection.date.to_string(),
        b.inspection.result.as_str().to_owned(),
    ]
}

pub const UNIT_COLUMNS: [&str; 6] = ["code", "key", "scheme", "gtin", "serial", "batch_id"];

pub fn unit_row(unit: &GenUnit) -> Vec<String> {
    let u = &unit.unit;
    vec![
        unit.printed.clone(),
        u.key.clone(),
        u.scheme.clone(),
        u.gtin.as_ref().map(ToString::to_string).unwrap_or_default(),
        u.serial.clone().unwrap_or_default(),
        u.batch_id.to_string(),
    ]
}

pub const FLOW_COLUMNS: [&str; 10] = [
    "action", "by", "codes", "gtin", "lot", "to", "from", "at", "document", "parent",
];

pub fn flow_row(flow: &FlowDraft) -> Vec<String> {
    let cell = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        flow.action.clone(),
        flow.by.clone(),
        flow.codes.join("|"),
        cell(&flow.gtin),
        cell(&flow.lot),
        cell(&flow.to),
        cell(&flow.from),
        cell(&flow.at),
        cell(&flow.document),
        cell(&flow.parent),
    ]
}
