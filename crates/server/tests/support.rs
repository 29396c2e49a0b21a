//! A server on a random local port over a fresh store, and the bodies tests send it.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::Arc;

use serde_json::{Value, json};
use tempfile::TempDir;
use yima_domain::Catalogue;
use yima_server::AppState;
use yima_server::bootstrap::{TOKEN_FILE, ensure_admin_token};
use yima_store::Store;

/// Runs each listed async test once per engine, as `sqlite::<name>` and `postgres::<name>`,
/// each on a fresh server.
#[allow(unused_macros)]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(super::Server::sqlite().await).await } )* }
        mod postgres { $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(super::Server::postgres().await).await } )* }
    };
}

pub struct Server {
    base: String,
    pub client: reqwest::Client,
    token: String,
    /// The server's store, for checks the API does not (yet) offer.
    pub store: Arc<dyn Store>,
    /// The state the server runs with: its store and ledger, for what HTTP does not reach.
    pub state: AppState,
    _data_dir: TempDir,
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl Server {
    pub async fn sqlite() -> Self {
        let (dir, store) = yima_store::testing::sqlite()
            .await
            .expect("fresh SQLite store");
        Self::start(store, dir).await
    }

    pub async fn postgres() -> Self {
        let store = yima_store::testing::postgres()
            .await
            .expect("PostgreSQL must be reachable for the PostgreSQL half");
        Self::start(store, tempfile::tempdir().unwrap()).await
    }

    /// A server on SQLite whose state `configure` has changed (given witnesses, say).
    pub async fn sqlite_with(configure: impl FnOnce(AppState) -> AppState) -> Self {
        let (dir, store) = yima_store::testing::sqlite()
            .await
            .expect("fresh SQLite store");
        Self::start_with(store, dir, configure).await
    }

    /// A server on PostgreSQL whose state `configure` has changed.
    pub async fn postgres_with(configure: impl FnOnce(AppState) -> AppState) -> Self {
        let store = yima_store::testing::postgres()
            .await
            .expect("PostgreSQL must be reachable for the PostgreSQL half");
        Self::start_with(store, tempfile::tempdir().unwrap(), configure).await
    }

    async fn start(store: Arc<dyn Store>, data_dir: TempDir) -> Self {
        Self::start_with(store, data_dir, |state| state).await
    }

    async fn start_with(
        store: Arc<dyn Store>,
        data_dir: TempDir,
        configure: impl FnOnce(AppState) -> AppState,
    ) -> Self {
        ensure_admin_token(store.as_ref(), data_dir.path())
            .await
            .unwrap();
        let token = std::fs::read_to_string(data_dir.path().join(TOKEN_FILE))
            .unwrap()
            .trim()
            .to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let keys = yima_server::keys::ensure_issuing_keys(store.as_ref(), data_dir.path())
            .await
            .unwrap();
        let log_key = yima_server::log_key::ensure_log_key(
            store.as_ref(),
            data_dir.path(),
            &yima_server::log_key::LogKeySource::default(),
        )
        .await
        .unwrap();
        let (ledger, _sequencer) = yima_server::sequencer::start(
            store.clone(),
            log_key,
            yima_server::sequencer::SequencerSettings {
                interval: std::time::Duration::from_millis(20),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let state = configure(AppState::new(
            store,
            Catalogue::builtin().unwrap(),
            keys,
            ledger,
        ));
        tokio::spawn(yima_server::serve(
            listener,
            state.clone(),
            std::future::pending(),
        ));
        Self {
            base,
            client: reqwest::Client::new(),
            token,
            store: state.store.clone(),
            state,
            _data_dir: data_dir,
        }
    }

    /// The key this server issues platform codes with, read from its data directory.
    pub fn issuing_key(&self) -> yima_codes::platform::IssuingKey {
        let text = std::fs::read_to_string(self._data_dir.path().join("issuing.keys")).unwrap();
        let line = text.lines().rfind(|l| !l.starts_with('#')).unwrap();
        let (id, secret) = line.split_once(' ').unwrap();
        let secret: Vec<u8> = (0..secret.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&secret[i..i + 2], 16).unwrap())
            .collect();
        yima_codes::platform::IssuingKey::from_bytes(id.parse().unwrap(), &secret).unwrap()
    }

    /// The log's verifier key, from the key file in the server's data directory.
    pub fn log_verifier(&self) -> yima_ledger::NoteVerifier {
        let path = self
            ._data_dir
            .path()
            .join(yima_server::log_key::LOG_KEY_FILE);
        let text = std::fs::read_to_string(path).unwrap();
        yima_ledger::NoteSigner::from_key_string(text.trim())
            .unwrap()
            .verifier()
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// `GET path` with the key `secret`.
    pub async fn get_as(&self, secret: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(secret)
            .send()
            .await
            .unwrap()
    }

    /// `POST path` of `body` as JSON with the key `secret`.
    pub async fn post_as(&self, secret: &str, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(secret)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn resolve(&self, code: &str) -> Value {
        let r = self
            .get(&format!("/api/v1/resolve?code={}", encode(code)))
            .await;
        assert_eq!(r.status(), reqwest::StatusCode::OK, "{code:?}");
        r.json().await.unwrap()
    }

    /// The `yima_records` gauges of /metrics, by kind.
    pub async fn metrics_records(&self) -> Value {
        let text = self.get("/metrics").await.text().await.unwrap();
        let mut out = serde_json::Map::new();
        for line in text.lines().filter(|l| l.starts_with("yima_records{")) {
            let kind = line.split('"').nth(1).unwrap().to_owned();
            let n: u64 = line.rsplit(' ').next().unwrap().parse().unwrap();
            out.insert(kind, json!(n));
        }
        Value::Object(out)
    }

    /// Opens `account` (a request of `POST /api/v1/accounts`) as the administrator and makes
    /// it a write key; the key's secret.
    pub async fn account_key(&self, account: &Value) -> String {
        let r = self.post("/api/v1/accounts", account).await;
        assert_eq!(
            r.status(),
            reqwest::StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let id = account["id"].as_str().unwrap();
        let r = self
            .post(
                &format!("/api/v1/accounts/{id}/keys"),
                &json!({"scope": "write"}),
            )
            .await;
        assert_eq!(r.status(), reqwest::StatusCode::CREATED);
        let made: Value = r.json().await.unwrap();
        made["secret"].as_str().unwrap().to_owned()
    }

    /// Registers a producer, a wire product with a GTIN and one batch; returns their ids and the GTIN.
    pub async fn registered_batch(
        &self,
        credit_code: &str,
        lot: &str,
        quantity: u64,
    ) -> (String, String, String) {
        let r = self
            .post("/api/v1/enterprises", &enterprise_body(credit_code))
            .await;
        assert_eq!(
            r.status(),
            reqwest::StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let gtin = "06901234500011";
        let r = self
            .post("/api/v1/products", &product_body(credit_code, Some(gtin)))
            .await;
        assert_eq!(
            r.status(),
            reqwest::StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let product: Value = r.json().await.unwrap();
        let id = product["id"].as_str().unwrap().to_owned();
        let r = self
            .post(
                &format!("/api/v1/products/{id}/batches"),
                &batch_body(lot, quantity),
            )
            .await;
        assert_eq!(
            r.status(),
            reqwest::StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let batch: Value = r.json().await.unwrap();
        (
            id,
            batch["id"].as_str().unwrap().to_owned(),
            gtin.to_owned(),
        )
    }
}

/// The `field` of every entry of a problem document's `errors`, in order.
pub fn failed_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

pub fn enterprise_body(credit_code: &str) -> Value {
    json!({
        "credit_code": credit_code,
        "name": "闽江电线电缆有限公司",
        "address": "福建省福州市仓山区金山工业区12号",
        "region": "350104",
        "roles": ["producer", "seller"],
    })
}

pub fn product_body(producer: &str, gtin: Option<&str>) -> Value {
    json!({
        "producer": producer,
        "name": "聚氯乙烯绝缘电线",
        "model": "BV 2.5mm² 450/750V",
        "category": "wire-cable",
        "standard": "GB/T 5023.3-2008",
        "gtin": gtin,
        "approval": {"regime": "production_licence", "number": "XK06-001-00018", "status": "valid"},
    })
}

pub fn batch_body(lot: &str, quantity: u64) -> Value {
    json!({
        "lot": lot,
        "production_date": "2025-03-01",
        "quantity": quantity,
        "inspection": {
            "certificate_number": "JY20250301",
            "issuer": "福建省产品质量检验研究院",
            "date": "2025-03-03",
            "result": "conformant",
        },
    })
}
