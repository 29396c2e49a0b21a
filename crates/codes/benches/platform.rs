//! Platform codes on one core: codes per second issued (formatted into a reused `String`, as
//! the CLI streams them) and parsed + verified, the median of several runs, against same-run
//! baselines over the same inputs: formatting as many `u64`s, the raw SipHash-2-4 the tag is
//! made of, and HMAC-SHA-256 with precomputed keyed state, the MAC it was chosen over.
//!
//! Targets of the issue: issue ≥ 5 M/s, verify ≥ 2 M/s per core.
//!
//! `cargo bench -p yima-codes --bench platform`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use siphasher::sip::SipHasher24;
use yima_codes::platform::{IssuingKey, PlatformCode};

const CODES: u64 = 1_000_000;
const RUNS: usize = 7;
const ISSUANCE: u64 = 20_250_803;
const KEY_ID: u16 = 3;
/// The CLI's output buffer: cleared when full, as if written out.
const BUFFER: usize = 1 << 20;

/// Runs `f` (which handles `CODES` codes) `RUNS` times after a warm-up; the median rate.
fn median_rate(mut f: impl FnMut()) -> f64 {
    f();
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            CODES as f64 / t.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[RUNS / 2]
}

/// One row of BENCHMARKS.md's table, against `baseline` (what, codes/s).
fn row(what: &str, target: &str, rate: f64, (baseline, base_rate): (&str, f64)) {
    println!(
        "| {what}, one core | {target} | {:.2} M/s | {baseline}: {:.2} M/s | {:.2} |",
        rate / 1e6,
        base_rate / 1e6,
        rate / base_rate
    );
}

/// The 10-byte message a version-1 tag is computed over, as `layout.rs` lays it out.
fn message(index: u64) -> [u8; 10] {
    let packed = (1u128 << 72)
        | (u128::from(KEY_ID) << 56)
        | (u128::from(ISSUANCE) << 24)
        | u128::from(index);
    let bytes = packed.to_be_bytes();
    bytes[6..].try_into().unwrap()
}

/// Appends a line to the buffer, "writing it out" when full.
fn flush_if_full(buffer: &mut String) {
    if buffer.len() > BUFFER - 64 {
        black_box(buffer.as_bytes());
        buffer.clear();
    }
}

fn main() {
    let secret: [u8; 32] = std::array::from_fn(|i| (i * 37 + 11) as u8);
    let key = IssuingKey::new(KEY_ID, &secret);
    let mut buffer = String::with_capacity(BUFFER);

    eprintln!("platform codes: one core, {CODES} codes per run, median of {RUNS}");

    let baseline_format = median_rate(|| {
        for i in 0..CODES {
            writeln!(buffer, "{}", black_box((ISSUANCE << 24) | i)).unwrap();
            flush_if_full(&mut buffer);
        }
    });

    let sip = SipHasher24::new_with_key(&[7; 16]);
    let baseline_sip = median_rate(|| {
        for i in 0..CODES {
            black_box(sip.hash(&message(black_box(i))) >> 24);
        }
    });
    let raw_sip = ("raw SipHash-2-4 over the same bits", baseline_sip);

    let keyed = Hmac::<Sha256>::new_from_slice(&secret).unwrap();
    let hmac = median_rate(|| {
        for i in 0..CODES {
            let mut mac = keyed.clone();
            mac.update(&message(black_box(i)));
            let out = mac.finalize().into_bytes();
            black_box(u64::from_be_bytes(out[..8].try_into().unwrap()) >> 24);
        }
    });
    row(
        "(comparison) HMAC-SHA-256 of platform-code fields, keyed state cloned",
        "—",
        hmac,
        raw_sip,
    );

    let issue_canonical = median_rate(|| {
        for code in PlatformCode::issue_range(&key, ISSUANCE, 0..CODES).unwrap() {
            buffer.push_str(code.canonical());
            buffer.push('\n');
            flush_if_full(&mut buffer);
        }
    });
    row(
        "issue platform codes (`issue_range`, canonical line into a buffer)",
        "≥ 5 M/s",
        issue_canonical,
        ("format a u64 per line", baseline_format),
    );

    let issue_printed = median_rate(|| {
        for code in PlatformCode::issue_range(&key, ISSUANCE, 0..CODES).unwrap() {
            code.write_printed(&mut buffer).unwrap();
            buffer.push('\n');
            flush_if_full(&mut buffer);
        }
    });
    row(
        "issue platform codes, printed (hyphenated)",
        "≥ 5 M/s",
        issue_printed,
        ("format a u64 per line", baseline_format),
    );

    // The inputs to verify, laid out like a file of lines: one allocation, outside the timing.
    let mut canonical = String::new();
    let mut printed = String::new();
    for code in PlatformCode::issue_range(&key, ISSUANCE, 0..CODES).unwrap() {
        writeln!(canonical, "{code}").unwrap();
        code.write_printed(&mut printed).unwrap();
        printed.push('\n');
    }

    let parse_only = median_rate(|| {
        for line in canonical.lines() {
            black_box(PlatformCode::parse(black_box(line)).unwrap());
        }
    });
    row(
        "parse platform codes (structure and check character), canonical",
        "—",
        parse_only,
        raw_sip,
    );

    let verify_canonical = median_rate(|| {
        for line in canonical.lines() {
            let code = PlatformCode::parse(black_box(line)).unwrap();
            code.verify(&key).unwrap();
        }
    });
    row(
        "parse + verify platform codes, canonical",
        "≥ 2 M/s",
        verify_canonical,
        raw_sip,
    );

    let verify_printed = median_rate(|| {
        for line in printed.lines() {
            let code = PlatformCode::parse(black_box(line)).unwrap();
            code.verify(&key).unwrap();
        }
    });
    row(
        "parse + verify platform codes, printed",
        "≥ 2 M/s",
        verify_printed,
        raw_sip,
    );
}
