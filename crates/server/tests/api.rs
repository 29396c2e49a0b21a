//! The JSON API through real HTTP on a real port, against a real store: every test runs on
//! the embedded SQLite engine and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Server, batch_body, enterprise_body, product_body};

on_both_engines!(
    registry_round_trip_and_resolve_every_form,
    unknown_codes_are_unknown_not_errors,
    malformed_codes_are_refused_with_the_rule,
    invalid_registrations_name_the_field_and_write_nothing,
    writes_need_the_administrator_token,
    code_registration_is_all_or_nothing,
    operator_endpoints_answer,
    platform_codes_are_issued_downloaded_and_bounded,
    platform_codes_resolve_only_when_genuine_and_issued,
    other_schemes_register_and_resolve_by_their_key,
);

async fn registry_round_trip_and_resolve_every_form(s: Server) {
    let (product_id, batch_id, gtin) = s.registered_batch("91350100M000100Y43", "L2503A", 10).await;
    let r = s
        .post(
            &format!("/api/v1/batches/{batch_id}/codes"),
            &json!({"codes": [
                format!("(01){gtin}(21)S0001"),
                format!("]d201{gtin}10L2503A\u{1d}21S0002"),
                format!("https://example.com/shop/01/{gtin}/21/S0003"),
            ]}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let r = s
        .post(
            &format!("/api/v1/batches/{batch_id}/codes"),
            &json!({"serials": ["S0004", "S0005"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let registered = r.json::<Value>().await.unwrap();
    assert_eq!(
        (&registered["registered"], &registered["total"]),
        (&json!(2), &json!(5))
    );
    assert!(registered["ledger"]["leaf_id"].is_string(), "{registered}");

    for scanned in [
        format!("(01){gtin}(21)S0001"),
        format!("]C101{gtin}21S0002"),
        format!("]Q1https://id.gs1.org/01/{gtin}/10/L2503A/21/S0003"),
        format!("https://brand.example.cn/01/{gtin}/21/S0005?17=300101"),
    ] {
        let v = s.resolve(&scanned).await;
        assert_eq!(v["verdict"], "registered", "{scanned}: {v}");
        assert_eq!(v["status"], "active");
        assert_eq!(v["code"]["level"], "unit");
        assert_eq!(v["product"]["id"], product_id.as_str());
        assert_eq!(v["product"]["name"], "聚氯乙烯绝缘电线");
        assert_eq!(v["product"]["category_name_zh"], "电线电缆");
        assert_eq!(v["product"]["approval"]["number"], "XK06-001-00018");
        assert_eq!(v["producer"]["name"], "闽江电线电缆有限公司");
        assert_eq!(v["producer"]["address"], "福建省福州市仓山区金山工业区12号");
        assert_eq!(v["batch"]["lot"], "L2503A");
        assert_eq!(v["batch"]["production_date"], "2025-03-01");
        assert_eq!(v["inspection"]["certificate_number"], "JY20250301");
        assert_eq!(v["inspection"]["result"], "conformant");
        assert_eq!(v["warnings"], json!([]));
    }
    let lot = s.resolve(&format!("(01){gtin}(10)L2503A")).await;
    assert_eq!(
        (lot["verdict"].as_str(), lot["code"]["level"].as_str()),
        (Some("registered"), Some("batch"))
    );
    assert_eq!(lot["batch"]["id"], batch_id.as_str());
    let class = s.resolve(&gtin[1..]).await; // the EAN-13 digits alone
    assert_eq!(
        (class["verdict"].as_str(), class["code"]["level"].as_str()),
        (Some("registered"), Some("class"))
    );
    assert!(class.get("batch").is_none());

    let wrong_lot = s.resolve(&format!("(01){gtin}(10)OTHER(21)S0001")).await;
    assert_eq!(wrong_lot["verdict"], "registered");
    assert!(
        wrong_lot["warnings"][0]
            .as_str()
            .unwrap()
            .contains("L2503A"),
        "{wrong_lot}"
    );

    let e = s.get("/api/v1/enterprises/91350100M000100Y43").await;
    assert_eq!(e.status(), StatusCode::OK);
    assert_eq!(
        e.json::<Value>().await.unwrap()["roles"],
        json!(["producer", "seller"])
    );
    assert_eq!(
        s.get(&format!("/api/v1/products/{product_id}"))
            .await
            .status(),
        StatusCode::OK
    );
    let b: Value = s
        .get(&format!("/api/v1/batches/{batch_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(b["inspection"]["issuer"], "福建省产品质量检验研究院");
    let page: Value = s
        .get("/api/v1/enterprises?limit=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
}

async fn unknown_codes_are_unknown_not_errors(s: Server) {
    let (_, _, gtin) = s.registered_batch("91310230MA1K314J7C", "L1", 10).await;
    let never = s.resolve("(01)09520123456788(21)12345").await;
    assert_eq!(never["verdict"], "unknown");
    assert!(never.get("product").is_none() && never.get("status").is_none());
    let cloned = s.resolve(&format!("(01){gtin}(21)NEVER-ISSUED")).await;
    assert_eq!(cloned["verdict"], "unknown");
    assert!(
        cloned["warnings"][0]
            .as_str()
            .unwrap()
            .contains("never registered"),
        "{cloned}"
    );
}

async fn malformed_codes_are_refused_with_the_rule(s: Server) {
    for (bad, expect) in [
        ("(01)09520123456789(21)1", "check"),
        ("(01)0952012345678(21)1", "exactly 14"),
        ("hello", "code"),
        ("", "code"),
    ] {
        let r = s
            .get(&format!("/api/v1/resolve?code={}", support::encode(bad)))
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad:?}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["status"], 400);
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(expect),
            "{bad:?}: {p}"
        );
    }
    let r = s.get("/api/v1/resolve").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.json::<Value>().await.unwrap()["detail"]
            .as_str()
            .unwrap()
            .contains("code")
    );
    let long = "1".repeat(5000);
    assert_eq!(
        s.get(&format!("/api/v1/resolve?code={long}"))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

async fn invalid_registrations_name_the_field_and_write_nothing(s: Server) {
    let mut bad = enterprise_body("91350100M000100Y44");
    bad["name"] = json!("x".repeat(201));
    let r = s.post("/api/v1/enterprises", &bad).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let p: Value = r.json().await.unwrap();
    let fields = support::failed_fields(&p);
    assert_eq!(fields, ["credit_code", "name"], "{p}");
    assert!(
        p["errors"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("check")
    );

    let mut missing = enterprise_body("91350100M000100Y43");
    missing.as_object_mut().unwrap().remove("address");
    let p: Value = s
        .post("/api/v1/enterprises", &missing)
        .await
        .json()
        .await
        .unwrap();
    assert!(p["detail"].as_str().unwrap().contains("address"), "{p}");
    let mut unknown_field = enterprise_body("91350100M000100Y43");
    unknown_field["nmae"] = json!("typo");
    let p: Value = s
        .post("/api/v1/enterprises", &unknown_field)
        .await
        .json()
        .await
        .unwrap();
    assert!(p["detail"].as_str().unwrap().contains("nmae"), "{p}");
    assert_eq!(
        s.get("/api/v1/enterprises/91350100M000100Y43")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let r = s
        .post(
            "/api/v1/enterprises",
            &enterprise_body("91350100M000100Y43"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let again = s
        .post(
            "/api/v1/enterprises",
            &enterprise_body("91350100M000100Y43"),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let mut ccc_for_licence = product_body("91350100M000100Y43", None);
    ccc_for_licence["approval"] =
        json!({"regime": "ccc", "number": "2023010111000001", "status": "valid"});
    ccc_for_licence["category"] = json!("wire-cable");
    let p: Value = s
        .post("/api/v1/products", &ccc_for_licence)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["errors"][0]["field"], "approval.regime", "{p}");
    let p: Value = s
        .post(
            "/api/v1/products",
            &product_body("91310230MA1K314J7C", None),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["errors"][0]["field"], "producer", "{p}");

    let product: Value = s
        .post(
            "/api/v1/products",
            &product_body("91350100M000100Y43", None),
        )
        .await
        .json()
        .await
        .unwrap();
    let mut future = batch_body("L9", 5);
    future["production_date"] = json!("2999-01-01");
    future["inspection"]["document_sha256"] = json!("abc");
    let r = s
        .post(
            &format!(
                "/api/v1/products/{}/batches",
                product["id"].as_str().unwrap()
            ),
            &future,
        )
        .await;
    let p: Value = r.json().await.unwrap();
    let fields = support::failed_fields(&p);
    assert_eq!(
        fields,
        ["production_date", "inspection.document_sha256"],
        "{p}"
    );
    let counts: Value = s.metrics_records().await;
    assert_eq!(
        counts,
        json!({"enterprise": 1, "product": 1, "batch": 0, "unit_code": 0})
    );
}

async fn writes_need_the_administrator_token(s: Server) {
    let body = enterprise_body("91350100M000100Y43");
    for auth in [
        None,
        Some("Bearer yima_wrong"),
        Some("Basic abc"),
        Some("Bearer "),
    ] {
        let mut req = s.client.post(s.url("/api/v1/enterprises")).json(&body);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"yima\"");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
    assert_eq!(
        s.get("/api/v1/enterprises/91350100M000100Y43")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

async fn code_registration_is_all_or_nothing(s: Server) {
    let (_, batch_id, gtin) = s
        .registered_batch("91350100M000100Y43", "L2503A", 1000)
        .await;
    let path = format!("/api/v1/batches/{batch_id}/codes");
    let first: Vec<String> = (0..300).map(|i| format!("(01){gtin}(21)A{i:05}")).collect();
    assert_eq!(
        s.post(&path, &json!({"codes": first})).await.status(),
        StatusCode::CREATED
    );

    let mut bad: Vec<String> = (300..600)
        .map(|i| format!("(01){gtin}(21)A{i:05}"))
        .collect();
    bad[17] = format!("(01){gtin}(21)A{:05}", 5); // registered already
    let r = s.post(&path, &json!({"codes": bad})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        r.json::<Value>().await.unwrap()["detail"]
            .as_str()
            .unwrap()
            .contains("A00005")
    );

    bad[17] = "(01)09520123456788(21)FOREIGN".to_owned();
    bad[42] = format!("(01){gtin}(21)BAD\u{7f}");
    let p: Value = s
        .post(&path, &json!({"codes": bad}))
        .await
        .json()
        .await
        .unwrap();
    let fields = support::failed_fields(&p);
    assert_eq!(fields, ["codes[17]", "codes[42]"], "{p}");

    let too_many: Vec<String> = (0..701).map(|i| format!("B{i}")).collect();
    let r = s.post(&path, &json!({"serials": too_many})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let both = s
        .post(&path, &json!({"serials": ["X"], "codes": ["Y"]}))
        .await;
    assert_eq!(both.status(), StatusCode::BAD_REQUEST);
    // The server answers 413 before reading the body and closes the connection; a client of
    // its own keeps that closed connection out of the shared client's pool.
    // Just over the 16 MiB limit: the server stops reading at the limit and answers while
    // the client still has bytes to send; the smaller that remainder, the less the client
    // can see the connection close under it instead of reading the answer.
    let envelope = r#"{"serials":[""]}"#.len();
    let huge = "x".repeat(16 * 1024 * 1024 - envelope + 64);
    let r = reqwest::Client::new()
        .post(s.url(&path))
        .bearer_auth(s.token())
        .json(&json!({"serials": [huge]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(s.metrics_records().await["unit_code"], 300);
}

async fn operator_endpoints_answer(s: Server) {
    let health: Value = s.get("/healthz").await.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let spec: Value = s.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/resolve",
        "/api/v1/enterprises",
        "/api/v1/enterprises/{credit_code}",
        "/api/v1/products",
        "/api/v1/products/{id}",
        "/api/v1/products/{id}/batches",
        "/api/v1/batches/{id}",
        "/api/v1/batches/{id}/codes",
        "/api/v1/catalogue",
        "/api/v1/codes/parse",
        "/api/v1/labels",
        "/api/v1/batches/{id}/issuances",
        "/api/v1/issuances/{key_id}/{number}/codes",
        "/api/v1/issuances/{key_id}/{number}/labels",
    ] {
        assert!(
            spec["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
    let mut operation_ids: Vec<&str> = spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap())
        .collect();
    let count = operation_ids.len();
    operation_ids.sort_unstable();
    operation_ids.dedup();
    assert_eq!(
        operation_ids.len(),
        count,
        "operation ids must be unique: {operation_ids:?}"
    );
    let parsed: Value = s
        .get("/api/v1/codes/parse?code=%5Dd2010952012345678810ABC1%1D2112345")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(parsed["canonical"], "gs1:01/09520123456788/21/12345");
    assert_eq!(
        parsed["element_string"],
        "(01)09520123456788(10)ABC1(21)12345"
    );
    let bad = s
        .get("/api/v1/codes/parse?code=%2801%2909520123456789")
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let catalogue: Value = s.get("/api/v1/catalogue").await.json().await.unwrap();
    assert_eq!(catalogue.as_array().unwrap().len(), 8);
    s.resolve("(01)09520123456788(21)1").await;
    let metrics = s.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains(
            "yima_http_requests_total{method=\"GET\",route=\"/api/v1/resolve\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    let r = s.get("/healthz").await;
    assert_eq!(
        r.headers()["x-request-id"].len(),
        36,
        "a UUID is made for each request"
    );
    let r = s
        .client
        .get(s.url("/healthz"))
        .header("x-request-id", "scan-42")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["x-request-id"],
        "scan-42",
        "the caller's id is kept"
    );
    let r = s.get("/no/such/path").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = s
        .client
        .delete(s.url("/api/v1/catalogue"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

async fn platform_codes_are_issued_downloaded_and_bounded(s: Server) {
    let (_, batch_id, _) = s
        .registered_batch("91350100M000100Y43", "L2503A", 1_000)
        .await;
    let path = format!("/api/v1/batches/{batch_id}/issuances");
    let r = s.post(&path, &json!({"count": 900})).await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let issued: Value = r.json().await.unwrap();
    assert_eq!(issued["count"], 900);
    let (key_id, number) = (
        issued["key_id"].as_u64().unwrap(),
        issued["number"].as_u64().unwrap(),
    );

    let text = s
        .client
        .get(s.url(issued["codes"].as_str().unwrap()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let codes: Vec<&str> = text.lines().collect();
    assert_eq!(codes.len(), 900);
    assert_eq!(codes[0], issued["first"]);
    assert_eq!(codes[899], issued["last"]);
    let mut seen = std::collections::HashSet::new();
    for (i, line) in codes.iter().enumerate() {
        let code = yima_codes::platform::PlatformCode::parse(line).unwrap();
        assert_eq!(
            (u64::from(code.key_id()), code.issuance(), code.index()),
            (key_id, number, i as u64)
        );
        assert!(seen.insert(code.canonical().to_owned()));
    }
    let canonical = s
        .client
        .get(s.url(&format!(
            "{}?format=canonical",
            issued["codes"].as_str().unwrap()
        )))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(canonical.lines().all(|l| l.len() == 26 && !l.contains('-')));

    let sheet_url = issued["codes"]
        .as_str()
        .unwrap()
        .replace("/codes", "/labels");
    let pdf = s
        .client
        .get(s.url(&sheet_url))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = pdf.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(
        String::from_utf8_lossy(&pdf).contains("/Count 43"),
        "900 labels at 21 a page"
    );
    let preview = s
        .client
        .get(s.url(&format!("{sheet_url}?from=890&count=10&format=svg")))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        preview.contains(codes[890])
            && preview.contains(codes[899])
            && !preview.contains(codes[889])
    );
    let outside = s
        .client
        .get(s.url(&format!("{sheet_url}?from=895&count=10")))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), StatusCode::BAD_REQUEST);

    // Issued codes count against the batch with registered ones.
    assert_eq!(
        s.post(&path, &json!({"count": 101})).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let serials: Vec<String> = (0..101).map(|i| format!("S{i}")).collect();
    let codes_path = format!("/api/v1/batches/{batch_id}/codes");
    assert_eq!(
        s.post(&codes_path, &json!({"serials": serials}))
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        s.post(&path, &json!({"count": 100})).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(s.metrics_records().await["unit_code"], 1_000);

    let p: Value = s
        .post(&path, &json!({"count": 0}))
        .await
        .json()
        .await
        .unwrap();
    assert!(p["detail"].as_str().unwrap().starts_with("count:"), "{p}");
    let ghost = format!("/api/v1/batches/{}/issuances", uuid_like());
    assert_eq!(
        s.post(&ghost, &json!({"count": 1})).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = s
        .client
        .get(s.url(issued["codes"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = s
        .client
        .get(s.url(&format!("/api/v1/issuances/{key_id}/{}/codes", number ^ 1)))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

fn uuid_like() -> &'static str {
    "01890000-0000-7000-8000-000000000000"
}

async fn platform_codes_resolve_only_when_genuine_and_issued(s: Server) {
    use yima_codes::platform::{IssuingKey, PlatformCode};
    let (product_id, batch_id, _) = s
        .registered_batch("91350100M000100Y43", "L2503A", 1_000)
        .await;
    let issued: Value = s
        .post(
            &format!("/api/v1/batches/{batch_id}/issuances"),
            &json!({"count": 10}),
        )
        .await
        .json()
        .await
        .unwrap();
    let first = issued["first"].as_str().unwrap();
    let v = s.resolve(first).await;
    assert_eq!(v["verdict"], "registered", "{v}");
    assert_eq!(
        (v["code"]["scheme"].as_str(), v["code"]["level"].as_str()),
        (Some("yima"), Some("unit"))
    );
    assert_eq!(v["status"], "active");
    assert_eq!(v["product"]["id"], product_id.as_str());
    assert_eq!(v["batch"]["lot"], "L2503A");
    assert_eq!(v["producer"]["name"], "闽江电线电缆有限公司");
    // Typed in lower case without hyphens, it is the same code.
    let typed = first.replace('-', "").to_lowercase();
    assert_eq!(s.resolve(&typed).await["verdict"], "registered");

    let key = s.issuing_key();
    let number = issued["number"].as_u64().unwrap();
    let beyond = PlatformCode::issue(&key, number, 10).unwrap().printed();
    assert_eq!(
        s.resolve(&beyond).await["verdict"],
        "unknown",
        "index beyond the issuance"
    );
    let forger = IssuingKey::new(key.id(), &[7; 32]);
    let forged = PlatformCode::issue(&forger, number, 0).unwrap().printed();
    let v = s.resolve(&forged).await;
    assert_eq!(v["verdict"], "suspect");
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .contains("not a code the platform issued"),
        "{v}"
    );
    assert!(v.get("product").is_none());
    // A mistyped character fails the check character: malformed, not unknown.
    let mut chars: Vec<char> = first.chars().collect();
    let last = chars.len() - 1;
    chars[last] = if chars[last] == '0' { '1' } else { '0' };
    let typo: String = chars.into_iter().collect();
    let r = s
        .get(&format!("/api/v1/resolve?code={}", support::encode(&typo)))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

async fn other_schemes_register_and_resolve_by_their_key(s: Server) {
    let (_, batch_id, _) = s.registered_batch("91350100M000100Y43", "L2503A", 10).await;
    let codes = ["100641234567890123", "88.118.8/XYZ-0001"];
    let r = s
        .post(
            &format!("/api/v1/batches/{batch_id}/codes"),
            &json!({"codes": codes}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    for (code, scheme) in codes.iter().zip(["ecode", "miit"]) {
        let v = s.resolve(code).await;
        assert_eq!(v["verdict"], "registered", "{code}: {v}");
        assert_eq!(v["code"]["scheme"], scheme);
        assert_eq!(v["batch"]["lot"], "L2503A");
        assert!(v["code"].get("digital_link").is_none());
    }
    assert_eq!(s.resolve("88.118.8/NEVER").await["verdict"], "unknown");
    // Platform codes are issued, not registered.
    let p: Value = s
        .post(
            &format!("/api/v1/batches/{batch_id}/codes"),
            &json!({"codes": ["YM-4002-0000-00G0-000V-AXM1-3Q56"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        p["errors"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("issue"),
        "{p}"
    );
}
