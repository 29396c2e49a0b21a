//! Other systems' identifiers (MIIT industrial-internet identifiers `88.…/…`, OIDs, a
//! province's own codes): recognised by prefix or pattern and kept as scheme + opaque value,
//! never reinterpreted. Filled in on the `ecode-schemes` branch.

/// An identifier of another system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignCode {
    pub scheme: String,
    pub value: String,
}
