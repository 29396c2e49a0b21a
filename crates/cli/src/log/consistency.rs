//! `yima log consistency`: that a newer checkpoint's tree extends an older one's, so nothing
//! the older one committed to was changed or removed since.

use std::path::{Path, PathBuf};

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::Args;
use yima_ledger::{
    Checkpoint, Hash, NoteVerifier, consistency_proof_from_tiles, verify_consistency,
};

use super::failure::{CheckError, Failure};
use super::key::parse_verifier;
use super::source::{LogSource, SourceArgs};
use super::tiles::from_tiles;

#[derive(Debug, Args)]
pub struct ConsistencyArgs {
    /// The older checkpoint: a signed note, as served at /log/checkpoint.
    pub old: PathBuf,
    /// The newer checkpoint.
    pub new: PathBuf,
    /// The log's verifier key (<name>+<key id>+<key>).
    #[arg(long, value_name = "VKEY")]
    pub key: String,
    /// A file of the consistency proof's hashes, base64, one per line, instead of computing
    /// the proof from the log's tiles.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["url", "data_dir", "database_url"])]
    pub proof: Option<PathBuf>,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// Two checkpoints of one log, the newer extending the older.
pub struct Consistent {
    pub old: Checkpoint,
    pub new: Checkpoint,
}

pub async fn run(args: &ConsistencyArgs) -> Result<Consistent, CheckError> {
    let key = parse_verifier(&args.key, "--key")?;
    let old = open(&args.old, &key)?;
    let new = open(&args.new, &key)?;
    // The key's name is the origin of both, so this holds once both opened; a log's
    // identity is its origin, and comparing it says so.
    if old.origin != new.origin {
        return Err(Failure::whole(format!(
            "the checkpoints are of two logs: {} and {}",
            old.origin, new.origin
        ))
        .into());
    }
    if new.size < old.size {
        return Err(Failure::whole(format!(
            "the new checkpoint's tree ({} leaves) is smaller than the old one's ({}): a log \
             never shrinks (or the files are given in the wrong order)",
            new.size, old.size
        ))
        .into());
    }
    let proof = match &args.proof {
        Some(path) => read_proof(path)?,
        None => {
            let (source, _) = LogSource::open(&args.source).await?;
            from_tiles(&source, |tiles| {
                consistency_proof_from_tiles(old.size, new.size, tiles)
            })
            .await?
        }
    };
    verify_consistency(old.size, new.size, &old.root, &new.root, &proof).map_err(|e| {
        Failure::whole(format!(
            "the log of {} leaves does not extend the log of {}: {e}",
            new.size, old.size
        ))
    })?;
    Ok(Consistent { old, new })
}

fn open(path: &Path, key: &NoteVerifier) -> Result<Checkpoint, CheckError> {
    let note =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Checkpoint::open(&note, key).map_err(|e| {
        Failure::whole(format!(
            "{} is not a checkpoint signed by {key}: {e}",
            path.display()
        ))
    })?)
}

/// Base64 hashes, one per line; blank lines are skipped.
fn read_proof(path: &Path) -> Result<Vec<Hash>, CheckError> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut proof = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let hash = STANDARD
            .decode(line)
            .ok()
            .and_then(|raw| Hash::try_from(raw).ok())
            .ok_or_else(|| {
                Failure::whole(format!(
                    "{} line {}: not the base64 of a 32-byte hash",
                    path.display(),
                    number + 1
                ))
            })?;
        proof.push(hash);
    }
    Ok(proof)
}
