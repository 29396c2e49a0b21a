//! A numeric test applied to a figure of the event: a quantity, a reading, a percentile rank.

use super::super::NumberTest;

impl NumberTest {
    /// Whether `n` passes: equal to one of the list (`EQ_`), or beyond the bound.
    pub fn passes(&self, n: f64) -> bool {
        match self {
            Self::Eq(list) => list.contains(&n),
            Self::Gt(bound) => n > *bound,
            Self::Ge(bound) => n >= *bound,
            Self::Lt(bound) => n < *bound,
            Self::Le(bound) => n <= *bound,
        }
    }
}
