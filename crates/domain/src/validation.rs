//! Validation failures that name the field and the rule, collected so a client sees them all.

use std::fmt;

/// One field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as the client sent it, dotted for nested fields (`inspection.date`).
    pub field: String,
    /// What rule the value breaks.
    pub problem: String,
}

/// A draft that cannot become a record, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.problem)?;
        }
        Ok(())
    }
}

/// Collects field errors while a draft is checked, then yields the record or all the errors.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a failure of `field`.
    pub fn fail(&mut self, field: &str, problem: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            problem: problem.into(),
        });
    }

    /// Keeps the value of a check, or records its error against `field`.
    pub fn take<T, E: fmt::Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(field, e.to_string());
                None
            }
        }
    }

    /// True when nothing has failed so far.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// Ends the check: `Ok(())` if nothing failed.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid {
                errors: self.errors,
            })
        }
    }
}

/// Unwraps the values a `Checker` has vouched for; reaching `None` here means a check was
/// skipped, which is a bug, so it is reported rather than panicking.
pub fn vouched<T>(field: &str, value: Option<T>) -> Result<T, Invalid> {
    value.ok_or_else(|| Invalid {
        errors: vec![FieldError {
            field: field.to_owned(),
            problem: "missing".to_owned(),
        }],
    })
}
