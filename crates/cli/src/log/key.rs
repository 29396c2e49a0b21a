//! The log's verifier key: as given on the command line, or the one of this installation's
//! signer key (the `log_key` setting, or `log.key` in the data directory).

use std::path::Path;

use anyhow::{Context, bail};
use yima_ledger::{NoteSigner, NoteVerifier};
use yima_server::log_key::LOG_KEY_FILE;

use crate::config::Settings;

/// The verifier key of the log this installation signs, from its signer key.
pub fn installation_verifier(settings: &Settings) -> anyhow::Result<NoteVerifier> {
    if let Some(configured) = &settings.log_key {
        let signer = NoteSigner::from_key_string(configured.trim())
            .context("the log_key setting is not a signer key string")?;
        return Ok(signer.verifier());
    }
    let path = settings.data_dir.join(LOG_KEY_FILE);
    signer_file(&path).map(|s| s.verifier())
}

fn signer_file(path: &Path) -> anyhow::Result<NoteSigner> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "no log key yet: start the server once (it makes {}), or set log_key",
            path.display()
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    NoteSigner::from_key_string(text.trim())
        .with_context(|| format!("{} does not hold a signer key string", path.display()))
}

/// A verifier key given on the command line.
pub fn parse_verifier(text: &str, what: &str) -> anyhow::Result<NoteVerifier> {
    NoteVerifier::parse(text.trim()).with_context(|| {
        format!("{what} {text:?} is not a verifier key (<name>+<hex key id>+<base64 key>)")
    })
}

/// `yima log key`.
pub fn print(settings: &Settings) -> anyhow::Result<()> {
    println!("{}", installation_verifier(settings)?);
    Ok(())
}
