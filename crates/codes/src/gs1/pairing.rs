//! The rules that concern a whole element string rather than one value: repeated AIs must
//! agree, mandatory associations (`req`) must be met and invalid pairs (`ex`) must not occur.
//!
//! GS1 says these rules hold over all the data carried on one item; this crate applies them to
//! each element string on its own, which is what a single scan can check.

use super::ai::{AiSpec, ai_matches_pattern};
use crate::CodeError;

/// One element to check: its AI, its value, and the position of its AI in the input.
pub(crate) struct Placed<'a> {
    pub spec: &'static AiSpec,
    pub value: &'a str,
    pub position: usize,
}

/// Checks repeated AIs, mandatory associations and invalid pairs.
pub(crate) fn check_pairs(elements: &[Placed<'_>]) -> Result<(), CodeError> {
    for (i, e) in elements.iter().enumerate() {
        let earlier = elements.get(..i).unwrap_or_default();
        if earlier.iter().any(|o| same_ai(o, e) && o.value != e.value) {
            return Err(CodeError::rule_at(
                e.spec.label,
                e.position,
                "appears more than once with different values",
            ));
        }
    }
    for e in elements {
        let others = || elements.iter().filter(|o| !same_ai(o, e));
        let present = |pattern: &str| others().any(|o| ai_matches_pattern(o.spec.ai, pattern));
        for requirement in e.spec.requires {
            let met = requirement
                .iter()
                .any(|group| group.iter().all(|pattern| present(pattern)));
            if !met {
                return Err(CodeError::rule_at(
                    e.spec.label,
                    e.position,
                    format!("requires {} in the same code", describe(requirement)),
                ));
            }
        }
        if let Some(other) = others().find(|o| {
            e.spec
                .excludes
                .iter()
                .any(|pattern| ai_matches_pattern(o.spec.ai, pattern))
        }) {
            return Err(CodeError::rule_at(
                e.spec.label,
                e.position,
                format!("must not be used together with {}", other.spec.label),
            ));
        }
    }
    Ok(())
}

/// Whether two elements have the same AI. Every spec is an entry of the one static AI table
/// (`lookup_ai` is the only way to one), one entry per AI, so comparing the entries' addresses
/// compares the AIs without comparing strings.
fn same_ai(a: &Placed<'_>, b: &Placed<'_>) -> bool {
    std::ptr::eq(a.spec, b.spec)
}

/// `AI (01), (03) or (8006)`; `AI (01) with (21)`.
fn describe(requirement: &[&[&str]]) -> String {
    let groups: Vec<String> = requirement
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|ai| format!("({ai})"))
                .collect::<Vec<_>>()
                .join(" with ")
        })
        .collect();
    let list = match groups.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => groups.concat(),
    };
    format!("AI {list}")
}
