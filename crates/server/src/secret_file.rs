//! Secrets kept in files of the data directory (the administrator token, issuing keys):
//! written durably under a temporary name with mode 0600, and put in place only once what
//! they belong to is stored, so a crash never leaves a stored record whose secret was lost,
//! nor a file holding a secret that was not stored.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// A secret written to `<name>.new`, not yet in place.
#[derive(Debug)]
pub struct PendingSecret {
    temporary: PathBuf,
    path: PathBuf,
    dir: PathBuf,
}

impl PendingSecret {
    /// Writes `contents` to `dir/<name>.new`, readable by the owner only, and syncs it.
    pub fn write(dir: &Path, name: &str, contents: &str) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let temporary = dir.join(format!("{name}.new"));
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temporary)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        Ok(Self {
            temporary,
            path: dir.join(name),
            dir: dir.to_owned(),
        })
    }

    /// Puts the secret in place (rename, then sync the directory so the rename is durable).
    pub fn commit(self) -> io::Result<PathBuf> {
        fs::rename(&self.temporary, &self.path)?;
        fs::File::open(&self.dir)?.sync_all()?;
        Ok(self.path)
    }

    /// Removes the temporary file: the secret was not needed after all.
    pub fn abandon(self) -> io::Result<()> {
        fs::remove_file(&self.temporary)
    }

    /// Where the temporary file is, for error messages.
    pub fn temporary(&self) -> &Path {
        &self.temporary
    }
}
