//! The log through real HTTP on a real port, on both engines: what a monitor reads (key,
//! checkpoint, tiles), what a record's holder verifies offline (evidence and proof), and
//! what witnesses do (cosign on request, or post their cosignatures).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;
#[path = "log/witness.rs"]
mod witness;

use std::collections::HashMap;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Server, enterprise_body};
use yima_domain::{LeafEntry, RecordEvidence};
use yima_ledger::{
    Checkpoint, Hash, NoteVerifier, TileError, TileId, TileKind, TileSource, TlogProof, empty_root,
    leaf_hash, new_tiles, parse_bundle, root, root_from_tiles,
};
use yima_server::AppState;

/// The engine a test's server runs on; tests that configure the server start it themselves.
#[derive(Clone, Copy)]
enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    async fn server(self) -> Server {
        self.server_with(|state| state).await
    }

    async fn server_with(self, configure: impl FnOnce(AppState) -> AppState) -> Server {
        match self {
            Engine::Sqlite => Server::sqlite_with(configure).await,
            Engine::Postgres => Server::postgres_with(configure).await,
        }
    }
}

/// Runs each listed async test once per engine, as `sqlite::<name>` and `postgres::<name>`.
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(super::Engine::Sqlite).await } )* }
        mod postgres { $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(super::Engine::Postgres).await } )* }
    };
}

on_both_engines!(
    monitors_rebuild_the_tree_from_tiles_and_bundles,
    malformed_and_missing_tiles_are_refused,
    an_empty_log_serves_the_empty_tree,
    evidence_verifies_offline,
    evidence_refuses_bad_and_unknown_references,
    witnesses_are_asked_and_cosignatures_served,
    posted_cosignatures_are_verified_before_they_are_stored,
);

/// Reads `path` and checks it is text/plain.
async fn text(s: &Server, path: &str) -> String {
    let r = s.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    assert_eq!(
        r.headers()["content-type"],
        "text/plain; charset=utf-8",
        "{path}"
    );
    r.text().await.unwrap()
}

async fn log_key(s: &Server) -> NoteVerifier {
    let key = text(s, "/log/key").await;
    assert!(key.ends_with('\n') && key.lines().count() == 1, "{key:?}");
    NoteVerifier::parse(key.trim_end()).unwrap()
}

/// The latest checkpoint, opened with the log's key; the note as served.
async fn checkpoint(s: &Server) -> (Checkpoint, String) {
    let r = s.get("/log/checkpoint").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let note = r.text().await.unwrap();
    (Checkpoint::open(&note, &log_key(s).await).unwrap(), note)
}

async fn get_authorized(s: &Server, path: &str) -> reqwest::Response {
    s.client
        .get(s.url(path))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap()
}

/// A record's evidence once a checkpoint covers it.
async fn proven(s: &Server, reference: &str) -> Value {
    let path = format!("/api/v1/ledger/records/{reference}");
    for _ in 0..500 {
        let r = get_authorized(s, &path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let v: Value = r.json().await.unwrap();
        if !v["proof"].is_null() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no checkpoint came to cover {reference}");
}

/// Registers an enterprise, a product and a batch, and waits until the batch is proven.
async fn registered(s: &Server, credit_code: &str, lot: &str) -> (String, String) {
    let (product, batch, _) = s.registered_batch(credit_code, lot, 10).await;
    proven(s, &format!("batch:{batch}")).await;
    (product, batch)
}

/// Hash tiles fetched over HTTP, for the ledger's tile algorithms.
struct Fetched(HashMap<(u8, u64), Vec<Hash>>);

impl TileSource for Fetched {
    fn tile(&self, level: u8, index: u64, width: u16) -> Result<Vec<Hash>, TileError> {
        self.0
            .get(&(level, index))
            .filter(|hashes| hashes.len() == usize::from(width))
            .cloned()
            .ok_or(TileError::Unavailable {
                level,
                index,
                width,
                reason: "not fetched".to_owned(),
            })
    }
}

fn hashes(bytes: &[u8]) -> Vec<Hash> {
    assert_eq!(bytes.len() % 32, 0);
    bytes
        .chunks(32)
        .map(|c| Hash::try_from(c).unwrap())
        .collect()
}

async fn monitors_rebuild_the_tree_from_tiles_and_bundles(engine: Engine) {
    let s = engine.server().await;
    registered(&s, "91350100M000100Y43", "L1").await;
    let (c, note) = checkpoint(&s).await;
    assert!(c.size >= 4, "{note}"); // the issuing key, enterprise, product, batch
    assert_eq!(c.origin, log_key(&s).await.name());

    let mut entries: Vec<Vec<u8>> = Vec::new();
    let mut tiles = HashMap::new();
    for id in new_tiles(0, c.size) {
        let r = s.get(&format!("/log/{}", id.path())).await;
        assert_eq!(r.status(), StatusCode::OK, "{id}");
        assert_eq!(r.headers()["content-type"], "application/octet-stream");
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let bytes = r.bytes().await.unwrap();
        match id.kind() {
            TileKind::Entries => {
                let bundle = parse_bundle(&bytes).unwrap();
                assert_eq!(bundle.len(), usize::from(id.width()));
                entries.extend(bundle.into_iter().map(<[u8]>::to_vec));
            }
            TileKind::Hashes { level } => {
                let tile = hashes(&bytes);
                assert_eq!(tile.len(), usize::from(id.width()));
                tiles.insert((level, id.index()), tile);
            }
        }
    }
    assert_eq!(entries.len() as u64, c.size);
    for entry in &entries {
        LeafEntry::decode(entry).unwrap();
    }
    let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    assert_eq!(root(&leaves), c.root, "the entries make the signed root");
    assert_eq!(
        tiles.get(&(0, 0)).map(|t| &t[..]),
        Some(&leaves[..leaves.len().min(256)]),
        "level 0 holds the leaf hashes"
    );
    assert_eq!(root_from_tiles(c.size, &Fetched(tiles)).unwrap(), c.root);
}

async fn malformed_and_missing_tiles_are_refused(engine: Engine) {
    let s = engine.server().await;
    registered(&s, "91350100M000100Y43", "L1").await;
    let (c, _) = checkpoint(&s).await;
    assert!(c.size < 255);
    for (path, reason) in [
        ("0/1", "index"),
        ("0/x000/001", "index"),
        ("entries/000.p/0", "width"),
        ("entries/000.p/256", "width"),
        ("64/000", "level"),
        ("0/000/", "index"),
        ("widgets/000", "level"),
    ] {
        let r = s.get(&format!("/log/tile/{path}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let p: Value = r.json().await.unwrap();
        let detail = p["detail"].as_str().unwrap();
        assert!(
            detail.contains("not canonical") && detail.contains(reason),
            "{path}: {p}"
        );
    }
    for id in [
        TileId::hashes(0, 1000, 256).unwrap(),
        TileId::hashes(0, 0, 255).unwrap(),
        TileId::hashes(1, 0, 1).unwrap(),
        TileId::entries(0, 256).unwrap(),
        TileId::entries(0, u16::try_from(c.size).unwrap() + 1).unwrap(),
    ] {
        let r = s.get(&format!("/log/{}", id.path())).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{id}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
}

/// A server whose log has no leaf: its issuing keys are registered in another store, so
/// nothing is ever integrated.
async fn an_empty_log_serves_the_empty_tree(engine: Engine) {
    let data = tempfile::tempdir().unwrap();
    let (_keys_dir, keys_store) = yima_store::testing::sqlite().await.unwrap();
    let (_dir, store) = match engine {
        Engine::Sqlite => {
            let (dir, store) = yima_store::testing::sqlite().await.unwrap();
            (Some(dir), store)
        }
        Engine::Postgres => (None, yima_store::testing::postgres().await.unwrap()),
    };
    let keys = yima_server::keys::ensure_issuing_keys(keys_store.as_ref(), data.path())
        .await
        .unwrap();
    let log_key =
        yima_server::log_key::ensure_log_key(store.as_ref(), data.path(), &Default::default())
            .await
            .unwrap();
    let (ledger, _sequencer) =
        yima_server::sequencer::start(store.clone(), log_key, Default::default())
            .await
            .unwrap();
    let state = AppState::new(
        store,
        yima_domain::Catalogue::builtin().unwrap(),
        keys,
        ledger,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(yima_server::serve(listener, state, std::future::pending()));
    let get = |path: &str| reqwest::get(format!("{base}{path}"));

    let key = NoteVerifier::parse(
        get("/log/key")
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .trim_end(),
    )
    .unwrap();
    let note = get("/log/checkpoint").await.unwrap().text().await.unwrap();
    let c = Checkpoint::open(&note, &key).unwrap();
    assert_eq!((c.size, c.root), (0, empty_root()));
    // Signed on the fly, and the same every time.
    assert_eq!(
        get("/log/checkpoint").await.unwrap().text().await.unwrap(),
        note
    );
    let body = get("/log/witness/add-checkpoint?old=0").await.unwrap();
    assert_eq!(body.status(), StatusCode::OK);
    assert_eq!(body.text().await.unwrap(), format!("old 0\n\n{note}"));
    assert_eq!(
        get("/log/witness/add-checkpoint?old=1")
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );
    for path in ["/log/tile/0/000.p/1", "/log/tile/entries/000.p/1"] {
        assert_eq!(get(path).await.unwrap().status(), StatusCode::NOT_FOUND);
    }
}

/// Checks the evidence of `reference` offline: the commitment, then the proof under the key.
fn verify(v: &Value, reference: &str, key: &NoteVerifier) -> (RecordEvidence, Checkpoint) {
    let evidence: RecordEvidence = serde_json::from_value(v["evidence"].clone()).unwrap();
    assert_eq!(evidence.record_ref, reference);
    evidence.verify_commitment().unwrap();
    let proof = TlogProof::parse(v["proof"].as_str().unwrap()).unwrap();
    assert_eq!(Some(proof.index), v["index"].as_u64());
    let checkpoint = proof.verify(&evidence.entry_bytes().unwrap(), key).unwrap();
    (evidence, checkpoint)
}

async fn evidence_verifies_offline(engine: Engine) {
    let s = engine.server().await;
    let (product, batch) = registered(&s, "91350100M000100Y43", "L1").await;
    let r = s
        .post(
            &format!("/api/v1/batches/{batch}/codes"),
            &json!({"serials": ["S1", "S2"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .post(
            &format!("/api/v1/batches/{batch}/issuances"),
            &json!({"count": 3}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let issuance: Value = r.json().await.unwrap();
    let (key_id, number) = (issuance["key_id"].clone(), issuance["number"].clone());
    let key = log_key(&s).await;

    let registration = format!("unit_registration:{batch}/1");
    for reference in [
        "enterprise:91350100M000100Y43".to_owned(),
        format!("product:{product}"),
        format!("batch:{batch}"),
        registration.clone(),
        format!("code_issuance:{key_id}/{number}"),
        format!("issuing_key:{key_id}"),
    ] {
        let v = proven(&s, &reference).await;
        let (evidence, checkpoint) = verify(&v, &reference, &key);
        assert!(checkpoint.size > v["index"].as_u64().unwrap());
        assert_eq!(evidence.kind.as_str(), reference.split(':').next().unwrap());
    }
    let batch_record = proven(&s, &format!("batch:{batch}")).await;
    assert_eq!(batch_record["evidence"]["record"]["lot"], "L1");
    assert_eq!(batch_record["evidence"]["record"]["id"], batch.as_str());
    // The slash of a reference may be sent escaped too.
    let escaped = registration.replace('/', "%2F");
    let r = get_authorized(&s, &format!("/api/v1/ledger/records/{escaped}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    verify(&r.json().await.unwrap(), &registration, &key);
}

async fn evidence_refuses_bad_and_unknown_references(engine: Engine) {
    let s = engine.server().await;
    let (_, batch) = registered(&s, "91350100M000100Y43", "L1").await;
    let path = format!("/api/v1/ledger/records/batch:{batch}");
    assert_eq!(s.get(&path).await.status(), StatusCode::UNAUTHORIZED);
    for (reference, status) in [
        (
            "batch:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b",
            StatusCode::NOT_FOUND,
        ),
        ("enterprise:91310230MA1K314J7C", StatusCode::NOT_FOUND),
        (
            "unit_registration:0195a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b/1",
            StatusCode::NOT_FOUND,
        ),
        ("code_issuance:1/999", StatusCode::NOT_FOUND),
        (
            "batch:0195A2B3-C4D5-7E6F-8A9B-0C1D2E3F4A5B",
            StatusCode::BAD_REQUEST,
        ),
        ("widget:1", StatusCode::BAD_REQUEST),
        ("batch", StatusCode::BAD_REQUEST),
        ("unit_registration:x/01", StatusCode::BAD_REQUEST),
    ] {
        let r = get_authorized(&s, &format!("/api/v1/ledger/records/{reference}")).await;
        assert_eq!(r.status(), status, "{reference}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
}

async fn witnesses_are_asked_and_cosignatures_served(engine: Engine) {
    witness::asked(engine).await;
}

async fn posted_cosignatures_are_verified_before_they_are_stored(engine: Engine) {
    witness::posted(engine).await;
}

/// Registers one more enterprise and waits for a checkpoint to cover it.
async fn one_more(s: &Server, credit_code: &str) -> Checkpoint {
    let r = s
        .post("/api/v1/enterprises", &enterprise_body(credit_code))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    proven(s, &format!("enterprise:{credit_code}")).await;
    checkpoint(s).await.0
}
