//! The sequencer: one task per server that, while it holds the database's sequencer lease,
//! integrates queued leaves in batches and signs a checkpoint of each new tree head — only
//! after the integration (tiles, bundles, head) has committed, so a checkpoint never commits
//! to tiles that could be lost. Servers that do not hold the lease follow the latest stored
//! checkpoint, so any of them can hand out receipts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use uuid::Uuid;
use yima_ledger::Checkpoint;
use yima_store::{Store, StoreError, StoredCheckpoint, TreeHead};

use crate::log_key::LogKey;

/// How the sequencer paces itself.
#[derive(Debug, Clone, Copy)]
pub struct SequencerSettings {
    /// The longest a leaf waits for integration when fewer than `batch` are queued.
    pub interval: Duration,
    /// The most leaves one integration takes; as many queued leaves start one at once.
    pub batch: usize,
    /// How long the lease lasts unless renewed; another server takes over after it lapses.
    pub lease: Duration,
}

impl Default for SequencerSettings {
    fn default() -> Self {
        Self {
            interval: Duration::from_millis(250),
            batch: 20_000,
            lease: Duration::from_secs(10),
        }
    }
}

/// What handlers share with the sequencer: the latest checkpoint, and a way to say that
/// leaves were written.
#[derive(Clone)]
pub struct Ledger {
    key: Arc<LogKey>,
    latest: watch::Receiver<Option<Arc<StoredCheckpoint>>>,
    wake: Arc<Notify>,
    written: Arc<AtomicU64>,
    batch: u64,
}

impl Ledger {
    pub fn key(&self) -> &LogKey {
        &self.key
    }

    /// The latest checkpoint this server knows of.
    pub fn latest(&self) -> Option<Arc<StoredCheckpoint>> {
        self.latest.borrow().clone()
    }

    /// A writer wrote `leaves` leaves; a full batch wakes the sequencer before its interval.
    pub fn written(&self, leaves: u64) {
        let before = self.written.fetch_add(leaves, Ordering::Relaxed);
        if (before % self.batch) + leaves >= self.batch {
            self.wake.notify_one();
        }
    }

    /// Waits for the next checkpoint, at most `timeout`.
    pub async fn next_checkpoint(&self, timeout: Duration) {
        let mut latest = self.latest.clone();
        latest.mark_unchanged();
        let _ = tokio::time::timeout(timeout, latest.changed()).await;
    }

    /// Waits until a checkpoint covers index `index` or `timeout` passes; the checkpoint, if
    /// one came.
    pub async fn checkpoint_covering(
        &self,
        index: u64,
        timeout: Duration,
    ) -> Option<Arc<StoredCheckpoint>> {
        let mut latest = self.latest.clone();
        let wait = latest.wait_for(|c| c.as_ref().is_some_and(|c| c.size > index));
        match tokio::time::timeout(timeout, wait).await {
            Ok(Ok(c)) => c.clone(),
            _ => None,
        }
    }
}

/// The running sequencer; `stop` gives its lease up.
pub struct SequencerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SequencerHandle {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Starts the sequencer of `store`, signing with `key`.
pub async fn start(
    store: Arc<dyn Store>,
    key: LogKey,
    settings: SequencerSettings,
) -> Result<(Ledger, SequencerHandle), StoreError> {
    let key = Arc::new(key);
    let (latest_tx, latest) = watch::channel(store.latest_checkpoint().await?.map(Arc::new));
    let wake = Arc::new(Notify::new());
    let (stop, stopped) = watch::channel(false);
    let sequencer = Sequencer {
        store,
        key: key.clone(),
        settings,
        holder: Uuid::now_v7(),
        latest: latest_tx,
    };
    let task = tokio::spawn(sequencer.run(wake.clone(), stopped));
    let ledger = Ledger {
        key,
        latest,
        wake,
        written: Arc::new(AtomicU64::new(0)),
        batch: settings.batch.max(1) as u64,
    };
    Ok((ledger, SequencerHandle { stop, task }))
}

struct Sequencer {
    store: Arc<dyn Store>,
    key: Arc<LogKey>,
    settings: SequencerSettings,
    /// This server's identity as a lease holder.
    holder: Uuid,
    latest: watch::Sender<Option<Arc<StoredCheckpoint>>>,
}

impl Sequencer {
    /// Runs until `stop` is called; a dropped handle leaves it running for the process's life.
    async fn run(self, wake: Arc<Notify>, mut stopped: watch::Receiver<bool>) {
        let mut handle_dropped = false;
        loop {
            if let Err(e) = self.step().await {
                tracing::warn!(error = %e, "sequencing failed; retrying");
            }
            let stop = async {
                if handle_dropped {
                    std::future::pending::<()>().await;
                }
                if stopped.changed().await.is_err() {
                    handle_dropped = true;
                    return false;
                }
                true
            };
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(self.settings.interval) => {}
                stop = stop => if stop { break },
            }
        }
        if let Err(e) = self.store.release_sequencer_lease(self.holder).await {
            tracing::warn!(error = %e, "could not give the sequencer lease up");
        }
    }

    /// One round: if this server holds (or can take) the lease, sign any head left unsigned
    /// by a crash, then integrate until the queue is empty; in any case, learn the latest
    /// checkpoint.
    async fn step(&self) -> Result<(), StoreError> {
        if self
            .store
            .take_sequencer_lease(self.holder, self.settings.lease)
            .await?
        {
            let head = self.store.tree_head().await?;
            let signed = self.store.latest_checkpoint().await?.map(|c| c.size);
            if head.size > 0 && signed.is_none_or(|size| size < head.size) {
                // Integrated but not signed (the server stopped in between): check the head
                // against the tiles before signing what they commit to.
                let root = yima_store::proofs::root(self.store.as_ref(), head.size).await?;
                if root != head.root {
                    return Err(StoreError::Corrupt {
                        what: "log_heads".to_owned(),
                        problem: format!("the head of size {} disagrees with its tiles", head.size),
                    });
                }
                self.sign(head).await?;
            }
            let batch = self.settings.batch.max(1);
            let mut before = head.size;
            while let Some(head) = self.store.integrate(self.holder, batch).await? {
                self.sign(head).await?;
                let integrated = head.size - before;
                before = head.size;
                if integrated < batch as u64 {
                    break;
                }
            }
        }
        let latest = self.store.latest_checkpoint().await?.map(Arc::new);
        self.latest.send_if_modified(|current| {
            let newer = latest.as_ref().map(|c| c.size) > current.as_ref().map(|c| c.size);
            if newer {
                *current = latest;
            }
            newer
        });
        Ok(())
    }

    async fn sign(&self, head: TreeHead) -> Result<(), StoreError> {
        let note = Checkpoint::new(self.key.origin(), head.size, head.root)
            .sign(self.key.signer())
            .map_err(|e| StoreError::Invalid {
                problem: format!("cannot sign the checkpoint of size {}: {e}", head.size),
            })?;
        let checkpoint = StoredCheckpoint {
            size: head.size,
            root: head.root,
            note,
        };
        self.store.insert_checkpoint(&checkpoint).await?;
        let checkpoint = Arc::new(checkpoint);
        self.latest.send_if_modified(|current| {
            let newer = current.as_ref().is_none_or(|c| c.size < checkpoint.size);
            if newer {
                *current = Some(checkpoint);
            }
            newer
        });
        Ok(())
    }
}
