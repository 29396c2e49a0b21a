//! The five EPCIS 2.0 event types and the action an event takes on its objects.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An EPCIS 2.0 event type, named as EPCIS JSON's `type` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventType {
    ObjectEvent,
    AggregationEvent,
    TransactionEvent,
    TransformationEvent,
    AssociationEvent,
}

impl EventType {
    pub const ALL: [Self; 5] = [
        Self::ObjectEvent,
        Self::AggregationEvent,
        Self::TransactionEvent,
        Self::TransformationEvent,
        Self::AssociationEvent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::ObjectEvent => "ObjectEvent",
            Self::AggregationEvent => "AggregationEvent",
            Self::TransactionEvent => "TransactionEvent",
            Self::TransformationEvent => "TransformationEvent",
            Self::AssociationEvent => "AssociationEvent",
        }
    }

    /// Whether events of this type carry an `action` (all but TransformationEvent).
    pub fn has_action(self) -> bool {
        self != Self::TransformationEvent
    }
}

/// What an event does to its objects: creates or adds them, only sees them, or ends or
/// removes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Action {
    Add,
    Observe,
    Delete,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Observe => "OBSERVE",
            Self::Delete => "DELETE",
        }
    }
}

/// A name that is no event type or action, with the names that are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not an EPCIS {what}: one of {known}")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
    pub known: &'static str,
}

impl FromStr for EventType {
    type Err = UnknownName;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.name() == value)
            .ok_or_else(|| UnknownName {
                what: "event type",
                value: value.to_owned(),
                known: "ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, \
                        AssociationEvent",
            })
    }
}

impl FromStr for Action {
    type Err = UnknownName;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        [Self::Add, Self::Observe, Self::Delete]
            .into_iter()
            .find(|a| a.name() == value)
            .ok_or_else(|| UnknownName {
                what: "action",
                value: value.to_owned(),
                known: "ADD, OBSERVE, DELETE",
            })
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_round_trip_as_epcis_json_writes_them() {
        for t in EventType::ALL {
            assert_eq!(t.name().parse::<EventType>().unwrap(), t);
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{t}\""));
        }
        for a in [Action::Add, Action::Observe, Action::Delete] {
            assert_eq!(a.name().parse::<Action>().unwrap(), a);
            assert_eq!(
                serde_json::from_str::<Action>(&format!("\"{a}\"")).unwrap(),
                a
            );
        }
        assert!(!EventType::TransformationEvent.has_action());
        assert!(EventType::AssociationEvent.has_action());
    }

    #[test]
    fn unknown_names_are_named_with_the_known_ones() {
        let err = "objectEvent".parse::<EventType>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "'objectEvent' is not an EPCIS event type: one of ObjectEvent, AggregationEvent, \
             TransactionEvent, TransformationEvent, AssociationEvent"
        );
        assert!(
            "add"
                .parse::<Action>()
                .unwrap_err()
                .to_string()
                .contains("ADD")
        );
    }
}
