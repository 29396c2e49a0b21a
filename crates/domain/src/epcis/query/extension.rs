//! Filters on fields of one's own (EPCIS extension fields), wherever the standard lets a query
//! reach them: the event's top level, nested anywhere below it (`INNER_`), the ILMD, the error
//! declaration, the sensor element, its metadata and reports, the read point and the business
//! location.
//!
//! A field is named `{namespace}#{localName}` as in EPCIS 1.x and XML
//! (`EQ_https://ns.example.com/epcis/#temperature`), or `{prefix}:{localName}` as EPCIS 2.0
//! JSON-LD writes it (`EQ_example:temperature`), the prefix being one the caller declared (the
//! REST binding's `GS1-Extensions` header); both read to the same [`ExtensionField`].

use std::fmt;

use chrono::{DateTime, Utc};

use super::super::cbv::is_absolute_uri;
use super::QueryParameterError;
use super::compare::Op;
use super::values;

/// An extension field: a namespace URI and a local name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtensionField {
    pub namespace: String,
    pub local_name: String,
}

impl ExtensionField {
    /// Reads `{namespace}#{localName}` or a declared `{prefix}:{localName}`. `None` when the
    /// text has the shape of neither (it is then no extension field at all); otherwise the
    /// rule broken.
    pub fn parse(text: &str, prefixes: &[(String, String)]) -> Option<Result<Self, String>> {
        if let Some((namespace, local_name)) = text.rsplit_once('#') {
            return Some(Self::checked(namespace, local_name));
        }
        let (prefix, local_name) = text.split_once(':')?;
        let declared = prefixes.iter().find(|(p, _)| p == prefix);
        Some(match declared {
            Some((_, iri)) => Self::checked(iri.strip_suffix('#').unwrap_or(iri), local_name),
            None => Err(format!(
                "names the prefix '{prefix}', which is not declared: name the field \
                 {{namespace}}#{{localName}}, or declare the prefix (GS1-Extensions)"
            )),
        })
    }

    fn checked(namespace: &str, local_name: &str) -> Result<Self, String> {
        if !is_absolute_uri(namespace) {
            return Err(format!(
                "names the namespace '{namespace}', which is not an absolute URI"
            ));
        }
        let mut chars = local_name.chars();
        let ncname = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !ncname {
            return Err(format!(
                "names the field '{local_name}', which is not an XML name (a letter or _, \
                 then letters, digits, _, - or .)"
            ));
        }
        Ok(Self {
            namespace: namespace.to_owned(),
            local_name: local_name.to_owned(),
        })
    }
}

impl fmt::Display for ExtensionField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.local_name)
    }
}

/// Where in an event the field is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtensionScope {
    Event,
    Ilmd,
    ErrorDeclaration,
    SensorElement,
    SensorMetadata,
    SensorReport,
    ReadPoint,
    BizLocation,
}

impl ExtensionScope {
    /// Every scope but `Event`, whose infix is empty, so it is tried last.
    const MARKED: [Self; 7] = [
        Self::Ilmd,
        Self::ErrorDeclaration,
        Self::SensorElement,
        Self::SensorMetadata,
        Self::SensorReport,
        Self::ReadPoint,
        Self::BizLocation,
    ];

    /// What follows the comparison (and `INNER_`) in the parameter's name.
    pub fn infix(self) -> &'static str {
        match self {
            Self::Event => "",
            Self::Ilmd => "ILMD_",
            Self::ErrorDeclaration => "ERROR_DECLARATION_",
            Self::SensorElement => "SENSORELEMENT_",
            Self::SensorMetadata => "SENSORMETADATA_",
            Self::SensorReport => "SENSORREPORT_",
            Self::ReadPoint => "readPoint_",
            Self::BizLocation => "bizLocation_",
        }
    }
}

/// A value an extension field is ordered against: a number or an instant.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Number(f64),
    Time(DateTime<Utc>),
}

impl Scalar {
    fn read(value: &str) -> Result<Self, String> {
        values::number(value)
            .map(Self::Number)
            .or_else(|_| values::time(value).map(Self::Time))
            .map_err(|_| {
                "is neither a decimal number nor a date and time with an offset or Z".to_owned()
            })
    }

    fn write(&self) -> String {
        match self {
            Self::Number(n) => values::write_number(*n),
            Self::Time(t) => values::write_time(t),
        }
    }
}

/// What is asked of the field.
#[derive(Debug, Clone, PartialEq)]
pub enum ExtensionTest {
    /// `EXISTS_`: the field is present.
    Exists,
    /// `EQ_`: its value is one of these, compared as text (a query cannot say which type the
    /// field has, so the store compares it in the field's own type).
    Eq(Vec<String>),
    Gt(Scalar),
    Ge(Scalar),
    Lt(Scalar),
    Le(Scalar),
}

/// A filter on an extension field.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionFilter {
    pub field: ExtensionField,
    pub scope: ExtensionScope,
    /// `INNER_`: the field may be nested at any depth below the scope's top level.
    pub inner: bool,
    pub test: ExtensionTest,
}

const EXISTS: &str = "EXISTS_";
const INNER: &str = "INNER_";

impl ExtensionFilter {
    /// Reads `{EQ|GT|GE|LT|LE|EXISTS}_[INNER_][scope]{field}`; `None` when the name is not of
    /// that shape.
    pub(super) fn parse(
        name: &str,
        value: &str,
        prefixes: &[(String, String)],
    ) -> Option<Result<Self, QueryParameterError>> {
        let (op, rest) = match name.strip_prefix(EXISTS) {
            Some(rest) => (None, rest),
            None => {
                let (op, rest) = Op::strip(name)?;
                (Some(op), rest)
            }
        };
        let (inner, rest) = match rest.strip_prefix(INNER) {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let (scope, field) = ExtensionScope::MARKED
            .into_iter()
            .find_map(|s| rest.strip_prefix(s.infix()).map(|f| (s, f)))
            .unwrap_or((ExtensionScope::Event, rest));
        let field = match ExtensionField::parse(field, prefixes)? {
            Ok(field) => field,
            Err(rule) => return Some(Err(QueryParameterError::unknown(name, rule))),
        };
        let bound = || values::one(name, value, Scalar::read);
        let test = match op {
            None => values::one(name, value, values::void).map(|()| ExtensionTest::Exists),
            Some(Op::Eq) => values::each(name, value, values::text).map(ExtensionTest::Eq),
            Some(Op::Gt) => bound().map(ExtensionTest::Gt),
            Some(Op::Ge) => bound().map(ExtensionTest::Ge),
            Some(Op::Lt) => bound().map(ExtensionTest::Lt),
            Some(Op::Le) => bound().map(ExtensionTest::Le),
        };
        Some(test.map(|test| Self {
            field,
            scope,
            inner,
            test,
        }))
    }

    pub(super) fn name(&self) -> String {
        let op = match self.test {
            ExtensionTest::Exists => EXISTS,
            ExtensionTest::Eq(_) => Op::Eq.prefix(),
            ExtensionTest::Gt(_) => Op::Gt.prefix(),
            ExtensionTest::Ge(_) => Op::Ge.prefix(),
            ExtensionTest::Lt(_) => Op::Lt.prefix(),
            ExtensionTest::Le(_) => Op::Le.prefix(),
        };
        let inner = if self.inner { INNER } else { "" };
        format!("{op}{inner}{}{}", self.scope.infix(), self.field)
    }

    pub(super) fn value(&self) -> String {
        match &self.test {
            ExtensionTest::Exists => String::new(),
            ExtensionTest::Eq(list) => values::join(list, String::clone),
            ExtensionTest::Gt(s)
            | ExtensionTest::Ge(s)
            | ExtensionTest::Lt(s)
            | ExtensionTest::Le(s) => s.write(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn read(name: &str, value: &str) -> Result<ExtensionFilter, QueryParameterError> {
        let prefixes = [(
            "example".to_owned(),
            "https://ns.example.com/epcis/".to_owned(),
        )];
        ExtensionFilter::parse(name, value, &prefixes).unwrap()
    }

    #[test]
    fn fields_in_every_scope_and_depth() {
        let f = read("EQ_https://ns.example.com/epcis/#batchNote", "A|B").unwrap();
        assert_eq!(f.scope, ExtensionScope::Event);
        assert!(!f.inner);
        assert_eq!(f.field.namespace, "https://ns.example.com/epcis/");
        assert_eq!(f.field.local_name, "batchNote");
        assert_eq!(f.test, ExtensionTest::Eq(vec!["A".into(), "B".into()]));
        let f = read(
            "GE_INNER_ILMD_example:bestBefore",
            "2025-03-01T00:00:00+08:00",
        )
        .unwrap();
        assert_eq!((f.scope, f.inner), (ExtensionScope::Ilmd, true));
        assert_eq!(f.field.local_name, "bestBefore");
        assert!(matches!(f.test, ExtensionTest::Ge(Scalar::Time(_))));
        assert_eq!(
            f.name(),
            "GE_INNER_ILMD_https://ns.example.com/epcis/#bestBefore"
        );
        assert_eq!(f.value(), "2025-02-28T16:00:00Z");
        let f = read("EXISTS_SENSORREPORT_urn:example:sensor#calibrated", "").unwrap();
        assert_eq!(f.scope, ExtensionScope::SensorReport);
        assert_eq!(f.test, ExtensionTest::Exists);
        let f = read("LT_ERROR_DECLARATION_urn:example#severity", "3").unwrap();
        assert_eq!(f.test, ExtensionTest::Lt(Scalar::Number(3.0)));
        assert_eq!(
            read("LE_bizLocation_urn:example#floor", "2").unwrap().scope,
            ExtensionScope::BizLocation
        );
    }

    #[test]
    fn bad_fields_and_values_are_named() {
        let err = read("EQ_other:field", "x").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("EQ_other:field: names the prefix 'other'")
        );
        let err = read("EQ_ns#field", "x").unwrap_err();
        assert!(err.to_string().contains("not an absolute URI"), "{err}");
        let err = read("EQ_urn:x#9field", "x").unwrap_err();
        assert!(err.to_string().contains("not an XML name"), "{err}");
        let err = read("GT_urn:x#f", "warm").unwrap_err();
        assert_eq!(
            err.to_string(),
            "GT_urn:x#f: 'warm' is neither a decimal number nor a date and time with an offset or Z"
        );
        let err = read("EXISTS_urn:x#f", "false").unwrap_err();
        assert!(err.to_string().contains("takes none"), "{err}");
        assert!(ExtensionFilter::parse("EQ_bizStepp", "x", &[]).is_none());
        assert!(ExtensionFilter::parse("XX_urn:x#f", "x", &[]).is_none());
    }
}
