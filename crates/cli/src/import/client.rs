//! The server an import talks to, over plain HTTP with the administrator's bearer token: the
//! flows API for CSV rows, the EPCIS binding's capture for documents.
//!
//! HTTPS is not supported: the workspace's lock file holds no TLS stack (see `log::http`).

use std::time::Duration;

use crate::submission::Signer;
use anyhow::{Context, bail};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::Value;
use yima_server::wire::flows::{FlowBatchRecorded, FlowBatchRequest, FlowRequest};

/// How long one request may take: a batch of flows of thousands of codes, on a busy server.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// How long a capture job's answer may wait for its end (`Prefer: wait`, RFC 7240): the
/// server answers as the job ends, so one request usually learns it.
const JOB_WAIT: &str = "wait=30";
/// How soon a capture job is asked again when the server answered before it ended (the wait
/// ran out, or the server does not honour it).
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// A server, the token to write to it with, and the key to sign with, if any.
pub struct Server {
    client: reqwest::Client,
    base: String,
    token: String,
    signer: Option<Signer>,
}

/// A problem document as the server writes it.
#[derive(Debug, Deserialize)]
pub struct Problem {
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: String,
}

/// What the flows API said to a batch.
pub enum BatchAnswer {
    Recorded(FlowBatchRecorded),
    /// Refused, nothing stored: the failing fields, `flows[i].field`.
    Refused(Problem),
}

/// What the binding said to a capture.
pub enum CaptureAnswer {
    /// The job, as it ended.
    Ended { id: String, job: Value },
    /// Refused at once (not EPCIS, over a limit): the exception's detail.
    Refused(String),
}

impl Server {
    pub fn new(base: &str, token: String, signer: Option<Signer>) -> anyhow::Result<Self> {
        let base = base.trim_end_matches('/');
        if base.starts_with("https://") {
            bail!(
                "{base}: HTTPS is not supported by this build of yima (it has no TLS stack); \
                 import through a plain-HTTP address of the server"
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
            base: base.to_owned(),
            token,
            signer,
        })
    }

    /// A POST of `body` to `url`, signed when there is a key to sign with.
    fn post(&self, url: &str, body: Vec<u8>) -> anyhow::Result<reqwest::RequestBuilder> {
        let mut request = self.client.post(url).bearer_auth(&self.token);
        if let Some(signer) = &self.signer {
            let (name, value) = signer.header("POST", url, &body)?;
            request = request.header(name, value);
        }
        Ok(request.body(body))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends flows to `POST /api/v1/flows/batch`.
    pub async fn flows(&self, flows: &[FlowRequest]) -> anyhow::Result<BatchAnswer> {
        let url = self.url("/api/v1/flows/batch");
        let body = FlowBatchRequest {
            flows: flows.to_vec(),
        };
        let response = self
            .post(&url, serde_json::to_vec(&body)?)?
            .header("Content-Type", "application/json")
            .send()
            .await
            .with_context(|| format!("POST {url}"))?;
        match response.status() {
            StatusCode::CREATED => {
                Ok(BatchAnswer::Recorded(json(response).await.with_context(
                    || format!("POST {url}: reading the answer"),
                )?))
            }
            StatusCode::BAD_REQUEST => {
                let problem: Problem = json(response)
                    .await
                    .with_context(|| format!("POST {url}: reading the refusal"))?;
                Ok(BatchAnswer::Refused(problem))
            }
            status => bail!("POST {url}: {}", failure(status, response).await),
        }
    }

    /// Sends an EPCIS document to `POST /epcis/capture`, storing its good events and reporting
    /// the others (`proceed`), and follows the job to its end.
    pub async fn capture(&self, document: &Value) -> anyhow::Result<CaptureAnswer> {
        let url = self.url("/epcis/capture");
        let response = self
            .post(&url, serde_json::to_vec(document)?)?
            .header("Content-Type", "application/ld+json")
            .header("GS1-Capture-Error-Behaviour", "proceed")
            .send()
            .await
            .with_context(|| format!("POST {url}"))?;
        match response.status() {
            StatusCode::ACCEPTED => {}
            StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE => {
                let problem: Problem = json(response).await.unwrap_or(Problem {
                    detail: "refused".to_owned(),
                    errors: Vec::new(),
                });
                return Ok(CaptureAnswer::Refused(problem.detail));
            }
            status => bail!("POST {url}: {}", failure(status, response).await),
        }
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .context("the capture was accepted without a Location")?
            .to_owned();
        let id = location.rsplit('/').next().unwrap_or_default().to_owned();
        let job_url = self.url(&location);
        loop {
            let response = self
                .client
                .get(&job_url)
                .bearer_auth(&self.token)
                .header("Prefer", JOB_WAIT)
                .send()
                .await
                .with_context(|| format!("GET {job_url}"))?;
            let status = response.status();
            if status != StatusCode::OK {
                bail!("GET {job_url}: {}", failure(status, response).await);
            }
            let job: Value = json(response)
                .await
                .with_context(|| format!("GET {job_url}: reading the job"))?;
            if job["running"] == Value::Bool(false) {
                return Ok(CaptureAnswer::Ended { id, job });
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// The anomalies the history checks found in a capture's events.
    pub async fn anomalies_of_capture(&self, capture: &str) -> anyhow::Result<Vec<Value>> {
        let mut found = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut url = self.url(&format!("/api/v1/anomalies?capture={capture}&limit=1000"));
            if let Some(after) = &after {
                url.push_str("&after=");
                url.push_str(
                    &percent_encoding::utf8_percent_encode(
                        after,
                        percent_encoding::NON_ALPHANUMERIC,
                    )
                    .to_string(),
                );
            }
            let response = self
                .client
                .get(&url)
                .bearer_auth(&self.token)
                .send()
                .await
                .with_context(|| format!("GET {url}"))?;
            let status = response.status();
            if status != StatusCode::OK {
                bail!("GET {url}: {}", failure(status, response).await);
            }
            let page: Value = json(response)
                .await
                .with_context(|| format!("GET {url}: reading the page"))?;
            found.extend(page["anomalies"].as_array().cloned().unwrap_or_default());
            match page["next"].as_str() {
                Some(next) => after = Some(next.to_owned()),
                None => return Ok(found),
            }
        }
    }
}

/// A JSON body. (The binary's reqwest has no `json` feature: the body is read as bytes.)
async fn json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> anyhow::Result<T> {
    let body = response.bytes().await?;
    Ok(serde_json::from_slice(&body)?)
}

/// What an unexpected answer said.
async fn failure(status: StatusCode, response: reqwest::Response) -> String {
    let text = response.text().await.unwrap_or_default();
    let detail = serde_json::from_str::<Problem>(&text)
        .map(|p| p.detail)
        .unwrap_or(text);
    if status == StatusCode::UNAUTHORIZED {
        format!("{status}: {detail} (is --token the server's administrator token?)")
    } else {
        format!("{status}: {detail}")
    }
}
