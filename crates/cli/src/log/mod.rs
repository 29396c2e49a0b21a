//! `yima log`: the tamper-evident ledger from the outside — its key, and checks of the whole
//! log, of one record's proof, and of two checkpoints' consistency.
//!
//! Exit codes: 0 when what was checked holds; 3 when it does not (the message names the
//! first leaf, tile or file that fails and why); 1 when it could not be checked (a file
//! unreadable, the store or server unreachable); 2 for a usage error.

mod consistency;
mod failure;
mod hashing;
mod http;
mod key;
mod proof;
mod records;
mod source;
mod tiles;
mod tree;
mod verify;

use std::process::ExitCode;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::Subcommand;

use crate::config::{Settings, StoreArgs};
use failure::{CheckError, NOT_VERIFIED};

#[derive(Subcommand)]
pub enum LogCommand {
    /// Print the log's verifier key (c2sp.org/signed-note), to publish for verifiers.
    Key {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Verify the whole log against its latest signed checkpoint: every entry, tile and the
    /// root; with the store, also every leaf row and every record.
    Verify(verify::VerifyArgs),
    /// Verify a record file and its inclusion proof offline.
    VerifyProof(proof::VerifyProofArgs),
    /// Verify that a newer checkpoint of the log extends an older one.
    Consistency(consistency::ConsistencyArgs),
}

pub async fn run(command: LogCommand) -> anyhow::Result<ExitCode> {
    let outcome = match command {
        LogCommand::Key { store } => {
            key::print(&Settings::load_store(&store)?)?;
            Ok(())
        }
        LogCommand::Verify(args) => verify::run(&args).await.map(|v| {
            let c = &v.checkpoint;
            println!(
                "log {} verified: {} leaves, root {}",
                c.origin,
                c.size,
                STANDARD.encode(c.root)
            );
            println!(
                "checked every entry bundle, every hash tile and the root against the signed \
                 checkpoint{}",
                if v.records_checked {
                    ", and every record against its leaf"
                } else {
                    ""
                }
            );
            let seconds = v.elapsed.as_secs_f64();
            println!(
                "{} leaves in {seconds:.3} s: {:.0} leaves/s",
                c.size,
                c.size as f64 / seconds.max(1e-9)
            );
        }),
        LogCommand::VerifyProof(args) => proof::run(&args).await.map(|p| {
            println!(
                "proven: {} ({}) is leaf {} of the log {}, in its checkpoint of {} leaves{}",
                p.evidence.record_ref,
                p.evidence.kind,
                p.index,
                p.checkpoint.origin,
                p.checkpoint.size,
                match p.cosigned_by {
                    0 => String::new(),
                    n => format!(", cosigned by {n} of the witnesses given"),
                }
            );
        }),
        LogCommand::Consistency(args) => consistency::run(&args).await.map(|c| {
            println!(
                "consistent: the log of {} leaves extends the log of {}",
                c.new.size, c.old.size
            );
        }),
    };
    match outcome {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(CheckError::Failed(failure)) => {
            eprintln!("not verified: {failure}");
            Ok(ExitCode::from(NOT_VERIFIED))
        }
        Err(CheckError::Other(e)) => Err(e),
    }
}
