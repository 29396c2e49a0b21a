//! Named queries (REST binding, `/queries`): an events query kept under a name, so that a
//! client asks the same question again by name. A definition is a record; its removal is
//! another record, never a deletion, and a removed name is free for a new definition, which
//! supersedes the old one.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::query::{EventQuery, QueryParameterError};

/// The longest name, in characters: a name is a path segment, and a reader's label.
pub const MAX_NAME_CHARS: usize = 128;

/// Parameters that belong to one request for the results, not to the question.
const PER_REQUEST: [&str; 2] = ["perPage", "nextPageToken"];

/// Why a definition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NamedQueryError {
    #[error("name: {0}")]
    Name(String),
    /// The standard's `QueryParameterException`.
    #[error("query.{0}")]
    Query(QueryParameterError),
}

/// A query under its name, as defined.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedQuery {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Who defined it.
    pub submitter: Option<String>,
    /// As the client wrote it (the binding's JSON query), so it is given back as written.
    definition: Map<String, Value>,
    /// As it is run.
    query: EventQuery,
}

impl NamedQuery {
    /// A definition, if its name and its query are valid.
    pub fn new(
        id: Uuid,
        name: String,
        definition: Map<String, Value>,
        created_at: DateTime<Utc>,
        submitter: Option<String>,
    ) -> Result<Self, NamedQueryError> {
        check_name(&name).map_err(NamedQueryError::Name)?;
        if let Some(member) = PER_REQUEST.iter().find(|m| definition.contains_key(**m)) {
            return Err(NamedQueryError::Query(QueryParameterError::Unknown {
                parameter: (*member).to_owned(),
                rule: "is given with each request for the results \
                       (GET /queries/{name}/events), not in the definition"
                    .to_owned(),
            }));
        }
        let query = EventQuery::from_json(&definition).map_err(NamedQueryError::Query)?;
        Ok(Self {
            id,
            name,
            created_at,
            submitter,
            definition,
            query,
        })
    }

    /// The query as its definer wrote it.
    pub fn definition(&self) -> &Map<String, Value> {
        &self.definition
    }

    /// The query as it is run.
    pub fn query(&self) -> &EventQuery {
        &self.query
    }
}

/// A name: 1 to `MAX_NAME_CHARS` characters, no control characters, and no space at either
/// end, where a reader could not see it.
pub fn check_name(name: &str) -> Result<(), String> {
    let chars = name.chars().count();
    if chars == 0 {
        return Err("is empty".to_owned());
    }
    if chars > MAX_NAME_CHARS {
        return Err(format!(
            "has {chars} characters; a name has at most {MAX_NAME_CHARS}"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("contains a control character".to_owned());
    }
    if name.trim() != name {
        return Err("begins or ends with white space".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    fn define(name: &str, query: Value) -> Result<NamedQuery, NamedQueryError> {
        NamedQuery::new(
            Uuid::now_v7(),
            name.to_owned(),
            query.as_object().unwrap().clone(),
            Utc::now(),
            None,
        )
    }

    #[test]
    fn a_definition_keeps_what_was_written_and_runs_what_it_means() {
        let q = define(
            "shipped in March",
            json!({"EQ_bizStep": ["urn:epcglobal:cbv:bizstep:shipping"]}),
        )
        .unwrap();
        assert_eq!(
            q.definition()["EQ_bizStep"],
            json!(["urn:epcglobal:cbv:bizstep:shipping"])
        );
        assert_eq!(q.query().filters.len(), 1);
        // An empty query asks for every event.
        assert!(define("all", json!({})).unwrap().query().filters.is_empty());
    }

    #[test]
    fn names_and_queries_are_checked() {
        for name in [
            "",
            " padded",
            "line\nbreak",
            &"x".repeat(MAX_NAME_CHARS + 1),
        ] {
            assert!(
                matches!(define(name, json!({})), Err(NamedQueryError::Name(_))),
                "{name:?}"
            );
        }
        assert!(define(&"名".repeat(MAX_NAME_CHARS), json!({})).is_ok());
        for (query, parameter) in [
            (json!({"EQ_bizStep": ["no such step"]}), "EQ_bizStep"),
            (json!({"perPage": 5}), "perPage"),
            (json!({"nextPageToken": "x"}), "nextPageToken"),
        ] {
            match define("q", query.clone()) {
                Err(NamedQueryError::Query(e)) => assert_eq!(e.parameter(), parameter),
                other => panic!("{query}: {other:?}"),
            }
        }
    }
}
