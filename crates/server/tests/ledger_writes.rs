//! Writes through the JSON API as the ledger sees them: receipts that check offline, and
//! corrections that change what reads and scans show without editing any record.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Server, enterprise_body, failed_fields};
use yima_ledger::TlogProof;

on_both_engines!(
    a_write_waits_for_its_receipt_which_checks_offline,
    corrections_change_reads_and_scans_not_records,
    bad_corrections_change_nothing,
);

async fn a_write_waits_for_its_receipt_which_checks_offline(s: Server) {
    let code = "91350100M000100Y43";
    let r = s
        .post("/api/v1/enterprises?receipt=wait", &enterprise_body(code))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    let receipt = &body["ledger"]["receipt"];
    let proof = TlogProof::parse(receipt["proof"].as_str().unwrap()).unwrap();
    assert_eq!(json!(proof.index), receipt["index"]);
    // The entry is public (it is in the log's bundles); here it is read from the store.
    let (index, leaf) = s
        .store
        .leaf_by_ref(&format!("enterprise:{code}"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(index, Some(proof.index));
    assert_eq!(body["ledger"]["leaf_id"], json!(leaf.id));
    let checkpoint = proof.verify(&leaf.entry, &s.log_verifier()).unwrap();
    assert_eq!(json!(checkpoint.size), receipt["checkpoint_size"]);
    // Another entry at the same index does not verify.
    let mut forged = leaf.entry.clone();
    forged[10] ^= 1;
    assert!(proof.verify(&forged, &s.log_verifier()).is_err());

    // Without asking, the write does not wait and carries no receipt.
    let r = s
        .post(
            "/api/v1/enterprises",
            &enterprise_body(&credit_code("91350100M000101Y3")),
        )
        .await;
    let body: Value = r.json().await.unwrap();
    assert!(body["ledger"]["leaf_id"].is_string());
    assert!(body["ledger"].get("receipt").is_none(), "{body}");
    // An unknown receipt mode is a client's mistake.
    let r = s
        .post(
            "/api/v1/enterprises?receipt=later",
            &enterprise_body(&credit_code("91350100M000102Y1")),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// A valid credit code: `body` (17 characters) with its check character.
fn credit_code(body: &str) -> String {
    "0123456789ABCDEFGHJKLMNPQRTUWXY"
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|code| yima_codes::enterprise::CreditCode::parse(code).is_ok())
        .unwrap()
}

async fn corrections_change_reads_and_scans_not_records(s: Server) {
    let code = "91350100M000100Y43";
    let (product_id, batch_id, gtin) = s.registered_batch(code, "L2503A", 10).await;
    s.post(
        &format!("/api/v1/batches/{batch_id}/codes"),
        &json!({"serials": ["S1"]}),
    )
    .await;

    let r = s
        .post(
            &format!("/api/v1/products/{product_id}/corrections?receipt=wait"),
            &json!({"changes": {"approval": {"status": "suspended"}}, "reason": "证书已被暂停"}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let corrected: Value = r.json().await.unwrap();
    assert_eq!(corrected["approval"]["status"], "suspended");
    assert_eq!(corrected["approval"]["number"], "XK06-001-00018");
    assert_eq!(corrected["corrections"][0]["reason"], "证书已被暂停");
    assert!(corrected["ledger"]["receipt"]["proof"].is_string());

    let product: Value = s
        .get(&format!("/api/v1/products/{product_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(product["approval"]["status"], "suspended");
    assert_eq!(product["corrections"].as_array().unwrap().len(), 1);
    let scan = s.resolve(&format!("(01){gtin}(21)S1")).await;
    assert_eq!(scan["product"]["approval"]["status"], "suspended", "{scan}");

    // The stored product is the one registered: the correction is a record of its own.
    let id = product_id.parse().unwrap();
    let stored = s.store.product(id).await.unwrap().unwrap();
    assert_eq!(stored.approval.status().as_str(), "valid");

    // Enterprises and batches likewise, and one correction after another.
    for name in ["闽江线缆股份有限公司", "闽江电线电缆集团有限公司"] {
        let r = s
            .post(
                &format!("/api/v1/enterprises/{code}/corrections"),
                &json!({"changes": {"name": name}, "reason": "企业更名"}),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
    }
    let enterprise: Value = s
        .get(&format!("/api/v1/enterprises/{code}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(enterprise["name"], "闽江电线电缆集团有限公司");
    assert_eq!(enterprise["corrections"].as_array().unwrap().len(), 2);
    let r = s
        .post(
            &format!("/api/v1/batches/{batch_id}/corrections"),
            &json!({"changes": {"inspection": {"result": "non_conformant"}}, "reason": "复检不合格"}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let scan = s.resolve(&format!("(01){gtin}(21)S1")).await;
    assert_eq!(scan["inspection"]["result"], "non_conformant", "{scan}");
    assert_eq!(scan["producer"]["name"], "闽江电线电缆集团有限公司");
}

/// How many leaves the log holds once the sequencer has integrated every queued one.
async fn settled_leaves(s: &Server) -> u64 {
    while s.store.queued_leaves().await.unwrap() > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    s.store.tree_head().await.unwrap().size
}

async fn bad_corrections_change_nothing(s: Server) {
    let code = "91350100M000100Y43";
    let (product_id, _, _) = s.registered_batch(code, "L1", 10).await;
    let queued = settled_leaves(&s).await;
    for (body, field) in [
        (
            json!({"changes": {"gtin": "06901234500028"}, "reason": "x"}),
            "changes.gtin",
        ),
        (json!({"changes": {}, "reason": "x"}), "changes"),
        (
            json!({"changes": {"name": ""}, "reason": "x"}),
            "changes.name",
        ),
        (json!({"changes": {"name": "新名"}, "reason": ""}), "reason"),
    ] {
        let r = s
            .post(&format!("/api/v1/products/{product_id}/corrections"), &body)
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        let problem: Value = r.json().await.unwrap();
        assert!(
            failed_fields(&problem).iter().any(|f| f == field),
            "{body}: {problem}"
        );
    }
    let r = s
        .post(
            "/api/v1/products/0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b/corrections",
            &json!({"changes": {"name": "新名"}, "reason": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let product: Value = s
        .get(&format!("/api/v1/products/{product_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(product["corrections"], json!([]));
    let after = settled_leaves(&s).await;
    assert_eq!(after, queued, "no leaf was written");
}
