//! An enterprise's private submission key, kept in a file as 64 hex digits (the Ed25519
//! seed), and the signing of requests with it.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::{Context, bail};
use uuid::Uuid;
use yima_domain::signing::{SIGNATURE_HEADER, sign_request};

/// A private key and the id it was registered under (none until it is).
pub struct Signer {
    key: ed25519_dalek::SigningKey,
    key_id: Uuid,
}

impl Signer {
    pub fn generate() -> anyhow::Result<Self> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        Ok(Self {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
            key_id: Uuid::nil(),
        })
    }

    /// Reads a key written by `yima submission new-key`, to sign as `key_id`.
    pub fn read(path: &Path, key_id: Uuid) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the private key in {}", path.display()))?;
        let seed: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .with_context(|| {
                format!(
                    "{} does not hold a private key (64 hex digits, as yima submission new-key writes)",
                    path.display()
                )
            })?;
        Ok(Self {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
            key_id,
        })
    }

    /// Writes the private key to `path`, which must not exist, readable by the owner only.
    pub fn write_new(&self, path: &Path) -> anyhow::Result<()> {
        if path.exists() {
            bail!("{} exists; a key is never written over", path.display());
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        writeln!(file, "{}", hex::encode(self.key.to_bytes()))?;
        file.sync_all()?;
        Ok(())
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// The `Yima-Signature` header, name and value, for a request to `url` with `body`.
    pub fn header(
        &self,
        method: &str,
        url: &str,
        body: &[u8],
    ) -> anyhow::Result<(&'static str, String)> {
        let parsed = reqwest::Url::parse(url).with_context(|| format!("{url} is not a URL"))?;
        let target = match parsed.query() {
            Some(query) => format!("{}?{query}", parsed.path()),
            None => parsed.path().to_owned(),
        };
        let signed = sign_request(
            &self.key,
            self.key_id,
            method,
            &target,
            chrono::Utc::now().timestamp(),
            body,
        );
        Ok((SIGNATURE_HEADER, signed.to_string()))
    }
}
