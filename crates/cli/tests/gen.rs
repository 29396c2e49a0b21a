//! `yima gen` as a user runs it: the real binary writing files (complete, byte-identical from
//! run to run, every EPCIS document readable) and loading a store (SQLite and PostgreSQL)
//! that then holds what the manifest says, injected anomalies included.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::{Yima, yima_gen};
use yima_domain::epcis::{AnomalyKind, read_document};
use yima_store::{AnomalySelection, PostgresOptions, SqliteOptions, Store, StoreConfig};

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Data rows of a CSV file (its header left out).
fn rows(bytes: &[u8]) -> usize {
    csv::Reader::from_reader(bytes).records().count()
}

#[test]
fn out_writes_every_file_the_same_each_time_and_the_documents_read() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        yima_gen(&[
            "--codes",
            "1000",
            "--seed",
            "42",
            "--format",
            "both",
            "--out",
            dir.path().to_str().unwrap(),
        ]);
    }
    let (fa, fb) = (files(a.path()), files(b.path()));
    let names: BTreeSet<&str> = fa.keys().map(String::as_str).collect();
    for expected in [
        "enterprises.csv",
        "products.csv",
        "batches.csv",
        "units.csv",
        "flows.csv",
        "events-000001.jsonld",
        "manifest.json",
    ] {
        assert!(names.contains(expected), "{expected} missing: {names:?}");
    }
    assert_eq!(fa, fb, "two runs differ");

    let manifest: Value = serde_json::from_slice(&fa["manifest.json"]).unwrap();
    let counts = &manifest["counts"];
    assert_eq!(counts["units"], 1000);
    assert_eq!(rows(&fa["units.csv"]), 1000);
    for (file, count) in [
        ("enterprises.csv", "enterprises"),
        ("products.csv", "products"),
        ("batches.csv", "batches"),
        ("flows.csv", "events"),
    ] {
        assert_eq!(
            rows(&fa[file]) as u64,
            counts[count].as_u64().unwrap(),
            "{file}"
        );
    }
    let mut events = 0;
    for (name, bytes) in fa.iter().filter(|(n, _)| n.ends_with(".jsonld")) {
        let document = read_document(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(document.events.len() <= 10_000);
        for event in document.events {
            event.unwrap_or_else(|e| panic!("{name}: {e}"));
            events += 1;
        }
    }
    assert_eq!(events, counts["events"].as_u64().unwrap());
    let units = String::from_utf8(fa["units.csv"].clone()).unwrap();
    for anomaly in manifest["anomalies"].as_array().unwrap() {
        let code = anomaly["code"].as_str().unwrap();
        assert!(units.contains(code), "{code} is no registered unit");
    }
    assert!(manifest["anomalies"].as_array().unwrap().len() >= 4);

    // Another seed, other data.
    let c = tempfile::tempdir().unwrap();
    yima_gen(&[
        "--codes",
        "1000",
        "--seed",
        "43",
        "--out",
        c.path().to_str().unwrap(),
    ]);
    assert_ne!(files(c.path())["units.csv"], fa["units.csv"]);
}

/// Checks that `store` holds what `manifest` counts, and the anomalies it lists.
async fn check_store(store: &dyn Store, manifest: &Value) {
    let counts = store.counts().await.unwrap();
    let expected = &manifest["counts"];
    assert_eq!(
        counts.enterprises,
        expected["enterprises"].as_u64().unwrap()
    );
    assert_eq!(counts.products, expected["products"].as_u64().unwrap());
    assert_eq!(counts.batches, expected["batches"].as_u64().unwrap());
    assert_eq!(counts.unit_codes, expected["units"].as_u64().unwrap());
    let injected = manifest["anomalies"].as_array().unwrap();
    assert!(injected.len() >= 4);
    for kind in [AnomalyKind::SoldTwice, AnomalyKind::SoldWithoutHolding] {
        let found: BTreeSet<String> = store
            .anomalies(&AnomalySelection {
                kind: Some(kind),
                capture_id: None,
                after: None,
                limit: 1_000,
            })
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.anomaly.epc)
            .collect();
        let expected: BTreeSet<String> = injected
            .iter()
            .filter(|a| a["detected_as"] == kind.name())
            .map(|a| {
                yima_codes::gs1::normalise_epcis_id(a["epc"].as_str().unwrap())
                    .unwrap()
                    .key
            })
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(found, expected, "{}", kind.name());
    }
    for kind in AnomalyKind::ALL {
        if matches!(
            kind,
            AnomalyKind::SoldTwice | AnomalyKind::SoldWithoutHolding
        ) {
            continue;
        }
        let other = store
            .anomalies(&AnomalySelection {
                kind: Some(kind),
                capture_id: None,
                after: None,
                limit: 10,
            })
            .await
            .unwrap();
        assert!(other.is_empty(), "{}: {other:?}", kind.name());
    }
}

#[test]
fn into_sqlite_stores_the_manifest_and_serves_its_codes() {
    let dir = tempfile::tempdir().unwrap();
    let output = yima_gen(&[
        "--codes",
        "1000",
        "--into",
        "--data-dir",
        dir.path().to_str().unwrap(),
    ]);
    let manifest: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(manifest["counts"]["units"], 1000);
    check_sqlite_store(dir.path(), &manifest);

    // The server on that data directory resolves a generated code: registered, and the
    // clone's code suspect.
    let yima = Yima::serve(dir.path(), &[]);
    let clone = manifest["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "cloned_code")
        .unwrap();
    let client = reqwest::blocking::Client::new();
    let resolve = |code: &str| -> Value {
        client
            .get(format!(
                "{}/api/v1/resolve?code={}",
                yima.base,
                percent_encoding::utf8_percent_encode(code, percent_encoding::NON_ALPHANUMERIC)
            ))
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    let v = resolve(clone["code"].as_str().unwrap());
    assert_eq!(v["verdict"], "suspect", "{v}");
    // A unit of a batch without injected anomalies.
    let plain = first_gs1_code(&manifest);
    let v = resolve(&plain);
    assert_eq!(v["verdict"], "registered", "{plain}: {v}");
    yima.stop();
}

/// The first unit's code of batch 0 (never an anomaly batch), read from a fresh `--out` of
/// the same seed and size: generation is deterministic.
fn first_gs1_code(manifest: &Value) -> String {
    let dir = tempfile::tempdir().unwrap();
    let codes = manifest["codes"].as_u64().unwrap().to_string();
    let seed = manifest["seed"].as_u64().unwrap().to_string();
    yima_gen(&[
        "--codes",
        &codes,
        "--seed",
        &seed,
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let units = std::fs::read(dir.path().join("units.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(units.as_slice());
    let first = reader.records().next().unwrap().unwrap();
    first.get(0).unwrap().to_owned()
}

#[test]
fn into_postgres_stores_the_manifest() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = runtime
        .block_on(yima_store::testing::postgres_url_with_fresh_schema())
        .unwrap();
    let output = yima_gen(&[
        "--codes",
        "1000",
        "--seed",
        "9",
        "--into",
        "--database-url",
        &url,
    ]);
    let manifest: Value = serde_json::from_slice(&output.stdout).unwrap();
    runtime.block_on(async {
        let store = yima_store::open(&StoreConfig::Postgres(PostgresOptions::new(&url)))
            .await
            .unwrap();
        check_store(store.as_ref(), &manifest).await;
    });
}

/// Loads the registry alone into a fresh data directory, serves it, and sends `file` (written
/// by `--out` for the same seed and size) with `yima import`; then checks the store.
fn import_into_registry(file: &Path, manifest: &Value) {
    let dir = tempfile::tempdir().unwrap();
    let codes = manifest["codes"].as_u64().unwrap().to_string();
    let seed = manifest["seed"].as_u64().unwrap().to_string();
    let data_dir = dir.path().to_str().unwrap();
    yima_gen(&[
        "--codes",
        &codes,
        "--seed",
        &seed,
        "--into",
        "--registry-only",
        "--data-dir",
        data_dir,
    ]);
    let yima = Yima::serve(dir.path(), &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_yima"))
        .arg("import")
        .arg(file)
        .args(["--server", &yima.base, "--data-dir", data_dir])
        .env_remove("YIMA_SERVER")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}: {err}", file.display());
    // Every event stored, none refused, and the anomalies reported are the injected ones.
    let summary = format!(
        "{} stored, 0 recorded before, 0 refused; {} anomalies",
        manifest["counts"]["events"],
        manifest["anomalies"].as_array().unwrap().len()
    );
    assert!(err.contains(&summary), "{summary:?} not in {err}");
    yima.stop();
    check_sqlite_store(dir.path(), manifest);
}

#[test]
fn the_written_flows_and_documents_are_accepted_by_a_server() {
    let out = tempfile::tempdir().unwrap();
    yima_gen(&[
        "--codes",
        "1000",
        "--seed",
        "5",
        "--format",
        "both",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    // The flows CSV through the flows API, the document through POST /epcis/capture: each
    // stores every event, and the history checks find the injected anomalies, no others.
    import_into_registry(&out.path().join("flows.csv"), &manifest);
    import_into_registry(&out.path().join("events-000001.jsonld"), &manifest);
}

/// `check_store` on the SQLite store of data directory `dir`.
fn check_sqlite_store(dir: &std::path::Path, manifest: &Value) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = yima_store::open(&StoreConfig::Sqlite(SqliteOptions::new(
            dir.join("yima.db"),
        )))
        .await
        .unwrap();
        check_store(store.as_ref(), manifest).await;
    });
}
