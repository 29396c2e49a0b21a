//! Who may call what, through real HTTP against a real store: the authorization matrix (every
//! route under every kind of caller, each answer compared with the policy written out here
//! route by route), the life of an API key, and the ownership rules handlers apply.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{Server, batch_body, enterprise_body, product_body};

on_both_engines!(
    every_route_answers_every_caller_as_the_matrix_says,
    keys_are_made_shown_once_listed_and_revoked,
    unknown_malformed_expired_and_revoked_keys_get_401,
    an_enterprise_writes_only_its_own_records_and_a_refusal_changes_nothing,
    accounts_are_checked_against_the_registry,
    a_public_scan_never_shows_where_goods_went,
    people_log_in_write_with_their_csrf_token_log_out_and_are_locked_out_after_failures,
);

/// The kinds of caller the matrix tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Public,
    Admin,
    /// An administrator's key with read scope only.
    AdminRead,
    /// Enterprise A's account, producer rights.
    Producer,
    /// Enterprise B's account, seller rights.
    Seller,
    Association,
    /// A provincial regulator (Fujian).
    Province,
    /// A national regulator over every category.
    National,
}

use Who::*;

const EVERYONE: &[Who] = &[
    Public,
    Admin,
    AdminRead,
    Producer,
    Seller,
    Association,
    Province,
    National,
];
const ADMIN: &[Who] = &[Admin];
const READERS_OF_ALL: &[Who] = &[Admin, AdminRead, National];
const PRODUCER_WRITES: &[Who] = &[Admin, Producer];
const PRODUCER_READS: &[Who] = &[Admin, AdminRead, Producer];
const ENTERPRISE_WRITES: &[Who] = &[Admin, Producer, Seller];
const ACCOUNT_READS: &[Who] = &[
    Admin,
    AdminRead,
    Producer,
    Seller,
    Association,
    Province,
    National,
];
const ACCOUNT_WRITES: &[Who] = &[Admin, Producer, Seller, Association, Province, National];
const RECALLERS: &[Who] = &[Admin, Producer, Province, National];
const ENTERPRISE_PAGES: &[Who] = &[Admin, AdminRead, Producer, Seller];
const OVERSEER_PAGES: &[Who] = &[Admin, AdminRead, Association, Province, National];

/// The policy, route by route: who is let through (a refusal is 401 for the public, 403 for
/// anyone else). Every route the server serves must be here.
const MATRIX: &[(&str, &str, &[Who])] = &[
    ("GET", "/api/v1/resolve", EVERYONE),
    ("GET", "/api/v1/codes/parse", EVERYONE),
    ("GET", "/api/v1/catalogue", EVERYONE),
    ("GET", "/api/v1/labels", EVERYONE),
    ("GET", "/api/v1/enterprises", EVERYONE),
    ("GET", "/api/v1/enterprises/{credit_code}", EVERYONE),
    ("GET", "/api/v1/products/{id}", EVERYONE),
    ("GET", "/api/v1/batches/{id}", EVERYONE),
    ("POST", "/api/v1/enterprises", ADMIN),
    (
        "POST",
        "/api/v1/enterprises/{credit_code}/corrections",
        ENTERPRISE_WRITES,
    ),
    ("POST", "/api/v1/products", PRODUCER_WRITES),
    ("POST", "/api/v1/products/{id}/batches", PRODUCER_WRITES),
    ("POST", "/api/v1/products/{id}/corrections", PRODUCER_WRITES),
    ("POST", "/api/v1/batches/{id}/codes", PRODUCER_WRITES),
    ("POST", "/api/v1/batches/{id}/issuances", PRODUCER_WRITES),
    ("POST", "/api/v1/batches/{id}/corrections", PRODUCER_WRITES),
    (
        "GET",
        "/api/v1/issuances/{key_id}/{number}/codes",
        PRODUCER_READS,
    ),
    (
        "GET",
        "/api/v1/issuances/{key_id}/{number}/labels",
        PRODUCER_READS,
    ),
    ("POST", "/api/v1/accounts", ADMIN),
    ("GET", "/api/v1/accounts/{id}", ACCOUNT_READS),
    ("GET", "/api/v1/accounts/{id}/keys", ACCOUNT_READS),
    ("POST", "/api/v1/accounts/{id}/keys", ACCOUNT_WRITES),
    ("POST", "/api/v1/keys/{id}/revocation", ACCOUNT_WRITES),
    ("GET", "/api/v1/audit", ACCOUNT_READS),
    (
        "POST",
        "/api/v1/enterprises/{credit_code}/submission-keys",
        ENTERPRISE_WRITES,
    ),
    (
        "GET",
        "/api/v1/enterprises/{credit_code}/submission-keys",
        EVERYONE,
    ),
    ("GET", "/api/v1/submission-keys/{id}", EVERYONE),
    (
        "POST",
        "/api/v1/submission-keys/{id}/revocation",
        ENTERPRISE_WRITES,
    ),
    ("GET", "/api/v1/submissions/{id}", ACCOUNT_READS),
    (
        "GET",
        "/api/v1/enterprises/{credit_code}/submissions",
        ACCOUNT_READS,
    ),
    ("POST", "/api/v1/session", EVERYONE),
    ("DELETE", "/api/v1/session", ACCOUNT_READS),
    ("POST", "/api/v1/accounts/{id}/password", ACCOUNT_WRITES),
    ("POST", "/api/v1/flows", ENTERPRISE_WRITES),
    ("POST", "/api/v1/flows/batch", ENTERPRISE_WRITES),
    ("GET", "/api/v1/anomalies", ACCOUNT_READS),
    ("GET", "/api/v1/trace", ACCOUNT_READS),
    ("GET", "/api/v1/recalls/scope", ACCOUNT_READS),
    ("POST", "/api/v1/recalls/scope", ACCOUNT_READS),
    (
        "GET",
        "/api/v1/enterprises/{credit_code}/stock",
        ACCOUNT_READS,
    ),
    ("GET", "/api/v1/recalls", EVERYONE),
    ("GET", "/api/v1/recalls/{id}", EVERYONE),
    ("POST", "/api/v1/recalls", RECALLERS),
    (
        "POST",
        "/api/v1/recalls/{id}/acknowledgements",
        ENTERPRISE_WRITES,
    ),
    ("GET", "/api/v1/ledger/records/{*ref}", READERS_OF_ALL),
    ("OPTIONS", "/epcis/capture", EVERYONE),
    ("POST", "/epcis/capture", ENTERPRISE_WRITES),
    ("GET", "/epcis/capture", ACCOUNT_READS),
    ("GET", "/epcis/capture/{captureID}", ACCOUNT_READS),
    ("POST", "/epcis/events", ENTERPRISE_WRITES),
    ("GET", "/epcis/events", ACCOUNT_READS),
    ("GET", "/epcis/events/{eventID}", ACCOUNT_READS),
    ("GET", "/epcis/eventTypes", READERS_OF_ALL),
    ("GET", "/epcis/eventTypes/{eventType}/events", ACCOUNT_READS),
    ("GET", "/epcis/epcs", READERS_OF_ALL),
    ("GET", "/epcis/epcs/{epc}/events", ACCOUNT_READS),
    ("GET", "/epcis/bizSteps", READERS_OF_ALL),
    ("GET", "/epcis/bizSteps/{bizStep}/events", ACCOUNT_READS),
    ("GET", "/epcis/dispositions", READERS_OF_ALL),
    (
        "GET",
        "/epcis/dispositions/{disposition}/events",
        ACCOUNT_READS,
    ),
    ("GET", "/epcis/readPoints", READERS_OF_ALL),
    ("GET", "/epcis/readPoints/{readPoint}/events", ACCOUNT_READS),
    ("GET", "/epcis/bizLocations", READERS_OF_ALL),
    (
        "GET",
        "/epcis/bizLocations/{bizLocation}/events",
        ACCOUNT_READS,
    ),
    ("GET", "/epcis/queries", READERS_OF_ALL),
    ("POST", "/epcis/queries", ADMIN),
    ("GET", "/epcis/queries/{queryName}", READERS_OF_ALL),
    ("DELETE", "/epcis/queries/{queryName}", ADMIN),
    ("GET", "/epcis/queries/{queryName}/events", ACCOUNT_READS),
    ("GET", "/log/checkpoint", EVERYONE),
    ("GET", "/log/key", EVERYONE),
    ("GET", "/log/tile/{*path}", EVERYONE),
    ("GET", "/log/witnesses", EVERYONE),
    ("GET", "/log/witness/add-checkpoint", EVERYONE),
    ("POST", "/log/cosignatures", EVERYONE),
    ("GET", "/api/v1/openapi.json", EVERYONE),
    ("GET", "/healthz", EVERYONE),
    ("GET", "/metrics", EVERYONE),
    // The pages: a refusal sends a browser to the login page, which says why.
    ("GET", "/", EVERYONE),
    ("GET", "/scan", EVERYONE),
    ("GET", "/01/{*rest}", EVERYONE),
    ("GET", "/login", EVERYONE),
    ("GET", "/start", EVERYONE),
    ("GET", "/assets/{name}", EVERYONE),
    ("GET", "/console", ENTERPRISE_PAGES),
    ("GET", "/console/flows", ENTERPRISE_PAGES),
    ("GET", "/console/registry", PRODUCER_READS),
    ("GET", "/console/keys", ENTERPRISE_PAGES),
    ("GET", "/dashboard", OVERSEER_PAGES),
    ("GET", "/dashboard/recalls/{id}", OVERSEER_PAGES),
    ("GET", "/dashboard/trace", OVERSEER_PAGES),
];

/// Routes the router serves outside the OpenAPI document.
const UNDOCUMENTED: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/scan"),
    ("GET", "/01/{*rest}"),
    ("GET", "/login"),
    ("GET", "/start"),
    ("GET", "/assets/{name}"),
    ("GET", "/console"),
    ("GET", "/console/flows"),
    ("GET", "/console/registry"),
    ("GET", "/console/keys"),
    ("GET", "/dashboard"),
    ("GET", "/dashboard/recalls/{id}"),
    ("GET", "/dashboard/trace"),
    ("GET", "/log/tile/{*path}"),
    ("GET", "/api/v1/ledger/records/{*ref}"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/healthz"),
    ("GET", "/metrics"),
];

const ENTERPRISE_A: &str = "91350100M000100Y43";
const ENTERPRISE_B: &str = "91310230MA1K314J7C";
const ENTERPRISE_C: &str = "91440300MA5F00001A";

/// Every route the server serves: the OpenAPI document's operations and the undocumented ones.
fn served_routes() -> BTreeSet<(String, String)> {
    let openapi = serde_json::to_value(yima_server::openapi()).unwrap();
    let mut routes: BTreeSet<(String, String)> = openapi["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, operations)| {
            operations
                .as_object()
                .unwrap()
                .keys()
                .filter(|m| {
                    ["get", "post", "put", "delete", "patch", "options"].contains(&m.as_str())
                })
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    routes.extend(
        UNDOCUMENTED
            .iter()
            .map(|(m, p)| ((*m).to_owned(), (*p).to_owned())),
    );
    routes
}

#[test]
fn the_matrix_the_rules_and_the_router_name_the_same_routes() {
    let served = served_routes();
    let in_matrix: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    // A wildcard is documented as `{path}` but routed as `{*path}`.
    let documented = |p: &str| p.replace("{*", "{");
    let served_plain: BTreeSet<(String, String)> = served
        .iter()
        .map(|(m, p)| (m.clone(), documented(p)))
        .collect();
    let matrix_plain: BTreeSet<(String, String)> = in_matrix
        .iter()
        .map(|(m, p)| (m.clone(), documented(p)))
        .collect();
    let missing: Vec<_> = served_plain.difference(&matrix_plain).collect();
    assert!(
        missing.is_empty(),
        "routes without a line in the access matrix: {missing:?}"
    );
    let stale: Vec<_> = matrix_plain.difference(&served_plain).collect();
    assert!(
        stale.is_empty(),
        "matrix lines for routes the server does not serve: {stale:?}"
    );
    for (method, path) in &in_matrix {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        assert!(
            yima_server::access::rule_for(&method, path).is_some(),
            "{method} {path} has no access rule, so the server refuses it to everyone"
        );
    }
    assert_eq!(
        yima_server::access::RULES.len(),
        MATRIX.len(),
        "a rule without a matrix line"
    );
}

/// The accounts and keys of the matrix's callers, made through the API.
struct Callers {
    keys: Vec<(Who, Option<String>, String)>,
}

impl Callers {
    async fn open(s: &Server) -> Self {
        for (code, roles) in [
            (ENTERPRISE_A, json!(["producer", "seller"])),
            (ENTERPRISE_B, json!(["seller"])),
        ] {
            let mut body = enterprise_body(code);
            body["roles"] = roles;
            let r = s.post("/api/v1/enterprises", &body).await;
            assert_eq!(
                r.status(),
                StatusCode::CREATED,
                "{}",
                r.text().await.unwrap()
            );
        }
        let admin = s.token().to_owned();
        let mut keys = vec![
            (Public, None, String::new()),
            (Admin, Some(admin), "bootstrap-admin".to_owned()),
            (
                AdminRead,
                Some(key(s, "bootstrap-admin", "read").await),
                "bootstrap-admin".to_owned(),
            ),
        ];
        for (who, account) in [
            (
                Producer,
                json!({"id": "maker-a", "kind": "enterprise", "enterprise": ENTERPRISE_A, "rights": ["producer"]}),
            ),
            (
                Seller,
                json!({"id": "shop-b", "kind": "enterprise", "enterprise": ENTERPRISE_B, "rights": ["seller"]}),
            ),
            (
                Association,
                json!({"id": "cable-assoc", "kind": "association", "name": "电线电缆行业协会", "members": [ENTERPRISE_A]}),
            ),
            (
                Province,
                json!({"id": "fujian-samr", "kind": "regulator", "jurisdiction": "350000"}),
            ),
            (
                National,
                json!({"id": "samr", "kind": "regulator", "jurisdiction": "national"}),
            ),
        ] {
            let id = account["id"].as_str().unwrap().to_owned();
            let r = s.post("/api/v1/accounts", &account).await;
            assert_eq!(
                r.status(),
                StatusCode::CREATED,
                "{}",
                r.text().await.unwrap()
            );
            keys.push((who, Some(key(s, &id, "write").await), id));
        }
        Self { keys }
    }

    fn secret(&self, who: Who) -> &str {
        self.keys
            .iter()
            .find(|(w, _, _)| *w == who)
            .and_then(|(_, k, _)| k.as_deref())
            .unwrap()
    }
}

/// A new key of `account` with `scope`, made by the administrator; its secret.
async fn key(s: &Server, account: &str, scope: &str) -> String {
    let r = s
        .post(
            &format!("/api/v1/accounts/{account}/keys"),
            &json!({"scope": scope}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let made: Value = r.json().await.unwrap();
    made["secret"].as_str().unwrap().to_owned()
}

/// `path` with its parameters filled for `account`: its own account id and enterprise where
/// the route names one, so that only the rule, not ownership, decides.
fn concrete(path: &str, who: Who, account: &str) -> String {
    let own_enterprise = if who == Seller {
        ENTERPRISE_B
    } else {
        ENTERPRISE_A
    };
    let account_id = if path.starts_with("/api/v1/accounts/") {
        account
    } else {
        "0190f0f0-0000-7000-8000-000000000000"
    };
    path.replace("{credit_code}", own_enterprise)
        .replace(
            "{id}",
            if account.is_empty() {
                "nobody"
            } else {
                account_id
            },
        )
        .replace("{key_id}", "1")
        .replace("{number}", "1")
        .replace("{*path}", "0/000")
        .replace("{*ref}", "enterprise/x")
        .replace("{captureID}", "0190f0f0-0000-7000-8000-000000000000")
        .replace("{eventID}", "x")
        .replace("{eventType}", "ObjectEvent")
        .replace("{epc}", "x")
        .replace("{bizStep}", "shipping")
        .replace("{disposition}", "in_transit")
        .replace("{readPoint}", "x")
        .replace("{bizLocation}", "x")
        .replace("{queryName}", "q")
        .replace("{*rest}", "09520123456788")
        .replace("{name}", "site.css")
}

async fn every_route_answers_every_caller_as_the_matrix_says(s: Server) {
    let callers = Callers::open(&s).await;
    let mut wrong = Vec::new();
    for (method, path, allowed) in MATRIX {
        for (who, secret, account) in &callers.keys {
            let url = s.url(&concrete(path, *who, account));
            let mut request = s
                .client
                .request(Method::from_bytes(method.as_bytes()).unwrap(), url);
            if let Some(secret) = secret {
                request = request.bearer_auth(secret);
            }
            if *method == "POST" {
                request = request.json(&json!({}));
            }
            let response = request.send().await.unwrap();
            let status = response.status();
            // A page refused is sent to the login page, which says why.
            let sent_to_login = |why: &str| {
                response.url().path() == "/login"
                    && response
                        .url()
                        .query()
                        .is_some_and(|q| q.contains(&format!("why={why}")))
            };
            let refused = status == StatusCode::UNAUTHORIZED
                || status == StatusCode::FORBIDDEN
                || sent_to_login("needed")
                || sent_to_login("denied");
            let expected = if allowed.contains(who) {
                !refused
            } else if *who == Public {
                status == StatusCode::UNAUTHORIZED || sent_to_login("needed")
            } else {
                status == StatusCode::FORBIDDEN || sent_to_login("denied")
            };
            if !expected {
                wrong.push(format!("{method} {path} as {who:?}: {status}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "answers that break the matrix:\n{}",
        wrong.join("\n")
    );
}

async fn keys_are_made_shown_once_listed_and_revoked(s: Server) {
    let callers = Callers::open(&s).await;
    let shop = callers.secret(Seller).to_owned();
    // The shop makes a second key for itself, which works at once.
    let r = s
        .client
        .post(s.url("/api/v1/accounts/shop-b/keys"))
        .bearer_auth(&shop)
        .json(&json!({"id": "till-2", "scope": "read"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let made: Value = r.json().await.unwrap();
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert!(
        secret.starts_with("yima_") && secret.len() == 5 + 64,
        "{secret}"
    );
    assert_eq!(made["scope"], "read");
    let me = |key: &str| {
        s.client
            .get(s.url("/api/v1/accounts/shop-b"))
            .bearer_auth(key.to_owned())
            .send()
    };
    assert_eq!(me(&secret).await.unwrap().status(), StatusCode::OK);
    // Listed without secrets; the same id twice is a conflict.
    let r = s
        .client
        .get(s.url("/api/v1/accounts/shop-b/keys"))
        .bearer_auth(&shop)
        .send()
        .await
        .unwrap();
    let listed = r.text().await.unwrap();
    assert!(
        listed.contains("till-2") && !listed.contains(&secret[5..]),
        "{listed}"
    );
    let again = s
        .client
        .post(s.url("/api/v1/accounts/shop-b/keys"))
        .bearer_auth(&shop)
        .json(&json!({"id": "till-2", "scope": "read"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    // Another account's keys are out of reach.
    let r = s
        .client
        .post(s.url("/api/v1/keys/till-2/revocation"))
        .bearer_auth(callers.secret(Producer))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(me(&secret).await.unwrap().status(), StatusCode::OK);
    // Revoked by its account: refused from then on, saying why; revoking twice is a conflict.
    let r = s
        .client
        .post(s.url("/api/v1/keys/till-2/revocation"))
        .bearer_auth(&shop)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let revoked: Value = r.json().await.unwrap();
    assert_eq!(revoked["revoked_by"], "shop-b");
    let r = me(&secret).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("revoked"));
    let r = s.post("/api/v1/keys/till-2/revocation", &json!({})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = s
        .post("/api/v1/keys/no-such-key/revocation", &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Bad requests name the field.
    let r = s
        .post(
            "/api/v1/accounts/shop-b/keys",
            &json!({"scope": "all", "expires_at": "2001-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(support::failed_fields(&problem), ["scope", "expires_at"]);
}

async fn unknown_malformed_expired_and_revoked_keys_get_401(s: Server) {
    let guarded = "/api/v1/anomalies";
    for (header, needle) in [
        ("Bearer yima_0000", "not recognised"),
        ("Basic dXNlcjpwYXNz", "Bearer <key>"),
        ("Bearer ", "Bearer <key>"),
    ] {
        let r = s
            .client
            .get(s.url(guarded))
            .header("Authorization", header)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{header}");
        assert!(r.headers().contains_key("www-authenticate"));
        let body = r.text().await.unwrap();
        assert!(body.contains(needle), "{header}: {body}");
    }
    // A bad key is refused even where no key is needed: it is a client's mistake to report.
    let r = s
        .client
        .get(s.url("/api/v1/catalogue"))
        .bearer_auth("yima_nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // A key that expires a moment from now works, then is refused as expired.
    let soon = (chrono::Utc::now() + chrono::Duration::milliseconds(1500)).to_rfc3339();
    let r = s
        .post(
            "/api/v1/accounts/bootstrap-admin/keys",
            &json!({"scope": "read", "expires_at": soon}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let secret = r.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let call = || {
        s.client
            .get(s.url(guarded))
            .bearer_auth(secret.clone())
            .send()
    };
    assert_eq!(call().await.unwrap().status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let r = call().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("expired"));
    // EPCIS answers in its own exception form.
    let r = s
        .client
        .get(s.url("/epcis/events"))
        .bearer_auth(secret.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap()["type"],
        "epcisException:SecurityException"
    );
}

async fn an_enterprise_writes_only_its_own_records_and_a_refusal_changes_nothing(s: Server) {
    let callers = Callers::open(&s).await;
    let maker = callers.secret(Producer).to_owned();
    let shop = callers.secret(Seller).to_owned();
    let send = |secret: &str, path: &str, body: Value| {
        s.client
            .post(s.url(path))
            .bearer_auth(secret.to_owned())
            .json(&body)
            .send()
    };
    // The producer registers its own product and batch.
    let r = send(
        &maker,
        "/api/v1/products",
        product_body(ENTERPRISE_A, Some("06901234500011")),
    )
    .await
    .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let product: Value = r.json().await.unwrap();
    let product_id = product["id"].as_str().unwrap().to_owned();
    let r = send(
        &maker,
        &format!("/api/v1/products/{product_id}/batches"),
        batch_body("L1", 10),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let batch_id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A producer's account cannot write in another enterprise's name ...
    let r = send(
        &maker,
        "/api/v1/products",
        product_body(ENTERPRISE_B, Some("06901234500028")),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains(ENTERPRISE_B));
    // ... and another producer's account, or a shop's, cannot touch the producer's records.
    let mut rival = enterprise_body(ENTERPRISE_C);
    rival["roles"] = json!(["producer"]);
    assert_eq!(
        s.post("/api/v1/enterprises", &rival).await.status(),
        StatusCode::CREATED
    );
    let r = s
        .post(
            "/api/v1/accounts",
            &json!({"id": "maker-c", "kind": "enterprise", "enterprise": ENTERPRISE_C, "rights": ["producer"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let rival = key(&s, "maker-c", "write").await;
    let before = s.metrics_records().await;
    for (secret, path, body) in [
        (
            &rival,
            format!("/api/v1/products/{product_id}/batches"),
            batch_body("L2", 10),
        ),
        (
            &rival,
            format!("/api/v1/products/{product_id}/corrections"),
            json!({"reason": "x", "changes": {"name": "y"}}),
        ),
        (
            &rival,
            format!("/api/v1/batches/{batch_id}/codes"),
            json!({"serials": ["A1"]}),
        ),
        (
            &rival,
            format!("/api/v1/batches/{batch_id}/issuances"),
            json!({"count": 1}),
        ),
        (
            &rival,
            format!("/api/v1/batches/{batch_id}/corrections"),
            json!({"reason": "x", "changes": {"quantity": 5}}),
        ),
        (
            &shop,
            format!("/api/v1/enterprises/{ENTERPRISE_A}/corrections"),
            json!({"reason": "x", "changes": {"name": "y"}}),
        ),
        (
            &shop,
            "/api/v1/flows".to_owned(),
            json!({"action": "sell", "by": ENTERPRISE_A, "codes": ["(01)06901234500011(21)A1"]}),
        ),
        (
            &shop,
            "/api/v1/flows/batch".to_owned(),
            json!({"flows": [{"action": "sell", "by": ENTERPRISE_A, "codes": ["(01)06901234500011(21)A1"]}]}),
        ),
    ] {
        let r = send(secret, &path, body).await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(problem["status"], 403, "{path}");
        assert!(
            problem["detail"].as_str().unwrap().contains(ENTERPRISE_A),
            "{path}: {problem}"
        );
    }
    assert_eq!(
        s.metrics_records().await,
        before,
        "a refused write changed the store"
    );

    // A shop records its own sale; the event names its account as the submitter.
    let r = send(
        &shop,
        "/api/v1/flows",
        json!({"action": "sell", "by": ENTERPRISE_B, "codes": ["(01)06901234500011(21)A1"]}),
    )
    .await
    .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
}

async fn accounts_are_checked_against_the_registry(s: Server) {
    let mut body = enterprise_body(ENTERPRISE_B);
    body["roles"] = json!(["seller"]);
    assert_eq!(
        s.post("/api/v1/enterprises", &body).await.status(),
        StatusCode::CREATED
    );
    for (account, field) in [
        (
            json!({"id": "x", "kind": "enterprise", "enterprise": ENTERPRISE_B, "rights": ["producer"]}),
            "rights",
        ),
        (
            json!({"id": "x", "kind": "enterprise", "enterprise": ENTERPRISE_A, "rights": ["seller"]}),
            "enterprise",
        ),
        (
            json!({"id": "x", "kind": "regulator", "jurisdiction": "350000", "categories": ["toys"]}),
            "categories[0]",
        ),
        (json!({"id": "X!", "kind": "admin"}), "id"),
    ] {
        let r = s.post("/api/v1/accounts", &account).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{account}");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(support::failed_fields(&problem), [field], "{account}");
    }
    let r = s
        .post(
            "/api/v1/accounts",
            &json!({"id": "bootstrap-admin", "kind": "admin"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = s.get("/api/v1/accounts/x").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_over_their_rate_get_429_with_retry_after_and_change_nothing() {
    let two = std::num::NonZeroU32::new(2);
    let s = Server::sqlite_with(|state| {
        state.with_rate_limits(yima_server::access::RateLimitSettings {
            per_key: two,
            per_address: two,
        })
    })
    .await;
    // Two a second with bursts of four: ten at once cannot all pass.
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let r = s.get("/api/v1/catalogue").await;
        statuses.push(r.status());
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry: u64 = r.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=2).contains(&retry), "{retry}");
            let problem: Value = r.json().await.unwrap();
            assert!(
                problem["detail"]
                    .as_str()
                    .unwrap()
                    .contains("without an API key"),
                "{problem}"
            );
        }
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // A key has its own allowance, whatever its address has used; over it, a write is
    // refused before it is looked at.
    let mut refused = 0;
    for i in 0..10 {
        let r = s
            .post("/api/v1/enterprises", &enterprise_body(ENTERPRISE_A))
            .await;
        match r.status() {
            StatusCode::TOO_MANY_REQUESTS => {
                refused += 1;
                let problem: Value = r.json().await.unwrap();
                assert!(
                    problem["detail"]
                        .as_str()
                        .unwrap()
                        .contains("API key bootstrap-admin")
                );
            }
            StatusCode::CREATED => assert_eq!(i, 0, "registered twice"),
            StatusCode::CONFLICT => {}
            other => panic!("{other}"),
        }
    }
    assert!(refused > 0);
}

async fn a_public_scan_never_shows_where_goods_went(s: Server) {
    Callers::open(&s).await;
    let (_, batch_id, gtin) = s.registered_batch(ENTERPRISE_C, "L9", 10).await;
    let unit = format!("(01){gtin}(21)P1");
    let r = s
        .post(
            &format!("/api/v1/batches/{batch_id}/codes"),
            &json!({"codes": [unit]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // Producer C ships the unit to shop B, which receives and sells it.
    for flow in [
        json!({"action": "ship", "by": ENTERPRISE_C, "codes": [unit], "to": ENTERPRISE_B, "document": "DA-77"}),
        json!({"action": "receive", "by": ENTERPRISE_B, "codes": [unit], "from": ENTERPRISE_C, "document": "DA-77"}),
        json!({"action": "sell", "by": ENTERPRISE_B, "codes": [unit]}),
    ] {
        let r = s.post("/api/v1/flows", &flow).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
    }
    let scan = s.resolve(&unit).await;
    let text = scan.to_string();
    assert_eq!(scan["verdict"], "registered", "{text}");
    for hidden in [ENTERPRISE_B, "DA-77"] {
        assert!(
            !text.contains(hidden),
            "the public scan shows {hidden}: {text}"
        );
    }
    // Nor do the events, to the public.
    let r = s.get("/epcis/events").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json::<Value>().await.unwrap()["type"],
        "epcisException:SecurityException"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_and_keyed_reads_are_in_the_audit_trail_as_ledger_records() {
    let s = Server::sqlite_with(|state| state.with_audit_trail().0).await;
    let callers = Callers::open(&s).await;
    let shop = callers.secret(Seller).to_owned();
    // A refused write, a keyed read and a public read.
    let r = s
        .client
        .post(s.url("/api/v1/products"))
        .bearer_auth(&shop)
        .json(&product_body(ENTERPRISE_A, None))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .client
        .get(s.url("/api/v1/accounts/shop-b?x=1"))
        .bearer_auth(&shop)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.get("/api/v1/catalogue").await.status(), StatusCode::OK);

    // The writer stores within a quarter of a second; wait for the shop's entries.
    let mine = |secret: String| {
        let s = &s;
        async move {
            let r = s
                .client
                .get(s.url("/api/v1/audit"))
                .bearer_auth(secret)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Vec<Value>>().await.unwrap()
        }
    };
    let mut entries = Vec::new();
    for _ in 0..40 {
        entries = mine(shop.clone()).await;
        if entries
            .iter()
            .any(|e| e["route"] == "/api/v1/accounts/{id}")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let refused = entries
        .iter()
        .find(|e| e["route"] == "/api/v1/products")
        .expect("the refused write");
    assert_eq!(refused["status"], 403);
    assert_eq!(refused["method"], "POST");
    assert_eq!(refused["account"], "shop-b");
    assert_eq!(refused["address"], "127.0.0.1");
    let read = entries
        .iter()
        .find(|e| e["route"] == "/api/v1/accounts/{id}")
        .expect("the keyed read");
    assert_eq!(read["target"], "/api/v1/accounts/shop-b?x=1");
    assert!(
        entries.iter().all(|e| e["account"] == "shop-b"),
        "{entries:?}"
    );
    assert!(entries.iter().all(|e| e["route"] != "/api/v1/catalogue"));
    // An account reads only its own; the administrator everyone's.
    let r = s
        .client
        .get(s.url("/api/v1/audit?account=bootstrap-admin"))
        .bearer_auth(&shop)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let all = mine(s.token().to_owned()).await;
    assert!(all.iter().any(|e| e["account"] == "bootstrap-admin"
        && e["route"] == "/api/v1/enterprises"
        && e["status"] == 201));
    // Each entry is in a ledger record whose commitment the store can recompute.
    let record: yima_domain::RecordRef = refused["record"].as_str().unwrap().parse().unwrap();
    let canonical = yima_store::canonical_record(s.store.as_ref(), &record)
        .await
        .unwrap()
        .expect("the batch is stored")
        .unwrap();
    let text = String::from_utf8(canonical).unwrap();
    assert!(
        text.contains("\"kind\":\"audit\"") && text.contains("shop-b"),
        "{text}"
    );
}

async fn people_log_in_write_with_their_csrf_token_log_out_and_are_locked_out_after_failures(
    s: Server,
) {
    let callers = Callers::open(&s).await;
    let shop = callers.secret(Seller).to_owned();
    let password = "正确的马电池订书钉 correct";
    // The shop sets its own password with its key; too short a one is refused by field.
    let set = |body: Value| {
        s.client
            .post(s.url("/api/v1/accounts/shop-b/password"))
            .bearer_auth(shop.clone())
            .json(&body)
            .send()
    };
    let r = set(json!({"password": "short"})).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        support::failed_fields(&r.json().await.unwrap()),
        ["password"]
    );
    assert_eq!(
        set(json!({"password": password})).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );

    let log_in = |account: &str, password: &str| {
        s.client
            .post(s.url("/api/v1/session"))
            .json(&json!({"account": account, "password": password}))
            .send()
    };
    let r = log_in("shop-b", password).await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let session = cookie.split(';').next().unwrap().to_owned();
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // Requests made with the session's cookie, with or without its CSRF token.
    let as_session =
        |method: Method, path: &'static str, csrf: Option<&str>, body: Option<&Value>| {
            let mut request = s
                .client
                .request(method, s.url(path))
                .header("cookie", session.clone());
            if let Some(csrf) = csrf {
                request = request.header("x-csrf-token", csrf.to_owned());
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            async move { request.send().await.unwrap() }
        };

    // The session reads as the shop; a write needs the CSRF token as well.
    let r = as_session(Method::GET, "/api/v1/accounts/shop-b", None, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let sale = json!({"action": "sell", "by": ENTERPRISE_B, "codes": ["(01)06901234500011(21)Z1"]});
    let r = as_session(Method::POST, "/api/v1/flows", None, Some(&sale)).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("x-csrf-token"));
    let wrong = "0".repeat(64);
    let r = as_session(Method::POST, "/api/v1/flows", Some(&wrong), Some(&sale)).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = as_session(Method::POST, "/api/v1/flows", Some(&csrf), Some(&sale)).await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );

    // Logged out, the cookie is no one's: the public, refused where a key is needed.
    let r = as_session(Method::DELETE, "/api/v1/session", Some(&csrf), None).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let r = as_session(Method::GET, "/api/v1/accounts/shop-b", None, None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Wrong passwords and unknown accounts get the same answer; five failures lock the
    // account, even against the right password, with a Retry-After.
    let r = log_in("no-such-account", password).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let unknown = r.json::<Value>().await.unwrap()["detail"].clone();
    // So do ids no account can have (empty, with a NUL), which are not stored as failures.
    for impossible in ["", "shop\u{0}b", "SHOP-B"] {
        let r = log_in(impossible, password).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{impossible:?}");
        assert_eq!(r.json::<Value>().await.unwrap()["detail"], unknown);
    }
    for _ in 0..5 {
        let r = log_in("shop-b", "not the password at all").await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.json::<Value>().await.unwrap()["detail"], unknown);
    }
    let r = log_in("shop-b", password).await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((800..=900).contains(&retry), "{retry}");
    assert!(r.text().await.unwrap().contains("locked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance() {
    let s = Server::sqlite_with(|state| {
        state
            .with_trusted_proxies(vec!["127.0.0.1".parse().unwrap()])
            .with_rate_limits(yima_server::access::RateLimitSettings {
                per_key: None,
                per_address: std::num::NonZeroU32::new(1),
            })
    })
    .await;
    let from = |client: &'static str| {
        s.client
            .get(s.url("/api/v1/catalogue"))
            .header("x-forwarded-for", client)
            .send()
    };
    // One a second with bursts of two: the third at once is refused, naming the client.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(from("198.51.100.7").await.unwrap().status());
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let r = from("198.51.100.7").await.unwrap();
    assert!(r.text().await.unwrap().contains("198.51.100.7"));
    // Another client behind the same proxy is not held to the first one's count.
    assert_eq!(from("203.0.113.9").await.unwrap().status(), StatusCode::OK);
}
