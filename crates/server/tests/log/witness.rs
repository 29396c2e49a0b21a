//! Witnessing: a minimal c2sp.org/tlog-witness witness that the server asks for
//! cosignatures, and witnesses that post theirs.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use yima_ledger::{
    Checkpoint, Cosigner, Hash, NoteVerifier, TlogProof, add_cosignature, empty_root, open_note,
    verify_consistency,
};
use yima_server::witness::{WitnessPolicy, spawn_witnessing};

use super::support::Server;
use super::{Engine, checkpoint, log_key, one_more, proven, registered, text};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A witness of one log: it keeps the size and root it cosigned last, checks each new
/// checkpoint's signature and consistency with them, and cosigns it.
struct TestWitness {
    log: NoteVerifier,
    cosigner: Cosigner,
    latest: Mutex<(u64, Hash)>,
    conflicts: AtomicUsize,
    cosigned: AtomicUsize,
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (status, why.to_owned()).into_response()
}

async fn add_checkpoint(State(w): State<Arc<TestWitness>>, body: String) -> Response {
    let Some((head, note)) = body.split_once("\n\n") else {
        return refuse(StatusCode::BAD_REQUEST, "no empty line");
    };
    let mut lines = head.split('\n');
    let Some(old) = lines
        .next()
        .and_then(|l| l.strip_prefix("old "))
        .and_then(|n| n.parse::<u64>().ok())
    else {
        return refuse(StatusCode::BAD_REQUEST, "no old line");
    };
    let proof: Option<Vec<Hash>> = lines
        .map(|l| STANDARD.decode(l).ok().and_then(|b| Hash::try_from(b).ok()))
        .collect();
    let Some(proof) = proof else {
        return refuse(StatusCode::BAD_REQUEST, "a proof line is not a hash");
    };
    let Ok(checkpoint) = Checkpoint::open(note, &w.log) else {
        return refuse(StatusCode::FORBIDDEN, "not signed by the log");
    };
    let mut latest = w.latest.lock().unwrap();
    if old != latest.0 {
        w.conflicts.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::CONFLICT,
            [(header::CONTENT_TYPE, "text/x.tlog.size")],
            format!("{}\n", latest.0),
        )
            .into_response();
    }
    if checkpoint.size < old {
        return refuse(StatusCode::BAD_REQUEST, "older than old");
    }
    if verify_consistency(old, checkpoint.size, &latest.1, &checkpoint.root, &proof).is_err() {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "inconsistent");
    }
    *latest = (checkpoint.size, checkpoint.root);
    w.cosigned.fetch_add(1, Ordering::SeqCst);
    let line = w.cosigner.cosign(&checkpoint.to_body(), now()).unwrap();
    (StatusCode::OK, format!("{line}\n")).into_response()
}

/// Waits until the served checkpoint is at least `size` and carries `witness`'s cosignature.
async fn cosigned_at_least(s: &Server, witness: &Cosigner, size: u64) -> String {
    for _ in 0..500 {
        let (c, note) = checkpoint(s).await;
        if c.size >= size && open_note(&note, &[witness.verifier()]).is_ok() {
            return note;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no cosignature of a checkpoint of size {size} or more");
}

/// Checks that the proof of `reference` carries a quorum of one of `witness`.
async fn witnessed_proof(s: &Server, reference: &str, witness: &Cosigner) {
    let v = proven(s, reference).await;
    let entry = hex::decode(v["evidence"]["entry"].as_str().unwrap()).unwrap();
    TlogProof::parse(v["proof"].as_str().unwrap())
        .unwrap()
        .verify_witnessed(&entry, &log_key(s).await, &[witness.verifier()], 1)
        .unwrap();
}

pub async fn asked(engine: Engine) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let a = Cosigner::new("witness-a.example", &[1; 32]).unwrap();
    let policy =
        WitnessPolicy::parse(&format!("witness a {} {url}/\nquorum 1\n", a.verifier())).unwrap();
    let s = engine
        .server_with(|state| state.with_witnesses(policy.clone()))
        .await;
    let key = log_key(&s).await;
    assert_eq!(
        text(&s, "/log/witnesses").await,
        format!("log {key}\nwitness a {} {url}\nquorum 1\n", a.verifier())
    );
    let witness = Arc::new(TestWitness {
        log: key.clone(),
        cosigner: a.clone(),
        latest: Mutex::new((0, empty_root())),
        conflicts: AtomicUsize::new(0),
        cosigned: AtomicUsize::new(0),
    });
    let app = axum::Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .with_state(witness.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });

    registered(&s, "91350100M000100Y43", "L1").await;
    let (first, _) = checkpoint(&s).await;
    // The witness saw the log at this size elsewhere: the server, which has no cosignature
    // of it, first asks from size 0 and is told the size.
    *witness.latest.lock().unwrap() = (first.size, first.root);
    let second = one_more(&s, "91310230MA1K314J7C").await;
    assert!(second.size > first.size);

    let body = text(
        &s,
        &format!("/log/witness/add-checkpoint?old={}", first.size),
    )
    .await;
    let (head, note) = body.split_once("\n\n").unwrap();
    let mut lines = head.lines();
    assert_eq!(lines.next(), Some(format!("old {}", first.size).as_str()));
    let proof: Vec<Hash> = lines
        .map(|l| Hash::try_from(STANDARD.decode(l).unwrap()).unwrap())
        .collect();
    assert_eq!(Checkpoint::open(note, &key).unwrap(), second);
    verify_consistency(first.size, second.size, &first.root, &second.root, &proof).unwrap();
    for query in ["", "?old=x", &format!("?old={}", second.size + 1)] {
        let r = s.get(&format!("/log/witness/add-checkpoint{query}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
    }

    let witnessing = spawn_witnessing(s.state.clone(), Arc::new(policy)).unwrap();
    let note = cosigned_at_least(&s, &a, second.size).await;
    assert_eq!(witness.conflicts.load(Ordering::SeqCst), 1);
    assert_eq!(
        witness.latest.lock().unwrap().0,
        Checkpoint::open(&note, &key).unwrap().size
    );
    let stored = s.state.store.cosignatures(second.size).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].key_name, "witness-a.example");
    assert!(note.ends_with(&format!("{}\n", stored[0].line)));

    // A newer checkpoint is sent from the size cosigned last, with no conflict.
    let third = one_more(&s, "91350100M00020001J").await;
    cosigned_at_least(&s, &a, third.size).await;
    assert_eq!(witness.conflicts.load(Ordering::SeqCst), 1);
    assert!(witness.cosigned.load(Ordering::SeqCst) >= 2);
    witnessed_proof(&s, "enterprise:91350100M00020001J", &a).await;
    witnessing.stop();
}

async fn post_note(s: &Server, note: &str) -> (StatusCode, Value) {
    let r = s
        .client
        .post(s.url("/log/cosignatures"))
        .header("content-type", "text/plain")
        .body(note.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status();
    if status != StatusCode::OK {
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
    (status, r.json().await.unwrap())
}

pub async fn posted(engine: Engine) {
    let b = Cosigner::new("witness-b.example", &[2; 32]).unwrap();
    let stranger = Cosigner::new("witness-c.example", &[3; 32]).unwrap();
    let policy = WitnessPolicy::parse(&format!("witness b {}\nquorum 1\n", b.verifier())).unwrap();
    let s = engine
        .server_with(|state| state.with_witnesses(policy))
        .await;
    let (_, batch) = registered(&s, "91350100M000100Y43", "L1").await;
    let (c, note) = checkpoint(&s).await;
    let at = now();

    let unknown = add_cosignature(&note, &stranger, at).unwrap();
    let (status, problem) = post_note(&s, &unknown).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("no signature line is by a witness"),
        "{problem}"
    );
    assert!(s.state.store.cosignatures(c.size).await.unwrap().is_empty());
    assert_eq!(checkpoint(&s).await.1, note);

    let body = c.to_body();
    let forged = format!("{note}{}\n", b.cosign("another text\n", at).unwrap());
    let mut other = c.clone();
    other.root = [7; 32];
    let other_body = other.to_body();
    let fork = format!("{other_body}\n{}\n", b.cosign(&other_body, at).unwrap());
    let mut ahead = c.clone();
    ahead.size += 1000;
    let ahead_body = ahead.to_body();
    let ahead = format!("{ahead_body}\n{}\n", b.cosign(&ahead_body, at).unwrap());
    for (note, status, why) in [
        (forged.as_str(), StatusCode::BAD_REQUEST, "does not verify"),
        (&fork, StatusCode::BAD_REQUEST, "not this log's checkpoint"),
        (&ahead, StatusCode::NOT_FOUND, "no checkpoint of size"),
        ("hello", StatusCode::BAD_REQUEST, "not a signed note"),
        (
            &format!("{body}\n"),
            StatusCode::BAD_REQUEST,
            "no blank line followed by",
        ),
        (
            "a\n\n— x AAAAAAA=\n",
            StatusCode::BAD_REQUEST,
            "not a checkpoint",
        ),
    ] {
        let (got, problem) = post_note(&s, note).await;
        assert_eq!(got, status, "{note}: {problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains(why),
            "{note}: {problem}"
        );
    }
    assert!(s.state.store.cosignatures(c.size).await.unwrap().is_empty());

    let cosigned = add_cosignature(&note, &b, at).unwrap();
    let (status, accepted) = post_note(&s, &cosigned).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted, serde_json::json!({"verified": 1, "new": 1}));
    // Stranger lines beside it are ignored; the same cosignature again is not new.
    let both = add_cosignature(&cosigned, &stranger, at).unwrap();
    let (_, accepted) = post_note(&s, &both).await;
    assert_eq!(accepted, serde_json::json!({"verified": 1, "new": 0}));
    assert_eq!(checkpoint(&s).await.1, cosigned);
    witnessed_proof(&s, &format!("batch:{batch}"), &b).await;
}
