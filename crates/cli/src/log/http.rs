//! The log as a server publishes it (c2sp.org/tlog-tiles under `<base URL>/log/`), read over
//! plain HTTP. Nothing served is trusted: every byte is checked against a signed checkpoint.
//!
//! HTTPS is not supported: the workspace's lock file holds no TLS stack, and a verifier that
//! silently fell back to plain HTTP would be worse than one that says so.

use std::time::Duration;

use anyhow::{Context, bail};
use reqwest::StatusCode;

/// How long one request may take: a full bundle is at most 16 MiB, usually a few KiB.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A log served over HTTP.
#[derive(Debug, Clone)]
pub struct HttpLog {
    client: reqwest::Client,
    /// `<base URL>/log/`.
    prefix: String,
}

impl HttpLog {
    /// The log of the server at `base` (what `yima serve` prints as "listening on …").
    pub fn new(base: &str) -> anyhow::Result<Self> {
        let base = base.trim_end_matches('/');
        if base.starts_with("https://") {
            bail!(
                "{base}: HTTPS is not supported by this build of yima (it has no TLS stack); \
                 verify through a plain-HTTP address of the server or of a mirror"
            );
        }
        if !base.starts_with("http://") {
            bail!("{base} is not an http:// URL of a yima server");
        }
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .context("cannot make an HTTP client")?;
        Ok(Self {
            client,
            prefix: format!("{base}/log/"),
        })
    }

    /// The body at `path` below the log's prefix; `None` on 404.
    pub async fn get(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let url = format!("{}{path}", self.prefix);
        let response = self
            .client
            .get(&url)
            .send()
            .await
            .with_context(|| format!("GET {url}"))?;
        match response.status() {
            StatusCode::OK => Ok(Some(
                response
                    .bytes()
                    .await
                    .with_context(|| format!("GET {url}: reading the body"))?
                    .to_vec(),
            )),
            StatusCode::NOT_FOUND => Ok(None),
            status => bail!("GET {url}: the server answered {status}"),
        }
    }

    /// The body at `path` as UTF-8 text; an error if it is missing.
    pub async fn get_text(&self, path: &str) -> anyhow::Result<String> {
        let body = self
            .get(path)
            .await?
            .with_context(|| format!("{}{path} is not served (404)", self.prefix))?;
        String::from_utf8(body).with_context(|| format!("{}{path} is not UTF-8", self.prefix))
    }
}
