//! Enterprises: the producers and sellers that report to the platform.

use chrono::{DateTime, Utc};
use yima_codes::enterprise::CreditCode;

use crate::region::RegionCode;
use crate::text::bounded;
use crate::validation::{Checker, Invalid, vouched};

/// Whether an enterprise produces, sells, or both; at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles {
    pub producer: bool,
    pub seller: bool,
}

impl Roles {
    /// Parses role names (`producer`, `seller`); at least one, no unknown name.
    pub fn parse(names: &[String]) -> Result<Self, String> {
        let mut roles = Roles {
            producer: false,
            seller: false,
        };
        for name in names {
            match name.as_str() {
                "producer" => roles.producer = true,
                "seller" => roles.seller = true,
                other => return Err(format!("unknown role {other:?}: use producer or seller")),
            }
        }
        if !roles.producer && !roles.seller {
            return Err("at least one of producer, seller is required".to_owned());
        }
        Ok(roles)
    }

    pub fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.producer {
            v.push("producer");
        }
        if self.seller {
            v.push("seller");
        }
        v
    }
}

/// A registered enterprise, keyed by its 统一社会信用代码.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enterprise {
    pub credit_code: CreditCode,
    pub name: String,
    pub address: String,
    pub region: RegionCode,
    pub roles: Roles,
    pub registered_at: DateTime<Utc>,
}

/// What a client sends to register an enterprise.
#[derive(Debug, Clone, Default)]
pub struct EnterpriseDraft {
    pub credit_code: String,
    pub name: String,
    pub address: String,
    pub region: String,
    pub roles: Vec<String>,
}

impl EnterpriseDraft {
    /// Checks every field; `now` becomes the registration time.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<Enterprise, Invalid> {
        let mut c = Checker::new();
        let credit_code = c.take("credit_code", CreditCode::parse(&self.credit_code));
        let name = c.take("name", bounded(&self.name, 200));
        let address = c.take("address", bounded(&self.address, 500));
        let region = c.take("region", RegionCode::parse(&self.region));
        let roles = c.take("roles", Roles::parse(&self.roles));
        c.finish()?;
        Ok(Enterprise {
            credit_code: vouched("credit_code", credit_code)?,
            name: vouched("name", name)?,
            address: vouched("address", address)?,
            region: vouched("region", region)?,
            roles: vouched("roles", roles)?,
            registered_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn draft() -> EnterpriseDraft {
        EnterpriseDraft {
            credit_code: "91350100M000100Y43".into(),
            name: "福州线缆有限公司".into(),
            address: "福建省福州市鼓楼区工业路1号".into(),
            region: "350102".into(),
            roles: vec!["producer".into()],
        }
    }

    #[test]
    fn valid_draft_becomes_enterprise() {
        let e = draft().validate(Utc::now()).unwrap();
        assert_eq!(e.credit_code.as_str(), "91350100M000100Y43");
        assert!(e.roles.producer && !e.roles.seller);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut d = draft();
        d.credit_code = "91350100M000100Y44".into();
        d.name = " ".into();
        d.roles = vec!["wholesaler".into()];
        let err = d.validate(Utc::now()).unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["credit_code", "name", "roles"]);
    }
}
