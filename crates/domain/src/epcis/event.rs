//! One EPCIS 2.0 event, of any of the five types, as EPCIS 2.0 JSON-LD writes it: what (EPCs,
//! or classes with quantities), when, where, why, and how it is to be read (sensor data,
//! certificates, an error declaration). Reading checks every field's own rules, the rules of
//! the event's type (`rules.rs`) and that every extension names a declared namespace
//! (`extension.rs`); a refusal names the JSON path and the rule.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::cbv::{BizStep, Disposition, Term};
use super::declaration::{CertificationInfo, ErrorDeclaration, PersistentDisposition};
use super::extension::{Namespaces, check_extensions};
use super::kind::{Action, EventType};
use super::place::Place;
use super::quantity::QuantityElement;
use super::sensor::SensorElement;
use super::when::{TimeZoneOffset, Timestamp};
use super::why::{BizTransaction, Destination, Source};

/// Why an event was refused: where in it, and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {rule}")]
pub struct EventError {
    /// The JSON path within the event (`epcList[2]`, `sensorElementList[0].sensorReport[1].value`).
    pub path: String,
    pub rule: String,
}

impl EventError {
    pub(crate) fn at(path: impl Into<String>, rule: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            rule: rule.into(),
        }
    }

    /// The same error seen from an enclosing object: `prefix.path`.
    pub fn within(self, prefix: &str) -> Self {
        let path = if self.path.is_empty() {
            prefix.to_owned()
        } else if self.path.starts_with('[') {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}.{}", self.path)
        };
        Self { path, ..self }
    }
}

/// An EPCIS event. Lists absent from the JSON are empty here and are not written back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(rename = "eventID", default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    pub event_time: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_time: Option<Timestamp>,
    pub event_time_zone_offset: TimeZoneOffset,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification_info: Option<CertificationInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_declaration: Option<ErrorDeclaration>,
    #[serde(rename = "parentID", default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub epc_list: Vec<String>,
    #[serde(rename = "childEPCs", default, skip_serializing_if = "Vec::is_empty")]
    pub child_epcs: Vec<String>,
    #[serde(
        rename = "inputEPCList",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub input_epc_list: Vec<String>,
    #[serde(
        rename = "outputEPCList",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub output_epc_list: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    #[serde(
        rename = "transformationID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub transformation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantity_list: Vec<QuantityElement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub child_quantity_list: Vec<QuantityElement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input_quantity_list: Vec<QuantityElement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub output_quantity_list: Vec<QuantityElement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_step: Option<Term<BizStep>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<Term<Disposition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_disposition: Option<PersistentDisposition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_point: Option<Place>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_location: Option<Place>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub biz_transaction_list: Vec<BizTransaction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_list: Vec<Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination_list: Vec<Destination>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensor_element_list: Vec<SensorElement>,
    /// Instance/lot master data: the lot's production date, expiry, certificate… every key in
    /// a namespace (`cbvmda:lotNumber`, `example:grade`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ilmd: Option<Map<String, Value>>,
    /// Fields of other namespaces (`example:myField`).
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
    /// The namespaces the event's extension prefixes stand for, from the document's
    /// `@context` (only those the event uses).
    #[serde(skip)]
    pub namespaces: Namespaces,
}

/// The role an identifier plays in an event, for matching (`MATCH_epc` and its kin) and for
/// tracing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EpcRole {
    /// `epcList`, or `childEPCs` of an aggregation or association.
    Epc,
    Parent,
    Input,
    Output,
}

impl EpcRole {
    pub fn name(self) -> &'static str {
        match self {
            Self::Epc => "epc",
            Self::Parent => "parent",
            Self::Input => "input",
            Self::Output => "output",
        }
    }
}

impl Event {
    /// Reads one event object. `namespaces` are the prefixes the enclosing document declared;
    /// an `@context` inside the event adds its own.
    pub fn from_json(
        mut object: Map<String, Value>,
        namespaces: &Namespaces,
    ) -> Result<Self, EventError> {
        let mut namespaces = namespaces.clone();
        if let Some(context) = object.remove("@context") {
            super::extension::read_context(&context, &mut namespaces)
                .map_err(|e| e.within("@context"))?;
        }
        let mut event: Self = serde_path_to_error::deserialize(Value::Object(object)).map_err(
            |e: serde_path_to_error::Error<serde_json::Error>| {
                let path = e.path().to_string();
                let path = if path == "." { String::new() } else { path };
                EventError::at(path, e.into_inner().to_string())
            },
        )?;
        event.namespaces = check_extensions(&event, &namespaces)?;
        super::rules::check(&event)?;
        Ok(event)
    }

    /// The event as EPCIS 2.0 JSON, without `@context`.
    pub fn to_json(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            // Every field serialises to JSON: a struct of strings, numbers and maps.
            _ => Map::new(),
        }
    }

    /// Every EPC the event names (parent, EPCs, children, inputs and outputs) with its role.
    pub fn epcs(&self) -> impl Iterator<Item = (EpcRole, &str)> {
        let parent = self.parent_id.iter().map(|e| (EpcRole::Parent, e.as_str()));
        let listed = self
            .epc_list
            .iter()
            .chain(&self.child_epcs)
            .map(|e| (EpcRole::Epc, e.as_str()));
        let inputs = self
            .input_epc_list
            .iter()
            .map(|e| (EpcRole::Input, e.as_str()));
        let outputs = self
            .output_epc_list
            .iter()
            .map(|e| (EpcRole::Output, e.as_str()));
        parent.chain(listed).chain(inputs).chain(outputs)
    }

    /// Every class-level quantity with its role.
    pub fn quantities(&self) -> impl Iterator<Item = (EpcRole, &QuantityElement)> {
        let listed = self
            .quantity_list
            .iter()
            .chain(&self.child_quantity_list)
            .map(|q| (EpcRole::Epc, q));
        let inputs = self.input_quantity_list.iter().map(|q| (EpcRole::Input, q));
        let outputs = self
            .output_quantity_list
            .iter()
            .map(|q| (EpcRole::Output, q));
        listed.chain(inputs).chain(outputs)
    }

    /// The namespaces by prefix, for writing a document's `@context`.
    pub fn namespace_map(&self) -> &BTreeMap<String, String> {
        self.namespaces.as_map()
    }
}
