//! Checkpoints: the known answers of golang.org/x/mod/sumdb/tlog note_test.go (FormatTree,
//! ParseTree) and the example of c2sp.org/tlog-checkpoint, and strict parsing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use yima_ledger::{
    Checkpoint, CheckpointError, NoteError, NoteSigner, leaf_hash, open_note, sign_note,
};

const GO_TREE: &str =
    "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n";

#[test]
fn the_go_tree_note_formats_and_parses() {
    let c = Checkpoint::new(
        "go.sum database tree",
        123456789012,
        leaf_hash(b"hello world"),
    );
    assert_eq!(c.to_body(), GO_TREE);
    assert_eq!(Checkpoint::parse(GO_TREE).unwrap(), c);
}

#[test]
fn the_spec_example_parses() {
    let body =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    let c = Checkpoint::parse(body).unwrap();
    assert_eq!(c.origin, "example.com/behind-the-sofa");
    assert_eq!(c.size, 20852163);
    assert_eq!(
        STANDARD.encode(c.root),
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
    );
    assert!(c.extensions.is_empty());
    assert_eq!(c.to_body(), body);
}

#[test]
fn extension_lines_round_trip() {
    let body = format!("{GO_TREE}ext one\nExtendo\n");
    let c = Checkpoint::parse(&body).unwrap();
    assert_eq!(c.extensions, vec!["ext one", "Extendo"]);
    assert_eq!(c.to_body(), body);
}

#[test]
fn strict_parsing() {
    let root = "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=";
    let cases: Vec<(String, CheckpointError)> = vec![
        (
            format!("o\n1\n{root}"),
            CheckpointError::NotNewlineTerminated,
        ),
        (format!("\n1\n{root}\n"), CheckpointError::EmptyOrigin),
        (
            "o\n1\n".into(),
            CheckpointError::MissingLine { line: "root hash" },
        ),
        (
            "o\n".into(),
            CheckpointError::MissingLine { line: "tree size" },
        ),
        (
            format!("o\n01\n{root}\n"),
            CheckpointError::InvalidSize { text: "01".into() },
        ),
        (
            format!("o\n+1\n{root}\n"),
            CheckpointError::InvalidSize { text: "+1".into() },
        ),
        (
            format!("o\n18446744073709551616\n{root}\n"),
            CheckpointError::InvalidSize {
                text: "18446744073709551616".into(),
            },
        ),
        (
            format!("o\n\n{root}\n"),
            CheckpointError::InvalidSize { text: "".into() },
        ),
        (
            "o\n1\nAAAA\n".into(),
            CheckpointError::InvalidRoot {
                text: "AAAA".into(),
            },
        ),
        (
            // Non-canonical trailing bits.
            "o\n1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb1=\n".into(),
            CheckpointError::InvalidRoot {
                text: "TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb1=".into(),
            },
        ),
        (
            format!("o\n1\n{root}\n\n"),
            CheckpointError::EmptyExtension { number: 1 },
        ),
        (
            format!("o\n1\n{root}\na\n\nb\n"),
            CheckpointError::EmptyExtension { number: 2 },
        ),
        (
            format!("o\r\n1\n{root}\n"),
            CheckpointError::Note(NoteError::ControlCharacter {
                code: 13,
                offset: 1,
            }),
        ),
    ];
    for (body, error) in cases {
        assert_eq!(Checkpoint::parse(&body), Err(error), "{body:?}");
    }
    assert_eq!(
        Checkpoint::parse(&format!("o\n0\n{root}\n")).unwrap().size,
        0
    );
    assert_eq!(
        Checkpoint::parse(&format!("o\n18446744073709551615\n{root}\n"))
            .unwrap()
            .size,
        u64::MAX
    );
}

#[test]
fn sign_and_open() {
    let signer = NoteSigner::new("example.com/log", &[3; 32]).unwrap();
    let mut c = Checkpoint::new("example.com/log", 5, leaf_hash(b"x"));
    let note = c.sign(&signer).unwrap();
    assert_eq!(Checkpoint::open(&note, &signer.verifier()).unwrap(), c);
    assert!(note.starts_with(&c.to_body()));

    // A witness line from an unknown key is ignored.
    let witness = NoteSigner::new("witness.example", &[4; 32]).unwrap();
    let both = sign_note(&c.to_body(), &[signer.clone(), witness]).unwrap();
    assert_eq!(Checkpoint::open(&both, &signer.verifier()).unwrap(), c);

    // The origin must be the log key's name.
    let other = NoteSigner::new("example.com/other", &[3; 32]).unwrap();
    let note = c.sign(&other).unwrap();
    assert_eq!(
        Checkpoint::open(&note, &other.verifier()),
        Err(CheckpointError::OriginMismatch {
            origin: "example.com/log".into(),
            key_name: "example.com/other".into()
        })
    );

    // A tampered size fails the signature.
    let note = c.sign(&signer).unwrap().replacen("\n5\n", "\n6\n", 1);
    assert!(matches!(
        Checkpoint::open(&note, &signer.verifier()),
        Err(CheckpointError::Note(NoteError::BadSignature { .. }))
    ));

    // Fields that would not parse back are refused before signing.
    c.extensions = vec![String::new()];
    assert_eq!(
        c.sign(&signer),
        Err(CheckpointError::EmptyExtension { number: 1 })
    );
    c.extensions = vec!["a\nb".into()];
    assert!(c.sign(&signer).is_err());
    c.extensions.clear();
    c.origin = String::new();
    assert_eq!(c.sign(&signer), Err(CheckpointError::EmptyOrigin));

    // The opened text is exactly the body.
    let c = Checkpoint::new("example.com/log", 0, [0; 32]);
    let note = c.sign(&signer).unwrap();
    assert_eq!(
        open_note(&note, &[signer.verifier()]).unwrap().text,
        c.to_body()
    );
}
