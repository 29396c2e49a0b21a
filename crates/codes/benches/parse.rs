//! Parse throughput on one core (this thread only): GS1 element strings in both forms, Digital
//! Link URIs, and `Scan::parse` on scanner data, each against a same-run baseline that only
//! touches the same bytes (split on the separator, test each byte with
//! `u8::is_ascii_digit`). Every input carries a GTIN, an expiry date, a lot and a serial, and
//! every one is different, as a production line's codes are.
//!
//! `cargo bench -p yima-codes --bench parse`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use yima_codes::Scan;
use yima_codes::gs1::{DigitalLink, ElementString, GS, check_digit};

/// Distinct inputs per workload.
const INPUTS: usize = 10_000;
/// Timed runs per measurement; the median is reported.
const RUNS: usize = 7;
/// Least time one run takes (the inputs are gone through as often as needed).
const RUN_TIME: Duration = Duration::from_millis(300);

struct Code {
    gtin: String,
    expiry: String,
    lot: String,
    serial: String,
}

/// Deterministic, distinct codes: a Chinese GTIN-13 as GTIN-14, a date, a lot, a serial.
fn codes() -> Vec<Code> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..INPUTS)
        .map(|i| {
            let body = format!("069{:010}", next() % 10_000_000_000);
            let gtin = format!("{body}{}", check_digit(&body).unwrap());
            let expiry = format!("{:02}{:02}{:02}", 25 + i % 5, 1 + i % 12, 1 + i % 28);
            let lot = format!("L{:06}", i / 100);
            let serial = format!("{:016X}", next());
            Code {
                gtin,
                expiry,
                lot,
                serial,
            }
        })
        .collect()
}

/// Parses per second of `f` over `inputs`, median of `RUNS` runs.
fn rate(inputs: &[String], f: impl Fn(&str) -> usize) -> f64 {
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let mut parsed = 0usize;
            let mut sink = 0usize;
            while started.elapsed() < RUN_TIME {
                for input in inputs {
                    sink = sink.wrapping_add(f(black_box(input)));
                }
                parsed += inputs.len();
            }
            black_box(sink);
            parsed as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[RUNS / 2]
}

/// The cost of touching the bytes: split on `separator`, test every byte for a digit.
fn touch(separator: char) -> impl Fn(&str) -> usize {
    move |s: &str| {
        s.split(separator)
            .map(|part| part.bytes().filter(u8::is_ascii_digit).count())
            .sum()
    }
}

/// One row of BENCHMARKS.md's table: `target` is issue 3's, per core.
fn row(
    what: &str,
    target: &str,
    inputs: &[String],
    parse: impl Fn(&str) -> usize,
    separator: char,
) {
    // Every input must parse, or the figure would time error paths.
    for input in inputs {
        assert!(parse(input) > 0, "{input:?} did not parse");
    }
    let ours = rate(inputs, parse);
    let baseline = rate(inputs, touch(separator));
    println!(
        "| {what}, one core | {target} | {ours:.0} /s | split on {}, `is_ascii_digit` on every byte: {baseline:.0} /s | {:.3} |",
        if separator == GS {
            "GS".to_owned()
        } else {
            format!("`{separator}`")
        },
        ours / baseline
    );
}

fn main() {
    let codes = codes();
    let unbracketed: Vec<String> = codes
        .iter()
        .map(|c| format!("01{}17{}10{}{GS}21{}", c.gtin, c.expiry, c.lot, c.serial))
        .collect();
    let bracketed: Vec<String> = codes
        .iter()
        .map(|c| {
            format!(
                "(01){}(17){}(10){}(21){}",
                c.gtin, c.expiry, c.lot, c.serial
            )
        })
        .collect();
    let uris: Vec<String> = codes
        .iter()
        .map(|c| {
            format!(
                "https://id.gs1.org/01/{}/10/{}/21/{}?17={}",
                c.gtin, c.lot, c.serial, c.expiry
            )
        })
        .collect();
    let scans: Vec<String> = unbracketed.iter().map(|s| format!("]d2{s}")).collect();

    eprintln!(
        "code parsing: one core, {INPUTS} distinct inputs (GTIN + expiry + lot + serial), median of {RUNS} runs"
    );
    row(
        "parse GS1 element strings, GS-separated (`ElementString::parse_unbracketed`)",
        "≥ 2,000,000 /s",
        &unbracketed,
        |s| ElementString::parse_unbracketed(s).map_or(0, |e| e.elements().len()),
        GS,
    );
    row(
        "parse GS1 element strings, bracketed (`ElementString::parse_bracketed`)",
        "≥ 2,000,000 /s",
        &bracketed,
        |s| ElementString::parse_bracketed(s).map_or(0, |e| e.elements().len()),
        '(',
    );
    row(
        "parse GS1 Digital Link URIs (`DigitalLink::parse`)",
        "—",
        &uris,
        |s| DigitalLink::parse(s).map_or(0, |d| d.elements.elements().len()),
        '/',
    );
    row(
        "parse scanner data `]d2…` (`Scan::parse`, key included)",
        "—",
        &scans,
        |s| Scan::parse(s).map_or(0, |scan| scan.code.key().len()),
        GS,
    );
}
