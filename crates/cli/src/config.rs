//! Settings, layered: built-in defaults, then a TOML file (`--config`), then `YIMA_*`
//! environment variables, then command-line flags; each layer overrides the one before.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Flags of `yima serve`. Every setting is optional here so that an absent flag does not
/// override the file or the environment.
#[derive(Debug, Args, Serialize)]
pub struct ServeArgs {
    #[command(flatten)]
    #[serde(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    #[serde(flatten)]
    pub rules: RulesArgs,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    /// A product catalogue file replacing the built-in one.
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<PathBuf>,
    /// Page cache of the embedded store, in MiB [default: 64].
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sqlite_cache_mib: Option<u32>,
    /// Log format [default: text].
    #[arg(long, value_enum)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,
    /// The origin (name) of the ledger a new log key is made for, a schema-less URL such as
    /// `trace.example.cn/log` [default: yima.local/log/<random>]. Unused once the key exists.
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_origin: Option<String>,
    /// The witness policy: lines `witness <name> <vkey> [<url>]` and `quorum <n>`. Witnesses
    /// with a URL are asked to cosign each new checkpoint.
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witnesses: Option<PathBuf>,
    /// Requests a second allowed per API key, with bursts of twice that; 0 for no limit
    /// [default: 200].
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_key: Option<u32>,
    /// Requests a second allowed per client address without an API key (the public scan,
    /// and guessed keys), with bursts of twice that; 0 for no limit [default: 100].
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_address: Option<u32>,
    /// A reverse proxy whose `X-Forwarded-For` names the client (for rate limits, the audit
    /// trail and failed logins); repeat for each.
    #[arg(long = "trusted-proxy")]
    #[serde(rename = "trusted_proxies", skip_serializing_if = "Vec::is_empty")]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// A disclosure table (who sees which field) replacing the shipped one; see
    /// docs/disclosure.md.
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclosure_policy: Option<PathBuf>,
    /// Fill a fresh store with the demo dataset and print resolve URLs of demo codes.
    #[arg(long)]
    #[serde(skip)]
    pub demo: bool,
}

/// The keys of `Settings`, as they appear in the file and (upper-cased) in the environment.
const SETTING_KEYS: [&str; 17] = [
    "data_dir",
    "listen",
    "database_url",
    "catalogue",
    "schemes",
    "ecode_table",
    "sqlite_cache_mib",
    "log_format",
    "log_origin",
    "log_key",
    "sequencer_interval_ms",
    "sequencer_batch",
    "witnesses",
    "rate_limit_per_key",
    "rate_limit_per_address",
    "trusted_proxies",
    "disclosure_policy",
];

/// The settings in force.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    pub database_url: Option<String>,
    pub catalogue: Option<PathBuf>,
    pub schemes: Option<PathBuf>,
    pub ecode_table: Option<PathBuf>,
    pub sqlite_cache_mib: u32,
    pub log_format: LogFormat,
    /// The origin a new log key is made for.
    pub log_origin: Option<String>,
    /// The log's signer key string (`PRIVATE+KEY+…`), in place of the data directory's
    /// `log.key`. From the file or the environment only: a flag would show it in `ps`.
    pub log_key: Option<String>,
    /// The longest a ledger leaf waits for integration, in milliseconds.
    pub sequencer_interval_ms: u64,
    /// The most leaves one integration takes.
    pub sequencer_batch: usize,
    /// The witness policy file.
    pub witnesses: Option<PathBuf>,
    /// Requests a second per API key; 0: no limit.
    pub rate_limit_per_key: u32,
    /// Requests a second per client address without a key; 0: no limit.
    pub rate_limit_per_address: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The disclosure table in place of the shipped one.
    pub disclosure_policy: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("yima-data"),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: None,
            catalogue: None,
            schemes: None,
            ecode_table: None,
            sqlite_cache_mib: 64,
            log_format: LogFormat::Text,
            log_origin: None,
            log_key: None,
            sequencer_interval_ms: 250,
            sequencer_batch: 20_000,
            witnesses: None,
            rate_limit_per_key: 200,
            rate_limit_per_address: 100,
            trusted_proxies: Vec::new(),
            disclosure_policy: None,
        }
    }
}

/// The code rules a command reads codes by (`serve`, `code parse`, `code label`).
#[derive(Debug, Args, Serialize)]
pub struct RulesArgs {
    /// A TOML file of recognisers for other systems' codes (a province's, an industry's),
    /// tried after the built-in ones.
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schemes: Option<PathBuf>,
    /// A TOML file replacing the built-in Ecode table (versions, NSI and master-data lengths).
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecode_table: Option<PathBuf>,
}

/// Reads the configured code rules: built-in ones, extended or replaced by the files given.
pub fn code_rules(
    schemes: Option<&std::path::Path>,
    ecode_table: Option<&std::path::Path>,
) -> anyhow::Result<yima_codes::CodeRules> {
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let schemes = schemes.map(read).transpose()?;
    let ecode = ecode_table.map(read).transpose()?;
    yima_codes::CodeRules::configured(schemes.as_deref(), ecode.as_deref())
        .context("invalid code rules")
}

/// Where the records are: the flags of every command that opens the store.
#[derive(Debug, Args, Serialize)]
pub struct StoreArgs {
    /// A TOML file of settings (keys as the long flags, with underscores).
    #[arg(long, env = "YIMA_CONFIG")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Where the embedded database, the admin token, the issuing keys and other state live
    /// [default: ./yima-data].
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// Keep the records in PostgreSQL (postgres://user@host:port/db) instead of the embedded
    /// store.
    #[arg(long)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Settings {
    pub fn load(args: &ServeArgs) -> anyhow::Result<Self> {
        Self::load_with(args.store.config.as_deref(), args)
    }

    pub fn load_store(args: &StoreArgs) -> anyhow::Result<Self> {
        Self::load_with(args.config.as_deref(), args)
    }

    /// Defaults, then the file, then the environment, then `flags` (those given).
    fn load_with(config: Option<&std::path::Path>, flags: &impl Serialize) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = config {
            anyhow::ensure!(
                file.is_file(),
                "config file {} does not exist",
                file.display()
            );
            figment = figment.merge(Toml::file(file));
        }
        figment
            // Only the settings' own names: other YIMA_* variables (the test suite's, say)
            // are not settings. The file, by contrast, is refused for any unknown key.
            .merge(Env::prefixed("YIMA_").only(&SETTING_KEYS))
            .merge(Serialized::defaults(flags))
            .extract()
            .context("invalid settings")
    }
}

#[cfg(test)]
mod tests {
    // figment's Jail fixes the closures' error type, which clippy finds large.
    #![allow(clippy::unwrap_used, clippy::result_large_err)]
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        args: ServeArgs,
    }

    #[test]
    fn flags_override_file_which_overrides_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "yima.toml",
                "listen = \"127.0.0.1:9000\"\nsqlite_cache_mib = 8\n",
            )?;
            jail.set_env("YIMA_SQLITE_CACHE_MIB", "16");
            jail.set_env("YIMA_SOMETHING_ELSE", "not a setting");
            let w = Wrap::parse_from(["x", "--config", "yima.toml", "--data-dir", "/tmp/d"]);
            let s = Settings::load(&w.args).unwrap();
            assert_eq!(s.listen.port(), 9000);
            assert_eq!(s.sqlite_cache_mib, 16);
            assert_eq!(s.data_dir, PathBuf::from("/tmp/d"));
            assert_eq!(s.log_format, LogFormat::Text);
            // Rate limits are on unless turned off; no proxy is trusted unless named.
            assert_eq!((s.rate_limit_per_key, s.rate_limit_per_address), (200, 100));
            assert!(s.trusted_proxies.is_empty());
            Ok(())
        });
    }

    #[test]
    fn trusted_proxies_come_from_flags_or_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("yima.toml", "trusted_proxies = [\"10.0.0.1\", \"::1\"]\n")?;
            let w = Wrap::parse_from(["x", "--config", "yima.toml"]);
            let s = Settings::load(&w.args).unwrap();
            assert_eq!(s.trusted_proxies.len(), 2);
            let w = Wrap::parse_from(["x", "--trusted-proxy", "192.0.2.1"]);
            let s = Settings::load(&w.args).unwrap();
            assert_eq!(
                s.trusted_proxies,
                ["192.0.2.1".parse::<std::net::IpAddr>().unwrap()]
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("yima.toml", "listn = \"127.0.0.1:9000\"\n")?;
            let w = Wrap::parse_from(["x", "--config", "yima.toml"]);
            assert!(Settings::load(&w.args).is_err());
            Ok(())
        });
    }
}
