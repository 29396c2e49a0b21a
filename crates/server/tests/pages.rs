//! The web pages over real HTTP, on both engines: the language a page is shown in, the scan
//! page's verdicts and its Digital Link paths, and where a page sends a reader it refuses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use serde_json::json;
use support::{Server, encode};

on_both_engines!(
    pages_speak_chinese_unless_asked_for_english,
    the_scan_page_gives_every_verdict_and_answers_digital_links,
    pages_refused_send_the_reader_to_log_in,
);

const PRODUCER: &str = "91350100M000100Y43";
const LOT: &str = "L250301";

/// A client that does not follow redirects, to see where it is sent.
fn unfollowing() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn lang_of(html: &str) -> &str {
    html.split("<html lang=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
}

fn verdict_of(html: &str) -> &str {
    html.split("data-verdict=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
}

async fn pages_speak_chinese_unless_asked_for_english(s: Server) {
    let home = s.get("/").await;
    assert_eq!(home.headers()["content-language"], "zh-CN");
    let csp = home.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let html = home.text().await.unwrap();
    assert_eq!(lang_of(&html), "zh-CN");
    assert!(html.contains("扫码查询产品"));

    let english = s
        .client
        .get(s.url("/"))
        .header(ACCEPT_LANGUAGE, "en-GB,en;q=0.9,zh;q=0.5")
        .send()
        .await
        .unwrap();
    let html = english.text().await.unwrap();
    assert_eq!(lang_of(&html), "en");
    assert!(html.contains("Check a product"));

    // The switch is remembered in a cookie, which beats the browser's preference.
    let switched = s.get("/?lang=en").await;
    let cookie = switched.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("yima_lang=en;"), "{cookie}");
    assert_eq!(lang_of(&switched.text().await.unwrap()), "en");
    let remembered = s
        .client
        .get(s.url("/login"))
        .header(ACCEPT_LANGUAGE, "zh-CN")
        .header(COOKIE, "yima_lang=en")
        .send()
        .await
        .unwrap();
    assert_eq!(lang_of(&remembered.text().await.unwrap()), "en");
}

async fn the_scan_page_gives_every_verdict_and_answers_digital_links(s: Server) {
    let (_, batch, gtin) = s.registered_batch(PRODUCER, LOT, 100).await;
    let r = s
        .post(
            &format!("/api/v1/batches/{batch}/codes"),
            &json!({"serials": ["A1"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let page = |code: String| {
        let s = &s;
        async move {
            let r = s.get(&format!("/scan?code={}", encode(&code))).await;
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) = page(format!("(01){gtin}(10){LOT}(21)A1")).await;
    assert_eq!((status, verdict_of(&html)), (StatusCode::OK, "registered"));
    assert!(
        html.contains("JY20250301"),
        "the inspection certificate: {html}"
    );
    assert!(html.contains("闽江电线电缆有限公司"));
    let (status, html) = page(format!("(01){gtin}(21)NEVER")).await;
    assert_eq!((status, verdict_of(&html)), (StatusCode::OK, "unknown"));
    let (status, html) = page("(01)06901234500012(21)A1".to_owned()).await;
    assert_eq!(
        (status, verdict_of(&html)),
        (StatusCode::BAD_REQUEST, "invalid"),
        "a wrong check digit"
    );
    // Without a code, the start page.
    let r = unfollowing().get(s.url("/scan")).send().await.unwrap();
    assert_eq!(r.headers()[LOCATION], "/");

    // The Digital Link path: the page for a browser, the resolve API for a client of JSON.
    let link = format!("/01/{gtin}/10/{LOT}/21/A1");
    let html = s.get(&link).await.text().await.unwrap();
    assert_eq!(verdict_of(&html), "registered");
    let r = unfollowing()
        .get(s.url(&link))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        to.starts_with("/api/v1/resolve?code=https%3A%2F%2Fid.gs1.org%2F01%2F"),
        "{to}"
    );
    let answer: serde_json::Value = s.get(&to).await.json().await.unwrap();
    assert_eq!(answer["verdict"], "registered");
}

async fn pages_refused_send_the_reader_to_log_in(s: Server) {
    let client = unfollowing();
    let r = client.get(s.url("/console/flows")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[LOCATION],
        "/login?why=needed&next=%2Fconsole%2Fflows"
    );
    // A regulator is no enterprise: the console is not its page.
    let regulator = s
        .account_key(&json!({"id": "samr", "kind": "regulator", "jurisdiction": "national"}))
        .await;
    let r = client
        .get(s.url("/console"))
        .bearer_auth(&regulator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[LOCATION], "/login?why=denied&next=%2Fconsole");
    let login = s
        .get("/login?why=denied&next=%2Fconsole")
        .await
        .text()
        .await
        .unwrap();
    assert!(login.contains("此页面需要其他账号登录"), "{login}");
    assert!(login.contains("data-then=\"/console\""));
    // Only this site's paths are followed after a login.
    let login = s
        .get("/login?next=https%3A%2F%2Fevil.example%2F")
        .await
        .text()
        .await
        .unwrap();
    assert!(login.contains("data-then=\"/start\""), "{login}");
    // The dashboard is the regulator's; an unknown recall is a page that says so.
    let r = client
        .get(s.url("/dashboard"))
        .bearer_auth(&regulator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = client
        .get(s.url("/dashboard/recalls/0190f0f0-0000-7000-8000-000000000000"))
        .bearer_auth(&regulator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("<html lang=\"zh-CN\">"));
    // `/start` sends each to its own pages.
    let r = client
        .get(s.url("/start"))
        .bearer_auth(&regulator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[LOCATION], "/dashboard");
    let r = client.get(s.url("/start")).send().await.unwrap();
    assert_eq!(r.headers()[LOCATION], "/login");
}
