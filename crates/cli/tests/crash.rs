//! Nothing acknowledged is lost: SIGKILL the real server in the middle of a bulk
//! registration, restart it, and find every acknowledged code, and no half of any request.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use reqwest::blocking::Client;
use serde_json::{Value, json};
use support::Yima;

/// Codes per registration request.
const CHUNK: usize = 2_000;
/// Requests acknowledged before the kill.
const ACKED_BEFORE_KILL: usize = 5;

fn post(
    client: &Client,
    base: &str,
    token: &str,
    path: &str,
    body: &Value,
) -> reqwest::Result<reqwest::blocking::Response> {
    client
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(body)
        .send()
}

fn serials(chunk: usize) -> Vec<String> {
    (0..CHUNK).map(|i| format!("K{chunk:04}N{i:05}")).collect()
}

fn registered(client: &Client, base: &str, gtin: &str, serial: &str) -> bool {
    let url = format!("{base}/api/v1/resolve?code=%2801%29{gtin}%2821%29{serial}");
    let v: Value = client.get(url).send().unwrap().json().unwrap();
    v["verdict"] == "registered"
}

fn unit_codes(client: &Client, base: &str) -> usize {
    let text = client
        .get(format!("{base}/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("yima_records{kind=\"unit_code\"}"))
        .unwrap();
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

fn kill_during_bulk_registration(data_dir: &std::path::Path, extra: &[&str]) {
    let client = Client::new();
    let yima = Yima::serve(data_dir, extra);
    let base = yima.base.clone();
    let token = std::fs::read_to_string(data_dir.join("admin.token"))
        .unwrap()
        .trim()
        .to_owned();
    let gtin = "06901234500011";
    let r = post(
        &client,
        &base,
        &token,
        "/api/v1/enterprises",
        &json!({
        "credit_code": "91350100M000100Y43", "name": "闽江电线电缆有限公司",
        "address": "福建省福州市仓山区金山工业区12号", "region": "350104", "roles": ["producer"]}),
    )
    .unwrap();
    assert_eq!(r.status(), 201);
    let product: Value = post(&client, &base, &token, "/api/v1/products", &json!({
        "producer": "91350100M000100Y43", "name": "聚氯乙烯绝缘电线", "model": "BV 2.5mm²",
        "category": "wire-cable", "standard": "GB/T 5023.3-2008", "gtin": gtin,
        "approval": {"regime": "production_licence", "number": "XK06-001-00018", "status": "valid"}})).unwrap().json().unwrap();
    let batch: Value = post(&client, &base, &token, &format!("/api/v1/products/{}/batches", product["id"].as_str().unwrap()), &json!({
        "lot": "L1", "production_date": "2025-03-01", "quantity": 10_000_000,
        "inspection": {"certificate_number": "JY1", "issuer": "检验所", "date": "2025-03-02", "result": "conformant"}})).unwrap().json().unwrap();
    let codes_path = format!("/api/v1/batches/{}/codes", batch["id"].as_str().unwrap());

    // A writer sends chunk after chunk and reports each acknowledgement until the server dies.
    let (acks, acked) = mpsc::channel();
    let writer = {
        let (base, token, codes_path) = (base.clone(), token.clone(), codes_path.clone());
        thread::spawn(move || {
            let client = Client::new();
            for chunk in 0.. {
                match post(
                    &client,
                    &base,
                    &token,
                    &codes_path,
                    &json!({"serials": serials(chunk)}),
                ) {
                    Ok(r) if r.status() == 201 => acks.send(chunk).unwrap(),
                    Ok(r) => panic!(
                        "chunk {chunk}: {} {}",
                        r.status(),
                        r.text().unwrap_or_default()
                    ),
                    Err(_) => return, // the server is gone
                }
            }
        })
    };
    let mut acknowledged = Vec::new();
    while acknowledged.len() < ACKED_BEFORE_KILL {
        acknowledged.push(acked.recv_timeout(Duration::from_secs(60)).unwrap());
    }
    yima.kill();
    writer.join().unwrap();
    acknowledged.extend(acked.try_iter());

    let again = Yima::serve(data_dir, extra);
    for chunk in &acknowledged {
        let s = serials(*chunk);
        for serial in [&s[0], &s[CHUNK / 2], &s[CHUNK - 1]] {
            assert!(
                registered(&client, &again.base, gtin, serial),
                "acknowledged {serial} lost"
            );
        }
    }
    let total = unit_codes(&client, &again.base);
    assert_eq!(
        total % CHUNK,
        0,
        "a request was half-written: {total} codes"
    );
    assert!(
        total / CHUNK >= acknowledged.len() && total / CHUNK <= acknowledged.len() + 1,
        "{total} codes for {} acknowledged chunks",
        acknowledged.len()
    );
    // The store is writable after the crash.
    let r = post(
        &client,
        &again.base,
        &token,
        &codes_path,
        &json!({"serials": ["AFTER-CRASH"]}),
    )
    .unwrap();
    assert_eq!(r.status(), 201);
    again.stop();
}

#[test]
fn sqlite_survives_sigkill_during_bulk_registration() {
    let dir = tempfile::tempdir().unwrap();
    kill_during_bulk_registration(dir.path(), &[]);
}

#[test]
fn postgres_survives_sigkill_during_bulk_registration() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = rt
        .block_on(yima_store::testing::postgres_url_with_fresh_schema())
        .expect("PostgreSQL must be reachable for the PostgreSQL half");
    kill_during_bulk_registration(dir.path(), &["--database-url", &url]);
}
