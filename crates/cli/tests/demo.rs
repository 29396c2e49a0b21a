//! `yima serve --demo` as a user runs it: the real binary, a fresh data directory, the
//! printed resolve URLs fetched over HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;
use support::Yima;

#[test]
fn demo_starts_and_its_printed_urls_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let mut yima = Yima::serve(dir.path(), &["--demo"]);
    let banner = yima.read_until("resolve demo codes:");
    assert!(
        banner
            .iter()
            .any(|l| l.starts_with("demo data loaded: 16 enterprises")),
        "{banner:?}"
    );
    let urls = yima.read_lines(5);
    for url in &urls {
        assert!(
            url.starts_with(&format!("{}/api/v1/resolve?code=", yima.base)),
            "{url}"
        );
        let v: Value = reqwest::blocking::get(url).unwrap().json().unwrap();
        assert_eq!(v["verdict"], "registered", "{url}: {v}");
        assert!(
            v["producer"]["name"].as_str().unwrap().ends_with("公司"),
            "{v}"
        );
        assert!(v["inspection"]["certificate_number"].is_string());
    }
    // The scan page of the first code, for a browser.
    let page_line = yima.read_lines(1).remove(0);
    let page_url = page_line
        .strip_prefix("open in a browser: ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{page_line}"));
    let page = reqwest::blocking::get(page_url).unwrap();
    assert_eq!(page.status(), reqwest::StatusCode::OK);
    let html = page.text().unwrap();
    assert!(html.contains("data-verdict=\"registered\""), "{html}");
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    let platform: Value = reqwest::blocking::get(&urls[4]).unwrap().json().unwrap();
    assert_eq!(
        platform["code"]["scheme"], "yima",
        "the fifth URL is a platform code: {platform}"
    );
    assert_eq!(platform["product"]["category"], "electric-bicycle");
    let token = dir.path().join("admin.token");
    assert_eq!(
        std::fs::metadata(&token).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let first_base = yima.base.clone();
    yima.stop();

    // A second start finds the demo in place and changes nothing.
    let mut again = Yima::serve(dir.path(), &["--demo"]);
    let banner = again.read_until("resolve demo codes:");
    assert!(
        banner.iter().any(|l| l == "demo data already present"),
        "{banner:?}"
    );
    assert!(
        banner
            .iter()
            .any(|l| l.starts_with("administrator token in")),
        "{banner:?}"
    );
    assert_eq!(
        again.read_lines(5),
        urls.iter()
            .map(|u| u.replace(&first_base, &again.base))
            .collect::<Vec<_>>()
    );
    let metrics = reqwest::blocking::get(format!("{}/metrics", again.base))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        metrics.contains("yima_records{kind=\"unit_code\"} 12500"),
        "{metrics}"
    );
    again.stop();
}

#[test]
fn bad_settings_are_refused_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let out = support::yima_command(dir.path(), &["--catalogue", "/no/such/file.toml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.toml"));
    let out = support::yima_command(dir.path(), &["--listen", "not-an-address"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--listen"));
}

#[test]
fn a_demo_load_cut_short_is_completed_by_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    // What a start killed during the demo load leaves: some batches and codes, not all.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let catalogue = yima_domain::Catalogue::builtin().unwrap();
        let demo = yima_domain::demo::dataset(&catalogue, chrono::Utc::now()).unwrap();
        let store = yima_store::SqliteStore::open(&yima_store::SqliteOptions::new(
            dir.path().join("yima.db"),
        ))
        .await
        .unwrap();
        let mut partial = demo.clone();
        partial.batches.truncate(7);
        yima_store::insert_dataset(&store, &partial, yima_store::OnConflict::Fail, |_| {})
            .await
            .unwrap();
        store.close().await;
    });
    let mut yima = Yima::serve(dir.path(), &["--demo"]);
    let banner = yima.read_until("resolve demo codes:");
    assert!(
        banner.iter().any(|l| l.starts_with("demo data completed")),
        "{banner:?}"
    );
    for url in yima.read_lines(5) {
        let v: Value = reqwest::blocking::get(&url).unwrap().json().unwrap();
        assert_eq!(v["verdict"], "registered", "{url}: {v}");
    }
    let metrics = reqwest::blocking::get(format!("{}/metrics", yima.base))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        metrics.contains("yima_records{kind=\"unit_code\"} 12500"),
        "{metrics}"
    );
    yima.stop();
}

#[test]
fn a_disclosure_table_given_at_start_is_what_the_scan_obeys() {
    let dir = tempfile::tempdir().unwrap();
    // A table that cannot be read, or names a field there is not, stops the start.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[fields]\n\"producer.phone\" = [\"public\"]\n").unwrap();
    let out = support::yima_command(dir.path(), &["--disclosure-policy", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("producer.phone"), "{stderr}");

    // One that keeps the producer's address and the inspection proof from the public.
    let table = dir.path().join("disclosure.toml");
    std::fs::write(
        &table,
        "[fields]\n\"producer.name\" = [\"public\"]\n\"producer.address\" = [\"owner\", \"regulator\"]\n\"product.name\" = [\"public\"]\n\"batch.inspection\" = [\"regulator\"]\n",
    )
    .unwrap();
    let mut yima = Yima::serve(
        dir.path(),
        &["--demo", "--disclosure-policy", table.to_str().unwrap()],
    );
    yima.read_until("resolve demo codes:");
    let url = yima.read_lines(1).remove(0);
    let v: Value = reqwest::blocking::get(&url).unwrap().json().unwrap();
    assert_eq!(v["verdict"], "registered", "{v}");
    assert!(v["producer"]["name"].is_string(), "{v}");
    assert!(v["producer"].get("address").is_none(), "{v}");
    assert!(v.get("inspection").is_none(), "{v}");
    assert!(
        v["product"].get("model").is_none(),
        "left out of the table: {v}"
    );
    yima.stop();
}
