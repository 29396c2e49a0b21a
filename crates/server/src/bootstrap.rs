//! The first administrator: an account and its API key made at first start, the key's secret
//! written to `admin.token` in the data directory (mode 0600), its digest stored, so an
//! operator can bootstrap.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use yima_domain::{Account, ApiKey, Principal, Scope};
use yima_store::Store;

use crate::access::secret_digest;
use crate::secret_file::PendingSecret;

/// The id of the account, and of its key, made at first start.
pub const BOOTSTRAP_TOKEN_ID: &str = "bootstrap-admin";
/// The file, in the data directory, that receives its secret.
pub const TOKEN_FILE: &str = "admin.token";

/// What start-up found or did about the administrator token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminToken {
    /// A token was made now and its secret written to this file.
    Created(PathBuf),
    /// A token existed already; its secret is in this file.
    Existing(PathBuf),
    /// A token existed already (made by another server on the same database, or the file
    /// was removed); its secret is not in this data directory.
    ElsewhereOrRemoved,
}

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("cannot write the administrator token to {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot make a random token: {0}")]
    Random(getrandom::Error),
    #[error(transparent)]
    Store(#[from] yima_store::StoreError),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BootstrapError + '_ {
    move |source| BootstrapError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Makes sure an administrator token exists. The secret is written durably to a temporary
/// file before its digest is stored, and renamed into place only if this process's insert
/// won, so a crash or a race with another server never leaves a stored token whose secret
/// was lost, nor a file holding a secret that was not stored.
pub async fn ensure_admin_token(
    store: &dyn Store,
    data_dir: &Path,
) -> Result<AdminToken, BootstrapError> {
    let file = data_dir.join(TOKEN_FILE);
    let digest_on_disk = fs::read_to_string(&file)
        .ok()
        .map(|s| secret_digest(s.trim()));
    if let Some(digest) = &digest_on_disk
        && store.key_grant(digest).await?.is_some()
    {
        return Ok(AdminToken::Existing(file));
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(BootstrapError::Random)?;
    let secret = format!(
        "{}{}",
        yima_domain::access::KEY_SECRET_PREFIX,
        hex::encode(bytes)
    );
    let pending = PendingSecret::write(data_dir, TOKEN_FILE, &format!("{secret}\n"))
        .map_err(io_error(data_dir))?;
    let now = Utc::now();
    // The account first: a crash between the two leaves an account without a key, which the
    // next start gives one; a second server racing this one stores its key or finds ours.
    store
        .insert_account(&Account {
            id: BOOTSTRAP_TOKEN_ID.to_owned(),
            principal: Principal::Admin,
            created_at: now,
        })
        .await?;
    let key = ApiKey {
        id: BOOTSTRAP_TOKEN_ID.to_owned(),
        account: BOOTSTRAP_TOKEN_ID.to_owned(),
        secret_sha256: secret_digest(&secret),
        scope: Scope::Write,
        created_at: now,
        expires_at: None,
    };
    if store.insert_api_key(&key).await? {
        let file = pending.commit().map_err(io_error(&file))?;
        Ok(AdminToken::Created(file))
    } else {
        let temporary = pending.temporary().to_owned();
        pending.abandon().map_err(io_error(&temporary))?;
        Ok(AdminToken::ElsewhereOrRemoved)
    }
}
