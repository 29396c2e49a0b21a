//! The query as a client sends it: every family of parameters read, every refusal naming its
//! parameter, and what `to_pairs` writes read back to the same query.

#![allow(clippy::unwrap_used)]

mod families;
mod properties;
mod results;

use super::*;

pub(super) fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

pub(super) fn read(list: &[(&str, &str)]) -> EventQuery {
    EventQuery::parse(&pairs(list)).unwrap()
}

pub(super) fn one(name: &str, value: &str) -> Filter {
    let mut q = read(&[(name, value)]);
    assert_eq!(q.filters.len(), 1);
    q.filters.remove(0)
}

pub(super) fn refused(list: &[(&str, &str)]) -> QueryParameterError {
    EventQuery::parse(&pairs(list)).unwrap_err()
}

/// Reading what `to_pairs` writes gives the same query.
pub(super) fn round_trips(query: &EventQuery) {
    let again = EventQuery::parse(&query.to_pairs()).unwrap();
    assert_eq!(&again, query, "{:?}", query.to_pairs());
}
