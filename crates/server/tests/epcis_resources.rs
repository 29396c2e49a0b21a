//! The EPCIS 2.0 REST binding's resources beside the events query, over real HTTP on both
//! engines: the listings of what events name and each one's events, an EPC asked for as a
//! URN or as a Digital Link, named queries through their life, and the list of capture jobs,
//! every list followed page by page through its `Link` header.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Server, encode};

on_both_engines!(
    listings_name_each_value_once_and_page,
    each_resource_has_its_events,
    an_epc_is_found_as_a_urn_and_as_a_digital_link,
    named_queries_are_defined_run_removed_and_defined_again,
    capture_jobs_are_listed_newest_first,
);

/// The events: two units shipped (as URNs) from a dock, received (as Digital Links) at a
/// store, a case packed, a lot commissioned.
fn flow() -> Value {
    json!([
        {
            "type": "ObjectEvent", "action": "OBSERVE",
            "eventTime": "2025-03-01T09:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"],
            "bizStep": "shipping", "disposition": "in_transit",
            "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"},
            "bizLocation": {"id": "urn:epc:id:sgln:0614141.00777.0"}
        },
        {
            "type": "ObjectEvent", "action": "OBSERVE",
            "eventTime": "2025-03-02T10:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "epcList": ["https://id.gs1.org/01/10614141073464/21/2017", "https://id.gs1.org/01/10614141073464/21/2018"],
            "bizStep": "urn:epcglobal:cbv:bizstep:receiving", "disposition": "sellable_accessible",
            "readPoint": {"id": "https://id.gs1.org/414/0614141008889"},
            "bizLocation": {"id": "urn:epc:id:sgln:0614141.00888.0"}
        },
        {
            "type": "AggregationEvent", "action": "ADD",
            "eventTime": "2025-03-01T08:30:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "parentID": "urn:epc:id:sscc:0614141.1234567890",
            "childEPCs": ["urn:epc:id:sgtin:0614141.107346.2017"],
            "bizStep": "packing", "disposition": "in_progress",
            "readPoint": {"id": "urn:epc:id:sgln:0614141.00777.0"}
        },
        {
            "type": "ObjectEvent", "action": "ADD",
            "eventTime": "2025-02-28T08:00:00.000+08:00", "eventTimeZoneOffset": "+08:00",
            "quantityList": [{"epcClass": "urn:epc:class:lgtin:0614141.107346.L1", "quantity": 500}],
            "bizStep": "commissioning", "disposition": "active"
        }
    ])
}

fn document(events: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2025-03-01T00:00:00Z",
        "epcisBody": {"eventList": events}
    }))
    .unwrap()
}

/// The target of a response's `Link: <…>; rel="next"`.
fn next_link(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get("link")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.strip_prefix('<'))
        .and_then(|l| l.split_once(">; rel=\"next\""))
        .map(|(target, _)| target.to_owned())
}

impl Server {
    async fn epcis(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.client.get(self.url(path)).bearer_auth(self.token());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.unwrap()
    }

    /// Captures `events` as one document and waits for the job to end well; its location.
    async fn captured(&self, events: Value) -> String {
        let r = self
            .client
            .post(self.url("/epcis/capture"))
            .bearer_auth(self.token())
            .header("Content-Type", "application/ld+json")
            .body(document(events))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        for _ in 0..200 {
            let job: Value = self.epcis(&location, &[]).await.json().await.unwrap();
            if job["running"] == json!(false) {
                assert_eq!(job["success"], json!(true), "{job}");
                return location;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("capture {location} did not end");
    }

    /// Every page from `path` on, following `Link`s: each page's body.
    async fn pages(&self, path: &str, headers: &[(&str, &str)]) -> Vec<Value> {
        let mut bodies = Vec::new();
        let mut next = Some(path.to_owned());
        while let Some(path) = next.take() {
            let r = self.epcis(&path, headers).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert_eq!(r.headers()["gs1-epcis-version"], "2.0.0", "{path}");
            next = next_link(&r);
            bodies.push(r.json().await.unwrap());
            assert!(bodies.len() < 100, "{path}: pages without end");
        }
        bodies
    }

    /// The events of an events resource, every page, by their event times.
    async fn event_times(&self, path: &str) -> Vec<String> {
        self.pages(path, &[])
            .await
            .iter()
            .flat_map(|page| {
                assert_eq!(page["type"], "EPCISQueryDocument");
                page["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["eventTime"].as_str().unwrap()[..16].to_owned())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The `type` of the problem at `path`, which must answer `status`.
    async fn refused(&self, path: &str, status: StatusCode) -> String {
        let r = self.epcis(path, &[]).await;
        assert_eq!(r.status(), status, "{path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        r.json::<Value>().await.unwrap()["type"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

async fn listings_name_each_value_once_and_page(server: Server) {
    // Nothing stored, nothing listed.
    let r = server.epcis("/epcis/bizSteps", &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/ld+json");
    let empty: Value = r.json().await.unwrap();
    assert_eq!(empty["type"], "BizStepItemList");
    assert_eq!(empty["bizStep"], json!([]));
    server.captured(flow()).await;
    let listed =
        |path: &'static str, member: &'static str, headers: Vec<(&'static str, &'static str)>| {
            let server = &server;
            async move {
                let mut values = Vec::new();
                for page in server.pages(path, &headers).await {
                    let list = if member.is_empty() {
                        &page
                    } else {
                        &page[member]
                    };
                    let list = list.as_array().unwrap();
                    assert!(list.len() <= 2, "{path}: {page}");
                    values.extend(list.iter().map(|v| v.as_str().unwrap().to_owned()));
                }
                values
            }
        };
    assert_eq!(
        listed("/epcis/eventTypes?perPage=1", "eventType", vec![]).await,
        ["AggregationEvent", "ObjectEvent"]
    );
    assert_eq!(
        listed("/epcis/bizSteps?perPage=2", "bizStep", vec![]).await,
        ["commissioning", "packing", "receiving", "shipping"]
    );
    assert_eq!(
        listed("/epcis/dispositions?perPage=2", "disposition", vec![]).await,
        ["active", "in_progress", "in_transit", "sellable_accessible"]
    );
    // Places and EPCs each once, however each event wrote them.
    assert_eq!(
        listed("/epcis/readPoints?perPage=1", "readPoint", vec![]).await,
        [
            "https://id.gs1.org/414/0614141007776",
            "https://id.gs1.org/414/0614141008889"
        ]
    );
    assert_eq!(
        listed("/epcis/bizLocations?perPage=2", "bizLocation", vec![]).await,
        [
            "https://id.gs1.org/414/0614141007776",
            "https://id.gs1.org/414/0614141008889"
        ]
    );
    assert_eq!(
        listed("/epcis/epcs?perPage=2", "", vec![]).await,
        [
            "https://id.gs1.org/00/106141412345678908",
            "https://id.gs1.org/01/10614141073464/21/2017",
            "https://id.gs1.org/01/10614141073464/21/2018"
        ]
    );
    let urn = vec![("GS1-EPC-Format", "Always_EPC_URN")];
    assert_eq!(
        listed("/epcis/epcs?perPage=2", "", urn.clone()).await,
        [
            "urn:epc:id:sscc:0614141.1234567890",
            "urn:epc:id:sgtin:0614141.107346.2017",
            "urn:epc:id:sgtin:0614141.107346.2018"
        ]
    );
    assert_eq!(
        listed("/epcis/readPoints", "readPoint", urn).await,
        [
            "urn:epc:id:sgln:0614141.00777.0",
            "urn:epc:id:sgln:0614141.00888.0"
        ]
    );
    let r = server.epcis("/epcis/epcs", &[]).await;
    assert_eq!(r.headers()["content-type"], "application/json");
    let r = server.epcis("/epcis/eventTypes", &[]).await;
    let types: Value = r.json().await.unwrap();
    assert_eq!(
        types["@context"],
        "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
    );
    // A listing takes perPage and nextPageToken, once each, and nothing else.
    for query in [
        "EQ_bizStep=shipping",
        "perPage=0",
        "perPage=x",
        "perPage=1&perPage=2",
        "nextPageToken=%E2%9C%97",
    ] {
        assert_eq!(
            server
                .refused(&format!("/epcis/bizSteps?{query}"), StatusCode::BAD_REQUEST)
                .await,
            "epcisException:QueryParameterException",
            "{query}"
        );
    }
    let r = server
        .client
        .get(server.url("/epcis/eventTypes"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

async fn each_resource_has_its_events(server: Server) {
    server.captured(flow()).await;
    // Event times (local, to the minute) name the events.
    let (shipped, received, packed, commissioned) = (
        "2025-03-01T09:00",
        "2025-03-02T10:00",
        "2025-03-01T08:30",
        "2025-02-28T08:00",
    );
    let dock = encode("urn:epc:id:sgln:0614141.00777.0");
    let store_gln = encode("https://id.gs1.org/414/0614141008889");
    for (path, expected) in [
        (
            "/epcis/eventTypes/AggregationEvent/events".to_owned(),
            vec![packed],
        ),
        (
            "/epcis/eventTypes/ObjectEvent/events?orderBy=eventTime".to_owned(),
            vec![commissioned, shipped, received],
        ),
        ("/epcis/bizSteps/shipping/events".to_owned(), vec![shipped]),
        // A CBV term in any of its forms.
        (
            format!(
                "/epcis/bizSteps/{}/events",
                encode("https://ref.gs1.org/cbv/BizStep-receiving")
            ),
            vec![received],
        ),
        (
            "/epcis/dispositions/active/events".to_owned(),
            vec![commissioned],
        ),
        (
            format!("/epcis/readPoints/{dock}/events?orderBy=eventTime&orderDirection=DESC"),
            vec![shipped, packed],
        ),
        (
            format!("/epcis/bizLocations/{store_gln}/events"),
            vec![received],
        ),
        // The query string narrows further: both conditions hold.
        (
            format!("/epcis/readPoints/{dock}/events?EQ_bizStep=packing"),
            vec![packed],
        ),
        (
            "/epcis/eventTypes/ObjectEvent/events?eventType=AggregationEvent".to_owned(),
            vec![],
        ),
        ("/epcis/bizSteps/departing/events".to_owned(), vec![]),
    ] {
        assert_eq!(server.event_times(&path).await, expected, "{path}");
    }
    // Pages link onwards with the client's parameters, not the path's condition.
    let path = "/epcis/eventTypes/ObjectEvent/events?perPage=1&orderBy=eventTime";
    let r = server.epcis(path, &[]).await;
    let link = next_link(&r).unwrap();
    assert!(
        link.starts_with("/epcis/eventTypes/ObjectEvent/events?"),
        "{link}"
    );
    assert!(!link.contains("eventType="), "{link}");
    assert!(link.contains("nextPageToken="), "{link}");
    assert_eq!(
        server.event_times(path).await,
        [commissioned, shipped, received]
    );
    // What the path cannot name.
    assert_eq!(
        server
            .refused("/epcis/eventTypes/ThingEvent/events", StatusCode::NOT_FOUND)
            .await,
        "epcisException:NoSuchResourceException"
    );
    for path in [
        "/epcis/bizSteps/no%20such%20step/events",
        "/epcis/bizSteps/shipping%7Creceiving/events",
        "/epcis/readPoints/nowhere/events",
        "/epcis/bizSteps/shipping/events?colour=red",
    ] {
        assert_eq!(
            server.refused(path, StatusCode::BAD_REQUEST).await,
            "epcisException:QueryParameterException",
            "{path}"
        );
    }
}

async fn an_epc_is_found_as_a_urn_and_as_a_digital_link(server: Server) {
    server.captured(flow()).await;
    let unit_urn = "urn:epc:id:sgtin:0614141.107346.2017";
    let unit_link = "https://id.gs1.org/01/10614141073464/21/2017";
    // Shipped as a URN, packed as a child, received as a Digital Link: all three, whichever
    // form is asked for.
    for asked in [unit_urn, unit_link] {
        let path = format!("/epcis/epcs/{}/events?orderBy=eventTime", encode(asked));
        assert_eq!(
            server.event_times(&path).await,
            ["2025-03-01T08:30", "2025-03-01T09:00", "2025-03-02T10:00"],
            "{asked}"
        );
    }
    // A parent is an EPC of its event too; one page at a time.
    let case = encode("https://id.gs1.org/00/106141412345678908");
    let path = format!("/epcis/epcs/{case}/events?perPage=1");
    assert_eq!(server.event_times(&path).await, ["2025-03-01T08:30"]);
    // The events come back with identifiers in the form asked for.
    let r = server
        .epcis(
            &format!("/epcis/epcs/{}/events", encode(unit_urn)),
            &[("GS1-EPC-Format", "Always_GS1_Digital_Link")],
        )
        .await;
    let page: Value = r.json().await.unwrap();
    for event in page["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        .as_array()
        .unwrap()
    {
        assert!(!event.to_string().contains("urn:epc:id:sgtin"), "{event}");
    }
    // An EPC nobody named has no events; a key with a wrong check digit is no EPC.
    let path = format!(
        "/epcis/epcs/{}/events",
        encode("urn:epc:id:sgtin:0614141.107346.9999")
    );
    assert!(server.event_times(&path).await.is_empty());
    let path = format!(
        "/epcis/epcs/{}/events",
        encode("https://id.gs1.org/01/10614141073465/21/2017")
    );
    assert_eq!(
        server.refused(&path, StatusCode::BAD_REQUEST).await,
        "epcisException:QueryParameterException"
    );
}

impl Server {
    async fn define(&self, body: Value) -> reqwest::Response {
        self.client
            .post(self.url("/epcis/queries"))
            .bearer_auth(self.token())
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn remove(&self, path: &str) -> StatusCode {
        self.client
            .delete(self.url(path))
            .bearer_auth(self.token())
            .send()
            .await
            .unwrap()
            .status()
    }
}

async fn named_queries_are_defined_run_removed_and_defined_again(server: Server) {
    server.captured(flow()).await;
    let name = "moved units";
    let moved = json!({
        "name": name,
        "query": {
            "EQ_bizStep": ["shipping", "urn:epcglobal:cbv:bizstep:receiving"],
            "orderBy": "eventTime"
        }
    });
    let r = server.define(moved.clone()).await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/epcis/queries/moved%20units");
    // A name in force is taken.
    let r = server.define(json!({"name": name, "query": {}})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<Value>().await.unwrap()["type"],
        "epcisException:ResourceAlreadyExistsException"
    );
    // The definition as written; the list of queries.
    let r = server.epcis(&location, &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/json");
    let defined: Value = r.json().await.unwrap();
    assert_eq!(defined["name"], name);
    assert_eq!(defined["query"], moved["query"]);
    assert!(defined["createdAt"].is_string());
    let r = server.define(json!({"name": "all", "query": {}})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let listed: Vec<String> = server
        .pages("/epcis/queries?perPage=1", &[])
        .await
        .iter()
        .flat_map(|page| {
            page.as_array()
                .unwrap()
                .iter()
                .map(|q| q["name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(listed, ["all", name]);
    // Run, a page at a time, named after the query.
    let events = format!("{location}/events?perPage=1");
    assert_eq!(
        server.event_times(&events).await,
        ["2025-03-01T09:00", "2025-03-02T10:00"]
    );
    let page: Value = server.epcis(&events, &[]).await.json().await.unwrap();
    assert_eq!(page["epcisBody"]["queryResults"]["queryName"], name);
    // Refusals: a query the events query would refuse, a body that is no definition, a
    // parameter of the run that is not a page's.
    let r = server
        .define(json!({"name": "bad", "query": {"EQ_bizStep": ["no such step"]}}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["type"], "epcisException:QueryParameterException");
    assert!(
        problem["detail"].as_str().unwrap().contains("EQ_bizStep"),
        "{problem}"
    );
    for body in [
        json!({"query": {}}),
        json!({"name": "", "query": {}}),
        json!({"name": "x", "query": []}),
        json!({"name": "x", "query": {}, "colour": "red"}),
    ] {
        let r = server.define(body.clone()).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            r.json::<Value>().await.unwrap()["type"],
            "epcisException:ValidationException",
            "{body}"
        );
    }
    assert_eq!(
        server
            .refused(
                &format!("{location}/events?EQ_bizStep=packing"),
                StatusCode::BAD_REQUEST
            )
            .await,
        "epcisException:QueryParameterException"
    );
    // Removed: gone from every view of it, and removed once.
    assert_eq!(server.remove(&location).await, StatusCode::NO_CONTENT);
    for path in [location.clone(), format!("{location}/events")] {
        assert_eq!(
            server.refused(&path, StatusCode::NOT_FOUND).await,
            "epcisException:NoSuchResourceException"
        );
    }
    assert_eq!(server.remove(&location).await, StatusCode::NOT_FOUND);
    let listed = server.pages("/epcis/queries", &[]).await;
    assert_eq!(listed[0].as_array().unwrap().len(), 1);
    // The name is free again, for another question.
    let r = server
        .define(json!({"name": name, "query": {"eventType": ["AggregationEvent"]}}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        server.event_times(&format!("{location}/events")).await,
        ["2025-03-01T08:30"]
    );
}

async fn capture_jobs_are_listed_newest_first(server: Server) {
    // One after another, each ended before the next is sent.
    let mut locations = Vec::new();
    for event in flow().as_array().unwrap().iter().take(3) {
        locations.push(server.captured(json!([event])).await);
    }
    let pages = server.pages("/epcis/capture?perPage=2", &[]).await;
    assert_eq!(pages.len(), 2);
    let jobs: Vec<&Value> = pages
        .iter()
        .flat_map(|p| p.as_array().unwrap().iter())
        .collect();
    let ids: Vec<String> = jobs
        .iter()
        .map(|j| format!("/epcis/capture/{}", j["captureID"].as_str().unwrap()))
        .collect();
    locations.reverse();
    assert_eq!(ids, locations);
    for job in jobs {
        assert_eq!(job["running"], json!(false));
        assert_eq!(job["storedEvents"], json!(1));
    }
    let r = server.epcis("/epcis/capture", &[]).await;
    assert_eq!(r.headers()["content-type"], "application/json");
    assert!(next_link(&r).is_none());
    assert_eq!(
        server
            .refused("/epcis/capture?nextPageToken=x", StatusCode::BAD_REQUEST)
            .await,
        "epcisException:QueryParameterException"
    );
    let r = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/epcis/capture"))
        .send()
        .await
        .unwrap();
    assert!(r.headers()["allow"].to_str().unwrap().contains("GET"));
}
