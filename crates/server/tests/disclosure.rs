//! The disclosure table through real HTTP against a real store: who sees which events, which
//! movements of a trace, which lines of a recall's scope and which anomalies. A shipment is
//! its parties' and their regulators'; production is the producer's, its association's and
//! its regulators'; a replacement table changes what each sees.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Server, encode, enterprise_body};

on_both_engines!(
    events_are_shown_to_their_parties_and_the_regulators_over_them,
    traces_recalls_and_anomalies_show_each_caller_its_share,
);

/// The producer, in Fuzhou (Fujian).
const MAKER: &str = "91350100M000100Y43";
/// The shop, in Pudong (Shanghai).
const SHOP: &str = "91310230MA1K314J7C";
/// Another producer, in Shenzhen (Guangdong).
const RIVAL: &str = "91440300MA5F00001A";

/// The callers' keys by name, and the shipped unit's code and batch.
struct World {
    keys: BTreeMap<&'static str, String>,
    unit: String,
    batch: String,
    /// Where the shipment's event is (`/epcis/events/{hash id}`).
    shipment: String,
}

impl World {
    fn key(&self, who: &str) -> &str {
        &self.keys[who]
    }
}

/// The maker inspects and ships a unit to the shop, which receives and sells it; the rival
/// sells a unit it never held (an anomaly).
async fn world(s: &Server) -> World {
    let (_, batch, gtin) = s.registered_batch(MAKER, "L9", 10).await;
    for (code, region) in [(SHOP, "310115"), (RIVAL, "440304")] {
        let mut body = enterprise_body(code);
        body["region"] = json!(region);
        assert_eq!(
            s.post("/api/v1/enterprises", &body).await.status(),
            StatusCode::CREATED
        );
    }
    let unit = format!("(01){gtin}(21)P1");
    let other = format!("(01){gtin}(21)P2");
    let r = s
        .post(
            &format!("/api/v1/batches/{batch}/codes"),
            &json!({"codes": [unit, other]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let mut keys = BTreeMap::new();
    for (name, account) in [
        (
            "maker",
            json!({"kind": "enterprise", "enterprise": MAKER, "rights": ["producer"]}),
        ),
        (
            "shop",
            json!({"kind": "enterprise", "enterprise": SHOP, "rights": ["seller"]}),
        ),
        (
            "rival",
            json!({"kind": "enterprise", "enterprise": RIVAL, "rights": ["producer", "seller"]}),
        ),
        (
            "fujian",
            json!({"kind": "regulator", "jurisdiction": "350000"}),
        ),
        (
            "shanghai",
            json!({"kind": "regulator", "jurisdiction": "310000"}),
        ),
        (
            "guangdong",
            json!({"kind": "regulator", "jurisdiction": "440000"}),
        ),
        (
            "national",
            json!({"kind": "regulator", "jurisdiction": "national"}),
        ),
        (
            "association",
            json!({"kind": "association", "name": "电线电缆行业协会", "members": [MAKER]}),
        ),
    ] {
        let mut account = account;
        account["id"] = json!(name);
        keys.insert(name, s.account_key(&account).await);
    }
    let flows = [
        (
            "maker",
            json!({"action": "inspect", "by": MAKER, "codes": [unit], "result": "conformant"}),
        ),
        (
            "maker",
            json!({"action": "ship", "by": MAKER, "codes": [unit], "to": SHOP, "document": "DA-77"}),
        ),
        (
            "shop",
            json!({"action": "receive", "by": SHOP, "codes": [unit], "from": MAKER, "document": "DA-77"}),
        ),
        (
            "shop",
            json!({"action": "sell", "by": SHOP, "codes": [unit]}),
        ),
        (
            "rival",
            json!({"action": "sell", "by": RIVAL, "codes": [other]}),
        ),
    ];
    let mut shipment = String::new();
    for (who, flow) in flows {
        let shipping = flow["action"] == "ship";
        let r = s.post_as(&keys[who], "/api/v1/flows", &flow).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let recorded: Value = r.json().await.unwrap();
        if shipping {
            shipment = recorded["location"].as_str().unwrap().to_owned();
        }
    }
    World {
        keys,
        unit,
        batch,
        shipment,
    }
}

/// The events `key` gets from the events query, each as (bizStep, recorder's credit code).
async fn events_seen(s: &Server, key: &str) -> Vec<(String, String)> {
    let r = s.get_as(key, "/epcis/events?perPage=100").await;
    assert_eq!(r.status(), StatusCode::OK);
    let document: Value = r.json().await.unwrap();
    let mut seen: Vec<(String, String)> =
        document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let recorder = e
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(k, _)| k.ends_with(":recordedBy"))
                    .and_then(|(_, v)| v.as_str())
                    .map(|v| v.trim_start_matches("urn:yima:party:").to_owned())
                    .unwrap_or_default();
                (
                    e["bizStep"].as_str().unwrap_or_default().to_owned(),
                    recorder,
                )
            })
            .collect();
    seen.sort();
    seen
}

fn steps(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    v.sort();
    v
}

async fn events_are_shown_to_their_parties_and_the_regulators_over_them(s: Server) {
    let w = world(&s).await;
    let inspect = ("inspecting", MAKER);
    let ship = ("shipping", MAKER);
    let receive = ("receiving", SHOP);
    let sale = ("retail_selling", SHOP);
    let rival_sale = ("retail_selling", RIVAL);
    for (who, expected) in [
        // The maker: its inspection and shipment, and the receipt that names it as supplier.
        ("maker", vec![inspect, ship, receive]),
        // The shop: the shipment to it, its receipt and its sale; not the maker's inspection.
        ("shop", vec![ship, receive, sale]),
        ("rival", vec![rival_sale]),
        ("fujian", vec![inspect, ship, receive]),
        ("shanghai", vec![ship, receive, sale]),
        ("guangdong", vec![rival_sale]),
        ("national", vec![inspect, ship, receive, sale, rival_sale]),
        // The maker's association: its production, not its flows.
        ("association", vec![inspect]),
    ] {
        assert_eq!(events_seen(&s, w.key(who)).await, steps(&expected), "{who}");
    }
    assert_eq!(
        events_seen(&s, s.token()).await.len(),
        5,
        "administrators see all"
    );

    // An event the caller may not see is not found, by its id or through a resource.
    for (who, status) in [
        ("shop", StatusCode::OK),
        ("rival", StatusCode::NOT_FOUND),
        ("guangdong", StatusCode::NOT_FOUND),
    ] {
        let r = s.get_as(w.key(who), &w.shipment).await;
        assert_eq!(r.status(), status, "{who}: {}", w.shipment);
    }
    let r = s
        .get_as(w.key("rival"), "/epcis/bizSteps/shipping/events")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(!text.contains(MAKER) && !text.contains("DA-77"), "{text}");
}

async fn trace_of(s: &Server, key: &str, unit: &str) -> Value {
    let path = format!("/api/v1/trace?code={}&direction=both", encode(unit));
    let r = s.get_as(key, &path).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// The parties whose lines of the batch's recall scope `key` sees.
async fn recall_lines(s: &Server, key: &str, batch: &str) -> Vec<String> {
    let r = s
        .get_as(key, &format!("/api/v1/recalls/scope?batches={batch}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let scope: Value = r.json().await.unwrap();
    let mut parties: Vec<String> = scope["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["party"]
                .as_str()
                .unwrap()
                .trim_start_matches("urn:yima:party:")
                .to_owned()
        })
        .collect();
    parties.sort();
    parties
}

/// The submitters of the anomalies `key` sees.
async fn anomaly_submitters(s: &Server, key: &str) -> Vec<String> {
    let r = s.get_as(key, "/api/v1/anomalies?limit=100").await;
    assert_eq!(r.status(), StatusCode::OK);
    let page: Value = r.json().await.unwrap();
    page["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["submitter"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn traces_recalls_and_anomalies_show_each_caller_its_share(s: Server) {
    let w = world(&s).await;
    // The trace of the unit: each sees the movements it may, and the parties they name.
    let all = trace_of(&s, s.token(), &w.unit).await;
    let all_edges = all["edges"].as_array().unwrap().len();
    assert!(all_edges >= 2, "{all}");
    for who in ["rival", "guangdong"] {
        let seen = trace_of(&s, w.key(who), &w.unit).await;
        assert_eq!(seen["edges"], json!([]), "{who}: {seen}");
        assert_eq!(seen["nodes"], json!([]), "{who}: {seen}");
    }
    let shop = trace_of(&s, w.key("shop"), &w.unit).await;
    assert!(!shop["edges"].as_array().unwrap().is_empty(), "{shop}");
    assert!(shop.to_string().contains(SHOP));
    let national = trace_of(&s, w.key("national"), &w.unit).await;
    assert_eq!(national["edges"].as_array().unwrap().len(), all_edges);

    // The recall scope of the batch: each party's line to whom may see it.
    assert_eq!(recall_lines(&s, w.key("shop"), &w.batch).await, vec![SHOP]);
    assert_eq!(
        recall_lines(&s, w.key("maker"), &w.batch).await,
        vec![MAKER]
    );
    // The rival sold a unit of the batch: its line is its own.
    assert_eq!(
        recall_lines(&s, w.key("rival"), &w.batch).await,
        vec![RIVAL]
    );
    assert!(
        recall_lines(&s, w.key("association"), &w.batch)
            .await
            .is_empty()
    );
    assert_eq!(
        recall_lines(&s, w.key("shanghai"), &w.batch).await,
        vec![SHOP]
    );
    let mut all = vec![MAKER, SHOP, RIVAL];
    all.sort();
    assert_eq!(recall_lines(&s, w.key("national"), &w.batch).await, all);

    // The rival's sale of goods it never held is an anomaly: its own and its regulator's to
    // see, not the maker's or another province's.
    let rival = "rival".to_owned();
    assert!(
        anomaly_submitters(&s, w.key("national"))
            .await
            .contains(&rival)
    );
    let own = anomaly_submitters(&s, w.key("rival")).await;
    assert!(
        !own.is_empty() && own.iter().all(|a| *a == rival),
        "{own:?}"
    );
    assert!(
        anomaly_submitters(&s, w.key("guangdong"))
            .await
            .contains(&rival)
    );
    for who in ["maker", "fujian", "shanghai"] {
        assert!(
            !anomaly_submitters(&s, w.key(who)).await.contains(&rival),
            "{who} sees the rival's anomaly"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replacement_table_changes_what_each_caller_sees() {
    let policy = yima_domain::disclosure::Policy::from_toml(
        r#"
[fields]
"production.events" = ["owner"]
"flow.events" = ["party", "association", "regulator"]
"flow.consignee" = ["party", "regulator"]
"purchase.events" = ["party", "regulator"]
"purchase.supplier" = ["party", "regulator"]
"sale.events" = ["party", "regulator"]
"sale.buyer" = ["party", "regulator"]
"event.documents" = ["party"]
"#,
    )
    .unwrap();
    let s = Server::sqlite_with(|state| state.with_disclosure(policy)).await;
    let w = world(&s).await;
    // The association now sees the maker's shipment, but not whom to nor on what document;
    // and no longer its inspection.
    let r = s.get_as(w.key("association"), "/epcis/events").await;
    let document: Value = r.json().await.unwrap();
    let events = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        .as_array()
        .unwrap();
    assert_eq!(events.len(), 1, "{document}");
    assert_eq!(events[0]["bizStep"], "shipping");
    assert!(events[0].get("destinationList").is_none(), "{document}");
    assert!(events[0].get("bizTransactionList").is_none(), "{document}");
    assert!(!events[0].to_string().contains(SHOP));
    // A regulator sees the consignee but not the document.
    let r = s
        .get_as(w.key("fujian"), "/epcis/bizSteps/shipping/events")
        .await;
    let text = r.text().await.unwrap();
    assert!(text.contains(SHOP) && !text.contains("DA-77"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scan_and_the_registry_show_what_the_table_makes_public() {
    let policy = yima_domain::disclosure::Policy::from_toml(
        r#"
[fields]
"producer.name" = ["public"]
"producer.credit_code" = ["public"]
"producer.address" = ["owner", "regulator"]
"producer.region" = ["public"]
"product.name" = ["public"]
"product.model" = ["public"]
"product.category" = ["public"]
"product.standard" = ["public"]
"product.certificate" = ["owner", "regulator"]
"batch.lot" = ["public"]
"batch.production_date" = ["public"]
"batch.inspection" = ["regulator"]
"#,
    )
    .unwrap();
    let s = Server::sqlite_with(|state| state.with_disclosure(policy)).await;
    let w = world(&s).await;
    // The producer corrects its address: the correction's change is hidden like the field.
    let r = s
        .post(
            &format!("/api/v1/enterprises/{MAKER}/corrections"),
            &json!({"reason": "搬迁", "changes": {"address": "福建省福州市鼓楼区1号"}}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );

    let scan_as = |key: Option<String>| {
        let path = format!("/api/v1/resolve?code={}", encode(&w.unit));
        let s = &s;
        async move {
            let mut request = s.client.get(s.url(&path));
            if let Some(key) = key {
                request = request.bearer_auth(key);
            }
            let r = request.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Value>().await.unwrap()
        }
    };
    let public = scan_as(None).await;
    assert_eq!(public["verdict"], "registered");
    assert!(public["producer"]["name"].is_string(), "{public}");
    assert!(public["producer"].get("address").is_none(), "{public}");
    assert!(public["product"].get("approval").is_none(), "{public}");
    assert!(public.get("inspection").is_none(), "{public}");
    assert!(public["batch"]["lot"].is_string());
    // The producer sees its address and certificate; a regulator over it sees everything.
    let own = scan_as(Some(w.key("maker").to_owned())).await;
    assert!(own["producer"]["address"].is_string() && own["product"]["approval"].is_object());
    assert!(own.get("inspection").is_none(), "{own}");
    let regulator = scan_as(Some(w.key("fujian").to_owned())).await;
    assert!(regulator["inspection"].is_object(), "{regulator}");
    // Another province's regulator is the public here.
    let other = scan_as(Some(w.key("guangdong").to_owned())).await;
    assert!(other["producer"].get("address").is_none(), "{other}");

    // The registry's reads obey the same table.
    let enterprise: Value = s
        .get(&format!("/api/v1/enterprises/{MAKER}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(enterprise.get("address").is_none(), "{enterprise}");
    assert_eq!(
        enterprise["corrections"][0]["changes"],
        json!({}),
        "{enterprise}"
    );
    let listed: Value = s.get("/api/v1/enterprises").await.json().await.unwrap();
    assert!(!listed.to_string().contains("鼓楼区"), "{listed}");
    let own: Value = s
        .get_as(w.key("maker"), &format!("/api/v1/enterprises/{MAKER}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["address"], "福建省福州市鼓楼区1号");
    let batch: Value = s
        .get(&format!("/api/v1/batches/{}", w.batch))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        batch.get("inspection").is_none() && batch["lot"] == "L9",
        "{batch}"
    );
    let product: Value = s
        .get(&format!(
            "/api/v1/products/{}",
            batch["product_id"].as_str().unwrap()
        ))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        product.get("approval").is_none() && product["name"].is_string(),
        "{product}"
    );
}

/// An EPCIS document of inspections of `serials`, each recorded by the given party.
fn inspections(recorders: &[(&str, &str)]) -> Value {
    let events: Vec<Value> = recorders
        .iter()
        .map(|(serial, recorder)| {
            json!({
                "type": "ObjectEvent",
                "eventTime": "2025-03-01T09:30:00+08:00",
                "eventTimeZoneOffset": "+08:00",
                "action": "OBSERVE",
                "epcList": [format!("https://id.gs1.org/01/06901234500011/21/{serial}")],
                "bizStep": "inspecting",
                "ym:recordedBy": format!("urn:yima:party:{recorder}"),
            })
        })
        .collect();
    json!({
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", {"ym": "urn:yima:epcis:"}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-03-01T10:00:00Z",
        "epcisBody": {"eventList": events},
    })
}

async fn capture(s: &Server, key: &str, document: &Value, behaviour: &str) -> reqwest::Response {
    s.client
        .post(s.url("/epcis/capture"))
        .bearer_auth(key)
        .header("content-type", "application/ld+json")
        .header("GS1-Capture-Error-Behaviour", behaviour)
        .body(document.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enterprise_captures_only_its_own_events_and_reads_only_its_own_jobs() {
    let s = Server::sqlite().await;
    let w = world(&s).await;
    let maker = w.key("maker");
    // Under rollback, one event of another enterprise refuses the document.
    let mixed = inspections(&[("E1", MAKER), ("E2", SHOP)]);
    let r = capture(&s, maker, &mixed, "rollback").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let problem: Value = r.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("events 1 are not"),
        "{problem}"
    );
    // Under proceed, its own is stored and the other is a fault of the job.
    let r = capture(&s, maker, &mixed, "proceed").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let job = loop {
        let job: Value = s.get_as(maker, &location).await.json().await.unwrap();
        if job["running"] == false {
            break job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(job["storedEvents"], 1, "{job}");
    assert_eq!(job["errors"].as_array().unwrap().len(), 1, "{job}");
    assert!(
        job["errors"].to_string().contains("not enterprise"),
        "{job}"
    );
    // The shop neither finds the maker's job nor lists it.
    assert_eq!(
        s.get_as(w.key("shop"), &location).await.status(),
        StatusCode::NOT_FOUND
    );
    let listed = s
        .get_as(w.key("shop"), "/epcis/capture")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !listed.contains(&location[location.len() - 36..]),
        "{listed}"
    );
    let listed = s
        .get_as(maker, "/epcis/capture")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        listed.contains(&location[location.len() - 36..]),
        "{listed}"
    );
    // One event at a time, the same rule.
    let mut foreign = inspections(&[("E3", MAKER)])["epcisBody"]["eventList"][0].clone();
    foreign["@context"] = json!([{"ym": "urn:yima:epcis:"}]);
    let r = s
        .client
        .post(s.url("/epcis/events"))
        .bearer_auth(w.key("shop"))
        .header("content-type", "application/json")
        .body(foreign.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .client
        .post(s.url("/epcis/events"))
        .bearer_auth(maker)
        .header("content-type", "application/json")
        .body(foreign.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
}
