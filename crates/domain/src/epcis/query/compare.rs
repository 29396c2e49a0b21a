//! The comparisons a parameter's prefix names — `EQ_`, `GT_`, `GE_`, `LT_`, `LE_` — and the
//! numeric tests built from them. `EQ_` takes a list (any value matches); the others one value.

use super::QueryParameterError;
use super::values;

/// A comparison, as the prefix of a parameter's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    pub const ALL: [Self; 5] = [Self::Eq, Self::Gt, Self::Ge, Self::Lt, Self::Le];

    pub fn prefix(self) -> &'static str {
        match self {
            Self::Eq => "EQ_",
            Self::Gt => "GT_",
            Self::Ge => "GE_",
            Self::Lt => "LT_",
            Self::Le => "LE_",
        }
    }

    /// The comparison a name starts with, and the rest of the name.
    pub fn strip(name: &str) -> Option<(Self, &str)> {
        Self::ALL
            .into_iter()
            .find_map(|op| name.strip_prefix(op.prefix()).map(|rest| (op, rest)))
    }
}

/// A test on a decimal: equal to one of a list, or beyond one bound.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberTest {
    Eq(Vec<f64>),
    Gt(f64),
    Ge(f64),
    Lt(f64),
    Le(f64),
}

impl NumberTest {
    pub(super) fn read(op: Op, parameter: &str, value: &str) -> Result<Self, QueryParameterError> {
        let bound = || values::one(parameter, value, values::number);
        Ok(match op {
            Op::Eq => Self::Eq(values::each(parameter, value, values::number)?),
            Op::Gt => Self::Gt(bound()?),
            Op::Ge => Self::Ge(bound()?),
            Op::Lt => Self::Lt(bound()?),
            Op::Le => Self::Le(bound()?),
        })
    }

    pub fn op(&self) -> Op {
        match self {
            Self::Eq(_) => Op::Eq,
            Self::Gt(_) => Op::Gt,
            Self::Ge(_) => Op::Ge,
            Self::Lt(_) => Op::Lt,
            Self::Le(_) => Op::Le,
        }
    }

    pub(super) fn value(&self) -> String {
        match self {
            Self::Eq(list) => values::join(list, |n| values::write_number(*n)),
            Self::Gt(n) | Self::Ge(n) | Self::Lt(n) | Self::Le(n) => values::write_number(*n),
        }
    }
}
