//! The key the log's checkpoints are signed with (a c2sp.org/signed-note Ed25519 key whose
//! name is the log's origin).
//!
//! Made at first start and kept in `log.key` in the data directory (mode 0600, the signer key
//! string `PRIVATE+KEY+<name>+<id>+<key>`), or given by configuration. The database registers
//! the verifier key, so a server sharing the database with another key refuses to start
//! rather than sign checkpoints that verifiers of this log would reject.

use std::fs;
use std::path::{Path, PathBuf};

use yima_ledger::{NoteSigner, NoteVerifier};
use yima_store::{Store, StoreError};

use crate::secret_file::PendingSecret;

/// The file, in the data directory, that holds the log's signer key.
pub const LOG_KEY_FILE: &str = "log.key";

#[derive(Debug, thiserror::Error)]
pub enum LogKeyError {
    #[error("{path}: {problem}")]
    File { path: PathBuf, problem: String },
    #[error("the configured log key is not a signer key string: {0}")]
    Configured(String),
    #[error("the log origin {origin:?} cannot name a key: {problem}")]
    Origin { origin: String, problem: String },
    #[error(
        "this database's log is signed with {registered}, not with {ours}: give every server \
         that shares the database the same log key"
    )]
    Mismatch { registered: String, ours: String },
    #[error("cannot make a random key: {0}")]
    Random(getrandom::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The log's signer, and its verifier as published at `/log/key`.
#[derive(Debug, Clone)]
pub struct LogKey {
    signer: NoteSigner,
    verifier: NoteVerifier,
}

impl LogKey {
    pub fn new(signer: NoteSigner) -> Self {
        let verifier = signer.verifier();
        Self { signer, verifier }
    }

    pub fn signer(&self) -> &NoteSigner {
        &self.signer
    }

    pub fn verifier(&self) -> &NoteVerifier {
        &self.verifier
    }

    /// The log's origin: the key's name, which every checkpoint's first line repeats.
    pub fn origin(&self) -> &str {
        self.signer.name()
    }
}

/// Where the log key comes from.
#[derive(Debug, Clone, Default)]
pub struct LogKeySource {
    /// A signer key string given by configuration; the data directory's file is then unused.
    pub configured: Option<String>,
    /// The origin a new key is made for; by default `yima.local/log/<12 random hex digits>`,
    /// unique to this log.
    pub origin: Option<String>,
}

/// Loads (or at first start makes) the log key and registers its verifier key with the
/// database. A new key's file is put in place only if the database took its verifier key.
pub async fn ensure_log_key(
    store: &dyn Store,
    data_dir: &Path,
    source: &LogKeySource,
) -> Result<LogKey, LogKeyError> {
    if let Some(configured) = &source.configured {
        let signer = NoteSigner::from_key_string(configured.trim())
            .map_err(|e| LogKeyError::Configured(e.to_string()))?;
        return register(store, LogKey::new(signer)).await;
    }
    let path = data_dir.join(LOG_KEY_FILE);
    let file_error = |problem: String| LogKeyError::File {
        path: path.clone(),
        problem,
    };
    match fs::read_to_string(&path) {
        Ok(text) => {
            let signer =
                NoteSigner::from_key_string(text.trim()).map_err(|e| file_error(e.to_string()))?;
            register(store, LogKey::new(signer)).await
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = LogKey::new(new_signer(source.origin.as_deref())?);
            let pending = PendingSecret::write(data_dir, LOG_KEY_FILE, &key.signer.to_key_string())
                .map_err(|e| file_error(e.to_string()))?;
            match register(store, key).await {
                Ok(key) => {
                    pending.commit().map_err(|e| file_error(e.to_string()))?;
                    Ok(key)
                }
                Err(e) => {
                    // Nothing refers to the new key: its file must not survive.
                    let _ = pending.abandon();
                    Err(e)
                }
            }
        }
        Err(e) => Err(file_error(e.to_string())),
    }
}

async fn register(store: &dyn Store, key: LogKey) -> Result<LogKey, LogKeyError> {
    let ours = key.verifier.to_string();
    let registered = store.register_log_verifier_key(&ours).await?;
    if registered != ours {
        return Err(LogKeyError::Mismatch { registered, ours });
    }
    Ok(key)
}

fn new_signer(origin: Option<&str>) -> Result<NoteSigner, LogKeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(LogKeyError::Random)?;
    let origin = match origin {
        Some(origin) => origin.to_owned(),
        None => {
            let mut id = [0u8; 6];
            getrandom::fill(&mut id).map_err(LogKeyError::Random)?;
            format!("yima.local/log/{}", hex::encode(id))
        }
    };
    NoteSigner::new(&origin, &seed).map_err(|e| LogKeyError::Origin {
        origin,
        problem: e.to_string(),
    })
}
