//! The flows API over real HTTP, on both engines: each everyday action becomes the event the
//! EPCIS query then returns, the event is the one the binding would store, refusals name
//! their fields and store nothing, and a batch is stored in order with its anomalies.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Server, enterprise_body, failed_fields};

on_both_engines!(
    every_action_is_the_event_the_query_returns,
    the_flows_event_is_the_one_the_binding_stores,
    refusals_name_their_fields_and_store_nothing,
    a_batch_is_stored_in_order_with_its_anomalies,
);

const PRODUCER: &str = "91350100M000100Y43";
const SHOP: &str = "91310230MA1K314J7C";
const BUYER: &str = "91440300MA5F00001A";
/// The GTIN and lot `Server::registered_batch` registers.
const GTIN: &str = "06901234500011";
const LOT: &str = "L250301";
const LOT_CLASS: &str = "https://id.gs1.org/01/06901234500011/10/L250301";
const CASE: &str = "(00)106141412345678908";
const CASE_URN: &str = "urn:epc:id:sscc:0614141.1234567890";
const CASE_EPC: &str = "https://id.gs1.org/00/106141412345678908";

fn unit(serial: &str) -> String {
    format!("(01){GTIN}(10){LOT}(21){serial}")
}

fn unit_epc(serial: &str) -> String {
    format!("https://id.gs1.org/01/{GTIN}/21/{serial}")
}

fn party(code: &str) -> String {
    format!("urn:yima:party:{code}")
}

impl Server {
    async fn get_authorised(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(self.token())
            .send()
            .await
            .unwrap()
    }

    /// Records one flow; it must be stored.
    async fn flow(&self, body: Value) -> Value {
        let r = self.post("/api/v1/flows", &body).await;
        let status = r.status();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        let link = r
            .headers()
            .get("link")
            .map(|l| l.to_str().unwrap().to_owned());
        let answer: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}: {answer}");
        assert_eq!(location.as_deref(), answer["location"].as_str());
        assert_eq!(
            link.unwrap(),
            format!(
                "<{}>; rel=\"evidence\"",
                answer["evidence"].as_str().unwrap()
            )
        );
        answer
    }

    /// The events `query` selects.
    async fn events(&self, query: &str) -> Vec<Value> {
        let r = self.get_authorised(&format!("/epcis/events?{query}")).await;
        assert_eq!(r.status(), StatusCode::OK, "{query}");
        let document: Value = r.json().await.unwrap();
        document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// The one event `query` selects.
    async fn only_event(&self, query: &str) -> Value {
        let events = self.events(query).await;
        assert_eq!(events.len(), 1, "{query}: {events:?}");
        events.into_iter().next().unwrap()
    }
}

fn encode(s: &str) -> String {
    support::encode(s)
}

/// A flow, the query that finds its event, and the event's bizStep, disposition, action,
/// source and destination.
type Case = (
    Value,
    String,
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// The owning party an event's source or destination list names.
fn owner(event: &Value, list: &str, field: &str) -> Option<String> {
    event[list].as_array().map(|l| {
        assert_eq!(l[0]["type"], "owning_party", "{event}");
        l[0][field].as_str().unwrap().to_owned()
    })
}

async fn every_action_is_the_event_the_query_returns(server: Server) {
    let (_, batch_id, _) = server.registered_batch(PRODUCER, LOT, 100).await;
    let at = |day: u32| format!("2025-03-{day:02}T09:00:00+08:00");
    let cases: Vec<Case> = vec![
        (
            json!({"action": "commission", "by": PRODUCER, "codes": [unit("C1"), unit("C2"), unit("C3")], "at": at(4)}),
            format!("MATCH_epc={}", encode(&unit_epc("C1"))),
            "commissioning",
            Some("active"),
            "ADD",
            None,
            None,
        ),
        (
            json!({"action": "inspect", "by": PRODUCER, "codes": [unit("C1")], "result": "conformant", "at": at(5)}),
            format!(
                "MATCH_epc={}&EQ_bizStep=inspecting",
                encode(&unit_epc("C1"))
            ),
            "inspecting",
            Some("conformant"),
            "OBSERVE",
            None,
            None,
        ),
        (
            json!({"action": "pack", "by": PRODUCER, "codes": [unit("C1"), unit("C2")], "parent": CASE, "at": at(6)}),
            format!("MATCH_parentID={}&EQ_bizStep=packing", encode(CASE_URN)),
            "packing",
            None,
            "ADD",
            None,
            None,
        ),
        (
            json!({"action": "ship", "by": PRODUCER, "codes": [CASE], "to": SHOP, "document": "DA-1", "at": at(7)}),
            format!("MATCH_epc={}&EQ_bizStep=shipping", encode(CASE_URN)),
            "shipping",
            Some("in_transit"),
            "OBSERVE",
            Some(PRODUCER),
            Some(SHOP),
        ),
        (
            json!({"action": "receive", "by": SHOP, "codes": [CASE_URN], "from": PRODUCER, "result": "conformant", "document": "DA-1", "at": at(8)}),
            format!("MATCH_epc={}&EQ_bizStep=receiving", encode(CASE_EPC)),
            "receiving",
            Some("sellable_accessible"),
            "OBSERVE",
            Some(PRODUCER),
            Some(SHOP),
        ),
        (
            json!({"action": "unpack", "by": SHOP, "parent": CASE, "at": at(9)}),
            format!("MATCH_parentID={}&EQ_bizStep=unpacking", encode(CASE_EPC)),
            "unpacking",
            None,
            "DELETE",
            None,
            None,
        ),
        (
            json!({"action": "sell", "by": SHOP, "codes": [unit("C1")], "at": at(10)}),
            format!(
                "MATCH_epc={}&EQ_bizStep=retail_selling",
                encode(&unit_epc("C1"))
            ),
            "retail_selling",
            Some("retail_sold"),
            "OBSERVE",
            Some(SHOP),
            None,
        ),
        (
            json!({"action": "sell_to_business", "by": SHOP, "codes": [unit("C2")], "to": BUYER, "document": "INV-7", "at": at(10)}),
            format!(
                "MATCH_epc={}&EQ_destination_owning_party={}",
                encode(&unit_epc("C2")),
                encode(&party(BUYER))
            ),
            "shipping",
            Some("in_transit"),
            "OBSERVE",
            Some(SHOP),
            Some(BUYER),
        ),
        (
            json!({"action": "return", "by": SHOP, "codes": [unit("C1")], "at": at(11)}),
            format!(
                "MATCH_epc={}&EQ_disposition=returned",
                encode(&unit_epc("C1"))
            ),
            "receiving",
            Some("returned"),
            "OBSERVE",
            None,
            Some(SHOP),
        ),
        (
            json!({"action": "hold", "by": BUYER, "codes": [unit("C2")], "at": at(12)}),
            format!("MATCH_epc={}&EQ_bizStep=holding", encode(&unit_epc("C2"))),
            "holding",
            Some("non_sellable_other"),
            "OBSERVE",
            None,
            None,
        ),
        (
            json!({"action": "recall", "by": PRODUCER, "batch_id": batch_id, "quantity": 100, "at": at(13)}),
            format!("MATCH_epcClass={}", encode(LOT_CLASS)),
            "holding",
            Some("recalled"),
            "OBSERVE",
            None,
            None,
        ),
        (
            json!({"action": "scrap", "by": PRODUCER, "codes": [unit("C3")], "at": at(14)}),
            format!(
                "MATCH_epc={}&EQ_bizStep=destroying",
                encode(&unit_epc("C3"))
            ),
            "destroying",
            Some("destroyed"),
            "DELETE",
            None,
            None,
        ),
    ];
    for (body, query, step, disposition, action, source, destination) in cases {
        let answer = server.flow(body.clone()).await;
        assert!(
            answer["event_hash_id"]
                .as_str()
                .unwrap()
                .starts_with("ni:///sha-256;"),
            "{answer}"
        );
        assert_eq!(answer["anomalies"], json!([]), "{body}: {answer}");
        let event = server.only_event(&query).await;
        let what = &body["action"];
        assert_eq!(event["bizStep"], step, "{what}");
        assert_eq!(event["disposition"].as_str(), disposition, "{what}");
        assert_eq!(event["action"], action, "{what}");
        assert_eq!(
            owner(&event, "sourceList", "source"),
            source.map(party),
            "{what}"
        );
        assert_eq!(
            owner(&event, "destinationList", "destination"),
            destination.map(party),
            "{what}"
        );
        assert_eq!(event["ym:recordedBy"], party(body["by"].as_str().unwrap()));
        // The event at the flow's location is the one the query found.
        let r = server
            .get_authorised(answer["location"].as_str().unwrap())
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{what}");
        let served: Value = r.json().await.unwrap();
        assert_eq!(served["eventTime"], event["eventTime"], "{what}");
        assert_eq!(served["bizStep"], event["bizStep"], "{what}");
    }
    // The commissioning carries the registered lot's master data.
    let made = server
        .only_event(&format!(
            "MATCH_epc={}&EQ_bizStep=commissioning",
            encode(&unit_epc("C3"))
        ))
        .await;
    assert_eq!(made["ilmd"]["cbvmda:lotNumber"], LOT);
    assert_eq!(made["ilmd"]["cbvmda:productionDate"], "2025-03-01");
    assert_eq!(
        made["ilmd"]["gs1:certification"]["gs1:certificationIdentification"],
        "JY20250301"
    );
    // The shipment and the receipt name the same despatch advice.
    let documents = server
        .events(&format!(
            "EQ_bizTransaction_desadv={}",
            encode(&format!("urn:yima:doc:{PRODUCER}:DA-1"))
        ))
        .await;
    assert_eq!(documents.len(), 2);
    // The recall is of the batch, by quantity.
    let recall = server
        .only_event(&format!("MATCH_epcClass={}", encode(LOT_CLASS)))
        .await;
    assert_eq!(
        recall["quantityList"],
        json!([{"epcClass": LOT_CLASS, "quantity": 100.0}])
    );
    // The case stands for what was packed in it: the packing names both units.
    let packing = server
        .only_event(&format!(
            "MATCH_parentID={}&EQ_bizStep=packing",
            encode(CASE_EPC)
        ))
        .await;
    assert_eq!(
        packing["childEPCs"],
        json!([unit_epc("C1"), unit_epc("C2")])
    );
}

async fn the_flows_event_is_the_one_the_binding_stores(server: Server) {
    server.registered_batch(PRODUCER, LOT, 10).await;
    let body = json!({"action": "commission", "by": PRODUCER, "codes": [unit("B1")], "at": "2025-03-04 08:00"});
    let answer = server.flow(body.clone()).await;
    let event = &answer["event"];
    assert_eq!(event["@context"]["ym"], "urn:yima:epcis:");
    assert_eq!(event["eventTime"], "2025-03-04T08:00:00+08:00");
    // The binding recognises the very event by its hash ID.
    let r = server
        .client
        .post(server.url("/epcis/events"))
        .bearer_auth(server.token())
        .header("Content-Type", "application/ld+json")
        .body(event.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // So does the flows API.
    let r = server.post("/api/v1/flows", &body).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let problem: Value = r.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(answer["event_hash_id"].as_str().unwrap()),
        "{problem}"
    );
    // The receipt of its ledger leaf, when asked to wait for it.
    let r = server
        .post(
            "/api/v1/flows?receipt=wait",
            &json!({"action": "inspect", "by": PRODUCER, "codes": [unit("B1")], "result": "non_conformant"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let answer: Value = r.json().await.unwrap();
    assert!(answer["ledger"]["receipt"]["proof"].is_string(), "{answer}");
    assert_eq!(answer["event"]["disposition"], "non_conformant");
    let evidence = server
        .get_authorised(answer["evidence"].as_str().unwrap())
        .await;
    assert_eq!(evidence.status(), StatusCode::OK);
}

async fn refusals_name_their_fields_and_store_nothing(server: Server) {
    // Without a token.
    let r = server
        .client
        .post(server.url("/api/v1/flows"))
        .json(&json!({"action": "hold", "by": SHOP, "codes": [unit("X")]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let refused = |body: Value, path: &'static str| {
        let server = &server;
        async move {
            let r = server.post(path, &body).await;
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(r.headers()["content-type"], "application/problem+json");
            failed_fields(&r.json().await.unwrap())
        }
    };
    assert_eq!(
        refused(
            json!({"action": "ship", "by": PRODUCER, "codes": [unit("X"), "(01)06901234500012(21)1"], "result": "conformant"}),
            "/api/v1/flows"
        )
        .await,
        ["to", "result", "codes[1]"]
    );
    // Commissioning needs the registered batch for its lot master data.
    assert_eq!(
        refused(
            json!({"action": "commission", "by": PRODUCER, "gtin": GTIN, "lot": "NOPE", "quantity": 5}),
            "/api/v1/flows"
        )
        .await,
        ["gtin"]
    );
    server.registered_batch(PRODUCER, LOT, 10).await;
    assert_eq!(
        refused(
            json!({"action": "commission", "by": PRODUCER, "gtin": GTIN, "lot": "NOPE", "quantity": 5}),
            "/api/v1/flows"
        )
        .await,
        ["lot"]
    );
    assert_eq!(
        refused(
            json!({"action": "hold", "by": PRODUCER, "batch_id": "01890000-0000-7000-8000-000000000000", "quantity": 5}),
            "/api/v1/flows"
        )
        .await,
        ["batch_id"]
    );
    // A bad flow refuses its whole batch.
    assert_eq!(
        refused(
            json!({"flows": [
                {"action": "commission", "by": PRODUCER, "codes": [unit("Y1")]},
                {"action": "ship", "by": PRODUCER, "codes": [unit("Y1")]},
                {"action": "sell", "by": SHOP, "codes": [unit("Y1")], "unit": "KGM"},
            ]}),
            "/api/v1/flows/batch"
        )
        .await,
        ["flows[1].to", "flows[2].unit"]
    );
    assert_eq!(
        refused(json!({"flows": []}), "/api/v1/flows/batch").await,
        ["flows"]
    );
    let r = server
        .post(
            "/api/v1/flows",
            &json!({"action": "hold", "by": SHOP, "colour": "red"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        server
            .events(&format!("MATCH_epc={}", encode(&unit_epc("Y1"))))
            .await
            .is_empty()
    );
    assert!(server.events("").await.is_empty(), "nothing was stored");
}

async fn a_batch_is_stored_in_order_with_its_anomalies(server: Server) {
    server.registered_batch(PRODUCER, LOT, 10).await;
    for code in [SHOP, BUYER] {
        let r = server
            .post("/api/v1/enterprises", &enterprise_body(code))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let batch = json!({"flows": [
        {"action": "commission", "by": PRODUCER, "codes": [unit("A1"), unit("A2")], "at": "2025-03-04 08:00"},
        {"action": "ship", "by": PRODUCER, "codes": [unit("A1"), unit("A2")], "to": SHOP, "at": "2025-03-05 08:00"},
        {"action": "receive", "by": SHOP, "codes": [unit("A1")], "from": PRODUCER, "at": "2025-03-06 08:00"},
        {"action": "receive", "by": BUYER, "codes": [unit("A2")], "from": PRODUCER, "at": "2025-03-06 08:00"},
        {"action": "sell", "by": SHOP, "codes": [unit("A1")], "at": "2025-03-07 08:00"},
        {"action": "sell", "by": SHOP, "codes": [unit("Z9")], "at": "2025-03-07 08:00"},
        {"action": "sell", "by": SHOP, "codes": [unit("A1")], "at": "2025-03-08 08:00"},
    ]});
    let r = server.post("/api/v1/flows/batch", &batch).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(
        (answer["stored"].as_u64(), answer["duplicates"].as_u64()),
        (Some(7), Some(0))
    );
    let kinds: Vec<Vec<&str>> = answer["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["status"], "stored");
            f["anomalies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["kind"].as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            vec![],
            vec![],
            vec![],
            vec!["received_by_another_party"],
            vec![],
            vec!["sold_without_holding"],
            vec!["sold_twice"],
        ]
    );
    assert_eq!(answer["flows"][5]["anomalies"][0]["epc"], unit_epc("Z9"));
    // The anomalies are the platform's, listed for regulators.
    let page: Value = server
        .get_authorised("/api/v1/anomalies?kind=sold_without_holding")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["anomalies"][0]["epc"], unit_epc("Z9"));
    // Sent again, nothing is stored twice.
    let again: Value = server
        .post("/api/v1/flows/batch", &batch)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (again["stored"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(7))
    );
    assert_eq!(again["flows"][0]["status"], "duplicate");
    assert_eq!(
        again["flows"][0]["event_hash_id"],
        answer["flows"][0]["event_hash_id"]
    );
    assert_eq!(again["flows"][6]["anomalies"], json!([]));
    assert_eq!(
        server
            .events(&format!("MATCH_epc={}", encode(&unit_epc("A1"))))
            .await
            .len(),
        5
    );
}
