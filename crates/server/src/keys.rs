//! The keys platform codes (数字身份码) are issued and verified with.
//!
//! Unlike API tokens, these cannot be kept as digests: verifying a code needs the secret. The
//! secrets live in `issuing.keys` in the data directory (mode 0600; one `id hex-secret` line
//! per key, the last being the one new codes are issued with, so rotation appends a line and
//! old codes still verify). The database registers each key's id and fingerprint, which keeps
//! ids unique for the platform's life (every code carries one) and lets a server refuse a key
//! file that does not match what others issued with. Every server sharing one database needs
//! the same file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use sha2::{Digest, Sha256};
use yima_codes::platform::{IssuingKey, SECRET_LEN};
use yima_domain::IssuingKeyRecord;
use yima_store::{Store, StoreError};

use crate::secret_file::PendingSecret;

/// The file, in the data directory, that holds the issuing keys' secrets.
pub const KEYS_FILE: &str = "issuing.keys";
/// How many random ids to try for a new key before giving up (ids taken by other servers).
const NEW_ID_ATTEMPTS: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{path}: {problem}")]
    File { path: PathBuf, problem: String },
    #[error(
        "issuing key {id} in {path} is not the key the database registered under that id: \
         use the key file of the servers that share this database"
    )]
    Mismatch { id: u16, path: PathBuf },
    #[error("cannot make a random key: {0}")]
    Random(getrandom::Error),
    #[error("no free issuing key id found after {NEW_ID_ATTEMPTS} attempts")]
    NoFreeId,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The loaded keys, by id, and the one new codes are issued with.
#[derive(Debug)]
pub struct IssuingKeys {
    keys: BTreeMap<u16, IssuingKey>,
    current: u16,
}

impl IssuingKeys {
    /// The key with `id`, to verify a code that names it.
    pub fn get(&self, id: u16) -> Option<&IssuingKey> {
        self.keys.get(&id)
    }

    /// The key new codes are issued with.
    pub fn current(&self) -> &IssuingKey {
        // `current` is always one of `keys`: both are set together in `from_lines`.
        &self.keys[&self.current]
    }

    fn from_lines(lines: Vec<(u16, IssuingKey)>) -> Option<Self> {
        let current = lines.last()?.0;
        Some(Self {
            keys: lines.into_iter().collect(),
            current,
        })
    }
}

fn fingerprint(secret: &[u8]) -> String {
    hex::encode(Sha256::digest(secret))
}

fn random_bytes<const N: usize>() -> Result<[u8; N], KeyError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(KeyError::Random)?;
    Ok(bytes)
}

/// Parses `issuing.keys`: one `id hex-secret` per line.
fn parse_file(path: &Path, text: &str) -> Result<Vec<(u16, [u8; SECRET_LEN])>, KeyError> {
    let bad = |line: usize, problem: &str| KeyError::File {
        path: path.to_owned(),
        problem: format!("line {line}: {problem}"),
    };
    let mut keys = Vec::new();
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, secret) = line
            .split_once(' ')
            .ok_or_else(|| bad(n, "expected `id hex-secret`"))?;
        let id: u16 = id.parse().map_err(|_| bad(n, "the id is not 0-65535"))?;
        let secret: [u8; SECRET_LEN] = hex::decode(secret.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| bad(n, "the secret is not 64 hexadecimal digits"))?;
        keys.push((id, secret));
    }
    Ok(keys)
}

/// Loads the issuing keys of `data_dir`, registering each with the database (or checking it
/// against the registration), and makes a first key when there is none.
pub async fn ensure_issuing_keys(
    store: &dyn Store,
    data_dir: &Path,
) -> Result<IssuingKeys, KeyError> {
    let path = data_dir.join(KEYS_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(KeyError::File {
                path,
                problem: e.to_string(),
            });
        }
    };
    let mut loaded = Vec::new();
    for (id, secret) in parse_file(&path, &text)? {
        let record = IssuingKeyRecord {
            id,
            fingerprint: fingerprint(&secret),
            created_at: Utc::now(),
        };
        if store.insert_issuing_key(&record).await?.is_none() {
            let registered = store.issuing_key(id).await?;
            if registered.map(|r| r.fingerprint) != Some(record.fingerprint) {
                return Err(KeyError::Mismatch { id, path });
            }
        }
        loaded.push((id, IssuingKey::new(id, &secret)));
    }
    if let Some(keys) = IssuingKeys::from_lines(loaded) {
        return Ok(keys);
    }
    // No key yet: make one under a random free id. The secret is on disk (not yet in place)
    // before the id is registered, so neither can exist without the other.
    for _ in 0..NEW_ID_ATTEMPTS {
        let id = u16::from_be_bytes(random_bytes::<2>()?);
        let secret = random_bytes::<SECRET_LEN>()?;
        let file_error = |e: std::io::Error| KeyError::File {
            path: path.clone(),
            problem: e.to_string(),
        };
        let pending = PendingSecret::write(
            data_dir,
            KEYS_FILE,
            &format!(
                "# yima issuing keys: `id secret`; the last line issues new codes. Keep secret.\n{id} {}\n",
                hex::encode(secret)
            ),
        )
        .map_err(file_error)?;
        let record = IssuingKeyRecord {
            id,
            fingerprint: fingerprint(&secret),
            created_at: Utc::now(),
        };
        if store.insert_issuing_key(&record).await?.is_some() {
            pending.commit().map_err(file_error)?;
            let key = IssuingKey::new(id, &secret);
            return IssuingKeys::from_lines(vec![(id, key)]).ok_or(KeyError::NoFreeId);
        }
        pending.abandon().map_err(file_error)?;
    }
    Err(KeyError::NoFreeId)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_are_parsed_line_by_line_with_errors_named() {
        let path = Path::new("issuing.keys");
        let secret = "ab".repeat(32);
        let keys = parse_file(path, &format!("# comment\n7 {secret}\n\n9 {secret}\n")).unwrap();
        assert_eq!(keys.iter().map(|k| k.0).collect::<Vec<_>>(), [7, 9]);
        let err = parse_file(path, "7 abc\n").unwrap_err().to_string();
        assert!(
            err.contains("line 1") && err.contains("64 hexadecimal"),
            "{err}"
        );
        let err = parse_file(path, &format!("70000 {secret}\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("0-65535"), "{err}");
    }
}
