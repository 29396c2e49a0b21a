//! WAL checkpoints off the writer's path. With SQLite's automatic checkpoints, the commit that
//! finds the WAL past 1,000 pages copies it into the database file and syncs that file before
//! the writer may go on, and under a steady stream of large commits that is nearly every one.
//! Here the writer never checkpoints (`wal_autocheckpoint = 0`); a connection of its own copies
//! the WAL into the database file in the background (PASSIVE: it never waits for, nor blocks,
//! the writer or a reader), on the second core. Durability is unaffected: a commit is durable
//! once the WAL is synced, which every commit does (`synchronous = FULL`). The next write after
//! a complete checkpoint starts the WAL over, and `journal_size_limit` truncates it.

use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::SqlitePool;

/// How often the WAL is copied into the database file.
pub(super) const INTERVAL: Duration = Duration::from_millis(100);

/// The background task; stopped when the last clone of the store that started it is dropped.
#[derive(Debug, Clone)]
pub(super) struct Checkpointer {
    pool: SqlitePool,
    _stop: Arc<StopOnDrop>,
}

#[derive(Debug)]
struct StopOnDrop(tokio::task::AbortHandle);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Checkpointer {
    /// Starts checkpointing through `pool`, a read-write connection that is not the writer.
    pub(super) fn start(pool: SqlitePool) -> Self {
        let connection = pool.clone();
        let task = tokio::spawn(async move {
            let pool = connection;
            let mut ticks = tokio::time::interval(INTERVAL);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if pool.is_closed() {
                    return;
                }
                // A failure (the file gone, the disk full) leaves the WAL longer, nothing
                // lost; it is retried at the next tick.
                if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await
                {
                    tracing::warn!(error = %e, "WAL checkpoint failed; retrying");
                }
            }
        });
        Self {
            pool,
            _stop: Arc::new(StopOnDrop(task.abort_handle())),
        }
    }

    pub(super) async fn close(&self) {
        self.pool.close().await;
    }
}
