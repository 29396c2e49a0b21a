//! `yima log verify`: the whole log against its latest signed checkpoint. Every entry bundle
//! is read and hashed, every hash tile of the tree recomputed and compared byte for byte, and
//! the root compared with the checkpoint's; with the store, every record is compared with its
//! leaf's commitment. The log is streamed a chunk of bundles at a time (from the store, a
//! chunk's bundles and tiles in two queries), read ahead while the previous chunk is hashed
//! on every core.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::Args;
use futures_util::{StreamExt, TryStreamExt, stream};
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;
use yima_ledger::{Checkpoint, TILE_WIDTH, TileId, tile_width};

use super::failure::{CheckError, Failure};
use super::hashing::{BundleFault, BundleWork, check_bundles};
use super::records::{RowsChecked, check_rows};
use super::source::{self, LogSource, SourceArgs};
use super::tree::TreeCheck;

/// Bundles read, hashed and checked together: 65,536 leaves, one level-1 tile. Fewer make
/// the reads and the hashing overlap less well; more only take memory (8 MiB a chunk of
/// 128-byte entries, and `READ_AHEAD` more).
const CHUNK_BUNDLES: usize = 256;
/// Bundles and tiles requested at once.
const READ_CONCURRENCY: usize = 16;
/// Chunks read ahead of the one being checked.
const READ_AHEAD: usize = 2;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The log's verifier key (<name>+<key id>+<key>) [default: with the store, this
    /// installation's own key; with --url, the key the server serves, with a warning].
    #[arg(long, value_name = "VKEY")]
    pub key: Option<String>,
    /// Check the tree only (bundles, tiles, root), not the store's records, which take a
    /// query per record.
    #[arg(long)]
    pub tree_only: bool,
}

/// What a verification established.
pub struct Verified {
    pub checkpoint: Checkpoint,
    pub records_checked: bool,
    pub elapsed: Duration,
}

pub async fn run(args: &VerifyArgs) -> Result<Verified, CheckError> {
    let (source, settings) = LogSource::open(&args.source).await?;
    let source = Arc::new(source);
    let verifier = source::verifier(args.key.as_deref(), &source, settings.as_ref()).await?;
    let note = source.checkpoint().await?.ok_or_else(|| {
        anyhow!("the log has no signed checkpoint yet: there is nothing to verify")
    })?;
    let checkpoint = Checkpoint::open(&note, &verifier).map_err(|e| {
        Failure::whole(format!(
            "the latest checkpoint does not open with the key {verifier}: {e}"
        ))
    })?;
    let size = checkpoint.size;
    let records = source.store().is_some() && !args.tree_only;
    let started = Instant::now();
    let bar = progress_bar(size);
    let mut tree = TreeCheck::new(size);
    let (chunks, mut received) = mpsc::channel(READ_AHEAD);
    let reader = tokio::spawn(read_chunks(source.clone(), size, chunks));
    let mut leaves_read = 0u64;
    let outcome = async {
        while let Some(chunk) = received.recv().await {
            let chunk = Arc::new(chunk?);
            let hashing = {
                let chunk = chunk.clone();
                tokio::task::spawn_blocking(move || check_bundles(&chunk))
            };
            // The store's rows and records are read while the chunk is hashed.
            let rows = match source.store() {
                Some(store) if records => Some(check_rows(store.as_ref(), &chunk).await?),
                _ => None,
            };
            let results = hashing.await.context("hashing failed")?;
            let mut failure = None;
            for result in results {
                let step = match result {
                    Ok(hashes) => {
                        tree.bundle_checked(&source, hashes.leaf_hashes, hashes.subtree)
                            .await
                    }
                    Err(fault) => {
                        let tiles_hold = match source.store() {
                            Some(store) => Some(
                                yima_store::proofs::root(store.as_ref(), size).await.ok()
                                    == Some(checkpoint.root),
                            ),
                            None => None,
                        };
                        Err(describe_fault(fault, rows.as_ref(), tiles_hold).into())
                    }
                };
                match step {
                    Ok(()) => {}
                    Err(CheckError::Failed(f)) => {
                        failure = Some(f);
                        break;
                    }
                    Err(other) => return Err(other),
                }
            }
            let failure = match (failure, rows.and_then(|r| r.failure)) {
                (Some(a), Some(b)) => Some(a.first(b)),
                (a, b) => a.or(b),
            };
            if let Some(f) = failure {
                return Err(f.into());
            }
            let leaves: u64 = chunk.iter().map(|b| u64::from(b.id.width())).sum();
            leaves_read += leaves;
            bar.inc(leaves);
        }
        Ok(())
    }
    .await;
    reader.abort();
    bar.finish_and_clear();
    outcome?;
    if leaves_read != size {
        return Err(anyhow!("the log was read up to leaf {leaves_read} of {size} only").into());
    }
    let root = tree.root()?;
    if root != checkpoint.root {
        return Err(Failure::whole(format!(
            "the entry bundles and tiles make a tree of {size} leaves with root {}, not the \
             checkpoint's root {}: the log holds other entries than those signed",
            STANDARD.encode(root),
            STANDARD.encode(checkpoint.root)
        ))
        .into());
    }
    Ok(Verified {
        checkpoint,
        records_checked: records,
        elapsed: started.elapsed(),
    })
}

/// The entry bundles of the tree of `size` leaves, in order, each at its width.
fn bundle_ids(size: u64) -> impl Iterator<Item = TileId> {
    (0..size.div_ceil(u64::from(TILE_WIDTH)))
        .filter_map(move |i| tile_width(0, i, size).and_then(|w| TileId::entries(i, w).ok()))
}

/// Reads the bundles of the tree and their level-0 tiles, a chunk at a time, until the
/// receiver is gone or a read fails (the failure is sent).
async fn read_chunks(
    source: Arc<LogSource>,
    size: u64,
    chunks: mpsc::Sender<anyhow::Result<Vec<BundleWork>>>,
) {
    let mut ids = bundle_ids(size);
    loop {
        let batch: Vec<TileId> = ids.by_ref().take(CHUNK_BUNDLES).collect();
        if batch.is_empty() {
            return;
        }
        let chunk = read_chunk(&source, batch).await;
        let failed = chunk.is_err();
        if chunks.send(chunk).await.is_err() || failed {
            return;
        }
    }
}

async fn read_chunk(source: &LogSource, ids: Vec<TileId>) -> anyhow::Result<Vec<BundleWork>> {
    // The store reads a chunk's entries and tiles in two queries, far faster than bundle by
    // bundle; a server's are fetched one by one, several at a time.
    if let Some(read) = source.chunk(&ids).await? {
        return Ok(ids
            .into_iter()
            .zip(read)
            .map(|(id, (bundle, tile))| BundleWork { id, bundle, tile })
            .collect());
    }
    stream::iter(ids)
        .map(|id| async move {
            let mut work = BundleWork {
                id,
                bundle: None,
                tile: None,
            };
            let tile_id = work.tile_id();
            let (bundle, tile) = tokio::try_join!(source.tile(&id), source.tile(&tile_id))?;
            work.bundle = bundle;
            work.tile = tile;
            anyhow::Ok(work)
        })
        .buffered(READ_CONCURRENCY)
        .try_collect()
        .await
}

/// A bundle's fault as a failure. With the store, whose entry bundles are its leaf rows,
/// `tiles_hold` tells whether the stored hash tiles still make the signed root: if they do,
/// the entry is what was altered, and otherwise the tile.
fn describe_fault(
    fault: BundleFault,
    rows: Option<&RowsChecked>,
    tiles_hold: Option<bool>,
) -> Failure {
    let (index, position, entry_hash, tile_hash, bundle, tile) = match fault {
        BundleFault::Broken(f) => return f,
        BundleFault::Mismatch {
            index,
            position,
            entry_hash,
            tile_hash,
            bundle,
            tile,
        } => (index, position, entry_hash, tile_hash, bundle, tile),
    };
    let (bundle, tile) = (bundle.path(), tile.path());
    let (entry_hash, tile_hash) = (hex::encode(entry_hash), hex::encode(tile_hash));
    let problem = match tiles_hold {
        Some(true) => format!(
            "the leaf's entry (log_leaves, published in {bundle}) was altered: it hashes to \
             {entry_hash}, but hash {position} of {tile}, which the signed root confirms, is \
             {tile_hash}"
        ),
        Some(false) => format!(
            "the hash tile {tile} was altered: its hash {position} is {tile_hash}, but the \
             leaf's entry hashes to {entry_hash}, and the stored tiles no longer make the \
             signed root"
        ),
        None => format!(
            "its entry in {bundle} hashes to {entry_hash}, but hash {position} of {tile} is \
             {tile_hash}: the bundle or the tile was altered"
        ),
    };
    let record_ref = rows
        .and_then(|r| r.row(index))
        .map(|row| row.record_ref.as_str());
    Failure::leaf(index, record_ref, problem)
}

/// A bar on a terminal; nothing when the output goes to a file or a pipe.
fn progress_bar(leaves: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(leaves).with_message("verifying the log");
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} leaves ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use yima_ledger::{TileKind, new_tiles};

    #[test]
    fn the_bundles_are_those_of_the_tree() {
        for size in [0u64, 1, 255, 256, 257, 65_536, 70_001] {
            let ours: Vec<TileId> = bundle_ids(size).collect();
            let ledger: Vec<TileId> = new_tiles(0, size)
                .into_iter()
                .filter(|t| t.kind() == TileKind::Entries)
                .collect();
            assert_eq!(ours, ledger, "size {size}");
        }
    }
}
