//! Signed submissions through real HTTP against a real store: an enterprise registers a
//! public key, signs what it sends, and anyone holding the key can check the stored
//! submission later; bad signatures are refused and leave nothing behind.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Server, enterprise_body, product_body};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_domain::signing::{SignatureHeader, sign_request};

on_both_engines!(
    a_signed_write_is_stored_with_its_signature_and_checks_out_later,
    bad_signatures_are_refused_and_leave_nothing_behind,
    revoked_keys_sign_nothing_more_and_keys_are_their_enterprises,
);

const MAKER: &str = "91350100M000100Y43";
const SHOP: &str = "91310230MA1K314J7C";

fn signing_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[42; 32])
}

/// Enterprises, the maker's and the shop's accounts; their keys' secrets.
async fn setup(s: &Server) -> (String, String) {
    for code in [MAKER, SHOP] {
        assert_eq!(
            s.post("/api/v1/enterprises", &enterprise_body(code))
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    let mut secrets = Vec::new();
    for (id, code) in [("maker", MAKER), ("shop", SHOP)] {
        let account = json!({"id": id, "kind": "enterprise", "enterprise": code, "rights": ["producer", "seller"]});
        secrets.push(s.account_key(&account).await);
    }
    (secrets[0].clone(), secrets[1].clone())
}

/// Registers `key` for the maker with its account's `secret`; the key's id.
async fn register(s: &Server, secret: &str, key: &ed25519_dalek::SigningKey) -> Uuid {
    let r = s
        .client
        .post(s.url(&format!("/api/v1/enterprises/{MAKER}/submission-keys")))
        .bearer_auth(secret)
        .json(&json!({
            "public_key": hex::encode(key.verifying_key().to_bytes()),
            "label": "仓库扫码枪 2",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let view: Value = r.json().await.unwrap();
    assert!(view["ledger"]["leaf_id"].is_string(), "{view}");
    view["id"].as_str().unwrap().parse().unwrap()
}

/// POSTs `body` to `path` with `secret`, signed by `header` when given.
async fn post_signed(
    s: &Server,
    secret: &str,
    path: &str,
    body: &[u8],
    header: Option<String>,
) -> reqwest::Response {
    let mut request = s
        .client
        .post(s.url(path))
        .bearer_auth(secret)
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(header) = header {
        request = request.header("yima-signature", header);
    }
    request.send().await.unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// POSTs a product of `producer` with `secret`, signed now with `key` as `key_id`.
async fn post_signed_product(
    s: &Server,
    secret: &str,
    producer: &str,
    key: &ed25519_dalek::SigningKey,
    key_id: Uuid,
) -> reqwest::Response {
    let body = serde_json::to_vec(&product_body(producer, None)).unwrap();
    let header = sign_request(key, key_id, "POST", "/api/v1/products", now(), &body);
    post_signed(
        s,
        secret,
        "/api/v1/products",
        &body,
        Some(header.to_string()),
    )
    .await
}

async fn submissions_stored(s: &Server) -> usize {
    s.store
        .signed_submissions_of(&CreditCode::parse(MAKER).unwrap(), None, 1_000)
        .await
        .unwrap()
        .len()
}

async fn a_signed_write_is_stored_with_its_signature_and_checks_out_later(s: Server) {
    let (maker, shop) = setup(&s).await;
    let key = signing_key();
    let key_id = register(&s, &maker, &key).await;
    // The public key is public.
    let listed: Value = s
        .get(&format!("/api/v1/enterprises/{MAKER}/submission-keys"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed[0]["public_key"],
        hex::encode(key.verifying_key().to_bytes())
    );
    assert_eq!(listed[0]["id"], key_id.to_string());

    let body = serde_json::to_vec(&product_body(MAKER, None)).unwrap();
    let header = sign_request(&key, key_id, "POST", "/api/v1/products", now(), &body);
    let r = post_signed(
        &s,
        &maker,
        "/api/v1/products",
        &body,
        Some(header.to_string()),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let submission: Uuid = r.headers()["yima-submission"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();

    // The maker reads it back; everything needed to check it is there.
    let r = s
        .get_as(&maker, &format!("/api/v1/submissions/{submission}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let view: Value = r.json().await.unwrap();
    let stored_body = STANDARD
        .decode(view["body_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(stored_body, body, "the bytes signed, exactly");
    let signature: [u8; 64] = STANDARD
        .decode(view["signature"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let message = yima_domain::signing::signed_message(
        view["method"].as_str().unwrap(),
        view["target"].as_str().unwrap(),
        view["signed_at"].as_i64().unwrap(),
        &sha2_of(&stored_body),
    );
    use ed25519_dalek::Verifier;
    key.verifying_key()
        .verify(&message, &ed25519_dalek::Signature::from_bytes(&signature))
        .expect("the stored signature verifies with the enterprise's key");
    assert_eq!(view["record"], format!("signed_submission:{submission}"));

    // It, and the key's registration, are ledger records with evidence.
    for record in [
        format!("signed_submission:{submission}"),
        format!("submission_key:{key_id}"),
    ] {
        let r = s
            .client
            .get(s.url(&format!("/api/v1/ledger/records/{record}")))
            .bearer_auth(s.token())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{record}");
    }

    // Another enterprise does not find it; a regulator over the maker's region does.
    let r = s
        .get_as(&shop, &format!("/api/v1/submissions/{submission}"))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = s
        .get_as(&shop, &format!("/api/v1/enterprises/{MAKER}/submissions"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .client
        .get(s.url(&format!("/api/v1/enterprises/{MAKER}/submissions")))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    let listed: Value = r.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], submission.to_string());

    // An unsigned write is stored as before, without a submission.
    let mut other = product_body(MAKER, None);
    other["gtin"] = json!("06901234567892");
    let r = post_signed(
        &s,
        &maker,
        "/api/v1/products",
        &serde_json::to_vec(&other).unwrap(),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(r.headers().get("yima-submission").is_none());
    assert_eq!(submissions_stored(&s).await, 1);
}

fn sha2_of(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

async fn bad_signatures_are_refused_and_leave_nothing_behind(s: Server) {
    let (maker, _) = setup(&s).await;
    let key = signing_key();
    let key_id = register(&s, &maker, &key).await;
    let body = serde_json::to_vec(&product_body(MAKER, None)).unwrap();
    let good = sign_request(&key, key_id, "POST", "/api/v1/products", now(), &body);
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[43; 32]);
    let cases: Vec<(Vec<u8>, String, StatusCode, &str)> = vec![
        // The body changed after signing.
        (
            serde_json::to_vec(&product_body(MAKER, Some("06901234567892"))).unwrap(),
            good.to_string(),
            StatusCode::UNAUTHORIZED,
            "does not verify",
        ),
        // Signed by a key that is not the registered one.
        (
            body.clone(),
            sign_request(&stranger, key_id, "POST", "/api/v1/products", now(), &body).to_string(),
            StatusCode::UNAUTHORIZED,
            "does not verify",
        ),
        // Signed for another route.
        (
            body.clone(),
            sign_request(&key, key_id, "POST", "/api/v1/flows", now(), &body).to_string(),
            StatusCode::UNAUTHORIZED,
            "does not verify",
        ),
        // An hour old.
        (
            body.clone(),
            sign_request(
                &key,
                key_id,
                "POST",
                "/api/v1/products",
                now() - 3_600,
                &body,
            )
            .to_string(),
            StatusCode::UNAUTHORIZED,
            "platform's clock",
        ),
        // A key nobody registered.
        (
            body.clone(),
            SignatureHeader {
                key_id: Uuid::now_v7(),
                ..good.clone()
            }
            .to_string(),
            StatusCode::UNAUTHORIZED,
            "not registered",
        ),
        // Malformed.
        (
            body.clone(),
            format!("keyid=\"{key_id}\", created={}", now()),
            StatusCode::BAD_REQUEST,
            "signature is missing",
        ),
    ];
    for (sent, header, status, says) in cases {
        let r = post_signed(&s, &maker, "/api/v1/products", &sent, Some(header.clone())).await;
        assert_eq!(r.status(), status, "{header}");
        let problem: Value = r.json().await.unwrap();
        assert!(
            problem["detail"].as_str().unwrap().contains(says),
            "{header}: {problem}"
        );
    }
    // Nothing was stored: no submission, no product.
    assert_eq!(submissions_stored(&s).await, 0);
    let product = s
        .store
        .product_by_gtin(&yima_codes::gs1::Gtin::parse("06901234567892").unwrap())
        .await
        .unwrap();
    assert!(product.is_none());
    // A read is not signed.
    let r = s
        .client
        .get(s.url(&format!("/api/v1/enterprises/{MAKER}/submissions")))
        .bearer_auth(&maker)
        .header("yima-signature", good.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // The good signature still works.
    let r = post_signed(
        &s,
        &maker,
        "/api/v1/products",
        &body,
        Some(good.to_string()),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(submissions_stored(&s).await, 1);
}

async fn revoked_keys_sign_nothing_more_and_keys_are_their_enterprises(s: Server) {
    let (maker, shop) = setup(&s).await;
    let key = signing_key();
    let key_id = register(&s, &maker, &key).await;
    // The shop may neither register a key for the maker, nor sign with the maker's key, nor
    // revoke it.
    let r = s
        .post_as(
            &shop,
            &format!("/api/v1/enterprises/{MAKER}/submission-keys"),
            &json!({"public_key": hex::encode([7u8; 32]), "label": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_signed_product(&s, &shop, SHOP, &key, key_id).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let revoke = |secret: String| {
        s.client
            .post(s.url(&format!("/api/v1/submission-keys/{key_id}/revocation")))
            .bearer_auth(secret)
            .json(&json!({"reason": "scanner lost"}))
            .send()
    };
    assert_eq!(
        revoke(shop.clone()).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    // The same public key cannot be registered twice.
    let r = s
        .client
        .post(s.url(&format!("/api/v1/enterprises/{MAKER}/submission-keys")))
        .bearer_auth(&maker)
        .json(&json!({"public_key": hex::encode(key.verifying_key().to_bytes()), "label": "again"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A bad public key names its field.
    let r = s
        .post_as(
            &maker,
            &format!("/api/v1/enterprises/{MAKER}/submission-keys"),
            &json!({"public_key": "abc!", "label": ""}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(
        support::failed_fields(&problem),
        vec!["public_key".to_owned(), "label".to_owned()]
    );

    // The maker revokes it: once, as a ledger record.
    let r = revoke(maker.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let revocation: Value = r.json().await.unwrap();
    assert!(revocation["ledger"]["leaf_id"].is_string());
    assert_eq!(
        revoke(maker.clone()).await.unwrap().status(),
        StatusCode::CONFLICT
    );
    let key_view: Value = s
        .get(&format!("/api/v1/submission-keys/{key_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(key_view["revocation"]["reason"], "scanner lost");
    // What it signs now is refused.
    let r = post_signed_product(&s, &maker, MAKER, &key, key_id).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let problem: Value = r.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("revoked"));
    assert_eq!(submissions_stored(&s).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_epcis_capture_is_stored_and_a_bad_one_is_an_epcis_security_exception() {
    let s = Server::sqlite().await;
    let (maker, _) = setup(&s).await;
    let key = signing_key();
    let key_id = register(&s, &maker, &key).await;
    let document = json!({
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", {"ym": "urn:yima:epcis:"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-03-01T10:00:00Z",
        "epcisBody": {"eventList": [{
            "type": "ObjectEvent",
            "eventTime": "2025-03-01T09:30:00+08:00",
            "eventTimeZoneOffset": "+08:00",
            "action": "OBSERVE",
            "epcList": ["https://id.gs1.org/01/06901234500011/21/S1"],
            "bizStep": "inspecting",
            "ym:recordedBy": format!("urn:yima:party:{MAKER}"),
        }]},
    });
    let body = serde_json::to_vec(&document).unwrap();
    let capture = |header: String| {
        s.client
            .post(s.url("/epcis/capture"))
            .bearer_auth(&maker)
            .header("content-type", "application/ld+json")
            .header("yima-signature", header)
            .body(body.clone())
            .send()
    };
    // Signed for another route: refused as the binding refuses, and nothing is stored.
    let wrong = sign_request(&key, key_id, "POST", "/epcis/events", now(), &body);
    let r = capture(wrong.to_string()).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(
        problem["type"], "epcisException:SecurityException",
        "{problem}"
    );
    assert_eq!(submissions_stored(&s).await, 0);
    // Signed right: accepted, and the answer names the stored submission.
    let good = sign_request(&key, key_id, "POST", "/epcis/capture", now(), &body);
    let r = capture(good.to_string()).await.unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert!(r.headers().get("yima-submission").is_some());
    let stored = s
        .store
        .signed_submissions_of(&CreditCode::parse(MAKER).unwrap(), None, 10)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].body, body);
    assert_eq!(stored[0].target, "/epcis/capture");
}
