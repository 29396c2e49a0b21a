//! Rate limits: so many requests a second per API key, and per client address for requests
//! without a key, each with a burst of twice that. A request over its limit is refused with
//! 429 and `Retry-After`, before any work is done for it.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Requests a second allowed, per key and per address; `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimitSettings {
    pub per_key: Option<NonZeroU32>,
    pub per_address: Option<NonZeroU32>,
}

/// The limiters in force.
#[derive(Default)]
pub struct RateLimits {
    per_key: Option<(DefaultKeyedRateLimiter<String>, NonZeroU32)>,
    per_address: Option<(DefaultKeyedRateLimiter<IpAddr>, NonZeroU32)>,
}

/// A refusal: how long until the next request would be let through.
pub struct OverLimit {
    pub retry_after: Duration,
    /// The limit broken, in requests a second.
    pub per_second: NonZeroU32,
}

fn limiter<K: std::hash::Hash + Eq + Clone>(per_second: NonZeroU32) -> DefaultKeyedRateLimiter<K> {
    let burst = per_second.saturating_mul(NonZeroU32::MIN.saturating_add(1));
    RateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst))
}

impl RateLimits {
    pub fn new(settings: RateLimitSettings) -> Self {
        Self {
            per_key: settings.per_key.map(|n| (limiter(n), n)),
            per_address: settings.per_address.map(|n| (limiter(n), n)),
        }
    }

    /// Counts a request made with key `key_id`.
    pub fn check_key(&self, key_id: &str) -> Result<(), OverLimit> {
        match &self.per_key {
            Some((limiter, per_second)) => check(limiter, *per_second, &key_id.to_owned()),
            None => Ok(()),
        }
    }

    /// Counts a request without a key from `address`.
    pub fn check_address(&self, address: IpAddr) -> Result<(), OverLimit> {
        match &self.per_address {
            Some((limiter, per_second)) => check(limiter, *per_second, &address),
            None => Ok(()),
        }
    }

    /// Forgets keys and addresses whose allowance is full again, so that the limiters'
    /// memory follows the callers of the last moments, not all callers ever seen.
    pub fn forget_idle(&self) {
        if let Some((limiter, _)) = &self.per_key {
            limiter.retain_recent();
        }
        if let Some((limiter, _)) = &self.per_address {
            limiter.retain_recent();
        }
    }
}

fn check<K: std::hash::Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    per_second: NonZeroU32,
    key: &K,
) -> Result<(), OverLimit> {
    limiter.check_key(key).map_err(|not_until| OverLimit {
        retry_after: not_until.wait_time_from(DefaultClock::default().now()),
        per_second,
    })
}
