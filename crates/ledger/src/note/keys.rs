//! Signer and verifier keys and their text forms:
//! `<name>+<hex key ID>+<base64(type ‖ public key)>` for verifiers and
//! `PRIVATE+KEY+<name>+<hex key ID>+<base64(type ‖ seed)>` for signers.

use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::{NoteError, check_name};
use crate::cosignature::cosigned_message;

/// The 4-byte key ID of a signature line, read big-endian.
pub type KeyId = u32;

/// The signature types of c2sp.org/signed-note this crate speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// 0x01: an Ed25519 signature over the note text.
    Ed25519,
    /// 0x04: a timestamped Ed25519 witness cosignature (c2sp.org/tlog-cosignature).
    CosignatureV1,
}

impl KeyType {
    pub fn byte(self) -> u8 {
        match self {
            KeyType::Ed25519 => 0x01,
            KeyType::CosignatureV1 => 0x04,
        }
    }

    fn from_byte(b: u8) -> Option<Self> {
        match b {
            0x01 => Some(KeyType::Ed25519),
            0x04 => Some(KeyType::CosignatureV1),
            _ => None,
        }
    }
}

/// SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]: the type byte lets one key serve several
/// signature types without a signature of one type passing for another.
pub fn key_id(name: &str, key_type: KeyType, public_key: &[u8; 32]) -> KeyId {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', key_type.byte()]);
    h.update(public_key);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Splits `<name>+<hex id>+<base64>` and checks every part; the base64 may itself hold '+'.
fn parse_key_parts(s: &str) -> Result<(&str, KeyId, KeyType, [u8; 32]), NoteError> {
    let mut parts = s.splitn(3, '+');
    let (Some(name), Some(hex_id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(NoteError::MalformedKey {
            reason: "expected <name>+<key ID>+<key>",
        });
    };
    check_name(name)?;
    if hex_id.len() != 8
        || !hex_id
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(NoteError::MalformedKey {
            reason: "the key ID is not 8 lowercase hexadecimal digits",
        });
    }
    let id = u32::from_str_radix(hex_id, 16).map_err(|_| NoteError::MalformedKey {
        reason: "the key ID is not hexadecimal",
    })?;
    let raw = STANDARD.decode(b64).map_err(|_| NoteError::MalformedKey {
        reason: "the key is not canonical base64",
    })?;
    let Some((&type_byte, key)) = raw.split_first() else {
        return Err(NoteError::MalformedKey {
            reason: "the key is empty",
        });
    };
    let key_type = KeyType::from_byte(type_byte).ok_or(NoteError::MalformedKey {
        reason: "the key type is neither Ed25519 (0x01) nor cosignature/v1 (0x04)",
    })?;
    let key: [u8; 32] = key.try_into().map_err(|_| NoteError::MalformedKey {
        reason: "an Ed25519 key is 32 bytes",
    })?;
    Ok((name, id, key_type, key))
}

fn check_id(found: KeyId, expected: KeyId) -> Result<(), NoteError> {
    if found == expected {
        Ok(())
    } else {
        Err(NoteError::KeyIdMismatch {
            expected: format!("{expected:08x}"),
            found: format!("{found:08x}"),
        })
    }
}

fn encode_key(name: &str, id: KeyId, key_type: KeyType, key: &[u8; 32]) -> String {
    let mut raw = Vec::with_capacity(33);
    raw.push(key_type.byte());
    raw.extend_from_slice(key);
    format!("{name}+{id:08x}+{}", STANDARD.encode(raw))
}

/// An Ed25519 key that signs notes under a name. Its Debug output never shows the seed.
#[derive(Clone)]
pub struct NoteSigner {
    name: String,
    id: KeyId,
    key_type: KeyType,
    key: SigningKey,
}

impl NoteSigner {
    /// The signer of `name` whose Ed25519 key comes from `seed` (RFC 8032's 32-byte secret).
    pub fn new(name: &str, seed: &[u8; 32]) -> Result<Self, NoteError> {
        Self::with_type(name, seed, KeyType::Ed25519)
    }

    pub(crate) fn with_type(
        name: &str,
        seed: &[u8; 32],
        key_type: KeyType,
    ) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = SigningKey::from_bytes(seed);
        let id = key_id(name, key_type, key.verifying_key().as_bytes());
        Ok(Self {
            name: name.to_owned(),
            id,
            key_type,
            key,
        })
    }

    /// Reads `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>`.
    pub fn from_key_string(s: &str) -> Result<Self, NoteError> {
        let rest = s
            .strip_prefix("PRIVATE+KEY+")
            .ok_or(NoteError::MalformedKey {
                reason: "a signer key starts with PRIVATE+KEY+",
            })?;
        let (name, id, key_type, seed) = parse_key_parts(rest)?;
        // Cosigners sign a different message; they are made with `Cosigner`, not here.
        if key_type != KeyType::Ed25519 {
            return Err(NoteError::MalformedKey {
                reason: "a note signer key has type Ed25519 (0x01)",
            });
        }
        let signer = Self::with_type(name, &seed, key_type)?;
        check_id(id, signer.id)?;
        Ok(signer)
    }

    /// The secret key string; it holds the seed, so keep it as secret as the seed.
    pub fn to_key_string(&self) -> String {
        format!(
            "PRIVATE+KEY+{}",
            encode_key(&self.name, self.id, self.key_type, self.key.as_bytes())
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> KeyId {
        self.id
    }

    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// The verifier that checks this signer's signatures.
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            id: self.id,
            key_type: self.key_type,
            key: self.key.verifying_key(),
        }
    }

    pub(crate) fn sign_bytes(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }
}

impl fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NoteSigner")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.id))
            .field("key_type", &self.key_type)
            .finish_non_exhaustive()
    }
}

/// A public key trusted to sign notes under a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    id: KeyId,
    key_type: KeyType,
    key: VerifyingKey,
}

impl NoteVerifier {
    /// The verifier of `name` for an Ed25519 public key of the given signature type.
    pub fn new(name: &str, key_type: KeyType, public_key: &[u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = VerifyingKey::from_bytes(public_key).map_err(|_| NoteError::MalformedKey {
            reason: "the Ed25519 public key is not a valid point",
        })?;
        // A small-order key would accept signatures on any message; a non-canonical encoding
        // would give one key two IDs.
        if key.is_weak() || key.as_bytes() != public_key {
            return Err(NoteError::MalformedKey {
                reason: "the Ed25519 public key is weak or not canonically encoded",
            });
        }
        Ok(Self {
            name: name.to_owned(),
            id: key_id(name, key_type, public_key),
            key_type,
            key,
        })
    }

    /// Reads `<name>+<hex key ID>+<base64(type ‖ public key)>`, checking the key ID.
    pub fn parse(s: &str) -> Result<Self, NoteError> {
        let (name, id, key_type, key) = parse_key_parts(s)?;
        let verifier = Self::new(name, key_type, &key)?;
        check_id(id, verifier.id)?;
        Ok(verifier)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> KeyId {
        self.id
    }

    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// Checks a signature line's payload (after the key ID) over the note text. Returns the
    /// cosignature's timestamp for a cosignature key, `None` for a plain Ed25519 key.
    /// Verification is strict (no small-order R, canonical S): every signature an honest
    /// RFC 8032 signer makes passes, and no one signature has a second valid encoding.
    pub(crate) fn verify(&self, text: &str, payload: &[u8]) -> Result<Option<u64>, ()> {
        match self.key_type {
            KeyType::Ed25519 => {
                let sig: [u8; 64] = payload.try_into().map_err(|_| ())?;
                self.key
                    .verify_strict(text.as_bytes(), &Signature::from_bytes(&sig))
                    .map_err(|_| ())?;
                Ok(None)
            }
            KeyType::CosignatureV1 => {
                let (time, sig) = payload.split_at_checked(8).ok_or(())?;
                let time = u64::from_be_bytes(time.try_into().map_err(|_| ())?);
                let sig: [u8; 64] = sig.try_into().map_err(|_| ())?;
                let message = cosigned_message(text, time).map_err(|_| ())?;
                self.key
                    .verify_strict(message.as_bytes(), &Signature::from_bytes(&sig))
                    .map_err(|_| ())?;
                Ok(Some(time))
            }
        }
    }
}

impl fmt::Display for NoteVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&encode_key(
            &self.name,
            self.id,
            self.key_type,
            self.key.as_bytes(),
        ))
    }
}

impl FromStr for NoteVerifier {
    type Err = NoteError;

    fn from_str(s: &str) -> Result<Self, NoteError> {
        Self::parse(s)
    }
}
