//! Trace and recall over HTTP, on both engines: a generated chain (3 producers → 10
//! distributors → 200 shops, `yima-store`'s test support) whose answers the generator knows,
//! asked for as a client would; and every malformed request refused with a problem naming
//! the parameter.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;
#[path = "../../store/tests/support/mod.rs"]
mod store_support;

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};
use store_support::chain::{CONSUMERS, Chain, ChainConfig, Line, chain};
use support::{Server, encode, enterprise_body, failed_fields};

on_both_engines!(
    trace_and_recall_over_http_are_what_the_chain_did,
    flows_recorded_through_the_api_are_traced_and_recalled,
    malformed_requests_name_the_parameter,
);

async fn get(s: &Server, path: &str) -> reqwest::Response {
    s.client
        .get(s.url(path))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap()
}

async fn json_ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn stored_chain(s: &Server) -> Chain {
    let chain = chain(ChainConfig::small());
    chain.store(s.store.as_ref(), 1, 2_000).await;
    chain
}

/// The response's movements of items: (from, to, bizStep, kind) → quantity, with the times
/// as RFC 3339 UTC.
fn edges(trace: &Value) -> BTreeMap<(String, String, String, String, String), f64> {
    let mut out = BTreeMap::new();
    for e in trace["edges"].as_array().unwrap() {
        let items: f64 = e["quantities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| q.get("uom").is_none())
            .map(|q| q["quantity"].as_f64().unwrap())
            .sum();
        let time: chrono::DateTime<chrono::Utc> = e["time"].as_str().unwrap().parse().unwrap();
        *out.entry((
            e["from"].as_str().unwrap_or("?").to_owned(),
            e["to"].as_str().unwrap().to_owned(),
            time.to_rfc3339(),
            e["biz_step"].as_str().unwrap_or_default().to_owned(),
            e["kind"].as_str().unwrap().to_owned(),
        ))
        .or_insert(0.0) += items;
    }
    out
}

fn expected<'a>(
    steps: impl IntoIterator<Item = (&'a store_support::chain::Step, f64)>,
) -> BTreeMap<(String, String, String, String, String), f64> {
    let mut out = BTreeMap::new();
    for ((from, to, t, step, kind), n) in steps {
        *out.entry((
            from.clone(),
            to.clone(),
            t.to_utc().to_rfc3339(),
            (*step).to_owned(),
            (*kind).to_owned(),
        ))
        .or_insert(0.0) += n;
    }
    out
}

fn parties(scope: &Value) -> BTreeMap<String, Line> {
    scope["parties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p.get("uom").is_none())
        .map(|p| {
            let f = |k: &str| p[k].as_f64().unwrap();
            (
                p["party"].as_str().unwrap().to_owned(),
                Line {
                    produced: f("produced"),
                    received: f("received"),
                    returns_received: f("returns_received"),
                    shipped: f("shipped"),
                    returned: f("returned"),
                    sold_to_consumers: f("sold_to_consumers"),
                    removed: f("removed"),
                    held: f("held"),
                },
            )
        })
        .collect()
}

async fn trace_and_recall_over_http_are_what_the_chain_did(s: Server) {
    let chain = stored_chain(&s).await;
    let unit = chain.sold_unit(0).to_owned();
    let path = format!("/api/v1/trace?code={}&direction=downstream", encode(&unit));
    assert_eq!(s.get(&path).await.status(), StatusCode::UNAUTHORIZED);

    // A unit, given as the element string a scanner reads.
    let serial = unit.rsplit('/').next().unwrap();
    let gtin = chain.lots[0].product.gtin.as_ref().unwrap().to_string();
    let scanned = format!("(01){gtin}(21){serial}");
    let trace = json_ok(get(&s, &format!("/api/v1/trace?code={}", encode(&scanned))).await).await;
    assert_eq!(trace["direction"], "both");
    assert_eq!(trace["depth"], 10);
    assert_eq!(trace["truncated"], false);
    assert_eq!(
        edges(&trace),
        expected(chain.expected.paths[&unit].iter().map(|s| (s, 1.0)))
    );
    // Producers and shops are registered enterprises, named; distributors (PGLNs) are not.
    let nodes = trace["nodes"].as_array().unwrap();
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id).unwrap();
    let producer = &chain.producers[0];
    assert_eq!(
        node(&producer.key)["enterprise"]["name"],
        producer.enterprise.as_ref().unwrap().name.as_str()
    );
    let first = chain.expected.paths[&unit][0].1.clone();
    assert!(node(&first).get("enterprise").is_none());
    assert!(
        node(&first)["kinds"]
            .as_array()
            .unwrap()
            .contains(&json!("owning_party"))
    );
    assert_eq!(node(CONSUMERS)["kinds"], json!(["consumers"]));
    let shipping = trace["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["biz_step"] == "shipping")
        .unwrap();
    assert_eq!(shipping["documents"][0]["type"], "desadv");
    assert!(
        shipping["events"][0]
            .as_str()
            .unwrap()
            .starts_with("ni:///sha-256;")
    );

    // A batch, downstream.
    let lot = &chain.lots[1];
    let trace = json_ok(
        get(
            &s,
            &format!(
                "/api/v1/trace?batch={}&direction=downstream&depth=50",
                lot.batch.id
            ),
        )
        .await,
    )
    .await;
    assert_eq!(trace["start"]["epcs"], lot.units.len());
    assert_eq!(trace["start"]["classes"], json!([lot.class]));
    assert_eq!(
        edges(&trace),
        expected(chain.expected.movements[1].iter().map(|(s, q)| (s, *q)))
    );

    // Its recall scope, by batch, by product and dates, and as CSV.
    let by_batch = json_ok(
        s.post("/api/v1/recalls/scope", &json!({"batches": [lot.batch.id]}))
            .await,
    )
    .await;
    assert_eq!(parties(&by_batch), chain.expected.ledgers[1]);
    assert_eq!(
        by_batch["totals"][0]["with_consumers"].as_f64().unwrap(),
        chain.expected.with_consumers[1]
    );
    assert_eq!(by_batch["batches"][0]["lot"], lot.batch.lot.as_str());
    let shop = chain
        .shops
        .iter()
        .find(|s| chain.expected.ledgers[1].contains_key(&s.key))
        .unwrap();
    let line = by_batch["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == shop.key.as_str())
        .unwrap();
    assert_eq!(
        line["enterprise"]["credit_code"],
        shop.enterprise.as_ref().unwrap().credit_code.as_str()
    );
    let by_product = json_ok(
        s.post(
            "/api/v1/recalls/scope",
            &json!({"product": {"gtin": lot.product.gtin.as_ref().unwrap().to_string(),
                    "produced_from": "2025-03-01", "produced_to": "2025-03-31"}}),
        )
        .await,
    )
    .await;
    assert_eq!(parties(&by_product), chain.expected.ledgers[1]);
    let r = get(
        &s,
        &format!("/api/v1/recalls/scope?batches={}&format=csv", lot.batch.id),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = r.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("party,credit_code,name,uom,produced,received"));
    assert_eq!(rows.len(), chain.expected.ledgers[1].len() + 1);
    let r = s
        .client
        .post(s.url("/api/v1/recalls/scope"))
        .bearer_auth(s.token())
        .header(reqwest::header::ACCEPT, "text/csv")
        .json(&json!({"codes": [lot.class]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.text().await.unwrap(),
        csv,
        "the lot code stands for the batch"
    );
}

async fn malformed_requests_name_the_parameter(s: Server) {
    let spec: Value = s.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(spec["paths"]["/api/v1/trace"]["get"].is_object());
    assert!(spec["paths"]["/api/v1/recalls/scope"]["post"].is_object());
    assert!(spec["paths"]["/api/v1/recalls/scope"]["get"].is_object());
    let refused = |field: &'static str| {
        move |problem: Value| {
            assert_eq!(problem["status"], 400, "{problem}");
            assert!(
                failed_fields(&problem).contains(&field.to_owned())
                    || problem["detail"].as_str().unwrap().contains(field),
                "{field}: {problem}"
            );
        }
    };
    for (query, field) in [
        ("code=(01)10614141073465(21)1", "code"),
        ("code=hello", "code"),
        ("code=urn:epc:id:sgtin:1", "code"),
        ("code=(01)10614141073464(21)1&depth=51", "depth"),
        ("code=(01)10614141073464(21)1&depth=-1", "depth"),
        (
            "code=(01)10614141073464(21)1&direction=sideways",
            "direction",
        ),
        ("batch=42", "batch"),
        ("", "code"),
        (
            "code=(01)10614141073464(21)1&batch=0192b3c4-0000-7000-8000-000000000000",
            "batch",
        ),
    ] {
        let r = get(
            &s,
            &format!(
                "/api/v1/trace?{}",
                query.replace('(', "%28").replace(')', "%29")
            ),
        )
        .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        refused(field)(r.json().await.unwrap());
    }
    // A batch that is not registered: 404; a code no event names: an empty graph.
    let r = get(
        &s,
        "/api/v1/trace?batch=0192b3c4-0000-7000-8000-000000000000",
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let empty = json_ok(get(&s, "/api/v1/trace?code=%2801%2910614141073464%2821%291").await).await;
    assert_eq!(empty["nodes"], json!([]));
    assert_eq!(empty["edges"], json!([]));
    assert_eq!(empty["start"]["epcs"], 1);

    for (body, field) in [
        (json!({}), "batches"),
        (json!({"codes": ["nope"]}), "codes[0]"),
        (
            json!({"product": {"gtin": "123", "produced_from": "2025-03-01", "produced_to": "2025-03-02"}}),
            "product.gtin",
        ),
        (
            json!({"product": {"gtin": "06901234500011", "produced_from": "2025-03-02", "produced_to": "2025-03-01"}}),
            "product.produced_to",
        ),
        (json!({"batchez": []}), "batchez"),
    ] {
        let r = s.post("/api/v1/recalls/scope", &body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        refused(field)(r.json().await.unwrap());
    }
    let r = s
        .post(
            "/api/v1/recalls/scope",
            &json!({"batches": ["0192b3c4-0000-7000-8000-000000000000"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    for (query, field) in [
        ("batches=x", "batches"),
        ("gtin=06901234500011", "gtin"),
        ("code=(01)10614141073464(21)1&format=xml", "format"),
    ] {
        let r = get(
            &s,
            &format!(
                "/api/v1/recalls/scope?{}",
                query.replace('(', "%28").replace(')', "%29")
            ),
        )
        .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        refused(field)(r.json().await.unwrap());
    }
}

const PRODUCER: &str = "91350100M000100Y43";
const SHOP: &str = "91310230MA1K314J7C";
const BUYER: &str = "91440300MA5F00001A";
const GTIN: &str = "06901234500011";
const LOT: &str = "L250301";
const CASE: &str = "(00)106141412345678908";

fn party(code: &str) -> String {
    format!("urn:yima:party:{code}")
}

/// The platform's own flows (`POST /api/v1/flows`), which register no unit codes: a batch's
/// units are found as the events commissioned them, parties are named by their credit codes.
async fn flows_recorded_through_the_api_are_traced_and_recalled(s: Server) {
    let (_, batch_id, _) = s.registered_batch(PRODUCER, LOT, 100).await;
    for code in [SHOP, BUYER] {
        let r = s.post("/api/v1/enterprises", &enterprise_body(code)).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let unit = |serial: &str| format!("(01){GTIN}(10){LOT}(21){serial}");
    let at = |day: u32| format!("2025-03-{day:02}T09:00:00+08:00");
    for flow in [
        json!({"action": "commission", "by": PRODUCER, "codes": [unit("C1"), unit("C2"), unit("C3"), unit("C4")], "at": at(4)}),
        json!({"action": "pack", "by": PRODUCER, "codes": [unit("C1"), unit("C2")], "parent": CASE, "at": at(5)}),
        json!({"action": "ship", "by": PRODUCER, "codes": [CASE], "to": SHOP, "document": "DA-1", "at": at(6)}),
        json!({"action": "receive", "by": SHOP, "codes": [CASE], "from": PRODUCER, "result": "conformant", "document": "DA-1", "at": at(7)}),
        json!({"action": "unpack", "by": SHOP, "parent": CASE, "at": at(8)}),
        json!({"action": "sell", "by": SHOP, "codes": [unit("C1")], "at": at(9)}),
        json!({"action": "ship", "by": PRODUCER, "codes": [unit("C3")], "to": BUYER, "at": at(10)}),
        json!({"action": "return", "by": PRODUCER, "codes": [unit("C3")], "from": BUYER, "at": at(11)}),
        json!({"action": "ship", "by": PRODUCER, "gtin": GTIN, "lot": LOT, "quantity": 10, "to": BUYER, "at": at(12)}),
    ] {
        let r = s.post("/api/v1/flows", &flow).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{flow}: {}",
            r.text().await.unwrap()
        );
    }
    let day = |d: u32| {
        chrono::DateTime::parse_from_rfc3339(&at(d))
            .unwrap()
            .to_utc()
            .to_rfc3339()
    };
    let (p, shop, buyer) = (party(PRODUCER), party(SHOP), party(BUYER));
    let step = |from: &str, to: &str, d: u32, biz_step: &str, kind: &str| {
        (
            from.to_owned(),
            to.to_owned(),
            day(d),
            biz_step.to_owned(),
            kind.to_owned(),
        )
    };
    let trace = json_ok(
        get(
            &s,
            &format!("/api/v1/trace?batch={batch_id}&direction=downstream"),
        )
        .await,
    )
    .await;
    let expected: BTreeMap<_, f64> = [
        (step(&p, &shop, 6, "shipping", "transfer"), 2.0),
        (step(&p, &shop, 7, "receiving", "confirm"), 2.0),
        (step(&shop, CONSUMERS, 9, "retail_selling", "sale"), 1.0),
        (step(&p, &buyer, 10, "shipping", "transfer"), 1.0),
        (step(&buyer, &p, 11, "receiving", "return"), 1.0),
        (step(&p, &buyer, 12, "shipping", "transfer"), 10.0),
    ]
    .into_iter()
    .collect();
    assert_eq!(edges(&trace), expected);
    assert_eq!(
        trace["start"]["epcs"], 4,
        "the units the events commissioned"
    );
    let nodes = trace["nodes"].as_array().unwrap();
    let shop_node = nodes.iter().find(|n| n["id"] == shop.as_str()).unwrap();
    assert_eq!(shop_node["enterprise"]["credit_code"], SHOP);

    // One unit, by the code on its label: where it went.
    let one = json_ok(get(&s, &format!("/api/v1/trace?code={}", encode(&unit("C1")))).await).await;
    let mut path = vec![
        step(&p, &shop, 6, "shipping", "transfer"),
        step(&p, &shop, 7, "receiving", "confirm"),
        step(&shop, CONSUMERS, 9, "retail_selling", "sale"),
    ];
    path.sort();
    assert_eq!(edges(&one).into_keys().collect::<Vec<_>>(), path);

    // The recall: who had the batch, and who has it now.
    let scope = json_ok(
        s.post(
            "/api/v1/recalls/scope",
            &json!({"codes": [format!("https://id.gs1.org/01/{GTIN}/10/{LOT}")]}),
        )
        .await,
    )
    .await;
    let lines = parties(&scope);
    let line =
        |produced, received, returns_received, shipped, returned, sold_to_consumers, held| Line {
            produced,
            received,
            returns_received,
            shipped,
            returned,
            sold_to_consumers,
            removed: 0.0,
            held,
        };
    assert_eq!(lines[&p], line(14.0, 1.0, 1.0, 13.0, 0.0, 0.0, 2.0));
    assert_eq!(lines[&shop], line(0.0, 2.0, 0.0, 0.0, 0.0, 1.0, 1.0));
    assert_eq!(lines[&buyer], line(0.0, 11.0, 0.0, 0.0, 1.0, 0.0, 10.0));
    assert_eq!(lines.len(), 3);
    assert_eq!(
        scope["parties"][0]["party"],
        p.as_str(),
        "the producer first"
    );
    assert_eq!(scope["totals"][0]["with_consumers"], 1);
}
