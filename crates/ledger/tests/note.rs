//! Signed notes against the known answers of golang.org/x/mod/sumdb/note (note.go's package
//! example and note_test.go): the PeterNeumann and EnochRoot keys and signatures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_ledger::{
    KeyType, NoteError, NoteSigner, NoteVerifier, SignatureLine, VerifiedSignature, key_id,
    open_note, sign_note,
};

const PETER_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                    then you don't know what your problem is.\n";
const PETER_SIG: &str = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

fn peter() -> NoteVerifier {
    NoteVerifier::parse(PETER_VKEY).unwrap()
}

fn enoch() -> NoteVerifier {
    NoteVerifier::parse(ENOCH_VKEY).unwrap()
}

#[test]
fn signing_reproduces_the_go_example_byte_for_byte() {
    let signer = NoteSigner::from_key_string(PETER_SKEY).unwrap();
    assert_eq!(signer.name(), "PeterNeumann");
    assert_eq!(signer.key_id(), 0xc74f20a3);
    assert_eq!(signer.to_key_string(), PETER_SKEY);
    assert_eq!(signer.verifier().to_string(), PETER_VKEY);
    assert_eq!(signer.verifier(), peter());
    let note = sign_note(TEXT, &[signer]).unwrap();
    assert_eq!(note, format!("{TEXT}\n{PETER_SIG}"));
}

#[test]
fn a_signer_from_the_seed_is_the_signer_from_the_key_string() {
    let from_string = NoteSigner::from_key_string(PETER_SKEY).unwrap();
    // The seed is the key string's base64 payload after the type byte.
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD
        .decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
        .unwrap();
    let seed: [u8; 32] = raw[1..].try_into().unwrap();
    let signer = NoteSigner::new("PeterNeumann", &seed).unwrap();
    assert_eq!(signer.to_key_string(), from_string.to_key_string());
    let shown = format!("{signer:?}");
    assert!(shown.contains("PeterNeumann") && shown.contains("c74f20a3"));
    for secret in [
        "AYEKFALVFGyNhPJEMzD1QIDr",
        &hex::encode(seed),
        &format!("{seed:?}"),
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[test]
fn key_ids_follow_the_spec() {
    let v = peter();
    assert_eq!(
        key_id("PeterNeumann", KeyType::Ed25519, &v.public_key()),
        0xc74f20a3
    );
    assert_eq!(v.key_type(), KeyType::Ed25519);
}

#[test]
fn opening_keeps_unknown_signatures_unverified() {
    let note = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    let opened = open_note(&note, &[peter()]).unwrap();
    assert_eq!(opened.text, TEXT);
    assert_eq!(
        opened.verified,
        vec![VerifiedSignature {
            name: "PeterNeumann".into(),
            key_id: 0xc74f20a3,
            timestamp: None
        }]
    );
    assert_eq!(opened.unverified.len(), 1);
    assert_eq!(opened.unverified[0].name, "EnochRoot");
    assert_eq!(opened.unverified[0].key_id, 0xaf0cfe78);
    assert_eq!(
        format!("{}\n", opened.unverified[0]),
        ENOCH_SIG,
        "an unverified line is kept as it was"
    );

    let both = open_note(&note, &[peter(), enoch()]).unwrap();
    assert_eq!(both.verified.len(), 2);
    assert!(both.unverified.is_empty());

    assert_eq!(open_note(&note, &[]), Err(NoteError::NoVerifiedSignature));
}

#[test]
fn a_known_key_with_a_bad_signature_rejects_the_note() {
    let bad = format!("{TEXT}\n{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    assert_eq!(
        open_note(&bad, &[peter()]),
        Err(NoteError::BadSignature {
            name: "PeterNeumann".into(),
            key_id: "c74f20a3".into()
        })
    );
    let altered = format!("{TEXT}\n{PETER_SIG}").replace("cryptography", "cryptographY");
    assert!(matches!(
        open_note(&altered, &[peter()]),
        Err(NoteError::BadSignature { .. })
    ));
    // Repeated lines of a verified key count once; repeated unknown lines are kept once.
    let repeated = format!("{TEXT}\n{PETER_SIG}{PETER_SIG}{ENOCH_SIG}{ENOCH_SIG}");
    let opened = open_note(&repeated, &[peter()]).unwrap();
    assert_eq!(opened.verified.len(), 1);
    assert_eq!(opened.unverified.len(), 1);
}

#[test]
fn listing_a_verifier_twice_is_not_ambiguous() {
    let note = format!("{TEXT}\n{ENOCH_SIG}");
    open_note(&note, &[enoch(), peter(), enoch()]).unwrap();
}

#[test]
fn malformed_notes_are_refused() {
    let bad_notes = [
        TEXT.to_string(),
        format!("{TEXT}\n"),
        format!("{TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]),
        format!("\x01{TEXT}\n{PETER_SIG}"),
        format!(
            "{TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        ),
        format!("{TEXT}\n{PETER_SIG}Unexpected line.\n"),
        format!(
            "{TEXT}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        ),
        format!("{TEXT}\n— PeterNeumann eDA4Z28=\n"),
        format!("{TEXT}\n— PeterNeumann x08g\n"),
        format!("{TEXT}\n{}", PETER_SIG.repeat(101)),
    ];
    for note in bad_notes {
        assert!(open_note(&note, &[peter()]).is_err(), "{note:?}");
    }
    assert!(matches!(
        open_note(&format!("{TEXT}\n{}", PETER_SIG.repeat(101)), &[peter()]),
        Err(NoteError::TooManySignatures { count: 101, .. })
    ));
    // A text may hold blank lines: the signatures follow the last one.
    let signer = NoteSigner::from_key_string(PETER_SKEY).unwrap();
    let note = sign_note("a\n\nb\n\n", std::slice::from_ref(&signer)).unwrap();
    assert_eq!(open_note(&note, &[peter()]).unwrap().text, "a\n\nb\n\n");
}

#[test]
fn sign_refuses_bad_text_and_names() {
    let signer = NoteSigner::from_key_string(PETER_SKEY).unwrap();
    assert_eq!(
        sign_note("abc", std::slice::from_ref(&signer)),
        Err(NoteError::TextNotNewlineTerminated)
    );
    assert_eq!(
        sign_note("", std::slice::from_ref(&signer)),
        Err(NoteError::TextNotNewlineTerminated)
    );
    assert!(matches!(
        sign_note("a\tb\n", std::slice::from_ref(&signer)),
        Err(NoteError::ControlCharacter { code: 9, offset: 1 })
    ));
    assert_eq!(sign_note(TEXT, &[]), Err(NoteError::NoSigners));
    for name in ["", "a+b", "a b", "a\u{3000}b"] {
        assert!(matches!(
            NoteSigner::new(name, &[1; 32]),
            Err(NoteError::InvalidName { .. })
        ));
    }
}

#[test]
fn every_mangled_verifier_key_is_refused() {
    let b = PETER_VKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i == 0 && j == b.len() {
                continue;
            }
            if let Ok(s) = std::str::from_utf8(&b[i..j]) {
                assert!(NoteVerifier::parse(s).is_err(), "{s}");
            }
        }
    }
    let mut m = b.to_vec();
    for i in 0..m.len() {
        m[i] = m[i].wrapping_add(1);
        if let Ok(s) = std::str::from_utf8(&m) {
            assert!(NoteVerifier::parse(s).is_err(), "{s}");
        }
        m[i] = m[i].wrapping_sub(1);
    }
    // Wrong key length and unknown type, each with a key ID adjusted to match.
    assert!(
        NoteVerifier::parse(
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="
        )
        .is_err()
    );
    assert!(
        NoteVerifier::parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
            .is_err()
    );
    // Upper-case hex is not the canonical form.
    assert!(
        NoteVerifier::parse("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
            .is_err()
    );
}

#[test]
fn every_mangled_signer_key_is_refused() {
    let b = PETER_SKEY.as_bytes();
    let mut m = b.to_vec();
    for i in 0..m.len() {
        m[i] = m[i].wrapping_add(1);
        if let Ok(s) = std::str::from_utf8(&m) {
            assert!(NoteSigner::from_key_string(s).is_err(), "{s}");
        }
        m[i] = m[i].wrapping_sub(1);
    }
    for j in 1..b.len() {
        assert!(
            NoteSigner::from_key_string(std::str::from_utf8(&b[..j]).unwrap()).is_err(),
            "{j}"
        );
    }
}

#[test]
fn signature_lines_round_trip() {
    let line = SignatureLine {
        name: "example.com/log".into(),
        key_id: 0x01020304,
        payload: vec![9; 64],
    };
    let text = line.to_string();
    assert!(text.starts_with("\u{2014} example.com/log AQIDBA"));
    let note = format!("{TEXT}\n{text}\n{PETER_SIG}");
    let opened = open_note(&note, &[peter()]).unwrap();
    assert_eq!(opened.unverified, vec![line]);
}

#[test]
fn lines_of_other_signature_types_are_kept_unverified() {
    // A post-quantum cosignature is thousands of bytes: kept, not verified, not refused.
    let big = SignatureLine {
        name: "witness.example".into(),
        key_id: 0x0badf00d,
        payload: vec![1; 8 + 2420],
    };
    let note = format!("{TEXT}\n{PETER_SIG}{big}\n");
    let opened = open_note(&note, &[peter()]).unwrap();
    assert_eq!(opened.unverified, vec![big]);
    // A known key's line with a payload of the wrong length is a bad signature, not unknown.
    let short = SignatureLine {
        name: "PeterNeumann".into(),
        key_id: 0xc74f20a3,
        payload: vec![1; 63],
    };
    assert!(matches!(
        open_note(&format!("{TEXT}\n{short}\n"), &[peter()]),
        Err(NoteError::BadSignature { .. })
    ));
}
