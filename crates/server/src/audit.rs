//! The audit trail's writer: the access middleware hands it an entry for every write and
//! every keyed read once answered; a task stores them in batches (every 250 ms, or at once
//! when 1,000 wait), each batch a ledger record, so that no request waits for its audit
//! write and the trail costs one transaction a batch, not one a request.

use std::sync::Arc;
use std::time::Duration;

use chrono::{SubsecRound, Utc};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;
use yima_domain::{AuditBatch, AuditEntry};
use yima_store::Store;

use crate::sequencer::Ledger;

/// Entries a batch takes at most.
const MOST_PER_BATCH: usize = 1_000;
/// The longest an entry waits to be stored.
const INTERVAL: Duration = Duration::from_millis(250);
/// Entries that may wait; beyond this a request's entry is dropped and the drop logged,
/// rather than the server slowed for its audit trail.
const QUEUE: usize = 100_000;
/// Tries to store a batch before it is given up, logged, with its entries.
const TRIES: u32 = 5;

/// Where the middleware sends entries.
#[derive(Clone)]
pub struct AuditTrail {
    entries: mpsc::Sender<AuditEntry>,
}

impl AuditTrail {
    /// Queues an entry; never waits.
    pub fn record(&self, entry: AuditEntry) {
        if let Err(e) = self.entries.try_send(entry) {
            tracing::error!(error = %e, "the audit queue is full or closed; an entry is lost");
        }
    }
}

/// The running writer, to stop at shutdown once what is queued is stored.
pub struct AuditWriter {
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl AuditWriter {
    /// Stores what is queued, then ends.
    pub async fn finish(self) {
        let _ = self.stop.send(());
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the audit writer failed");
        }
    }
}

/// Starts the writer over `store`, telling `ledger` of each batch's leaf.
pub fn start(store: Arc<dyn Store>, ledger: Ledger) -> (AuditTrail, AuditWriter) {
    let (sender, receiver) = mpsc::channel(QUEUE);
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(write(store, ledger, receiver, stopped));
    (AuditTrail { entries: sender }, AuditWriter { stop, task })
}

async fn write(
    store: Arc<dyn Store>,
    ledger: Ledger,
    mut receiver: mpsc::Receiver<AuditEntry>,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut every = tokio::time::interval(INTERVAL);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut entries = Vec::with_capacity(MOST_PER_BATCH);
    let mut listening = true;
    loop {
        let stopping = tokio::select! {
            _ = every.tick() => false,
            told = &mut stopped, if listening => match told {
                Ok(()) => true,
                // A writer dropped without `finish` leaves the task running until the
                // senders go.
                Err(_) => {
                    listening = false;
                    continue;
                }
            },
            received = receiver.recv_many(&mut entries, MOST_PER_BATCH) => {
                if received == 0 {
                    true // every sender is gone
                } else if entries.len() < MOST_PER_BATCH {
                    continue;
                } else {
                    false
                }
            }
        };
        if stopping {
            receiver.close();
            while let Ok(entry) = receiver.try_recv() {
                entries.push(entry);
                if entries.len() == MOST_PER_BATCH {
                    store_batch(store.as_ref(), &ledger, std::mem::take(&mut entries)).await;
                }
            }
        }
        if !entries.is_empty() {
            store_batch(store.as_ref(), &ledger, std::mem::take(&mut entries)).await;
        }
        if stopping {
            return;
        }
    }
}

async fn store_batch(store: &dyn Store, ledger: &Ledger, entries: Vec<AuditEntry>) {
    let batch = AuditBatch {
        id: Uuid::now_v7(),
        recorded_at: Utc::now().trunc_subsecs(6),
        entries,
    };
    for attempt in 1..=TRIES {
        match store.insert_audit_batch(&batch).await {
            Ok(_) => {
                ledger.written(1);
                return;
            }
            Err(e) if attempt < TRIES => {
                tracing::warn!(error = %e, attempt, "storing an audit batch failed; retrying");
                tokio::time::sleep(INTERVAL * attempt).await;
            }
            Err(e) => tracing::error!(
                error = %e,
                batch = %batch.id,
                entries = batch.entries.len(),
                "an audit batch could not be stored and is lost"
            ),
        }
    }
}
