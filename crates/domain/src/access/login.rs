//! People's logins: a password per account (its argon2id hash; a change is a new record, the
//! newest is in force), sessions opened by a login (the digest of the session's cookie secret
//! and of its CSRF token; ended by a record, or by their expiry), and failed logins, which
//! lock an account for a while when they come too often.

use chrono::{DateTime, Duration, Utc};

/// Failed logins within `LOCKOUT_WINDOW` that lock an account.
pub const LOCKOUT_FAILURES: u32 = 5;
/// How far back failures count, and how long a lock lasts after the last of them.
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);
/// How long a session lasts.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);
/// Password length bounds, in characters.
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 12..=256;

/// An account's password as set at `set_at` by `set_by`: its argon2id hash in PHC form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordRecord {
    pub account: String,
    pub hash: String,
    pub set_at: DateTime<Utc>,
    pub set_by: String,
}

/// A session a login opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Lower-case hex SHA-256 of the cookie's secret.
    pub secret_sha256: String,
    pub account: String,
    /// Lower-case hex SHA-256 of the CSRF token the login handed out.
    pub csrf_sha256: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A failed login: the account id as typed (it may name no account), when, from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginFailure {
    pub account: String,
    pub at: DateTime<Utc>,
    pub address: Option<String>,
}

/// Whether a password is acceptable: its length, in characters, within `PASSWORD_CHARS`.
pub fn check_password(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if PASSWORD_CHARS.contains(&chars) {
        Ok(())
    } else {
        Err(format!(
            "must be {} to {} characters; this is {chars}",
            PASSWORD_CHARS.start(),
            PASSWORD_CHARS.end()
        ))
    }
}

/// Until when an account is locked, given the times of its failed logins within the last
/// `LOCKOUT_WINDOW` before `now`, newest first.
pub fn locked_until(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let recent: Vec<&DateTime<Utc>> = failures
        .iter()
        .filter(|at| **at > now - LOCKOUT_WINDOW)
        .collect();
    if recent.len() < LOCKOUT_FAILURES as usize {
        return None;
    }
    recent.iter().max().map(|last| **last + LOCKOUT_WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_in_a_quarter_hour_lock_for_a_quarter_hour_after_the_last() {
        let now = Utc::now();
        let ago = |m: i64| now - Duration::minutes(m);
        assert_eq!(locked_until(&[ago(1), ago(2), ago(3), ago(4)], now), None);
        assert_eq!(
            locked_until(&[ago(1), ago(2), ago(3), ago(4), ago(5)], now),
            Some(ago(1) + LOCKOUT_WINDOW)
        );
        assert_eq!(
            locked_until(&[ago(1), ago(2), ago(3), ago(4), ago(20)], now),
            None
        );
    }

    #[test]
    fn passwords_are_long_enough_and_bounded() {
        assert!(check_password("correct horse").is_ok());
        assert!(check_password("短密码").is_err());
        assert!(check_password(&"密".repeat(256)).is_ok());
        assert!(check_password(&"x".repeat(257)).is_err());
    }
}
