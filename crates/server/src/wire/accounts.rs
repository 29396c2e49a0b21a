//! Requests and views of accounts and their API keys.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use yima_domain::{Account, AccountDraft, ApiKey, Principal};

/// Open an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountRequest {
    /// 1 to 64 of `a-z`, `0-9`, `-`, `_`, `.`.
    #[schema(example = "minjiang-erp", pattern = "^[a-z0-9._-]{1,64}$")]
    pub id: String,
    /// What the account is.
    #[schema(value_type = AccountKind)]
    pub kind: String,
    /// enterprise: its 统一社会信用代码 (registered).
    #[serde(default)]
    #[schema(pattern = "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$")]
    pub enterprise: Option<String>,
    /// enterprise: `producer` and/or `seller`, among the enterprise's registered roles.
    #[serde(default)]
    #[schema(value_type = Vec<crate::wire::registry::RoleName>, max_items = 2)]
    pub rights: Vec<String>,
    /// association: its name.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub name: Option<String>,
    /// association: its members' 统一社会信用代码.
    #[serde(default)]
    #[schema(max_items = 100000)]
    pub members: Vec<String>,
    /// regulator: `national`, or the GB/T 2260 code of its province, city or county.
    #[serde(default)]
    #[schema(example = "350000", pattern = "^(national|[0-9]{6})$")]
    pub jurisdiction: Option<String>,
    /// regulator: the catalogue categories it oversees; none for all.
    #[serde(default)]
    #[schema(max_items = 1000)]
    pub categories: Vec<String>,
}

impl From<AccountRequest> for AccountDraft {
    fn from(r: AccountRequest) -> Self {
        AccountDraft {
            id: r.id,
            kind: r.kind,
            enterprise: r.enterprise,
            rights: r.rights,
            name: r.name,
            members: r.members,
            jurisdiction: r.jurisdiction,
            categories: r.categories,
        }
    }
}

/// The kinds of account. Kinds travel as strings and are checked by the domain, which names
/// an unknown one; this type only describes them to OpenAPI.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum AccountKind {
    Admin,
    Enterprise,
    Association,
    Regulator,
}

/// An account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub id: String,
    #[schema(value_type = AccountKind)]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        let mut view = AccountView {
            id: a.id.clone(),
            kind: a.principal.kind(),
            enterprise: None,
            rights: Vec::new(),
            name: None,
            members: Vec::new(),
            jurisdiction: None,
            categories: Vec::new(),
            created_at: a.created_at,
        };
        match &a.principal {
            Principal::Admin => {}
            Principal::Enterprise {
                credit_code,
                rights,
            } => {
                view.enterprise = Some(credit_code.to_string());
                view.rights = rights.names();
            }
            Principal::Association { name, members } => {
                view.name = Some(name.clone());
                view.members = members.iter().map(ToString::to_string).collect();
            }
            Principal::Regulator {
                jurisdiction,
                categories,
            } => {
                view.jurisdiction = Some(jurisdiction.as_str().to_owned());
                view.categories = categories.iter().cloned().collect();
            }
        }
        view
    }
}

/// Make an API key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyRequest {
    /// The key's id (not secret); by default one is made.
    #[serde(default)]
    #[schema(example = "erp-2026", pattern = "^[a-z0-9._-]{1,64}$")]
    pub id: Option<String>,
    /// `read`, or `write` (which includes read).
    #[schema(value_type = ScopeName)]
    pub scope: String,
    /// When the key stops working (RFC 3339); by default it lasts until revoked.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// A key's scope. Scopes travel as strings and are checked by the domain; this type only
/// describes them to OpenAPI.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum ScopeName {
    Read,
    Write,
}

/// An API key, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyView {
    pub id: String,
    pub account: String,
    #[schema(value_type = ScopeName)]
    pub scope: &'static str,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl KeyView {
    pub fn new(key: &ApiKey, revoked_at: Option<DateTime<Utc>>) -> Self {
        KeyView {
            id: key.id.clone(),
            account: key.account.clone(),
            scope: key.scope.as_str(),
            created_at: key.created_at,
            expires_at: key.expires_at,
            revoked_at,
        }
    }
}

/// A key just made, with its secret: shown this once, never stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyCreated {
    #[serde(flatten)]
    pub key: KeyView,
    /// Send as `Authorization: Bearer <secret>`.
    #[schema(example = "yima_0f3c…")]
    pub secret: String,
}

/// A revocation.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevocationView {
    pub key_id: String,
    pub revoked_at: DateTime<Utc>,
    pub revoked_by: String,
}
