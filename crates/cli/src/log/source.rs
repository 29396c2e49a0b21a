//! Where a verification reads the log from: the store itself, or a server's published tiles.
//! Both give the same bytes for the same tile; only the store also has the leaves' rows and
//! the records.

use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use yima_ledger::{NoteVerifier, TILE_WIDTH, TileId, TileKind};
use yima_store::{Store, StoreConfig};

use super::http::HttpLog;
use super::key;
use crate::config::{Settings, StoreArgs};

/// The flags that choose where the log is read from.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Read the log from the server at this base URL (its tiles under <URL>/log/) instead
    /// of from the store.
    #[arg(long, value_name = "URL", conflicts_with_all = ["data_dir", "database_url"])]
    pub url: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// An entry bundle and its level-0 tile, each as read (`None` where the log lacks it).
pub type BundleAndTile = (Option<Vec<u8>>, Option<Vec<u8>>);

pub enum LogSource {
    Store(Arc<dyn Store>),
    Http(HttpLog),
    /// Tiles by path, for unit tests of what reads them.
    #[cfg(test)]
    Map(Arc<std::collections::HashMap<String, Vec<u8>>>),
}

impl LogSource {
    /// Opens the store (which must exist: a verification makes none) or the server's log.
    pub async fn open(args: &SourceArgs) -> anyhow::Result<(Self, Option<Settings>)> {
        if let Some(url) = &args.url {
            return Ok((Self::Http(HttpLog::new(url)?), None));
        }
        let settings = Settings::load_store(&args.store)?;
        let config = crate::serve::store_config(&settings);
        if let StoreConfig::Sqlite(options) = &config {
            anyhow::ensure!(
                options.path.is_file(),
                "no store at {}: give the server's --data-dir, or --database-url",
                options.path.display()
            );
        }
        let store = yima_store::open(&config)
            .await
            .context("cannot open the store")?;
        Ok((Self::Store(store), Some(settings)))
    }

    pub fn store(&self) -> Option<&Arc<dyn Store>> {
        match self {
            Self::Store(store) => Some(store),
            _ => None,
        }
    }

    /// The latest signed checkpoint note; `None` before the first.
    pub async fn checkpoint(&self) -> anyhow::Result<Option<String>> {
        match self {
            Self::Store(store) => Ok(store
                .latest_checkpoint()
                .await
                .context("cannot read the latest checkpoint")?
                .map(|c| c.note)),
            Self::Http(http) => http
                .get("checkpoint")
                .await?
                .map(|b| String::from_utf8(b).context("the served checkpoint is not UTF-8"))
                .transpose(),
            #[cfg(test)]
            Self::Map(map) => Ok(map
                .get("checkpoint")
                .map(|b| String::from_utf8_lossy(b).into_owned())),
        }
    }

    /// The bundles `ids` (consecutive, in order) and their level-0 tiles, read together when
    /// the source can do that in two reads (the store): (bundle, tile) for each, `None` where
    /// the log lacks one. `None` if the source reads them one by one.
    pub async fn chunk(&self, ids: &[TileId]) -> anyhow::Result<Option<Vec<BundleAndTile>>> {
        let Self::Store(store) = self else {
            return Ok(None);
        };
        let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
            return Ok(Some(Vec::new()));
        };
        let width = u64::from(TILE_WIDTH);
        let (start, end) = (
            first.index() * width,
            last.index() * width + u64::from(last.width()),
        );
        let (bundles, tiles) = tokio::try_join!(
            store.log_bundles(start, end),
            store.log_tiles(0, first.index(), last.index() + 1)
        )
        .with_context(|| format!("cannot read the leaves {start}..{end} from the store"))?;
        let mut bundles = bundles.into_iter().peekable();
        let mut tiles = tiles.into_iter().peekable();
        Ok(Some(
            ids.iter()
                .map(|id| {
                    // Both come in order of index (tiles then of width): skip to this one's.
                    while bundles.next_if(|(i, _, _)| *i < id.index()).is_some() {}
                    let bundle = bundles
                        .next_if(|(i, _, _)| *i == id.index())
                        .filter(|(_, w, _)| *w == id.width())
                        .map(|(_, _, bytes)| bytes);
                    while tiles.next_if(|(i, _, _)| *i < id.index()).is_some() {}
                    let mut tile = None;
                    while let Some((_, w, bytes)) = tiles.next_if(|(i, _, _)| *i == id.index()) {
                        if w == id.width() {
                            tile = Some(bytes);
                        }
                    }
                    (bundle, tile)
                })
                .collect(),
        ))
    }

    /// A tile's or bundle's bytes; `None` if the log lacks it.
    pub async fn tile(&self, id: &TileId) -> anyhow::Result<Option<Vec<u8>>> {
        match self {
            Self::Store(store) => {
                let read = match id.kind() {
                    TileKind::Hashes { level } => {
                        store.log_tile(level, id.index(), id.width()).await
                    }
                    TileKind::Entries => store.log_bundle(id.index(), id.width()).await,
                };
                read.with_context(|| format!("cannot read {id} from the store"))
            }
            Self::Http(http) => http.get(&id.path()).await,
            #[cfg(test)]
            Self::Map(map) => Ok(map.get(&id.path()).cloned()),
        }
    }
}

/// Every hash tile of the tree of `leaves`, by path.
#[cfg(test)]
pub fn all_tiles(leaves: &[yima_ledger::Hash]) -> std::collections::HashMap<String, Vec<u8>> {
    yima_ledger::new_tiles(0, leaves.len() as u64)
        .into_iter()
        .filter_map(|id| match id.kind() {
            TileKind::Hashes { level } => yima_ledger::tile_hashes(level, id.index(), leaves)
                .ok()
                .map(|h| (id.path(), h.concat())),
            TileKind::Entries => None,
        })
        .collect()
}

/// The key to verify with: `--key` if given; from the server's `/log/key` (with a warning)
/// when reading a server without one; this installation's own key when reading its store.
pub async fn verifier(
    given: Option<&str>,
    source: &LogSource,
    settings: Option<&Settings>,
) -> anyhow::Result<NoteVerifier> {
    if let Some(text) = given {
        return key::parse_verifier(text, "--key");
    }
    match (source, settings) {
        (LogSource::Http(http), _) => {
            let text = http.get_text("key").await.context(
                "no --key given and the server's verifier key cannot be fetched: pass --key",
            )?;
            eprintln!(
                "warning: verifying with the key the server itself serves at /log/key. A server \
                 that rewrote its log could serve a key of its own that signs the new one, so \
                 this proves only that the log agrees with itself; pass --key with the key \
                 published elsewhere to prove it is the log you know."
            );
            key::parse_verifier(&text, "the served key")
        }
        (LogSource::Store(_), Some(settings)) => key::installation_verifier(settings)
            .context("no --key given, and this installation's log key cannot be read"),
        (LogSource::Store(_), None) => anyhow::bail!("no --key given and no settings to find one"),
        #[cfg(test)]
        (LogSource::Map(_), _) => anyhow::bail!("no --key given"),
    }
}
