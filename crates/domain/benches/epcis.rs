//! The per-event work of an EPCIS capture that needs no database, one core: reading a
//! document (every event checked), the CBV event hash ID, the text an event is stored and
//! served as, and sealing it as a ledger record. The same-run baseline is serde_json reading
//! the same document into a `Value` and dropping it.
//!
//! `cargo bench -p yima-domain --bench epcis` (events are the capture benchmark's shipments:
//! ten EPCs each, half EPC URNs and half Digital Links, with a read point, a source, a
//! destination and a business transaction).

#![allow(clippy::unwrap_used, clippy::expect_used)]

// The allocator the `yima` binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::Value;
use uuid::Uuid;
use yima_domain::epcis::sample::shipments;
use yima_domain::epcis::{CapturedEvent, event_hash_id, read_document};
use yima_domain::ledger::{EventRecord, seal};

const EVENTS: u64 = 1_000;
const ROUNDS: usize = 15;

/// The median of `ROUNDS` timings of `work`, in microseconds per event.
fn per_event(mut work: impl FnMut()) -> f64 {
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            work();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[ROUNDS / 2].as_secs_f64() * 1e6 / EVENTS as f64
}

fn main() {
    let bytes = shipments(0, EVENTS).into_bytes();
    let events: Vec<_> = read_document(&bytes)
        .unwrap()
        .events
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let captured: Vec<CapturedEvent> = events
        .iter()
        .map(|e| {
            let hash = event_hash_id(&e.to_json(), e.namespace_map()).unwrap();
            CapturedEvent::new(
                Uuid::now_v7(),
                hash.to_string(),
                e.clone(),
                chrono::Utc::now(),
                Some("bench".into()),
                Some(Uuid::now_v7()),
            )
        })
        .collect();
    let documents: Vec<String> = captured.iter().map(CapturedEvent::document).collect();

    let baseline = per_event(|| {
        black_box(serde_json::from_slice::<Value>(&bytes).unwrap());
    });
    let rows = [
        (
            "read a document, every event checked (`read_document`)",
            per_event(|| {
                black_box(read_document(&bytes).unwrap());
            }),
        ),
        (
            "event hash ID (`event_hash_id` of `Event::to_json`)",
            per_event(|| {
                for e in &events {
                    black_box(event_hash_id(&e.to_json(), e.namespace_map()).unwrap());
                }
            }),
        ),
        (
            "the served text (`CapturedEvent::document`)",
            per_event(|| {
                for c in &captured {
                    black_box(c.document());
                }
            }),
        ),
        (
            "seal as a ledger record (`seal` of `EventRecord`)",
            per_event(|| {
                for (c, d) in captured.iter().zip(&documents) {
                    let record = EventRecord {
                        captured: c,
                        document: d,
                    };
                    black_box(seal(&record, [7; 32]).unwrap());
                }
            }),
        ),
    ];
    eprintln!("EPCIS per-event work: one core, {EVENTS} events a document, median of {ROUNDS}");
    for (name, micros) in rows {
        println!(
            "| EPCIS capture's per-event work, one core: {name} | — | {micros:.2} µs an event | serde_json reads the document into a `Value`: {baseline:.2} µs | {:.2} |",
            micros / baseline
        );
    }
}
