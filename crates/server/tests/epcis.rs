//! The EPCIS 2.0 REST binding over real HTTP, on both engines: the standard's example
//! documents captured and read back equal through queries, single events, pages, identifier
//! forms, and every refusal as the binding's exception.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::Server;
use yima_domain::epcis::{Event, event_hash_id, read_document};

on_both_engines!(
    the_standards_examples_come_back_equal,
    invalid_documents_get_the_standards_exception,
    one_event_is_stored_once_and_found_by_its_id,
    queries_match_identifiers_in_either_form_and_page,
    proceed_stores_the_good_events_and_reports_the_rest,
    refusals_are_epcis_exceptions,
    history_breaks_are_stored_and_flagged,
    a_capture_job_is_awaited_with_one_request,
);

fn corpus(kind: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../domain/tests/data/epcis")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonld"))
        .collect();
    files.sort();
    files
}

impl Server {
    async fn capture(&self, body: Vec<u8>, behaviour: &str) -> reqwest::Response {
        self.client
            .post(self.url("/epcis/capture"))
            .bearer_auth(self.token())
            .header("Content-Type", "application/ld+json")
            .header("GS1-Capture-Error-Behaviour", behaviour)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Waits for the capture job at `location` to end and returns it.
    async fn finished_job(&self, location: &str) -> Value {
        for _ in 0..200 {
            let job: Value = self
                .client
                .get(self.url(location))
                .bearer_auth(self.token())
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if job["running"] == json!(false) {
                return job;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("capture {location} did not end");
    }

    async fn epcis_get(&self, path_and_query: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self
            .client
            .get(self.url(path_and_query))
            .bearer_auth(self.token());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.unwrap()
    }

    /// Every event a query returns, following its pages.
    async fn all_events(&self, query: &str) -> Vec<Value> {
        let mut events = Vec::new();
        let mut next = Some(format!("/epcis/events?{query}"));
        while let Some(path) = next.take() {
            let r = self.epcis_get(&path, &[]).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            next = r
                .headers()
                .get("link")
                .and_then(|l| l.to_str().ok())
                .and_then(|l| l.strip_prefix('<'))
                .and_then(|l| l.split_once(">; rel=\"next\""))
                .map(|(target, _)| target.to_owned());
            let document: Value = r.json().await.unwrap();
            assert_eq!(document["type"], "EPCISQueryDocument");
            let list = &document["epcisBody"]["queryResults"]["resultsBody"]["eventList"];
            // Each event carries the page's namespaces, so it reads alone.
            for event in list.as_array().unwrap() {
                let mut event = event.clone();
                if event.get("@context").is_none() {
                    event["@context"] = document["@context"].clone();
                }
                events.push(event);
            }
        }
        events
    }
}

/// The events of a document by their hash IDs (an error declaration apart from the event it
/// declares in error), without `recordTime` (the repository's).
fn events_by_hash(bytes: &[u8]) -> BTreeMap<(String, bool), Event> {
    read_document(bytes)
        .unwrap()
        .events
        .into_iter()
        .map(|e| {
            let mut e = e.unwrap();
            e.record_time = None;
            let hash = event_hash_id(&e.to_json(), e.namespace_map()).unwrap();
            ((hash.to_string(), e.error_declaration.is_some()), e)
        })
        .collect()
}

async fn the_standards_examples_come_back_equal(server: Server) {
    let mut expected = BTreeMap::new();
    for path in corpus("valid") {
        let bytes = std::fs::read(&path).unwrap();
        let r = server.capture(bytes.clone(), "rollback").await;
        assert_eq!(
            r.status(),
            StatusCode::ACCEPTED,
            "{}: {}",
            path.display(),
            r.text().await.unwrap()
        );
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        let job = server.finished_job(&location).await;
        assert_eq!(job["success"], json!(true), "{}: {job}", path.display());
        for (hash, event) in events_by_hash(&bytes) {
            // The same event in another document (a Digital Link variant) is one event.
            expected.entry(hash).or_insert(event);
        }
    }
    let returned = server.all_events("perPage=7").await;
    let document = json!({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2025-01-01T00:00:00Z",
        "epcisBody": {"eventList": returned}
    });
    let returned = events_by_hash(&serde_json::to_vec(&document).unwrap());
    let keys = |m: &BTreeMap<(String, bool), Event>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&returned), keys(&expected));
    for (key, event) in &expected {
        assert_eq!(&returned[key], event, "{key:?}");
    }
}

async fn invalid_documents_get_the_standards_exception(server: Server) {
    for path in corpus("invalid") {
        let r = server
            .capture(std::fs::read(&path).unwrap(), "rollback")
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{}", path.display());
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(
            problem["type"],
            "epcisException:ValidationException",
            "{}",
            path.display()
        );
    }
    assert!(server.all_events("").await.is_empty(), "nothing was stored");
}

fn shipment(serials: &[&str], form: &str) -> Value {
    let epcs: Vec<String> = serials
        .iter()
        .map(|s| match form {
            "urn" => format!("urn:epc:id:sgtin:0614141.107346.{s}"),
            _ => format!("https://id.gs1.org/01/10614141073464/21/{s}"),
        })
        .collect();
    json!({
        "type": "ObjectEvent", "action": "OBSERVE",
        "eventTime": "2025-03-01T09:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
        "epcList": epcs, "bizStep": "shipping", "disposition": "in_transit",
        "destinationList": [{"type": "owning_party", "destination": "urn:epc:id:pgln:0614141.00888"}]
    })
}

async fn one_event_is_stored_once_and_found_by_its_id(server: Server) {
    let event = shipment(&["1", "2"], "urn");
    let send = || async {
        server
            .client
            .post(server.url("/epcis/events"))
            .bearer_auth(server.token())
            .header("Content-Type", "application/json")
            .body(event.to_string())
            .send()
            .await
            .unwrap()
    };
    let r = send().await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    assert_eq!(r.headers()["gs1-epcis-version"], "2.0.0");
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/epcis/events/ni%3A%2F%2F%2Fsha-256%3B"),
        "{location}"
    );
    let evidence = r.headers()["link"].to_str().unwrap().to_owned();
    let back: Value = server.epcis_get(&location, &[]).await.json().await.unwrap();
    assert_eq!(back["epcList"], event["epcList"]);
    assert!(back["recordTime"].is_string());
    // Its ledger record is there for the submitter.
    let evidence_path = evidence.trim_start_matches('<').split('>').next().unwrap();
    let r = server.epcis_get(evidence_path, &[]).await;
    assert_eq!(r.status(), StatusCode::OK, "{evidence_path}");
    // Sent again, or in the other identifier form, it is the same event.
    let r = send().await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(
        problem["type"],
        "epcisException:ResourceAlreadyExistsException"
    );
    let r = server
        .client
        .post(server.url("/epcis/events"))
        .bearer_auth(server.token())
        .header("Content-Type", "application/json")
        .body(shipment(&["1", "2"], "dl").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = server
        .epcis_get("/epcis/events/urn%3Auuid%3Anone", &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn queries_match_identifiers_in_either_form_and_page(server: Server) {
    let mut events = Vec::new();
    for i in 0..25 {
        let mut e = shipment(
            &[&format!("{i}a"), &format!("{i}b")],
            if i % 2 == 0 { "urn" } else { "dl" },
        );
        e["eventTime"] = json!(format!("2025-03-01T09:{i:02}:00.000+08:00"));
        events.push(e);
    }
    let document = json!({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2025-03-01T00:00:00Z",
        "epcisBody": {"eventList": events}
    });
    let r = server
        .capture(serde_json::to_vec(&document).unwrap(), "rollback")
        .await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        server.finished_job(&location).await["storedEvents"],
        json!(25)
    );
    // A unit captured as a Digital Link, asked for as a URN, and the other way round.
    for (asked, serial) in [
        ("urn:epc:id:sgtin:0614141.107346.3a", "3a"),
        ("https://id.gs1.org/01/10614141073464/21/4b", "4b"),
    ] {
        let found = server
            .all_events(&format!("MATCH_epc={}", support::encode(asked)))
            .await;
        assert_eq!(found.len(), 1, "{asked}");
        assert!(
            found[0]["epcList"]
                .to_string()
                .contains(&format!(".{serial}\""))
                || found[0]["epcList"]
                    .to_string()
                    .contains(&format!("/{serial}\""))
        );
    }
    // Pages of 4, in event-time order both ways, with nothing lost or repeated.
    for (direction, first) in [("ASC", "09:00"), ("DESC", "09:24")] {
        let all = server
            .all_events(&format!(
                "eventType=ObjectEvent&orderBy=eventTime&orderDirection={direction}&perPage=4"
            ))
            .await;
        assert_eq!(all.len(), 25);
        assert!(
            all[0]["eventTime"].as_str().unwrap().contains(first),
            "{direction}"
        );
    }
    // Time bounds and the limit.
    let some = server
        .all_events(&format!(
            "GE_eventTime={}&eventCountLimit=3",
            support::encode("2025-03-01T09:20:00+08:00")
        ))
        .await;
    assert_eq!(some.len(), 3);
    let r = server.epcis_get("/epcis/events?maxEventCount=3", &[]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        r.json::<Value>().await.unwrap()["type"],
        "epcisException:QueryTooLargeException"
    );
    // Identifiers in the form asked for.
    for (format, prefix) in [
        ("Always_EPC_URN", "urn:epc:id:sgtin:"),
        ("Always_GS1_Digital_Link", "https://id.gs1.org/01/"),
    ] {
        let r = server
            .epcis_get("/epcis/events?perPage=30", &[("GS1-EPC-Format", format)])
            .await;
        let document: Value = r.json().await.unwrap();
        for event in document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
            .as_array()
            .unwrap()
        {
            for epc in event["epcList"].as_array().unwrap() {
                assert!(epc.as_str().unwrap().starts_with(prefix), "{format}: {epc}");
            }
        }
    }
}

async fn proceed_stores_the_good_events_and_reports_the_rest(server: Server) {
    let mut bad = shipment(&["x"], "urn");
    bad.as_object_mut().unwrap().remove("action");
    let document = json!({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2025-03-01T00:00:00Z",
        "epcisBody": {"eventList": [shipment(&["g1"], "urn"), bad, shipment(&["g2"], "dl")]}
    });
    let bytes = serde_json::to_vec(&document).unwrap();
    let r = server.capture(bytes.clone(), "rollback").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let detail = r.json::<Value>().await.unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("epcisBody.eventList[1].action"), "{detail}");
    assert!(server.all_events("").await.is_empty());
    let r = server.capture(bytes, "proceed").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let job = server
        .finished_job(r.headers()["location"].to_str().unwrap())
        .await;
    assert_eq!(job["success"], json!(false));
    assert_eq!(job["storedEvents"], json!(2));
    assert_eq!(job["captureErrorBehaviour"], "proceed");
    assert_eq!(
        job["errors"][0]["instance"],
        "epcisBody.eventList[1].action"
    );
    assert_eq!(server.all_events("").await.len(), 2);
}

async fn refusals_are_epcis_exceptions(server: Server) {
    let kind = |r: Value| r["type"].as_str().unwrap().to_owned();
    // No credentials.
    let r = server
        .client
        .get(server.url("/epcis/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        kind(r.json().await.unwrap()),
        "epcisException:SecurityException"
    );
    // Parameters the standard does not define, or repeated, or malformed.
    for query in [
        "colour=red",
        "eventType=ObjectEvent&eventType=ObjectEvent",
        "GE_eventTime=yesterday",
        "nextPageToken=x",
    ] {
        let r = server
            .epcis_get(&format!("/epcis/events?{query}"), &[])
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            kind(r.json().await.unwrap()),
            "epcisException:QueryParameterException",
            "{query}"
        );
    }
    // A body that is not JSON-LD.
    let r = server
        .client
        .post(server.url("/epcis/capture"))
        .bearer_auth(server.token())
        .header("Content-Type", "text/xml")
        .body("<epcis/>")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        kind(r.json().await.unwrap()),
        "epcisException:UnsupportedMediaTypeException"
    );
    // Over the announced limits.
    let r = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/epcis/capture"))
        .send()
        .await
        .unwrap();
    let limit: usize = r.headers()["gs1-epcis-capture-file-size-limit"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(limit >= 20 * 1024 * 1024);
    let events: usize = r.headers()["gs1-epcis-capture-limit"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(events >= 10_000);
    let r = server.capture(vec![b' '; limit + 1], "rollback").await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        kind(r.json().await.unwrap()),
        "epcisException:CaptureLimitExceededException"
    );
    // A job that does not exist.
    let r = server
        .epcis_get(&format!("/epcis/capture/{}", uuid::Uuid::now_v7()), &[])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        kind(r.json().await.unwrap()),
        "epcisException:NoSuchResourceException"
    );
    assert!(server.all_events("").await.is_empty());
}

async fn history_breaks_are_stored_and_flagged(server: Server) {
    let send = |event: Value| {
        let server = &server;
        async move {
            let r = server
                .client
                .post(server.url("/epcis/events"))
                .bearer_auth(server.token())
                .header("Content-Type", "application/ld+json")
                .body(event.to_string())
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
    };
    // A receipt with no shipment, then a sale of a unit nobody held.
    let mut receipt = shipment(&["r1"], "urn");
    receipt["bizStep"] = json!("receiving");
    receipt["disposition"] = json!("sellable_accessible");
    send(receipt).await;
    let mut sale = shipment(&["s1"], "dl");
    sale["bizStep"] = json!("retail_selling");
    sale["disposition"] = json!("retail_sold");
    sale.as_object_mut().unwrap().remove("destinationList");
    send(sale).await;
    let r = server.epcis_get("/api/v1/anomalies?limit=1", &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page: Value = r.json().await.unwrap();
    assert_eq!(page["anomalies"][0]["kind"], "received_without_shipment");
    assert_eq!(
        page["anomalies"][0]["epc"],
        "https://id.gs1.org/01/10614141073464/21/r1"
    );
    let next = page["next"].as_str().unwrap();
    let page: Value = server
        .epcis_get(
            &format!("/api/v1/anomalies?after={}", support::encode(next)),
            &[],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["anomalies"][0]["kind"], "sold_without_holding");
    assert!(page.get("next").is_none());
    // Both events were stored as sent.
    assert_eq!(server.all_events("").await.len(), 2);
    let r = server.epcis_get("/api/v1/anomalies?kind=cloned", &[]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// `Prefer: wait=N` on a capture job answers once the job has ended: one request, where a
/// client would otherwise ask again and again.
async fn a_capture_job_is_awaited_with_one_request(server: Server) {
    let events = 3_000;
    let document = yima_domain::epcis::sample::shipments(1, events);
    let r = server.capture(document.into_bytes(), "rollback").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let r = server.epcis_get(&location, &[("Prefer", "wait=30")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["preference-applied"], "wait=30");
    let job: Value = r.json().await.unwrap();
    assert_eq!(job["running"], json!(false), "{job}");
    assert_eq!(job["success"], json!(true), "{job}");
    assert_eq!(job["storedEvents"], json!(events));
    // An ended job, or one that is not there, is answered at once whatever the wait.
    let r = server.epcis_get(&location, &[("Prefer", "wait=30")]).await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["storedEvents"],
        json!(events)
    );
    let unknown = format!("/epcis/capture/{}", uuid::Uuid::now_v7());
    let r = server.epcis_get(&unknown, &[("Prefer", "wait=30")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
