//! The registry's views and the scan's answer cut to what the caller may see: each names the
//! disclosure table's field behind each of its fields, and `Shown` decides.

use yima_domain::disclosure::Field;

use super::registry::{BatchView, CorrectionView, EnterpriseView, ProductView};
use super::resolve::ResolveResponse;
use crate::disclosure::Shown;

/// The fields an enterprise's correction may change, and the table's field for each.
const ENTERPRISE_CHANGES: &[(&str, Field)] = &[
    ("name", Field::ProducerName),
    ("address", Field::ProducerAddress),
    ("region", Field::ProducerRegion),
];
const PRODUCT_CHANGES: &[(&str, Field)] = &[
    ("name", Field::ProductName),
    ("model", Field::ProductModel),
    ("standard", Field::ProductStandard),
    ("approval", Field::ProductCertificate),
];
const BATCH_CHANGES: &[(&str, Field)] = &[
    ("production_date", Field::BatchProductionDate),
    ("inspection", Field::BatchInspection),
];

fn corrections(list: &mut [CorrectionView], shown: &Shown, fields: &[(&str, Field)]) {
    for correction in list {
        shown.keep_changes(&mut correction.changes, fields);
    }
}

impl EnterpriseView {
    pub fn disclose(&mut self, shown: &Shown) {
        shown.keep(&mut self.name, Field::ProducerName);
        shown.keep(&mut self.address, Field::ProducerAddress);
        shown.keep(&mut self.region, Field::ProducerRegion);
        corrections(&mut self.corrections, shown, ENTERPRISE_CHANGES);
    }
}

impl ProductView {
    pub fn disclose(&mut self, shown: &Shown) {
        shown.keep(&mut self.producer, Field::ProducerCreditCode);
        shown.keep(&mut self.name, Field::ProductName);
        shown.keep(&mut self.model, Field::ProductModel);
        shown.keep(&mut self.category, Field::ProductCategory);
        shown.keep(&mut self.standard, Field::ProductStandard);
        shown.keep(&mut self.approval, Field::ProductCertificate);
        corrections(&mut self.corrections, shown, PRODUCT_CHANGES);
    }
}

impl BatchView {
    pub fn disclose(&mut self, shown: &Shown) {
        shown.keep(&mut self.lot, Field::BatchLot);
        shown.keep(&mut self.production_date, Field::BatchProductionDate);
        shown.keep(&mut self.inspection, Field::BatchInspection);
        corrections(&mut self.corrections, shown, BATCH_CHANGES);
    }
}

impl ResolveResponse {
    pub fn disclose(&mut self, shown: &Shown) {
        if let Some(producer) = &mut self.producer {
            shown.keep(&mut producer.credit_code, Field::ProducerCreditCode);
            shown.keep(&mut producer.name, Field::ProducerName);
            shown.keep(&mut producer.address, Field::ProducerAddress);
            shown.keep(&mut producer.region, Field::ProducerRegion);
        }
        if let Some(product) = &mut self.product {
            shown.keep(&mut product.name, Field::ProductName);
            shown.keep(&mut product.model, Field::ProductModel);
            if !shown.allows(Field::ProductCategory) {
                product.category = None;
                product.category_name_zh = None;
                product.category_name_en = None;
            }
            shown.keep(&mut product.standard, Field::ProductStandard);
            shown.keep(&mut product.approval, Field::ProductCertificate);
        }
        if let Some(batch) = &mut self.batch {
            shown.keep(&mut batch.lot, Field::BatchLot);
            shown.keep(&mut batch.production_date, Field::BatchProductionDate);
        }
        shown.keep(&mut self.inspection, Field::BatchInspection);
    }
}
