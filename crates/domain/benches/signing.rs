//! What signed submissions and the disclosure table cost per request and per event, one core:
//! checking a signature (the body's SHA-256, then Ed25519) against the same-run baseline of
//! the body's SHA-256 alone; and deciding and cutting what a viewer sees of an event against
//! the baseline of cloning the event.
//!
//! `cargo bench -p yima-domain --bench signing`

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::DateTime;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_domain::Principal;
use yima_domain::disclosure::{Involvement, Policy, Relations, event_parties, redact_event};
use yima_domain::epcis::read_document;
use yima_domain::epcis::sample::shipments;
use yima_domain::signing::sign_request;
use yima_domain::{Jurisdiction, SignedSubmission};

const ROUNDS: usize = 15;

/// The median of `ROUNDS` timings of `work` run `times` times, in microseconds per run.
fn per_run(times: u32, mut work: impl FnMut()) -> f64 {
    let mut timings: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..times {
                work();
            }
            t.elapsed()
        })
        .collect();
    timings.sort();
    timings[ROUNDS / 2].as_secs_f64() * 1e6 / f64::from(times)
}

fn main() {
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let public = key.verifying_key().to_bytes();
    eprintln!("signed submissions: checking a signature, µs per request (median of {ROUNDS})");
    for size in [1_024usize, 65_536, 1_048_576, 20 * 1_048_576] {
        let body: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let header = sign_request(
            &key,
            Uuid::nil(),
            "POST",
            "/api/v1/flows",
            1_700_000_000,
            &body,
        );
        let submission = SignedSubmission {
            id: Uuid::nil(),
            key_id: Uuid::nil(),
            enterprise: CreditCode::parse("91350100M000100Y43").unwrap(),
            method: "POST".into(),
            target: "/api/v1/flows".into(),
            signed_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            body: body.clone(),
            signature: header.signature,
            request_id: None,
            received_at: DateTime::from_timestamp(1_700_000_001, 0).unwrap(),
        };
        let times = if size > 1_048_576 { 3 } else { 50 };
        let hashing = per_run(times, || {
            black_box(Sha256::digest(black_box(&body)));
        });
        let verifying = per_run(times, || {
            black_box(submission.verify(black_box(&public))).unwrap();
        });
        println!(
            "| check a signed submission of {} KiB (the body's SHA-256, then Ed25519 `verify_strict`), one core | — | {verifying:.1} µs | the body's SHA-256 alone: {hashing:.1} µs | {:.2} |",
            size / 1_024,
            verifying / hashing
        );
    }

    let document = shipments(0, 1_000);
    let events: Vec<_> = read_document(document.as_bytes())
        .unwrap()
        .events
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let policy = Policy::default();
    let regulator = Principal::Regulator {
        jurisdiction: Jurisdiction::parse("350000").unwrap(),
        categories: Default::default(),
    };
    let region = yima_domain::RegionCode::parse("350104").unwrap();
    let count = events.len() as u32;
    let cloning = per_run(1, || {
        for event in &events {
            black_box(event.clone());
        }
    }) / f64::from(count);
    let disclosing = per_run(1, || {
        for event in &events {
            let (owner, parties) = event_parties(event);
            let involvement = Involvement {
                owner,
                parties,
                regions: vec![region.clone()],
                category: None,
            };
            let mut shown = event.clone();
            black_box(redact_event(
                &mut shown,
                &policy,
                &Relations::of(Some(&regulator), &involvement),
            ));
        }
    }) / f64::from(count);
    println!(
        "| decide what a regulator sees of an event (parties, relations, cut), {count} shipments, one core | — | {disclosing:.2} µs an event | clone the event: {cloning:.2} µs | {:.2} |",
        disclosing / cloning
    );
}
