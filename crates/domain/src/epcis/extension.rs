//! Extensions: the fields an EPCIS event may carry beyond the standard's, each in a namespace
//! that the document's JSON-LD `@context` declares (`{"example": "https://ns.example.com/epcis/"}`
//! makes `example:temperatureLimit` a field of that namespace). A field outside every
//! namespace is one the standard does not define, and is refused rather than dropped; so is a
//! prefix no context declares, whose meaning no reader could recover.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::event::{Event, EventError};

/// Prefixes the EPCIS 2.0 context itself defines; usable without declaring them.
const PREDEFINED: &[&str] = &[
    "epcis", "cbv", "cbvmda", "gs1", "xsd", "rdf", "rdfs", "owl", "dcterms", "dc", "schema",
];

/// Namespace prefixes and the URIs they stand for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Namespaces(BTreeMap<String, String>);

impl Namespaces {
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    pub fn get(&self, prefix: &str) -> Option<&str> {
        self.0.get(prefix).map(String::as_str)
    }

    pub fn insert(&mut self, prefix: String, uri: String) {
        self.0.insert(prefix, uri);
    }

    fn declares(&self, prefix: &str) -> bool {
        self.0.contains_key(prefix) || PREDEFINED.contains(&prefix)
    }
}

impl FromIterator<(String, String)> for Namespaces {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

/// Reads a JSON-LD `@context` (a URI, an object of prefix → namespace URI, or an array of
/// them) into `namespaces`. Context URIs are the standard's and carry no prefixes of the
/// user's; term definitions that are not plain namespace URIs are not extensions' prefixes and
/// are passed over.
pub fn read_context(context: &Value, namespaces: &mut Namespaces) -> Result<(), EventError> {
    match context {
        Value::String(_) | Value::Null => Ok(()),
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
            read_context(item, namespaces).map_err(|e| e.within(&format!("[{i}]")))
        }),
        Value::Object(map) => {
            for (prefix, uri) in map {
                if let Value::String(uri) = uri
                    && !prefix.starts_with('@')
                {
                    if !super::cbv::is_absolute_uri(uri) {
                        return Err(EventError::at(
                            prefix.clone(),
                            format!("'{uri}' is not an absolute URI for a namespace"),
                        ));
                    }
                    namespaces.insert(prefix.clone(), uri.clone());
                }
            }
            Ok(())
        }
        _ => Err(EventError::at(
            "",
            "a context is a URI, an object of namespace prefixes, or an array of them",
        )),
    }
}

/// Checks every extension field of `event` (its own, its ILMD's, its sensor data's, its error
/// declaration's) and returns the namespaces they use.
pub(crate) fn check_extensions(
    event: &Event,
    declared: &Namespaces,
) -> Result<Namespaces, EventError> {
    let mut used = Namespaces::default();
    let mut visit = |path: String, map: &Map<String, Value>, top: bool| {
        check_map(&path, map, top, declared, &mut used)
    };
    visit(String::new(), &event.extensions, true)?;
    if let Some(ilmd) = &event.ilmd {
        visit("ilmd".into(), ilmd, true)?;
    }
    if let Some(declaration) = &event.error_declaration {
        visit("errorDeclaration".into(), &declaration.extensions, true)?;
    }
    for (i, element) in event.sensor_element_list.iter().enumerate() {
        let at = format!("sensorElementList[{i}]");
        visit(at.clone(), &element.extensions, true)?;
        if let Some(metadata) = &element.sensor_metadata {
            visit(format!("{at}.sensorMetadata"), &metadata.extensions, true)?;
        }
        for (j, report) in element.sensor_report.iter().enumerate() {
            visit(format!("{at}.sensorReport[{j}]"), &report.extensions, true)?;
        }
        element
            .check()
            .map_err(|(path, rule)| EventError::at(format!("{at}.{path}"), rule))?;
    }
    Ok(used)
}

/// At the top of an extension map every key must be namespaced; below it, keys may be plain
/// (the namespace's own structure) but a prefixed key must still be declared.
fn check_map(
    path: &str,
    map: &Map<String, Value>,
    top: bool,
    declared: &Namespaces,
    used: &mut Namespaces,
) -> Result<(), EventError> {
    for (key, value) in map {
        let at = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match key.split_once(':') {
            Some((prefix, _)) if prefix == "http" || prefix == "https" || prefix == "urn" => {}
            Some((prefix, local)) if !local.is_empty() => {
                if !declared.declares(prefix) {
                    return Err(EventError::at(
                        at,
                        format!("the namespace prefix '{prefix}' is not declared in @context"),
                    ));
                }
                if let Some(uri) = declared.get(prefix) {
                    used.insert(prefix.to_owned(), uri.to_owned());
                }
            }
            _ if top => {
                return Err(EventError::at(
                    at,
                    "EPCIS defines no such field here; a field of one's own must be namespaced \
                     (prefix:name, with the prefix declared in @context)",
                ));
            }
            _ => {}
        }
        match value {
            Value::Object(inner) => check_map(&at, inner, false, declared, used)?,
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::Object(inner) = item {
                        check_map(&format!("{at}[{i}]"), inner, false, declared, used)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
