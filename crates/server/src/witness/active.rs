//! Active witnessing (c2sp.org/tlog-witness): one task per witness with a URL that sends it
//! each newer checkpoint with a consistency proof from the size it cosigned last, and stores
//! the cosignature it answers with.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use tokio::task::JoinHandle;
use yima_store::StoredCheckpoint;

use super::cosignatures::{Accepted, CosignatureError, accept_cosignatures, add_checkpoint_body};
use super::policy::{Witness, WitnessPolicy};
use crate::state::AppState;

/// How long one request to a witness may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long to wait after a failed request before trying again.
const RETRY_AFTER: Duration = Duration::from_secs(30);
/// The least time between two requests to one witness, however fast checkpoints come: a
/// witness need not see every checkpoint, only recent ones.
const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// How often a witness may answer 409 (another size) within one round before we give up:
/// once is normal (it learned a size elsewhere); again means it keeps moving or disagrees.
const MAX_CONFLICTS: usize = 2;

/// Why a round with a witness failed.
#[derive(Debug, thiserror::Error)]
pub enum WitnessingError {
    #[error("cannot make the HTTP client: {0}")]
    Client(reqwest::Error),
    #[error("request failed: {0}")]
    Request(#[from] reqwest::Error),
    #[error("answered {status}: {body}")]
    Status { status: StatusCode, body: String },
    #[error("answered 409 with {body:?}, which is not a tree size")]
    BadSize { body: String },
    #[error(
        "it has seen a tree of {theirs} leaves, larger than ours of {ours}: a fork or a rolled-back database"
    )]
    Ahead { theirs: u64, ours: u64 },
    #[error("it keeps answering 409 (last at size {size})")]
    Conflicts { size: u64 },
    #[error("its answer does not hold its cosignature: {0}")]
    Cosignature(#[from] CosignatureError),
    #[error(transparent)]
    Store(#[from] yima_store::StoreError),
}

/// The running witnessing tasks; dropping it leaves them running, `stop` ends them.
pub struct WitnessingHandle {
    tasks: Vec<JoinHandle<()>>,
}

impl WitnessingHandle {
    pub fn stop(self) {
        for task in self.tasks {
            task.abort();
        }
    }
}

/// Starts one task for each witness of `policy` that has a URL.
pub fn spawn_witnessing(
    state: AppState,
    policy: Arc<WitnessPolicy>,
) -> Result<WitnessingHandle, WitnessingError> {
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(WitnessingError::Client)?;
    let tasks = policy
        .witnesses
        .iter()
        .filter_map(|witness| {
            let url = witness.url.clone()?;
            if url.starts_with("https://") {
                // reqwest is built without a TLS stack (none is vendored): say so up front
                // rather than once per failed request.
                tracing::warn!(witness = %witness.name, %url, "this build speaks plain http only: the witness will not be reached");
            }
            let task = WitnessTask {
                state: state.clone(),
                client: client.clone(),
                witness: witness.clone(),
                url,
            };
            Some(tokio::spawn(task.run()))
        })
        .collect();
    Ok(WitnessingHandle { tasks })
}

struct WitnessTask {
    state: AppState,
    client: reqwest::Client,
    witness: Witness,
    url: String,
}

impl WitnessTask {
    async fn run(self) {
        // The size the witness cosigned last, as far as we know; a wrong guess costs one 409.
        let mut cosigned = 0;
        loop {
            let latest = self.state.ledger.latest();
            if let Some(checkpoint) = latest.as_ref().filter(|c| c.size > cosigned) {
                match self.round(checkpoint, cosigned).await {
                    Ok(accepted) => {
                        tracing::debug!(witness = %self.witness.name, size = checkpoint.size, new = accepted.new, "checkpoint cosigned");
                        cosigned = checkpoint.size;
                    }
                    Err(e) => {
                        tracing::warn!(witness = %self.witness.name, size = checkpoint.size, error = %e, "witnessing failed; retrying");
                        tokio::time::sleep(RETRY_AFTER).await;
                        continue;
                    }
                }
            }
            tokio::time::sleep(MIN_INTERVAL).await;
            // Wait for a checkpoint newer than the one just looked at (the timeout only bounds
            // the wait; the loop then looks again).
            let seen = latest.map_or(0, |c| c.size);
            self.state
                .ledger
                .checkpoint_covering(seen, RETRY_AFTER)
                .await;
        }
    }

    /// Has the witness cosign `checkpoint`, starting from the guess that it is at `old`.
    async fn round(
        &self,
        checkpoint: &StoredCheckpoint,
        mut old: u64,
    ) -> Result<Accepted, WitnessingError> {
        let store = self.state.store.as_ref();
        let verifiers = [self.witness.verifier.clone()];
        // Another server sharing the database, or the witness itself by POST, may have
        // brought the cosignature already.
        let id = format!("{:08x}", self.witness.verifier.key_id());
        if store
            .cosignatures(checkpoint.size)
            .await?
            .iter()
            .any(|c| c.key_name == self.witness.verifier.name() && c.key_id == id)
        {
            return Ok(Accepted {
                verified: 1,
                new: 0,
            });
        }
        for _ in 0..=MAX_CONFLICTS {
            let body = add_checkpoint_body(store, checkpoint, old).await?;
            let response = self
                .client
                .post(format!("{}/add-checkpoint", self.url))
                .header(reqwest::header::CONTENT_TYPE, "text/plain; charset=utf-8")
                .body(body)
                .send()
                .await?;
            let status = response.status();
            let text = response.text().await?;
            match status {
                StatusCode::OK => {
                    let mut note = checkpoint.note.clone();
                    note.push_str(&text);
                    if !note.ends_with('\n') {
                        note.push('\n');
                    }
                    return Ok(accept_cosignatures(store, checkpoint, &note, &verifiers).await?);
                }
                StatusCode::CONFLICT => {
                    // The witness is at another size; its body says which.
                    let size = text
                        .trim_end_matches('\n')
                        .parse::<u64>()
                        .map_err(|_| WitnessingError::BadSize { body: text.clone() })?;
                    if size > checkpoint.size {
                        return Err(WitnessingError::Ahead {
                            theirs: size,
                            ours: checkpoint.size,
                        });
                    }
                    if size == old {
                        return Err(WitnessingError::Conflicts { size });
                    }
                    old = size;
                }
                status => {
                    let body: String = text.chars().take(500).collect();
                    return Err(WitnessingError::Status { status, body });
                }
            }
        }
        Err(WitnessingError::Conflicts { size: old })
    }
}
