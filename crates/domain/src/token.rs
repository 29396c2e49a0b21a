//! API tokens: bearer secrets for machine clients, stored only as a SHA-256 digest.

use chrono::{DateTime, Utc};

/// What a token may do. Full roles and scopes come with accounts; today there is the
/// administrator, who may write the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRole {
    Admin,
}

impl TokenRole {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenRole::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "admin" => Ok(TokenRole::Admin),
            other => Err(format!("{other:?} is not a token role")),
        }
    }
}

/// A stored token: its id (not secret), the digest of its secret, its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// `bootstrap-admin` for the token made at first start; unique.
    pub id: String,
    /// Lower-case hex SHA-256 of the whole secret token string.
    pub secret_sha256: String,
    pub role: TokenRole,
    pub created_at: DateTime<Utc>,
}
