//! Heavy concurrent writes through the HTTP API — enterprises, their products, batches and
//! unit-code registrations — each acknowledgement reported, so that a test can tell what the
//! server promised before it was killed.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};

use reqwest::blocking::Client;
use serde_json::{Value, json};

/// A write the server acknowledged (201).
#[derive(Debug, Clone)]
pub enum Ack {
    Enterprise(String),
    Product(String),
    Batch(String),
    Codes { gtin: String, serials: Vec<String> },
}

/// An acknowledgement, with the length of the SQLite WAL just after it arrived (when asked).
pub type Acked = (Ack, u64);

pub struct Writers {
    handles: Vec<JoinHandle<()>>,
    stop: Arc<AtomicBool>,
    pub acks: mpsc::Receiver<Acked>,
}

impl Writers {
    /// `threads` writers on the server at `base`; `round` keeps the records of successive
    /// starts apart. With `wal`, each acknowledgement carries that file's length.
    pub fn start(base: &str, token: &str, round: u64, threads: u64, wal: Option<PathBuf>) -> Self {
        let (tx, acks) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let handles = (0..threads)
            .map(|w| {
                let writer = Writer {
                    client: Client::new(),
                    base: base.to_owned(),
                    token: token.to_owned(),
                    acks: tx.clone(),
                    wal: wal.clone(),
                };
                let stop = stop.clone();
                thread::spawn(move || writer.run(round * 100_000 + w * 10_000, &stop))
            })
            .collect();
        Self {
            handles,
            stop,
            acks,
        }
    }

    /// Waits for the writers to end (they do when the server is gone) and returns every
    /// acknowledgement, including `seen` ones already taken from `acks`.
    pub fn join(self, mut seen: Vec<Acked>) -> Vec<Acked> {
        self.stop.store(true, Ordering::SeqCst);
        for h in self.handles {
            h.join().unwrap();
        }
        seen.extend(self.acks.try_iter());
        seen
    }
}

struct Writer {
    client: Client,
    base: String,
    token: String,
    acks: mpsc::Sender<Acked>,
    wal: Option<PathBuf>,
}

impl Writer {
    fn run(&self, first: u64, stop: &AtomicBool) {
        for n in first..first + 10_000 {
            if stop.load(Ordering::SeqCst) || self.one(n).is_none() {
                return;
            }
        }
    }

    /// An enterprise, its product, a batch and three registrations; `None` once the server
    /// is gone.
    fn one(&self, n: u64) -> Option<()> {
        let code = credit_code(n);
        self.post(
            "/api/v1/enterprises",
            &json!({"credit_code": code, "name": format!("测试企业{n}"),
                "address": "福建省福州市仓山区金山工业区12号", "region": "350104",
                "roles": ["producer"]}),
            Ack::Enterprise(code.clone()),
        )?;
        let gtin = gtin(n);
        let product = self.post(
            "/api/v1/products",
            &json!({"producer": code, "name": "聚氯乙烯绝缘电线", "model": format!("BV {n}"),
                "category": "wire-cable", "standard": "GB/T 5023.3-2008", "gtin": gtin,
                "approval": {"regime": "production_licence", "number": "XK06-001-00018",
                    "status": "valid"}}),
            |v: &Value| Ack::Product(v["id"].as_str().unwrap().to_owned()),
        )?;
        let product_id = product["id"].as_str().unwrap().to_owned();
        let batch = self.post(
            &format!("/api/v1/products/{product_id}/batches"),
            &json!({"lot": format!("L{n}"), "production_date": "2025-03-01", "quantity": 1000,
                "inspection": {"certificate_number": "JY1", "issuer": "检验所",
                    "date": "2025-03-02", "result": "conformant"}}),
            |v: &Value| Ack::Batch(v["id"].as_str().unwrap().to_owned()),
        )?;
        let batch_id = batch["id"].as_str().unwrap().to_owned();
        for r in 0..3 {
            let serials: Vec<String> = (0..10).map(|s| format!("N{n}R{r}S{s}")).collect();
            self.post(
                &format!("/api/v1/batches/{batch_id}/codes"),
                &json!({"serials": serials}),
                Ack::Codes {
                    gtin: gtin.clone(),
                    serials,
                },
            )?;
        }
        Some(())
    }

    fn post(&self, path: &str, body: &Value, ack: impl Acknowledge) -> Option<Value> {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .ok()?;
        let status = response.status();
        // A body cut short by the kill is no acknowledgement.
        let text = response.text().ok()?;
        assert_eq!(status, 201, "POST {path}: {text}");
        let value: Value = serde_json::from_str(&text).unwrap();
        let wal = self
            .wal
            .as_ref()
            .map_or(0, |p| std::fs::metadata(p).map_or(0, |m| m.len()));
        // The test may have stopped listening; the acknowledgement stands anyway.
        let _ = self.acks.send((ack.ack(&value), wal));
        Some(value)
    }
}

trait Acknowledge {
    fn ack(self, response: &Value) -> Ack;
}

impl Acknowledge for Ack {
    fn ack(self, _: &Value) -> Ack {
        self
    }
}

impl<F: FnOnce(&Value) -> Ack> Acknowledge for F {
    fn ack(self, response: &Value) -> Ack {
        self(response)
    }
}

/// A valid 统一社会信用代码 unique to `n` (below a million).
pub fn credit_code(n: u64) -> String {
    let body = format!("91350104MA{:06}0", n % 1_000_000);
    "0123456789ABCDEFGHJKLMNPQRTUWXY"
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|s| yima_codes::enterprise::CreditCode::parse(s).is_ok())
        .unwrap()
}

/// A valid GTIN-14 unique to `n`.
pub fn gtin(n: u64) -> String {
    let body = format!("069{:010}", n);
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Checks through the API of the server at `base` that every acknowledged write is there.
pub fn assert_all_there(base: &str, acks: &[Acked]) {
    let client = Client::new();
    let get = |path: String| {
        let r = client.get(format!("{base}{path}")).send().unwrap();
        let status = r.status();
        (status, r.text().unwrap())
    };
    for (ack, _) in acks {
        let (status, body) = match ack {
            Ack::Enterprise(code) => get(format!("/api/v1/enterprises/{code}")),
            Ack::Product(id) => get(format!("/api/v1/products/{id}")),
            Ack::Batch(id) => get(format!("/api/v1/batches/{id}")),
            Ack::Codes { gtin, serials } => {
                for serial in [&serials[0], &serials[serials.len() - 1]] {
                    let (status, body) = get(format!(
                        "/api/v1/resolve?code=%2801%29{gtin}%2821%29{serial}"
                    ));
                    let v: Value = serde_json::from_str(&body).unwrap();
                    assert!(
                        status == 200 && v["verdict"] == "registered",
                        "acknowledged code {gtin}/{serial} lost: {body}"
                    );
                }
                continue;
            }
        };
        assert_eq!(status, 200, "acknowledged {ack:?} lost: {body}");
    }
}
