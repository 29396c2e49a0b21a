//! Why a query was refused: the standard's `QueryParameterException`, always naming the
//! parameter, and the value and rule where a value is at fault, so that the 400 response can
//! say exactly what to change.

/// A refused query parameter (EPCIS 2.0 `epcisException:QueryParameterException`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryParameterError {
    /// The name is no parameter of the events query, or one deliberately not supported.
    #[error("{parameter}: {rule}")]
    Unknown { parameter: String, rule: String },
    /// The parameter was given twice, perhaps under two spellings of one name
    /// (`EQ_bizTransaction_po` and `EQ_bizTransaction_urn:epcglobal:cbv:btt:po`).
    #[error(
        "{parameter}: given more than once (first as {first}); give the values once, \
         separated by |"
    )]
    Repeated { parameter: String, first: String },
    /// A value (for a list, the one element at fault) breaks the parameter's rule.
    #[error("{parameter}: '{value}' {rule}")]
    Value {
        parameter: String,
        value: String,
        rule: String,
    },
    /// Two parameters that exclude each other.
    #[error("{parameter}: cannot be given together with {other} ({rule})")]
    Conflict {
        parameter: String,
        other: String,
        rule: &'static str,
    },
}

impl QueryParameterError {
    /// The parameter at fault, as the client wrote it.
    pub fn parameter(&self) -> &str {
        match self {
            Self::Unknown { parameter, .. }
            | Self::Repeated { parameter, .. }
            | Self::Value { parameter, .. }
            | Self::Conflict { parameter, .. } => parameter,
        }
    }

    pub(super) fn value(parameter: &str, value: &str, rule: impl Into<String>) -> Self {
        Self::Value {
            parameter: parameter.to_owned(),
            value: value.to_owned(),
            rule: rule.into(),
        }
    }

    pub(super) fn unknown(parameter: &str, rule: impl Into<String>) -> Self {
        Self::Unknown {
            parameter: parameter.to_owned(),
            rule: rule.into(),
        }
    }
}
