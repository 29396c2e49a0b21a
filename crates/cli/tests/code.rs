//! `yima code parse` as a user runs it: the real binary, its output and exit status.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use serde_json::{Value, json};

fn yima(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yima"))
        .args(args)
        .output()
        .expect("yima runs")
}

#[test]
fn parse_prints_one_json_object_with_the_parts() {
    let out = yima(&[
        "code",
        "parse",
        "]d2010952012345678810ABC1\u{1d}2112345",
        "--json",
    ]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["scheme"], "gs1");
    assert_eq!(v["canonical"], "gs1:01/09520123456788/21/12345");
    assert_eq!(v["symbology"], "]d2");
    assert_eq!(
        v["ai"],
        json!([{"ai": "01", "value": "09520123456788"}, {"ai": "10", "value": "ABC1"}, {"ai": "21", "value": "12345"}])
    );
    assert_eq!(v["element_string"], "(01)09520123456788(10)ABC1(21)12345");
    assert_eq!(
        v["digital_link"],
        "https://id.gs1.org/01/09520123456788/21/12345"
    );
}

#[test]
fn every_form_of_one_unit_parses_to_the_same_canonical() {
    let forms = [
        "(01)09520123456788(10)ABC1(21)12345",
        "]C10109520123456788 10ABC1\u{1d}2112345",
        "]Q1https://id.gs1.org/01/09520123456788/10/ABC1/21/12345",
        "https://shop.example.cn/p/01/9520123456788/21/12345",
    ];
    for form in forms {
        let form = form.replace(' ', "");
        let out = yima(&["code", "parse", &form, "--json"]);
        assert!(
            out.status.success(),
            "{form:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["canonical"], "gs1:01/09520123456788/21/12345", "{form:?}");
    }
}

#[test]
fn invalid_input_exits_2_with_one_line_naming_position_and_rule() {
    for (input, expect) in [
        ("(01)09520123456789(21)1", "position 18"),
        ("(01)09520123456788(17)251341", "(17)"),
        ("(21)12345", "(21)"),
        ("(01)09520123456788(10)ABCDEFGHIJKLMNOPQRSTU", "(10)"),
    ] {
        let out = yima(&["code", "parse", input, "--json"]);
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expect), "{input}: {err}");
    }
}

#[test]
fn label_writes_images_and_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("one.png");
    let out = yima(&[
        "code",
        "label",
        "(01)09520123456788(10)ABC1(21)12345",
        "--format",
        "png",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(&std::fs::read(&png).unwrap()[..8], b"\x89PNG\r\n\x1a\n");

    let out = yima(&[
        "code",
        "label",
        "(01)09520123456788(21)12345",
        "--symbol",
        "qr",
        "--format",
        "svg",
    ]);
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("(01)09520123456788(21)12345"),
        "{svg}"
    );

    let list = dir.path().join("codes.txt");
    let codes: String = (0..50)
        .map(|i| format!("(01)09520123456788(21)S{i}\n"))
        .collect();
    std::fs::write(&list, codes).unwrap();
    let pdf = dir.path().join("sheet.pdf");
    let out = yima(&[
        "code",
        "label",
        "--from",
        list.to_str().unwrap(),
        "--format",
        "pdf",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(
        String::from_utf8_lossy(&bytes).contains("/Count 3"),
        "50 labels at 21 a page"
    );

    std::fs::write(
        &list,
        "(01)09520123456788(21)S1\n(01)09520123456789(21)S2\n",
    )
    .unwrap();
    let out = yima(&[
        "code",
        "label",
        "--from",
        list.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
}

/// A store in `dir` holding one producer, one product and a batch of `quantity` pieces.
fn store_with_batch(dir: &std::path::Path, quantity: u64) -> uuid::Uuid {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let catalogue = yima_domain::Catalogue::builtin().unwrap();
        let demo = yima_domain::demo::dataset(&catalogue, chrono::Utc::now()).unwrap();
        let store =
            yima_store::SqliteStore::open(&yima_store::SqliteOptions::new(dir.join("yima.db")))
                .await
                .unwrap();
        use yima_store::Store;
        store.insert_enterprise(&demo.enterprises[0]).await.unwrap();
        store.insert_product(&demo.products[0]).await.unwrap();
        let batch = yima_domain::BatchDraft {
            lot: "ISSUE1".into(),
            production_date: chrono::NaiveDate::from_ymd_opt(2025, 6, 1),
            quantity,
            unit_of_measure: None,
            inspection: yima_domain::batch::InspectionDraft {
                certificate_number: "JY1".into(),
                issuer: "检验所".into(),
                date: chrono::NaiveDate::from_ymd_opt(2025, 6, 2),
                result: "conformant".into(),
                document_sha256: None,
            },
        }
        .validate(&demo.products[0], chrono::Utc::now())
        .unwrap();
        store.insert_batch(&batch).await.unwrap();
        store.close().await;
        batch.id
    })
}

#[test]
fn issue_streams_codes_that_verify_and_count_against_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let batch = store_with_batch(dir.path(), 5_000).to_string();
    let csv = dir.path().join("codes.csv");
    let data_dir = dir.path().to_str().unwrap();
    let out = yima(&[
        "code",
        "issue",
        "--data-dir",
        data_dir,
        "--batch",
        &batch,
        "--count",
        "3000",
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("issued 3000 codes"));

    let keys = std::fs::read_to_string(dir.path().join("issuing.keys")).unwrap();
    let (id, secret) = keys
        .lines()
        .rfind(|l| !l.starts_with('#'))
        .unwrap()
        .split_once(' ')
        .unwrap();
    let key =
        yima_codes::platform::IssuingKey::from_bytes(id.parse().unwrap(), &hex_decode(secret))
            .unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("key_id,issuance,index,code"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3000);
    for (i, row) in rows.iter().enumerate() {
        let code = row.rsplit(',').next().unwrap();
        let code = yima_codes::platform::PlatformCode::parse(code).unwrap();
        code.verify(&key).unwrap();
        assert_eq!(code.index(), i as u64);
    }

    let out = yima(&[
        "code",
        "issue",
        "--data-dir",
        data_dir,
        "--batch",
        &batch,
        "--count",
        "2001",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("holds 5000"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let unknown = yima(&[
        "code",
        "issue",
        "--data-dir",
        data_dir,
        "--batch",
        "01890000-0000-7000-8000-000000000000",
        "--count",
        "1",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn configured_schemes_and_ecode_tables_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let schemes = dir.path().join("schemes.toml");
    std::fs::write(
        &schemes,
        "[[recogniser]]\nscheme = \"gd-trace\"\nprefix = \"GDZS\"\n",
    )
    .unwrap();
    let schemes = schemes.to_str().unwrap();
    assert_eq!(
        yima(&["code", "parse", "GDZS-2025-000123", "--json"])
            .status
            .code(),
        Some(2),
        "unknown without the file"
    );
    let out = yima(&[
        "code",
        "parse",
        "GDZS-2025-000123",
        "--json",
        "--schemes",
        schemes,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["scheme"].as_str(), v["canonical"].as_str()),
        (Some("gd-trace"), Some("gd-trace:GDZS-2025-000123"))
    );

    // An Ecode table that allows only short V1 master data makes a longer one invalid.
    let table = dir.path().join("ecode.toml");
    std::fs::write(
        &table,
        "[[version]]\nversion = 1\nnsi_length = 4\nmd_max = 6\nmd_charset = \"digits\"\n",
    )
    .unwrap();
    let long = "100641234567890123";
    assert!(yima(&["code", "parse", long]).status.success());
    let out = yima(&[
        "code",
        "parse",
        long,
        "--ecode-table",
        table.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[recogniser]]\nscheme = \"gs1\"\nprefix = \"X\"\n").unwrap();
    let out = yima(&["code", "parse", "X1", "--schemes", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("gs1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
