//! Who may do what, decided in one place. Every request is authenticated once (`authenticate`:
//! no key is the public; a bad, revoked or expired key is refused with 401), then held to the
//! rule of its route (`rules`: which audiences, which scope; a route without a rule is
//! refused to everyone, the administrator included) by one middleware (`enforce`). Handlers
//! then check what a rule cannot see — whose record a request touches — with the `Caller`
//! the middleware leaves them.

mod address;
mod authenticate;
mod enforce;
mod limits;
pub mod passwords;
mod rules;
mod signatures;

pub use authenticate::{SESSION_COOKIE, cookie, secret_digest, session_secret};
pub use enforce::{ClientAddress, enforce};
pub use limits::{RateLimitSettings, RateLimits};
pub use rules::{Audience, RULES, Rule, rule_for};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use yima_codes::enterprise::CreditCode;
use yima_domain::{Account, Principal, Scope};

use crate::problem::ApiError;

/// Who sent a request: the public, or an account by one of its keys or a session of one of
/// its people.
#[derive(Debug, Clone)]
pub enum Caller {
    Public,
    Keyed {
        account: Account,
        /// The key's id, or `session:` and the start of the session's digest.
        key_id: String,
        scope: Scope,
        /// For a session: the digest of the CSRF token its unsafe requests must carry.
        csrf_sha256: Option<String>,
    },
}

impl Caller {
    /// The audiences the caller belongs to, for the route rules.
    pub fn audiences(&self) -> Vec<Audience> {
        let Caller::Keyed { account, .. } = self else {
            return vec![Audience::Public];
        };
        let mut audiences = vec![Audience::Public];
        match &account.principal {
            Principal::Admin => audiences.push(Audience::Admin),
            Principal::Enterprise { rights, .. } => {
                if rights.producer {
                    audiences.push(Audience::Producer);
                }
                if rights.seller {
                    audiences.push(Audience::Seller);
                }
            }
            Principal::Association { .. } => audiences.push(Audience::Association),
            Principal::Regulator {
                jurisdiction,
                categories,
            } => {
                audiences.push(Audience::Regulator);
                if *jurisdiction == yima_domain::Jurisdiction::National && categories.is_empty() {
                    audiences.push(Audience::NationalRegulator);
                }
            }
        }
        audiences
    }

    pub fn account(&self) -> Option<&Account> {
        match self {
            Caller::Keyed { account, .. } => Some(account),
            Caller::Public => None,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.account()
            .is_some_and(|a| a.principal == Principal::Admin)
    }

    /// The name stored as a record's submitter: the account's id.
    pub fn submitter(&self) -> Option<String> {
        self.account().map(|a| a.id.clone())
    }

    /// Whether the caller may write the records of enterprise `owner`: the administrator
    /// for any, an enterprise's account for its own.
    pub fn acts_for(&self, owner: &CreditCode) -> bool {
        self.is_admin()
            || self
                .account()
                .and_then(|a| a.principal.enterprise())
                .is_some_and(|own| own == owner)
    }

    /// `acts_for`, or a 403 that says whose records these are.
    pub fn require_acting_for(&self, owner: &CreditCode, what: &str) -> Result<(), ApiError> {
        if self.acts_for(owner) {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "{what} belongs to enterprise {owner}; only its own accounts and administrators may write it"
        )))
    }

    /// Whether the caller may read what concerns `enterprise` as a whole (its signed
    /// submissions): administrators, its own accounts, an association it is a member of,
    /// and regulators over every category whose jurisdiction holds its region.
    pub fn oversees(&self, enterprise: &yima_domain::Enterprise) -> bool {
        let Some(account) = self.account() else {
            return false;
        };
        match &account.principal {
            Principal::Admin => true,
            Principal::Enterprise { credit_code, .. } => *credit_code == enterprise.credit_code,
            Principal::Association { members, .. } => members.contains(&enterprise.credit_code),
            Principal::Regulator {
                jurisdiction,
                categories,
            } => categories.is_empty() && jurisdiction.covers(&enterprise.region),
        }
    }

    /// Whether the caller may manage account `id`'s keys: the administrator, or the account
    /// itself.
    pub fn manages(&self, id: &str) -> bool {
        self.is_admin() || self.account().is_some_and(|a| a.id == id)
    }
}

/// Handlers take the caller the middleware authenticated; a route outside the middleware
/// has none, which is a bug in the router, reported as such.
impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| ApiError::internal("a handler ran without the access middleware"))
    }
}
