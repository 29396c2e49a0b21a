//! Issuing keys and the MAC that makes platform codes unguessable.
//!
//! # Why SipHash-2-4
//!
//! The tag only has to make a guessed code fail: an attacker who types codes at the resolver
//! wins with probability 2⁻⁴⁰ ≈ 9.1 × 10⁻¹³ per guess, so a million guesses against a key
//! still succeed with probability below 10⁻⁶. For that any pseudo-random function keyed with
//! a secret that never leaves the platform will do, and the one to pick is the fastest sound
//! one for a 10-byte message: the platform issues and checks codes by the million.
//!
//! - HMAC-SHA-256 costs two SHA-256 compressions per code even with its keyed inner and outer
//!   states precomputed. `benches/platform.rs` measures it beside the code path: about
//!   150 ns per tag on a CPU *with* the SHA extensions (many server CPUs lack them), which
//!   with the ~60 ns of formatting misses 5 million codes per second on one core.
//! - SipHash-2-4 (Aumasson and Bernstein, 2012) is a PRF with a 128-bit key designed for
//!   short messages: a 10-byte message is one compression block plus finalisation, about
//!   10 ns with no CPU extensions. Its designers claim PRF security, and a truncated PRF is a
//!   MAC whose forgery probability is 2⁻ᵗ for a t-bit tag. Recovering the 128-bit key by
//!   exhaustive search is out of reach, and the tags of codes an attacker holds tell him
//!   nothing about other codes' tags.
//! - Keyed BLAKE3 would also do, at several times the cost for one short message.
//!
//! The `siphasher` crate (Frank Denis, the libsodium author) is a maintained, dependency-free
//! implementation whose output is checked below against the SipHash paper's test vector.
//!
//! # Keys
//!
//! A key is 32 random bytes named by a 16-bit id. The SipHash key of format version 1 is
//! derived from it by the one-step key derivation of NIST SP 800-56C, SHA-256(counter 1 ‖
//! secret ‖ label), truncated to 128 bits, so that a later format version with another PRF
//! derives an independent key from the same stored secret.

use sha2::{Digest, Sha256};
use siphasher::sip::SipHasher24;

use super::layout::TAG_BITS;
use crate::CodeError;

/// The length of an issuing key's secret.
pub const SECRET_LEN: usize = 32;

/// Names what a version-1 key is for, so that keys derived for other uses differ.
const V1_LABEL: &[u8] = b"yima platform code v1 SipHash-2-4";

/// A secret that issues and verifies platform codes, named by the id the codes carry.
///
/// `Debug` shows the id only: the secret must not reach logs.
#[derive(Clone)]
pub struct IssuingKey {
    id: u16,
    v1: SipHasher24,
}

impl IssuingKey {
    /// The key with id `id` and the secret `secret` (32 bytes from a cryptographic random
    /// source; the caller stores them, this crate has neither randomness nor storage).
    pub fn new(id: u16, secret: &[u8; SECRET_LEN]) -> Self {
        let digest = Sha256::new()
            .chain_update(1u32.to_be_bytes())
            .chain_update(secret)
            .chain_update(V1_LABEL)
            .finalize();
        let mut v1_key = [0u8; 16];
        for (k, d) in v1_key.iter_mut().zip(digest.iter()) {
            *k = *d;
        }
        Self {
            id,
            v1: SipHasher24::new_with_key(&v1_key),
        }
    }

    /// The key from a secret of any stored form, refused unless it is exactly 32 bytes.
    pub fn from_bytes(id: u16, secret: &[u8]) -> Result<Self, CodeError> {
        let secret: &[u8; SECRET_LEN] = secret.try_into().map_err(|_| CodeError::Length {
            what: "platform issuing key secret",
            found: secret.len(),
            rule: "32 bytes",
        })?;
        Ok(Self::new(id, secret))
    }

    /// The id that codes issued with this key carry.
    pub fn id(&self) -> u16 {
        self.id
    }

    /// The tag of a version-1 code: the top 40 bits of SipHash-2-4 over the 75 field bits,
    /// written as 10 big-endian bytes.
    pub(super) fn tag(&self, packed_fields: u128) -> u64 {
        let bytes = packed_fields.to_be_bytes();
        let message = bytes.get(6..).unwrap_or_default();
        self.v1.hash(message) >> (64 - TAG_BITS)
    }
}

impl std::fmt::Debug for IssuingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuingKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vector of the SipHash paper (appendix A): key 00 01 … 0f, message 00 01 … 0e.
    #[test]
    fn siphasher_is_siphash_2_4() {
        let key: [u8; 16] = std::array::from_fn(|i| i as u8);
        let message: Vec<u8> = (0..15).collect();
        assert_eq!(
            SipHasher24::new_with_key(&key).hash(&message),
            0xa129_ca61_49be_45e5
        );
    }

    #[test]
    fn debug_does_not_show_the_secret() {
        let key = IssuingKey::new(7, &[0xAB; SECRET_LEN]);
        let shown = format!("{key:?}");
        assert_eq!(shown, "IssuingKey { id: 7, .. }");
    }

    #[test]
    fn a_secret_of_the_wrong_length_is_refused() {
        assert!(IssuingKey::from_bytes(1, &[0; 31]).is_err());
        assert!(IssuingKey::from_bytes(1, &[0; 33]).is_err());
        assert!(IssuingKey::from_bytes(1, &[0; 32]).is_ok());
    }
}
