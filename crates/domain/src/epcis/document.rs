//! EPCIS 2.0 documents: an `EPCISDocument` (what a capture sends) or an `EPCISQueryDocument`
//! (what a query returns), read in one pass over the bytes. Each event is read into its own
//! small JSON value and checked as soon as its closing brace is read, so a document of tens
//! of thousands of events never exists as one tree in memory; the `@context` usually comes
//! first, and where it does not, events wait for it unread.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::event::{Event, EventError};
use super::extension::{Namespaces, read_context};
use super::when::Timestamp;

/// The two document types that carry events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentType {
    EpcisDocument,
    EpcisQueryDocument,
}

impl DocumentType {
    pub fn name(self) -> &'static str {
        match self {
            Self::EpcisDocument => "EPCISDocument",
            Self::EpcisQueryDocument => "EPCISQueryDocument",
        }
    }
}

/// A document read: its header fields and each event, read or refused, in document order.
#[derive(Debug)]
pub struct Document {
    pub document_type: DocumentType,
    pub schema_version: String,
    pub creation_date: Timestamp,
    pub namespaces: Namespaces,
    pub events: Vec<Result<Event, EventError>>,
}

/// Why a document as a whole was refused (its events' faults are in `Document::events`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the document is not JSON: {0}")]
    Syntax(String),
    #[error("{0}")]
    Invalid(EventError),
}

/// Reads an EPCIS document from its bytes.
pub fn read_document(bytes: &[u8]) -> Result<Document, DocumentError> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let mut state = State::default();
    let outcome = reader
        .deserialize_map(DocumentVisitor { state: &mut state })
        .and_then(|()| reader.end());
    if let Err(e) = outcome {
        return Err(match state.fault.take() {
            Some(fault) => DocumentError::Invalid(fault),
            None if e.is_data() => DocumentError::Invalid(EventError::at("", e.to_string())),
            None => DocumentError::Syntax(e.to_string()),
        });
    }
    state.finish()
}

#[derive(Default)]
struct State {
    namespaces: Namespaces,
    context_seen: bool,
    document_type: Option<DocumentType>,
    schema_version: Option<String>,
    creation_date: Option<Timestamp>,
    body_seen: bool,
    /// Where the event list is: `epcisBody.eventList` or the query results' one.
    list_path: &'static str,
    /// Events read before the `@context`, waiting for it.
    waiting: Vec<(usize, Map<String, Value>)>,
    events: Vec<Option<Result<Event, EventError>>>,
    /// A fault found inside the visitor, kept whole (serde's own error would flatten it).
    fault: Option<EventError>,
}

impl State {
    fn event(&mut self, object: Map<String, Value>) {
        let index = self.events.len();
        if self.context_seen {
            self.events.push(Some(read_event(
                self.list_path,
                index,
                object,
                &self.namespaces,
            )));
        } else {
            self.events.push(None);
            self.waiting.push((index, object));
        }
    }

    fn finish(mut self) -> Result<Document, DocumentError> {
        let missing = |field: &str| {
            DocumentError::Invalid(EventError::at(field, "the document must have this field"))
        };
        let document_type = self.document_type.ok_or_else(|| missing("type"))?;
        let schema_version = self
            .schema_version
            .take()
            .ok_or_else(|| missing("schemaVersion"))?;
        let creation_date = self.creation_date.ok_or_else(|| missing("creationDate"))?;
        if !self.body_seen {
            return Err(missing("epcisBody"));
        }
        for (index, object) in std::mem::take(&mut self.waiting) {
            if let Some(slot) = self.events.get_mut(index) {
                *slot = Some(read_event(self.list_path, index, object, &self.namespaces));
            }
        }
        Ok(Document {
            document_type,
            schema_version,
            creation_date,
            namespaces: self.namespaces,
            events: self.events.into_iter().flatten().collect(),
        })
    }
}

fn read_event(
    list_path: &str,
    index: usize,
    object: Map<String, Value>,
    namespaces: &Namespaces,
) -> Result<Event, EventError> {
    Event::from_json(object, namespaces).map_err(|e| e.within(&format!("{list_path}[{index}]")))
}

/// Records a fault and returns serde's error to stop reading.
fn fail<E: de::Error>(state: &mut State, path: &str, rule: impl Into<String>) -> E {
    let fault = EventError::at(path, rule);
    let error = E::custom(fault.to_string());
    state.fault = Some(fault);
    error
}

struct DocumentVisitor<'a> {
    state: &'a mut State,
}

impl<'de> Visitor<'de> for DocumentVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an EPCIS document (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.state;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "@context" => {
                    let context: Value = map.next_value()?;
                    if let Err(e) = read_context(&context, &mut state.namespaces) {
                        let e = e.within("@context");
                        return Err(fail(state, &e.path, e.rule));
                    }
                    state.context_seen = true;
                }
                "type" => {
                    let name: String = map.next_value()?;
                    state.document_type = Some(match name.as_str() {
                        "EPCISDocument" => DocumentType::EpcisDocument,
                        "EPCISQueryDocument" => DocumentType::EpcisQueryDocument,
                        _ => {
                            return Err(fail(
                                state,
                                "type",
                                format!(
                                    "'{name}' is not a document type: EPCISDocument or \
                                     EPCISQueryDocument"
                                ),
                            ));
                        }
                    });
                }
                "schemaVersion" => {
                    let version: String = map.next_value()?;
                    if !version.starts_with("2.") {
                        return Err(fail(
                            state,
                            "schemaVersion",
                            format!("'{version}' is not an EPCIS 2 schema version (2.0)"),
                        ));
                    }
                    state.schema_version = Some(version);
                }
                "creationDate" => {
                    let text: String = map.next_value()?;
                    match text.parse() {
                        Ok(date) => state.creation_date = Some(date),
                        Err(e) => return Err(fail(state, "creationDate", format!("{e}"))),
                    }
                }
                "epcisBody" => {
                    state.body_seen = true;
                    map.next_value_seed(BodySeed {
                        state: &mut *state,
                        depth: Level::Top,
                    })?;
                }
                // The header (master data, a standard business document header) and the
                // pseudo-SBDH fields are read past: they describe the message, not events.
                "epcisHeader" | "sender" | "receiver" | "instanceIdentifier" | "id" => {
                    map.next_value::<IgnoredAny>()?;
                }
                other if other.contains(':') => {
                    map.next_value::<IgnoredAny>()?;
                }
                other => {
                    return Err(fail(
                        state,
                        other,
                        "an EPCIS document has no such field (its own fields must be namespaced)",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Where in the body a seed is: the body itself, a query's results, or their body.
#[derive(Clone, Copy)]
enum Level {
    Top,
    QueryResults,
    Results,
}

struct BodySeed<'a> {
    state: &'a mut State,
    depth: Level,
}

impl<'de> DeserializeSeed<'de> for BodySeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BodySeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object holding an eventList")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.state;
        while let Some(key) = map.next_key::<String>()? {
            match (self.depth, key.as_str()) {
                (Level::Top | Level::Results, "eventList") => {
                    state.list_path = match self.depth {
                        Level::Top => "epcisBody.eventList",
                        _ => "epcisBody.queryResults.resultsBody.eventList",
                    };
                    map.next_value_seed(EventListSeed { state: &mut *state })?;
                }
                (Level::Top, "queryResults") => map.next_value_seed(BodySeed {
                    state: &mut *state,
                    depth: Level::QueryResults,
                })?,
                (Level::QueryResults, "resultsBody") => map.next_value_seed(BodySeed {
                    state: &mut *state,
                    depth: Level::Results,
                })?,
                (Level::QueryResults, "queryName" | "subscriptionID") => {
                    map.next_value::<IgnoredAny>()?;
                }
                (_, other) if other.contains(':') => {
                    map.next_value::<IgnoredAny>()?;
                }
                (_, other) => {
                    let at = match self.depth {
                        Level::Top => "epcisBody",
                        Level::QueryResults => "epcisBody.queryResults",
                        Level::Results => "epcisBody.queryResults.resultsBody",
                    };
                    return Err(fail(
                        state,
                        &format!("{at}.{other}"),
                        "no such field in an EPCIS document's body",
                    ));
                }
            }
        }
        Ok(())
    }
}

struct EventListSeed<'a> {
    state: &'a mut State,
}

impl<'de> DeserializeSeed<'de> for EventListSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventListSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of events")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(item) = seq.next_element::<Value>()? {
            match item {
                Value::Object(object) => self.state.event(object),
                _ => {
                    let index = self.state.events.len();
                    self.state.events.push(Some(Err(EventError::at(
                        format!("{}[{index}]", self.state.list_path),
                        "an event is a JSON object",
                    ))));
                }
            }
        }
        Ok(())
    }
}

/// Writes events as an EPCIS document of `document_type` with one `@context` declaring the
/// namespaces they use. Where two events use one prefix for different namespaces, the later
/// event carries its own `@context`.
pub fn write_document(
    document_type: DocumentType,
    creation_date: Timestamp,
    events: &[Event],
    query_name: Option<&str>,
) -> Value {
    let mut declared = Namespaces::default();
    let mut list = Vec::with_capacity(events.len());
    for event in events {
        let mut json = event.to_json();
        let clash = event
            .namespace_map()
            .iter()
            .any(|(prefix, uri)| declared.get(prefix).is_some_and(|known| known != uri));
        if clash {
            json.insert("@context".into(), namespaces_json(event.namespace_map()));
        } else {
            for (prefix, uri) in event.namespace_map() {
                declared.insert(prefix.clone(), uri.clone());
            }
        }
        list.push(Value::Object(json));
    }
    let mut context = vec![Value::String(EPCIS_CONTEXT.into())];
    if !declared.as_map().is_empty() {
        context.insert(0, namespaces_json(declared.as_map()));
    }
    let event_list = Value::Array(list);
    let body = match (document_type, query_name) {
        (DocumentType::EpcisQueryDocument, name) => serde_json::json!({
            "queryResults": {
                "queryName": name.unwrap_or("SimpleEventQuery"),
                "resultsBody": { "eventList": event_list }
            }
        }),
        (DocumentType::EpcisDocument, _) => serde_json::json!({ "eventList": event_list }),
    };
    serde_json::json!({
        "@context": context,
        "type": document_type.name(),
        "schemaVersion": "2.0",
        "creationDate": creation_date.to_string(),
        "epcisBody": body,
    })
}

/// The EPCIS 2.0 JSON-LD context every document names.
pub const EPCIS_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

fn namespaces_json(map: &std::collections::BTreeMap<String, String>) -> Value {
    Value::Object(
        map.iter()
            .map(|(prefix, uri)| (prefix.clone(), Value::String(uri.clone())))
            .collect(),
    )
}
