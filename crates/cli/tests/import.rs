//! `yima import` as a user runs it: the real binary sends a CSV file of a small supply chain,
//! and an EPCIS document, to the real server, on both engines; the events are then found by
//! the EPCIS query, anomalies and refusals are reported by row, and the exit status says
//! whether anything was refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::{Command, Output};

use reqwest::blocking::Client;
use serde_json::{Value, json};
use support::Yima;

const PRODUCER: &str = "91350100M000100Y43";
const SHOP: &str = "91310230MA1K314J7C";
const GTIN: &str = "06901234500011";
const CASE: &str = "(00)106141412345678908";
const CASE_EPC: &str = "https://id.gs1.org/00/106141412345678908";

fn unit(serial: &str) -> String {
    format!("(01){GTIN}(10)L1(21){serial}")
}

fn unit_epc(serial: &str) -> String {
    format!("https://id.gs1.org/01/{GTIN}/21/{serial}")
}

fn encode(s: &str) -> String {
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

struct Setup {
    yima: Yima,
    dir: tempfile::TempDir,
    client: Client,
    token: String,
}

impl Setup {
    /// A server with a producer, a shop, a product with a GTIN and its batch L1.
    fn start(extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let yima = Yima::serve(dir.path(), extra);
        let token = std::fs::read_to_string(dir.path().join("admin.token"))
            .unwrap()
            .trim()
            .to_owned();
        let setup = Self {
            yima,
            dir,
            client: Client::new(),
            token,
        };
        for code in [PRODUCER, SHOP] {
            setup.post(
                "/api/v1/enterprises",
                &json!({
                "credit_code": code, "name": "闽江电线电缆有限公司",
                "address": "福建省福州市仓山区金山工业区12号", "region": "350104",
                "roles": ["producer", "seller"]}),
            );
        }
        let product = setup.post("/api/v1/products", &json!({
            "producer": PRODUCER, "name": "聚氯乙烯绝缘电线", "model": "BV 2.5mm²",
            "category": "wire-cable", "standard": "GB/T 5023.3-2008", "gtin": GTIN,
            "approval": {"regime": "production_licence", "number": "XK06-001-00018", "status": "valid"}}));
        setup.post(
            &format!("/api/v1/products/{}/batches", product["id"].as_str().unwrap()),
            &json!({"lot": "L1", "production_date": "2025-03-01", "quantity": 1000,
                "inspection": {"certificate_number": "JY1", "issuer": "检验所", "date": "2025-03-02", "result": "conformant"}}),
        );
        setup
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        let r = self
            .client
            .post(format!("{}{path}", self.yima.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .unwrap();
        assert_eq!(r.status(), 201, "{path}");
        r.json().unwrap()
    }

    fn events(&self, query: &str) -> Vec<Value> {
        let r = self
            .client
            .get(format!("{}/epcis/events?{query}", self.yima.base))
            .bearer_auth(&self.token)
            .send()
            .unwrap();
        assert_eq!(r.status(), 200, "{query}");
        let document: Value = r.json().unwrap();
        document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// Runs `yima import` on a file holding `text`, with the server's address and its data
    /// directory (whence the token).
    fn import(&self, name: &str, text: &str, extra: &[&str]) -> Output {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        import(&path, &self.yima.base, self.dir.path(), extra)
    }
}

fn import(file: &Path, base: &str, data_dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yima"))
        .arg("import")
        .arg(file)
        .args(["--server", base, "--data-dir"])
        .arg(data_dir)
        .args(extra)
        .env_remove("YIMA_SERVER")
        .output()
        .expect("yima runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A small supply chain: made, packed, shipped, received, unpacked, sold — and a sale of a
/// unit nobody held, a row the importer cannot read and one the server refuses.
fn supply_chain() -> String {
    let row = |cells: [&str; 11]| cells.join(",");
    let units = [unit("U1"), unit("U2"), unit("U3")].join("|");
    let pair = [unit("U1"), unit("U2")].join("|");
    [
        "action,by,codes,gtin,lot,quantity,to,from,at,document,result,parent".to_owned(),
        row([
            "commission",
            PRODUCER,
            &units,
            "",
            "",
            "",
            "",
            "",
            "2025-03-04 08:00",
            "",
            "",
        ]) + ",",
        row([
            "pack",
            PRODUCER,
            &pair,
            "",
            "",
            "",
            "",
            "",
            "2025-03-04 09:00",
            "",
            "",
        ]) + ","
            + CASE,
        row([
            "ship",
            PRODUCER,
            CASE,
            "",
            "",
            "",
            SHOP,
            "",
            "2025-03-05 08:00",
            "DA-1",
            "",
        ]) + ",",
        row([
            "收货",
            SHOP,
            CASE,
            "",
            "",
            "",
            "",
            PRODUCER,
            "2025-03-06 08:00",
            "DA-1",
            "合格",
        ]) + ",",
        row([
            "unpack",
            SHOP,
            "",
            "",
            "",
            "",
            "",
            "",
            "2025-03-06 09:00",
            "",
            "",
        ]) + ","
            + CASE,
        row([
            "sell",
            SHOP,
            &unit("U1"),
            "",
            "",
            "",
            "",
            "",
            "2025-03-07 08:00",
            "",
            "",
        ]) + ",",
        row([
            "sell",
            SHOP,
            &unit("U9"),
            "",
            "",
            "",
            "",
            "",
            "2025-03-07 09:00",
            "",
            "",
        ]) + ",",
        row([
            "ship",
            PRODUCER,
            "",
            GTIN,
            "L1",
            "40",
            SHOP,
            "",
            "2025-03-05 10:00",
            "DA-2",
            "",
        ]) + ",",
        row(["fly", SHOP, &unit("U2"), "", "", "", "", "", "", "", ""]) + ",",
        row([
            "ship",
            PRODUCER,
            &unit("U3"),
            "",
            "",
            "",
            "",
            "",
            "2025-03-08 08:00",
            "",
            "",
        ]) + ",",
    ]
    .join("\n")
        + "\n"
}

fn a_supply_chain_is_imported_with_its_anomalies(extra: &[&str]) {
    let setup = Setup::start(extra);
    let out = setup.import("chain.csv", &supply_chain(), &["--batch-size", "3"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("refused row 10: action:"), "{err}");
    assert!(err.contains("refused row 11: to:"), "{err}");
    assert!(
        err.contains("anomaly in row 8: sold_without_holding:"),
        "{err}"
    );
    assert!(
        err.contains("10 rows — 8 stored, 0 recorded before, 2 refused; 1 anomalies"),
        "{err}"
    );
    // The chain, as the EPCIS query gives it back.
    let u1 = setup.events(&format!("MATCH_epc={}", encode(&unit_epc("U1"))));
    let steps: Vec<&str> = u1.iter().map(|e| e["bizStep"].as_str().unwrap()).collect();
    assert_eq!(steps, ["commissioning", "packing", "retail_selling"]);
    assert_eq!(u1[0]["ilmd"]["cbvmda:lotNumber"], "L1");
    let receipt = setup.events(&format!(
        "MATCH_epc={}&EQ_bizStep=receiving",
        encode(CASE_EPC)
    ));
    assert_eq!(receipt.len(), 1);
    assert_eq!(receipt[0]["disposition"], "sellable_accessible");
    assert_eq!(
        receipt[0]["sourceList"][0]["source"],
        format!("urn:yima:party:{PRODUCER}")
    );
    let lot = setup.events(&format!(
        "MATCH_epcClass={}",
        encode(&format!("https://id.gs1.org/01/{GTIN}/10/L1"))
    ));
    assert_eq!(lot[0]["quantityList"][0]["quantity"], 40.0);
    // Imported again, nothing is stored twice.
    let out = setup.import("chain.csv", &supply_chain(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("10 rows — 0 stored, 8 recorded before, 2 refused; 0 anomalies"),
        "{err}"
    );
    // Without the bad rows, the import succeeds.
    let good: String = supply_chain()
        .lines()
        .take(9)
        .map(|l| format!("{l}\n"))
        .collect();
    let out = setup.import("good.csv", &good, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn an_epcis_document_is_captured_in_batches(extra: &[&str]) {
    let setup = Setup::start(extra);
    let event = |serial: &str, step: &str| {
        json!({
            "type": "ObjectEvent", "action": "OBSERVE",
            "eventTime": "2025-03-01T09:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "epcList": [format!("https://id.gs1.org/01/{GTIN}/21/{serial}")],
            "bizStep": step, "disposition": "in_transit",
        })
    };
    let mut faulty = event("E2", "shipping");
    faulty["epcList"] = json!(["https://id.gs1.org/01/06901234500012/21/E2"]);
    let document = json!({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": "2025-03-01T10:00:00.000+08:00",
        "epcisBody": {"eventList": [
            event("E1", "shipping"), faulty, event("E3", "shipping"),
            {"type": "ObjectEvent", "action": "OBSERVE",
             "eventTime": "2025-03-02T09:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
             "epcList": [format!("https://id.gs1.org/01/{GTIN}/21/E4")],
             "bizStep": "retail_selling", "disposition": "retail_sold"},
        ]}
    });
    let out = setup.import(
        "events.jsonld",
        &serde_json::to_string_pretty(&document).unwrap(),
        &["--batch-size", "2"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("refused event 2: epcList[0]:"), "{err}");
    assert!(err.contains("sold_without_holding"), "{err}");
    assert!(
        err.contains("4 events — 3 stored, 0 recorded before, 1 refused; 1 anomalies"),
        "{err}"
    );
    assert_eq!(setup.events("EQ_bizStep=shipping").len(), 2);
    // A token that is not the server's stops the import.
    let wrong = setup.dir.path().join("wrong.token");
    std::fs::write(&wrong, "nope").unwrap();
    let out = setup.import(
        "events.jsonld",
        &document.to_string(),
        &["--token", wrong.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("401"), "{}", stderr(&out));
}

fn postgres_url() -> String {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(yima_store::testing::postgres_url_with_fresh_schema())
        .expect("PostgreSQL must be reachable for the PostgreSQL half")
}

#[test]
fn sqlite_a_supply_chain_is_imported_with_its_anomalies() {
    a_supply_chain_is_imported_with_its_anomalies(&[]);
}

#[test]
fn postgres_a_supply_chain_is_imported_with_its_anomalies() {
    a_supply_chain_is_imported_with_its_anomalies(&["--database-url", &postgres_url()]);
}

#[test]
fn sqlite_an_epcis_document_is_captured_in_batches() {
    an_epcis_document_is_captured_in_batches(&[]);
}

#[test]
fn postgres_an_epcis_document_is_captured_in_batches() {
    an_epcis_document_is_captured_in_batches(&["--database-url", &postgres_url()]);
}

#[test]
fn a_file_that_cannot_be_read_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("admin.token"), "t").unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        ("bad.csv", b"action,by,colour\nship,x,red\n", "colour"),
        ("gbk.csv", b"action,by\n\xb7\xa2\xbb\xf5,x\n", "UTF-8"),
        (
            "doc.json",
            b"{\"type\": \"EPCISQueryDocument\"}",
            "EPCISDocument",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        // No server listens there: nothing is sent.
        let out = import(&path, "http://127.0.0.1:9", dir.path(), &[]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{name}: {}", stderr(&out));
    }
}

/// An enterprise makes a key, registers its public half, imports signed, and anyone holding
/// the public key checks the stored submission with `yima submission verify`.
#[test]
fn a_signed_import_is_stored_with_its_signature_and_verifies_offline() {
    let setup = Setup::start(&[]);
    let key_file = setup.dir.path().join("maker.key");
    let yima = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_yima"))
            .args(args)
            .output()
            .expect("yima runs")
    };
    let made = yima(&["submission", "new-key", "--out", key_file.to_str().unwrap()]);
    assert!(made.status.success(), "{}", stderr(&made));
    let public_key = String::from_utf8(made.stdout).unwrap().trim().to_owned();
    assert_eq!(public_key.len(), 64, "{public_key}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // A key file is never written over.
    let again = yima(&["submission", "new-key", "--out", key_file.to_str().unwrap()]);
    assert!(!again.status.success());

    let registered = setup.post(
        &format!("/api/v1/enterprises/{PRODUCER}/submission-keys"),
        &json!({"public_key": public_key, "label": "导入工具"}),
    );
    let key_id = registered["id"].as_str().unwrap().to_owned();
    let csv = format!(
        "action,by,codes,at\ncommission,{PRODUCER},{},2025-03-04 08:00\n",
        unit("S1")
    );
    let out = setup.import(
        "signed.csv",
        &csv,
        &[
            "--sign-with",
            key_file.to_str().unwrap(),
            "--sign-key-id",
            &key_id,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let r = setup
        .client
        .get(format!(
            "{}/api/v1/enterprises/{PRODUCER}/submissions",
            setup.yima.base
        ))
        .bearer_auth(&setup.token)
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let submissions: Vec<Value> = r.json().unwrap();
    assert_eq!(submissions.len(), 1);
    assert_eq!(submissions[0]["target"], "/api/v1/flows/batch");
    let file = setup.dir.path().join("submission.json");
    std::fs::write(&file, submissions[0].to_string()).unwrap();
    let file = file.to_str().unwrap();
    let checked = yima(&["submission", "verify", file, "--public-key", &public_key]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(String::from_utf8_lossy(&checked.stdout).contains("holds"));

    // A changed body, or another key, does not hold.
    let mut tampered = submissions[0].clone();
    tampered["body_base64"] = json!("e30=");
    let tampered_file = setup.dir.path().join("tampered.json");
    std::fs::write(&tampered_file, tampered.to_string()).unwrap();
    let checked = yima(&["submission", "verify", tampered_file.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(3), "{}", stderr(&checked));
    assert!(
        stderr(&checked).contains("body_sha256"),
        "{}",
        stderr(&checked)
    );
    let stranger = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    let checked = yima(&["submission", "verify", file, "--public-key", stranger]);
    assert_eq!(checked.status.code(), Some(3), "{}", stderr(&checked));
}
