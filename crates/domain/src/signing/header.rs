//! The `Yima-Signature` header: `keyid=<uuid>, created=<unix seconds>, signature=<base64>`.
//! Values may be quoted; each parameter appears once; nothing else is accepted, so that two
//! readers never disagree on what a header says.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use uuid::Uuid;

/// A parsed `Yima-Signature` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    pub key_id: Uuid,
    /// Unix seconds.
    pub signed_at: i64,
    pub signature: [u8; 64],
}

impl SignatureHeader {
    /// Parses a header value; the error names the parameter at fault.
    pub fn parse(value: &str) -> Result<Self, String> {
        let (mut key_id, mut signed_at, mut signature) = (None, None, None);
        for part in value.split(',') {
            let part = part.trim();
            let (name, raw) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not name=value"))?;
            let raw = raw.trim();
            let unquoted = raw
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .unwrap_or(raw);
            let twice = || format!("{name} is given twice");
            match name.trim() {
                "keyid" => {
                    let id = Uuid::try_parse(unquoted)
                        .map_err(|_| format!("keyid {unquoted:?} is not a UUID"))?;
                    if key_id.replace(id).is_some() {
                        return Err(twice());
                    }
                }
                "created" => {
                    let at = unquoted
                        .parse::<i64>()
                        .ok()
                        .filter(|s| *s >= 0 && unquoted.bytes().all(|b| b.is_ascii_digit()))
                        .ok_or_else(|| format!("created {unquoted:?} is not Unix seconds"))?;
                    if signed_at.replace(at).is_some() {
                        return Err(twice());
                    }
                }
                "signature" => {
                    let bytes: [u8; 64] = STANDARD
                        .decode(unquoted)
                        .ok()
                        .and_then(|b| b.try_into().ok())
                        .ok_or_else(|| {
                            "signature is not base64 of 64 bytes (an Ed25519 signature)".to_owned()
                        })?;
                    if signature.replace(bytes).is_some() {
                        return Err(twice());
                    }
                }
                other => {
                    return Err(format!(
                        "{other:?} is not a parameter: use keyid, created and signature"
                    ));
                }
            }
        }
        Ok(Self {
            key_id: key_id.ok_or("keyid is missing")?,
            signed_at: signed_at.ok_or("created is missing")?,
            signature: signature.ok_or("signature is missing")?,
        })
    }
}

impl fmt::Display for SignatureHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "keyid=\"{}\", created={}, signature=\"{}\"",
            self.key_id.hyphenated(),
            self.signed_at,
            STANDARD.encode(self.signature)
        )
    }
}
