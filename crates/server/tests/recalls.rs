//! Recall notices and stock over real HTTP, on both engines: who may open a recall, the scan
//! of a recalled batch, holders' acknowledgements and who sees them, an enterprise's stock,
//! and the scan of a unit whose history shows an anomaly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Server, enterprise_body, failed_fields};

on_both_engines!(
    a_recall_is_opened_scanned_acknowledged_and_scoped,
    stock_is_what_was_received_less_what_went_on,
    a_unit_sold_by_one_who_never_held_it_scans_as_suspect,
);

const PRODUCER: &str = "91350100M000100Y43";
const SHOP: &str = "91310230MA1K314J7C";
/// The GTIN and lot `Server::registered_batch` registers.
const GTIN: &str = "06901234500011";
const LOT: &str = "L250301";

impl Server {
    /// Registers the producer with its batch, and the shop.
    async fn producer_and_shop(&self) -> String {
        let (_, batch, _) = self.registered_batch(PRODUCER, LOT, 100).await;
        let mut shop = enterprise_body(SHOP);
        shop["name"] = json!("浦东电料专卖店");
        shop["region"] = json!("310115");
        shop["roles"] = json!(["seller"]);
        assert_eq!(
            self.post("/api/v1/enterprises", &shop).await.status(),
            StatusCode::CREATED
        );
        batch
    }

    async fn recorded(&self, flow: Value) {
        let r = self.post("/api/v1/flows", &flow).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
    }

    /// 30 of the batch shipped to the shop and received there, and 10 sold.
    async fn shop_stocked(&self) {
        for flow in [
            json!({"action": "ship", "by": PRODUCER, "to": SHOP, "gtin": GTIN, "lot": LOT, "quantity": 30}),
            json!({"action": "receive", "by": SHOP, "from": PRODUCER, "gtin": GTIN, "lot": LOT, "quantity": 30}),
            json!({"action": "sell", "by": SHOP, "gtin": GTIN, "lot": LOT, "quantity": 10}),
        ] {
            self.recorded(flow).await;
        }
    }
}

fn recall(gtin: &str, lot: &str) -> Value {
    json!({"batches": [{"gtin": gtin, "lot": lot}], "reason": "绝缘电阻不合格，存在触电风险"})
}

async fn a_recall_is_opened_scanned_acknowledged_and_scoped(s: Server) {
    s.producer_and_shop().await;
    s.shop_stocked().await;
    let national = s
        .account_key(&json!({"id": "samr", "kind": "regulator", "jurisdiction": "national"}))
        .await;
    let guangdong = s
        .account_key(&json!({"id": "gd-samr", "kind": "regulator", "jurisdiction": "440000"}))
        .await;
    let shop = s
        .account_key(
            &json!({"id": "shop", "kind": "enterprise", "enterprise": SHOP, "rights": ["seller"]}),
        )
        .await;
    let lot_code = format!("(01){GTIN}(10){LOT}");
    assert_eq!(s.resolve(&lot_code).await["verdict"], "registered");

    // A regulator elsewhere, a shop and an unknown batch are refused, and nothing is opened.
    let r = s
        .post_as(&guangdong, "/api/v1/recalls", &recall(GTIN, LOT))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .post_as(&shop, "/api/v1/recalls", &recall(GTIN, LOT))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .post_as(&national, "/api/v1/recalls", &recall(GTIN, "NOSUCH"))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(failed_fields(&r.json().await.unwrap()), ["batches[0]"]);
    let r = s
        .post_as(
            &national,
            "/api/v1/recalls",
            &json!({"batches": [], "reason": " "}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        failed_fields(&r.json().await.unwrap()),
        ["batches", "reason"]
    );
    let listed: Value = s.get("/api/v1/recalls").await.json().await.unwrap();
    assert_eq!(listed["recalls"], json!([]));

    // The national regulator opens it; the scan says so at once.
    let r = s
        .post_as(&national, "/api/v1/recalls", &recall(GTIN, LOT))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let opened: Value = r.json().await.unwrap();
    let id = opened["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/recalls/{id}"));
    assert_eq!(opened["opened_by"], "samr");
    assert!(opened["ledger"]["leaf_id"].is_string());
    let scanned = s.resolve(&lot_code).await;
    assert_eq!(scanned["verdict"], "recalled", "{scanned}");
    assert_eq!(scanned["recalls"][0]["id"], id.as_str());
    assert_eq!(
        scanned["recalls"][0]["reason"],
        "绝缘电阻不合格，存在触电风险"
    );
    let listed: Value = s.get("/api/v1/recalls").await.json().await.unwrap();
    assert_eq!(listed["recalls"][0]["id"], id.as_str());

    // The shop acknowledges, once.
    let acknowledgements = format!("/api/v1/recalls/{id}/acknowledgements");
    let r = s
        .post_as(&shop, &acknowledgements, &json!({"note": "已下架"}))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let r = s.post_as(&shop, &acknowledgements, &json!({})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = s
        .post_as(&shop, &acknowledgements, &json!({"enterprise": PRODUCER}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // An unknown notice, or an enterprise nobody registered, is not found.
    let unknown = "/api/v1/recalls/0190f0f0-0000-7000-8000-000000000000/acknowledgements";
    assert_eq!(
        s.post_as(&shop, unknown, &json!({})).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = s
        .post(
            &acknowledgements,
            &json!({"enterprise": "91440300MA5F00001A"}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "{}",
        r.text().await.unwrap()
    );

    // Who sees the acknowledgements: regulators all, the shop its own, the public none.
    let path = format!("/api/v1/recalls/{id}");
    let public: Value = s.get(&path).await.json().await.unwrap();
    assert_eq!(public["notice"]["id"], id.as_str());
    assert_eq!(public["acknowledgements"], json!([]));
    for secret in [&national, &shop] {
        let seen: Value = s.get_as(secret, &path).await.json().await.unwrap();
        assert_eq!(seen["acknowledgements"][0]["enterprise"], SHOP);
        assert_eq!(seen["acknowledgements"][0]["note"], "已下架");
    }

    // The dashboard's page of the recall: the shop in the scope, holding 20, acknowledged.
    let page = s
        .get_as(&national, &format!("/dashboard/recalls/{id}"))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let scope = html.split("id=\"scope\"").nth(1).unwrap();
    assert!(scope.contains("浦东电料专卖店"), "{html}");
    // Each holder's row: the shop's with the time it acknowledged, the producer's pending.
    let acknowledged = html.split("id=\"acknowledgements\"").nth(1).unwrap();
    let row = |name: &str| {
        acknowledged
            .split("<tr>")
            .find(|row| row.contains(name))
            .unwrap_or_else(|| panic!("no row for {name}: {acknowledged}"))
            .to_owned()
    };
    assert!(!row("浦东电料专卖店").contains("未确认"), "{acknowledged}");
    assert!(
        row("闽江电线电缆有限公司").contains("未确认"),
        "{acknowledged}"
    );
}

async fn stock_is_what_was_received_less_what_went_on(s: Server) {
    s.producer_and_shop().await;
    let shop = s
        .account_key(
            &json!({"id": "shop", "kind": "enterprise", "enterprise": SHOP, "rights": ["seller"]}),
        )
        .await;
    let path = format!("/api/v1/enterprises/{SHOP}/stock");
    let empty: Value = s.get_as(&shop, &path).await.json().await.unwrap();
    assert_eq!(empty["lines"], json!([]));
    s.shop_stocked().await;
    let stock: Value = s.get_as(&shop, &path).await.json().await.unwrap();
    let line = &stock["lines"][0];
    let amount = |field: &str| line[field].as_f64().unwrap();
    assert_eq!(
        (
            amount("received"),
            amount("sold_to_consumers"),
            amount("held")
        ),
        (30.0, 10.0, 20.0),
        "{stock}"
    );
    // The producer's own stock: 100 made, 30 shipped.
    let made: Value = s
        .get_as(s.token(), &format!("/api/v1/enterprises/{PRODUCER}/stock"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(made["lines"][0]["shipped"].as_f64(), Some(30.0), "{made}");
    // Another enterprise's stock is not the shop's to read; the public's even less.
    let r = s
        .get_as(&shop, &format!("/api/v1/enterprises/{PRODUCER}/stock"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(s.get(&path).await.status(), StatusCode::UNAUTHORIZED);
}

async fn a_unit_sold_by_one_who_never_held_it_scans_as_suspect(s: Server) {
    let batch = s.producer_and_shop().await;
    let r = s
        .post(
            &format!("/api/v1/batches/{batch}/codes"),
            &json!({"serials": ["S1", "S2"]}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let unit = |serial: &str| format!("(01){GTIN}(10){LOT}(21){serial}");
    assert_eq!(s.resolve(&unit("S1")).await["verdict"], "registered");
    s.recorded(json!({"action": "sell", "by": SHOP, "codes": [unit("S1")]}))
        .await;
    let scanned = s.resolve(&unit("S1")).await;
    assert_eq!(scanned["verdict"], "suspect", "{scanned}");
    assert!(
        scanned["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("anomaly"))
    );
    assert_eq!(s.resolve(&unit("S2")).await["verdict"], "registered");
}
