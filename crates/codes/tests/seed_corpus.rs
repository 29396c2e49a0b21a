//! Every parser over the committed seed corpus (`tests/corpus/*.txt`, see its README): none may
//! panic, and every error must point inside its input. This catches panics in CI without a
//! fuzzer; the fuzz targets in `/fuzz` search further from the same kind of inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use yima_codes::ecode::{Ecode, EcodeTable};
use yima_codes::enterprise::{CreditCode, OrganisationCode};
use yima_codes::gs1::{DigitalLink, ElementString, Gs1Date, Gtin};
use yima_codes::licence::{CccCertificateNumber, LicenceNumber};
use yima_codes::schemes::Recognisers;
use yima_codes::{CodeError, Scan};

/// Decodes `\xHH`, `\u{H…}` and `\\`; anything else after a backslash is kept as it is.
fn decode(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let (c, used) = if let Some(hex) = tail.strip_prefix('x').and_then(|t| t.get(..2)) {
            (
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
                3,
            )
        } else if let Some(body) = tail.strip_prefix("u{").and_then(|t| t.split_once('}')) {
            let c = u32::from_str_radix(body.0, 16)
                .ok()
                .and_then(char::from_u32);
            (c, 3 + body.0.len())
        } else if tail.starts_with('\\') {
            (Some('\\'), 1)
        } else {
            (None, 0)
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[used..];
            }
            None => {
                out.push('\\');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut inputs = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if !line.starts_with('#') {
                inputs.push((format!("{name}:{}", n + 1), decode(line)));
            }
        }
    }
    inputs
}

fn in_bounds(at: &str, parser: &str, input: &str, result: Result<(), CodeError>) {
    if let Err(e) = result {
        let _ = e.to_string();
        if let Some(p) = e.position() {
            let len = input.chars().count();
            assert!(
                (1..=len + 1).contains(&p),
                "{at}: {parser} put position {p} outside 1..={} for {input:?}: {e}",
                len + 1
            );
        }
    }
}

/// Every parser of the crate on `input`.
fn run_all(at: &str, input: &str) {
    let check = |parser: &str, r: Result<(), CodeError>| in_bounds(at, parser, input, r);
    check("Scan::parse", Scan::parse(input).map(drop));
    check("bracketed", ElementString::parse_bracketed(input).map(drop));
    check(
        "unbracketed",
        ElementString::parse_unbracketed(input).map(drop),
    );
    check("DigitalLink", DigitalLink::parse(input).map(drop));
    check("Gtin", Gtin::parse(input).map(drop));
    check("Gs1Date", Gs1Date::parse(input).map(drop));
    check("CreditCode", CreditCode::parse(input).map(drop));
    check("OrganisationCode", OrganisationCode::parse(input).map(drop));
    check("CCC", CccCertificateNumber::parse(input).map(drop));
    check("licence", LicenceNumber::parse(input).map(drop));
    check("Ecode", Ecode::parse(input).map(drop));
    let _ = Recognisers::builtin().recognise(input);
    let _ = EcodeTable::from_toml(input);
    let _ = Recognisers::from_toml(input);
    if let Ok(scan) = Scan::parse(input) {
        let _ = (scan.code.key(), scan.code.parts(), scan.code.level());
        if let Some(uri) = scan.code.canonical_uri() {
            assert_eq!(
                Scan::parse(&uri).map(|s| s.code.key()),
                Ok(scan.code.key()),
                "{at}"
            );
        }
    }
}

#[test]
fn no_parser_panics_on_the_seed_corpus() {
    let inputs = corpus();
    assert!(
        inputs.len() > 150,
        "the corpus has only {} inputs",
        inputs.len()
    );
    assert!(inputs.iter().any(|(_, i)| i.is_empty()));
    assert!(inputs.iter().any(|(_, i)| i.contains('\u{1d}')));
    for (at, input) in &inputs {
        run_all(at, input);
        // The same input behind each symbology identifier, doubled, and cut short.
        for id in ["]C1", "]d2", "]Q1", "]E0", "]C0"] {
            run_all(at, &format!("{id}{input}"));
        }
        run_all(at, &input.repeat(2));
        let half: String = input.chars().take(input.chars().count() / 2).collect();
        run_all(at, &half);
    }
}

#[test]
fn escapes() {
    assert_eq!(decode(r"a\x1db"), "a\u{1d}b");
    assert_eq!(decode(r"\u{1F600}\\(\q\x"), "\u{1F600}\\(\\q\\x");
}
