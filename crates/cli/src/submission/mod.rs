//! `yima submission`: an enterprise's signing keys and the check of a signed submission.
//! `new-key` makes a key pair and keeps the private half in a file that never leaves the
//! enterprise; `verify` checks a submission as the server gives it out, without trusting the
//! server.

mod signer;

pub use signer::Signer;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use yima_server::wire::submissions::SignedSubmissionView;

/// The exit status when a submission does not verify.
const DOES_NOT_HOLD: u8 = 3;

#[derive(Debug, Subcommand)]
pub enum SubmissionCommand {
    /// Make an Ed25519 key pair: the private key goes to FILE (mode 0600, which must not
    /// exist), the public key is printed, to register with
    /// POST /api/v1/enterprises/{credit_code}/submission-keys.
    NewKey {
        /// Where to keep the private key.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a signed submission as GET /api/v1/submissions/{id} gives it: that the body is
    /// the one its digest names and that the signature is the key's over it.
    #[command(
        after_help = "Exit status: 0 when the signature holds; 3 when it does not \
        (the message says why); 1 when the file cannot be read."
    )]
    Verify {
        /// The submission's JSON.
        file: PathBuf,
        /// The public key you hold for the enterprise (64 hex digits); without it, the key
        /// the file names is used, which proves only that the file is consistent.
        #[arg(long)]
        public_key: Option<String>,
    },
}

pub async fn run(command: SubmissionCommand) -> anyhow::Result<ExitCode> {
    match command {
        SubmissionCommand::NewKey { out } => {
            let signer = Signer::generate()?;
            signer.write_new(&out)?;
            println!("{}", hex::encode(signer.public_key()));
            eprintln!(
                "private key written to {}; register the public key above, then sign with \
                 yima import --sign-with {} --sign-key-id <the registered key's id>",
                out.display(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        SubmissionCommand::Verify { file, public_key } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let view: SignedSubmissionView = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a signed submission's JSON", file.display()))?;
            match verify(&view, public_key.as_deref()) {
                Ok(()) => {
                    println!(
                        "submission {} holds: signed by key {} of enterprise {} at {}",
                        view.id, view.key_id, view.enterprise, view.signed_at
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(problem) => {
                    eprintln!("submission {} does not hold: {problem}", view.id);
                    Ok(ExitCode::from(DOES_NOT_HOLD))
                }
            }
        }
    }
}

/// Checks a submission's view: its key against the one trusted (if given), its body against
/// its digest, and its signature.
fn verify(view: &SignedSubmissionView, trusted: Option<&str>) -> Result<(), String> {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    let named = yima_domain::signing::parse_public_key(&view.public_key)
        .map_err(|e| format!("public_key {e}"))?;
    let public_key = match trusted {
        Some(trusted) => {
            let trusted = yima_domain::signing::parse_public_key(trusted)
                .map_err(|e| format!("--public-key {e}"))?;
            if trusted != named {
                return Err(format!(
                    "it names public key {}, not the one given",
                    view.public_key
                ));
            }
            trusted
        }
        None => named,
    };
    let body = STANDARD
        .decode(&view.body_base64)
        .map_err(|e| format!("body_base64 is not base64: {e}"))?;
    let signature: [u8; 64] = STANDARD
        .decode(&view.signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or("signature is not base64 of 64 bytes")?;
    let signed_at = chrono::DateTime::from_timestamp(view.signed_at, 0)
        .ok_or_else(|| format!("signed_at {} is out of range", view.signed_at))?;
    let submission = yima_domain::SignedSubmission {
        id: view.id,
        key_id: view.key_id,
        enterprise: yima_codes::enterprise::CreditCode::parse(&view.enterprise)
            .map_err(|e| format!("enterprise {e}"))?,
        method: view.method.clone(),
        target: view.target.clone(),
        signed_at,
        body,
        signature,
        request_id: view.request_id.clone(),
        received_at: view.received_at,
    };
    if hex::encode(submission.body_sha256()) != view.body_sha256 {
        return Err("the body's SHA-256 is not body_sha256".to_owned());
    }
    submission.verify(&public_key).map_err(|e| e.to_string())
}
