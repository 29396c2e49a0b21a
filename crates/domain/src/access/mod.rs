//! Who may call the platform: accounts (the principals the policy names — enterprises,
//! industry associations, regulators, administrators) and their API keys. The public is no
//! account: a request without a key is the public's.
//!
//! Accounts, keys and revocations are records like any other: never changed, never removed.
//! A key is revoked by a revocation record; an account's standing comes from its records.

pub mod login;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use yima_codes::enterprise::CreditCode;

use crate::enterprise::Roles;
use crate::region::RegionCode;
use crate::validation::{Checker, Invalid, vouched};

/// The prefix of every API key secret, so that a leaked one is recognisable (secret
/// scanners look for such prefixes).
pub const KEY_SECRET_PREFIX: &str = "yima_";

/// Where a regulator's authority runs: the whole country, or a GB/T 2260 region — a
/// province (`350000`), a city (`350100`) or a county (`350104`) — and everything in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jurisdiction {
    National,
    Region(RegionCode),
}

impl Jurisdiction {
    /// `national`, or a six-digit region code.
    pub fn parse(input: &str) -> Result<Self, String> {
        match input.trim() {
            "national" => Ok(Self::National),
            code => RegionCode::parse(code).map(Self::Region),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::National => "national",
            Self::Region(code) => code.as_str(),
        }
    }

    /// Whether `region` lies within: a province covers the codes of its first two digits, a
    /// city those of its first four, a county only itself.
    pub fn covers(&self, region: &RegionCode) -> bool {
        let Self::Region(own) = self else {
            return true;
        };
        let own = own.as_str();
        let significant = if own.ends_with("0000") {
            2
        } else if own.ends_with("00") {
            4
        } else {
            6
        };
        region.as_str().get(..significant) == own.get(..significant)
    }
}

/// What an account is, and so what the access rules let it do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// Platform administrators: every endpoint.
    Admin,
    /// Users of one registered enterprise, with its producer and/or seller rights.
    Enterprise {
        credit_code: CreditCode,
        rights: Roles,
    },
    /// An industry association, which sees its members' data as configured.
    Association {
        name: String,
        members: BTreeSet<CreditCode>,
    },
    /// A market regulator: what lies in its jurisdiction, optionally only some catalogue
    /// categories (none listed: all of them).
    Regulator {
        jurisdiction: Jurisdiction,
        categories: BTreeSet<String>,
    },
}

impl Principal {
    /// The kind's name as stored and shown: `admin`, `enterprise`, `association`, `regulator`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Enterprise { .. } => "enterprise",
            Self::Association { .. } => "association",
            Self::Regulator { .. } => "regulator",
        }
    }

    /// The enterprise this principal acts for, if it is one.
    pub fn enterprise(&self) -> Option<&CreditCode> {
        match self {
            Self::Enterprise { credit_code, .. } => Some(credit_code),
            _ => None,
        }
    }
}

/// An account: a principal under a stable id. People's logins and machines' API keys belong
/// to accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// 1 to 64 of `a-z`, `0-9`, `-`, `_`, `.`; unique.
    pub id: String,
    pub principal: Principal,
    pub created_at: DateTime<Utc>,
}

/// What a key may do: read, or read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "read" => Ok(Self::Read),
            "write" => Ok(Self::Write),
            other => Err(format!("{other:?} is not a scope: use read or write")),
        }
    }

    /// Whether a key of this scope may do what `needed` names: write includes read.
    pub fn allows(self, needed: Scope) -> bool {
        self >= needed
    }
}

/// An API key: the digest of its secret (the secret itself is shown once, at creation, and
/// never stored), the account it acts for, its scope and its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// 1 to 64 of `a-z`, `0-9`, `-`, `_`, `.`; unique; not secret.
    pub id: String,
    pub account: String,
    /// Lower-case hex SHA-256 of the whole secret string.
    pub secret_sha256: String,
    pub scope: Scope,
    pub created_at: DateTime<Utc>,
    /// After this the key is refused; none: it lasts until revoked.
    pub expires_at: Option<DateTime<Utc>>,
}

/// The revocation of a key: from `revoked_at` on, the key is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRevocation {
    pub key_id: String,
    pub revoked_at: DateTime<Utc>,
    /// The account that revoked it.
    pub revoked_by: String,
}

/// A key found by its secret, with its account and its revocation if it has one: what a
/// request's credentials come to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGrant {
    pub key: ApiKey,
    pub account: Account,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Why a grant does not let its bearer in at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRefusal {
    Revoked,
    Expired,
}

impl KeyGrant {
    /// Whether the key is good at `now`: not revoked, not expired.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), KeyRefusal> {
        if self.revoked_at.is_some_and(|at| at <= now) {
            return Err(KeyRefusal::Revoked);
        }
        if self.key.expires_at.is_some_and(|at| at <= now) {
            return Err(KeyRefusal::Expired);
        }
        Ok(())
    }
}

/// Whether `id` may name an account or a key.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

/// What a client sends to open an account.
#[derive(Debug, Clone, Default)]
pub struct AccountDraft {
    pub id: String,
    /// `admin`, `enterprise`, `association` or `regulator`.
    pub kind: String,
    /// For an enterprise: its credit code.
    pub enterprise: Option<String>,
    /// For an enterprise: `producer` and/or `seller`, within its registered roles.
    pub rights: Vec<String>,
    /// For an association: its name.
    pub name: Option<String>,
    /// For an association: its members' credit codes.
    pub members: Vec<String>,
    /// For a regulator: `national` or a GB/T 2260 region code.
    pub jurisdiction: Option<String>,
    /// For a regulator: catalogue category ids; none for all.
    pub categories: Vec<String>,
}

impl AccountDraft {
    /// The account, if every field holds; each failure names its field. `known_category`
    /// answers whether a catalogue category id exists.
    pub fn validate(
        &self,
        now: DateTime<Utc>,
        known_category: impl Fn(&str) -> bool,
    ) -> Result<Account, Invalid> {
        let mut c = Checker::default();
        if !valid_id(&self.id) {
            c.fail("id", "must be 1 to 64 of a-z, 0-9, '-', '_', '.'");
        }
        // Each kind takes its own fields and no other's.
        let given = [
            ("enterprise", self.enterprise.is_some(), &["enterprise"][..]),
            ("rights", !self.rights.is_empty(), &["enterprise"][..]),
            ("name", self.name.is_some(), &["association"][..]),
            ("members", !self.members.is_empty(), &["association"][..]),
            (
                "jurisdiction",
                self.jurisdiction.is_some(),
                &["regulator"][..],
            ),
            (
                "categories",
                !self.categories.is_empty(),
                &["regulator"][..],
            ),
        ];
        for (field, present, kinds) in given {
            if present && !kinds.contains(&self.kind.as_str()) {
                c.fail(
                    field,
                    format!("only {} accounts have one", kinds.join(", ")),
                );
            }
        }
        let principal = match self.kind.as_str() {
            "admin" => Some(Principal::Admin),
            "enterprise" => {
                let credit_code = match self.enterprise.as_deref() {
                    None => {
                        c.fail("enterprise", "an enterprise account names its credit code");
                        None
                    }
                    Some(code) => c.take("enterprise", CreditCode::parse(code)),
                };
                let rights = c.take("rights", Roles::parse(&self.rights));
                credit_code
                    .zip(rights)
                    .map(|(credit_code, rights)| Principal::Enterprise {
                        credit_code,
                        rights,
                    })
            }
            "association" => {
                let name = self.name.as_deref().map(str::trim).unwrap_or_default();
                if name.is_empty() || name.chars().count() > 200 {
                    c.fail(
                        "name",
                        "an association account names the association (1 to 200 characters)",
                    );
                }
                let mut members = BTreeSet::new();
                for (i, m) in self.members.iter().enumerate() {
                    if let Some(code) = c.take(&format!("members[{i}]"), CreditCode::parse(m)) {
                        members.insert(code);
                    }
                }
                Some(Principal::Association {
                    name: name.to_owned(),
                    members,
                })
            }
            "regulator" => {
                let jurisdiction = match self.jurisdiction.as_deref() {
                    None => {
                        c.fail(
                            "jurisdiction",
                            "a regulator account names its jurisdiction: national or a GB/T 2260 code",
                        );
                        None
                    }
                    Some(j) => c.take("jurisdiction", Jurisdiction::parse(j)),
                };
                let mut categories = BTreeSet::new();
                for (i, id) in self.categories.iter().enumerate() {
                    if known_category(id) {
                        categories.insert(id.clone());
                    } else {
                        c.fail(&format!("categories[{i}]"), "no such catalogue category");
                    }
                }
                jurisdiction.map(|jurisdiction| Principal::Regulator {
                    jurisdiction,
                    categories,
                })
            }
            _ => {
                c.fail(
                    "kind",
                    "must be admin, enterprise, association or regulator",
                );
                None
            }
        };
        c.finish()?;
        let principal = vouched("kind", principal)?;
        Ok(Account {
            id: self.id.clone(),
            principal,
            created_at: now,
        })
    }
}

#[cfg(test)]
mod tests;
