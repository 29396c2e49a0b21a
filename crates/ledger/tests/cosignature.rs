//! Cosignatures (c2sp.org/tlog-cosignature, Ed25519 type 0x04): the spec's example line and
//! the vectors of transparency-dev/formats note/note_cosigv1_test.go, and the properties of
//! producing and verifying them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use yima_ledger::{
    Checkpoint, Cosigner, KeyType, NoteError, NoteSigner, NoteVerifier, SignatureLine,
    add_cosignature, cosigned_message, key_id, leaf_hash, open_note,
};

#[test]
fn verifier_keys_of_both_types_parse_with_their_key_ids() {
    // Type 0x04, from TestCoSigV1NewVerifier: the key ID is computed with the cosignature type.
    let remora = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";
    let v = NoteVerifier::parse(remora).unwrap();
    assert_eq!(v.key_type(), KeyType::CosignatureV1);
    assert_eq!(v.key_id(), 0xda77ade7);
    assert_eq!(
        key_id("remora.n621.de", KeyType::CosignatureV1, &v.public_key()),
        0xda77ade7
    );
    assert_ne!(
        key_id("remora.n621.de", KeyType::Ed25519, &v.public_key()),
        0xda77ade7
    );
    assert_eq!(v.to_string(), remora);
    // Type 0x01 whose base64 holds a '+'.
    let plus = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";
    let v = NoteVerifier::parse(plus).unwrap();
    assert_eq!((v.name(), v.key_type()), ("TEST", KeyType::Ed25519));
    assert_eq!(v.to_string(), plus);
}

#[test]
fn timestamps_of_known_cosignature_lines() {
    // The witness line of the spec's example; its message shows "time 1679315147".
    let spec = SignatureLine::parse(
        "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==",
    )
    .unwrap();
    assert_eq!(spec.name, "witness.example.com/w1");
    assert_eq!(spec.cosignature_timestamp(), Some(1679315147));
    // TestCosignatureTimestamp of transparency-dev/formats.
    let formats = SignatureLine::parse(
        "— w ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==",
    )
    .unwrap();
    assert_eq!(formats.key_id, 0x646846b9);
    assert_eq!(formats.cosignature_timestamp(), Some(1727964367));
    // A plain Ed25519 signature has no timestamp.
    let plain = SignatureLine::parse(
        "— w eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=",
    )
    .unwrap();
    assert_eq!(plain.cosignature_timestamp(), None);
}

#[test]
fn the_cosigned_message_is_the_spec_example() {
    let body =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    assert_eq!(
        cosigned_message(body, 1679315147).unwrap(),
        "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    );
    assert_eq!(
        cosigned_message(body, 1 << 63),
        Err(NoteError::TimestampTooLarge { timestamp: 1 << 63 })
    );
}

fn log() -> NoteSigner {
    NoteSigner::new("example.com/log", &[1; 32]).unwrap()
}

fn checkpoint_note() -> (Checkpoint, String) {
    let c = Checkpoint::new("example.com/log", 10, leaf_hash(b"root"));
    let note = c.sign(&log()).unwrap();
    (c, note)
}

#[test]
fn a_witness_cosigns_a_checkpoint() {
    let (c, note) = checkpoint_note();
    let witness = Cosigner::new("witness.example/w1", &[2; 32]).unwrap();
    assert_eq!(witness.verifier().key_type(), KeyType::CosignatureV1);
    assert_eq!(
        NoteVerifier::parse(&witness.verifier().to_string()).unwrap(),
        witness.verifier()
    );
    let cosigned = add_cosignature(&note, &witness, 1_700_000_000).unwrap();
    assert!(cosigned.starts_with(&note));

    // The log's key opens it as before, the witness line kept unverified.
    assert_eq!(Checkpoint::open(&cosigned, &log().verifier()).unwrap(), c);
    let opened = open_note(&cosigned, &[log().verifier()]).unwrap();
    assert_eq!(opened.unverified.len(), 1);
    assert_eq!(
        opened.unverified[0].cosignature_timestamp(),
        Some(1_700_000_000)
    );

    // With both keys, both verify, the cosignature with its time.
    let opened = open_note(&cosigned, &[log().verifier(), witness.verifier()]).unwrap();
    assert_eq!(opened.verified.len(), 2);
    assert_eq!(opened.verified[1].name, "witness.example/w1");
    assert_eq!(opened.verified[1].timestamp, Some(1_700_000_000));
    assert_eq!(opened.verified[0].timestamp, None);

    // The witness alone is enough for open_note (the caller decides what it needs).
    open_note(&cosigned, &[witness.verifier()]).unwrap();
}

#[test]
fn a_changed_time_or_body_breaks_the_cosignature() {
    let (_, note) = checkpoint_note();
    let witness = Cosigner::new("witness.example/w1", &[2; 32]).unwrap();
    let line = witness
        .cosign(&note[..note.find("\n\n").unwrap() + 1], 5)
        .unwrap();
    let mut later = line.clone();
    later.payload[7] = 6;
    let forged = format!("{note}{later}\n");
    assert!(matches!(
        open_note(&forged, &[witness.verifier()]),
        Err(NoteError::BadSignature { .. })
    ));
    let cosigned = format!("{note}{line}\n");
    open_note(&cosigned, &[witness.verifier()]).unwrap();
    let altered = cosigned.replacen("\n10\n", "\n11\n", 1);
    assert!(matches!(
        open_note(&altered, &[witness.verifier()]),
        Err(NoteError::BadSignature { .. })
    ));
    assert_eq!(
        witness.cosign("a\n", i64::MAX as u64 + 1),
        Err(NoteError::TimestampTooLarge {
            timestamp: i64::MAX as u64 + 1
        })
    );
}

#[test]
fn a_cosignature_and_a_plain_signature_do_not_pass_for_each_other() {
    let seed = [9; 32];
    let plain = NoteSigner::new("w", &seed).unwrap();
    let cosigner = Cosigner::new("w", &seed).unwrap();
    // Same key and name, different type byte: different key IDs, so each line is simply
    // unknown to the other verifier.
    assert_ne!(plain.key_id(), cosigner.key_id());
    let (_, note) = checkpoint_note();
    let cosigned = add_cosignature(&note, &cosigner, 1).unwrap();
    assert_eq!(
        open_note(&cosigned, &[plain.verifier()]),
        Err(NoteError::NoVerifiedSignature)
    );
    // A signer key string of type 0x04, with its right key ID, cannot make a note signer.
    use base64::Engine;
    let mut raw = vec![0x04];
    raw.extend_from_slice(&seed);
    let key = format!(
        "PRIVATE+KEY+w+{:08x}+{}",
        cosigner.key_id(),
        base64::engine::general_purpose::STANDARD.encode(raw)
    );
    assert_eq!(
        NoteSigner::from_key_string(&key).unwrap_err(),
        NoteError::MalformedKey {
            reason: "a note signer key has type Ed25519 (0x01)"
        }
    );
}

/// No published vector pairs a cosigner key with its signature, so this one was computed
/// apart from this crate — pyca/cryptography 48 (OpenSSL's Ed25519), the key ID, message and
/// payload built by hand from the spec — for seed [2; 32] over the spec's example checkpoint
/// at the spec's example time. Ed25519 is deterministic, so the bytes must match.
#[test]
fn a_cosignature_matches_one_made_by_another_implementation() {
    let witness = Cosigner::new("witness.example/w1", &[2; 32]).unwrap();
    assert_eq!(
        witness.verifier().to_string(),
        "witness.example/w1+df1c0a35+BIE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU"
    );
    let body =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    assert_eq!(
        witness.cosign(body, 1679315147).unwrap().to_string(),
        "— witness.example/w1 3xwKNQAAAABkGFDLUwBLV8e4tjvb6qEHiNTQjDZIX+7tvd038taw9A7W/cQ7ZhSah0uJMOI6CTPez5qwHtE49MrkWhU349mtYmi3Dw=="
    );
}
