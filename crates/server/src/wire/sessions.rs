//! Requests and answers of people's logins.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Set an account's password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    /// 12 to 256 characters.
    #[schema(min_length = 12, max_length = 256)]
    pub password: String,
}

/// Log in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "shop-b", max_length = 64)]
    pub account: String,
    #[schema(max_length = 256)]
    pub password: String,
}

/// A session opened: its cookie is set; its CSRF token goes in the `X-CSRF-Token` header of
/// every request that writes.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub account: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}
