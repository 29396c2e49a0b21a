//! Disclosure (公开权限): one table of field × audience saying who may see each field of the
//! unified data requirements, shipped with defaults that follow domain.md §2
//! (`data/disclosure.toml`) and replaceable by configuration. Every face that shows records —
//! the scan, the JSON API, EPCIS queries — asks this table, through `Policy::allows`, with the
//! relations the viewer has to the record (`Relations`).

mod events;
mod relations;

pub use events::{
    EventGroup, RECALL_LINE, attributable_to, edge_parties, event_parties, redact_edge,
    redact_event,
};
pub use relations::{Involvement, Relations};

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

/// The table that ships with the platform.
pub const DEFAULT_TOML: &str = include_str!("../../data/disclosure.toml");

/// A viewer's relation to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Audience {
    /// Anyone.
    Public,
    /// The enterprise whose record it is.
    Owner,
    /// An enterprise the record names.
    Party,
    /// An association of the owner or a party.
    Association,
    /// A regulator whose jurisdiction (and categories) hold the record.
    Regulator,
}

impl Audience {
    pub const ALL: [Audience; 5] = [
        Self::Public,
        Self::Owner,
        Self::Party,
        Self::Association,
        Self::Regulator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Owner => "owner",
            Self::Party => "party",
            Self::Association => "association",
            Self::Regulator => "regulator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A field of the unified data requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    ProducerName,
    ProducerCreditCode,
    ProducerAddress,
    ProducerRegion,
    ProductName,
    ProductModel,
    ProductCategory,
    ProductStandard,
    /// The CCC certificate or production licence, with its status.
    ProductCertificate,
    BatchLot,
    BatchProductionDate,
    /// The inspection-conformity proof.
    BatchInspection,
    /// Events of production: commissioning, inspection, packing, holds, recalls, scrapping.
    ProductionEvents,
    /// Shipments (流向): that they happened, when, and what.
    FlowEvents,
    FlowConsignee,
    /// Receipts (进货).
    PurchaseEvents,
    PurchaseSupplier,
    /// Sales (销售), retail and to businesses.
    SaleEvents,
    SaleBuyer,
    /// Business documents events name.
    EventDocuments,
}

impl Field {
    pub const ALL: [Field; 20] = [
        Self::ProducerName,
        Self::ProducerCreditCode,
        Self::ProducerAddress,
        Self::ProducerRegion,
        Self::ProductName,
        Self::ProductModel,
        Self::ProductCategory,
        Self::ProductStandard,
        Self::ProductCertificate,
        Self::BatchLot,
        Self::BatchProductionDate,
        Self::BatchInspection,
        Self::ProductionEvents,
        Self::FlowEvents,
        Self::FlowConsignee,
        Self::PurchaseEvents,
        Self::PurchaseSupplier,
        Self::SaleEvents,
        Self::SaleBuyer,
        Self::EventDocuments,
    ];

    /// The field's name in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProducerName => "producer.name",
            Self::ProducerCreditCode => "producer.credit_code",
            Self::ProducerAddress => "producer.address",
            Self::ProducerRegion => "producer.region",
            Self::ProductName => "product.name",
            Self::ProductModel => "product.model",
            Self::ProductCategory => "product.category",
            Self::ProductStandard => "product.standard",
            Self::ProductCertificate => "product.certificate",
            Self::BatchLot => "batch.lot",
            Self::BatchProductionDate => "batch.production_date",
            Self::BatchInspection => "batch.inspection",
            Self::ProductionEvents => "production.events",
            Self::FlowEvents => "flow.events",
            Self::FlowConsignee => "flow.consignee",
            Self::PurchaseEvents => "purchase.events",
            Self::PurchaseSupplier => "purchase.supplier",
            Self::SaleEvents => "sale.events",
            Self::SaleBuyer => "sale.buyer",
            Self::EventDocuments => "event.documents",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Why a table cannot be used; each names the field and the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the disclosure table is not TOML of the expected shape: {0}")]
    Syntax(String),
    #[error("\"{0}\" is not a field of the disclosure table (fields: {1})")]
    UnknownField(String, String),
    #[error(
        "field \"{field}\": \"{audience}\" is not an audience (public, owner, party, association, regulator)"
    )]
    UnknownAudience { field: String, audience: String },
}

/// The table: for each field, the audiences that see it. Administrators see every field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    table: BTreeMap<Field, BTreeSet<Audience>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    fields: BTreeMap<String, Vec<String>>,
}

impl Default for Policy {
    /// The shipped table; it is part of the build and tested to parse.
    fn default() -> Self {
        Self::from_toml(DEFAULT_TOML).unwrap_or_else(|_| Self {
            table: BTreeMap::new(),
        })
    }
}

impl Policy {
    /// Reads a table; a field it does not list is seen by administrators only.
    pub fn from_toml(text: &str) -> Result<Self, PolicyError> {
        let file: PolicyFile =
            toml::from_str(text).map_err(|e| PolicyError::Syntax(e.message().to_owned()))?;
        let mut table = BTreeMap::new();
        for (name, audiences) in file.fields {
            let field = Field::parse(&name).ok_or_else(|| {
                let known: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
                PolicyError::UnknownField(name.clone(), known.join(", "))
            })?;
            let audiences = audiences
                .iter()
                .map(|a| {
                    Audience::parse(a).ok_or_else(|| PolicyError::UnknownAudience {
                        field: name.clone(),
                        audience: a.clone(),
                    })
                })
                .collect::<Result<BTreeSet<_>, _>>()?;
            table.insert(field, audiences);
        }
        Ok(Self { table })
    }

    /// The audiences that see `field`.
    pub fn audiences(&self, field: Field) -> impl Iterator<Item = Audience> + '_ {
        self.table.get(&field).into_iter().flatten().copied()
    }

    /// Whether a viewer with `relations` sees `field`.
    pub fn allows(&self, field: Field, relations: &Relations) -> bool {
        relations.is_admin() || self.audiences(field).any(|a| relations.has(a))
    }
}

#[cfg(test)]
mod tests;
