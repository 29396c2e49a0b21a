#![allow(clippy::unwrap_used)]

use super::*;

const KEY_ID: &str = "0195a7e1-0f1e-7d2c-9b3a-495867a6b5c5";

fn secret() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[7; 32])
}

fn submission(header: &SignatureHeader, body: &[u8]) -> SignedSubmission {
    SignedSubmission {
        id: Uuid::nil(),
        key_id: header.key_id,
        enterprise: CreditCode::parse("91350100M000100Y43").unwrap(),
        method: "POST".into(),
        target: "/api/v1/flows?receipt=wait".into(),
        signed_at: DateTime::from_timestamp(header.signed_at, 0).unwrap(),
        body: body.to_vec(),
        signature: header.signature,
        request_id: None,
        received_at: DateTime::from_timestamp(header.signed_at + 1, 0).unwrap(),
    }
}

#[test]
fn the_message_is_five_lines() {
    let digest: [u8; 32] = Sha256::digest(b"{}").into();
    assert_eq!(
        String::from_utf8(signed_message(
            "post",
            "/api/v1/flows",
            1_700_000_000,
            &digest
        ))
        .unwrap(),
        "yima-signed-submission-v1\nPOST\n/api/v1/flows\n1700000000\n\
         44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    );
}

#[test]
fn a_signed_request_verifies_and_any_change_breaks_it() {
    let key_id = KEY_ID.parse().unwrap();
    let body = br#"{"action":"ship"}"#;
    let header = sign_request(
        &secret(),
        key_id,
        "POST",
        "/api/v1/flows?receipt=wait",
        1_700_000_000,
        body,
    );
    let public = secret().verifying_key().to_bytes();
    let signed = submission(&header, body);
    assert_eq!(signed.verify(&public), Ok(()));

    let mut other_body = signed.clone();
    other_body.body = br#"{"action":"sell"}"#.to_vec();
    let mut other_target = signed.clone();
    other_target.target = "/api/v1/flows".into();
    let mut other_time = signed.clone();
    other_time.signed_at += TimeDelta::seconds(1);
    let mut other_method = signed.clone();
    other_method.method = "PUT".into();
    for changed in [other_body, other_target, other_time, other_method] {
        assert_eq!(
            changed.verify(&public),
            Err(SignatureRefusal::DoesNotVerify(key_id))
        );
    }
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[8; 32])
        .verifying_key()
        .to_bytes();
    assert!(signed.verify(&stranger).is_err());
}

#[test]
fn the_clock_may_be_five_minutes_off() {
    let header = sign_request(&secret(), Uuid::nil(), "POST", "/", 1_700_000_000, b"");
    let signed = submission(&header, b"");
    let at = |s| DateTime::from_timestamp(s, 0).unwrap();
    assert!(signed.check_clock(at(1_700_000_300)).is_ok());
    assert!(signed.check_clock(at(1_699_999_700)).is_ok());
    assert!(matches!(
        signed.check_clock(at(1_700_000_301)),
        Err(SignatureRefusal::ClockSkew { .. })
    ));
}

#[test]
fn headers_round_trip_and_bad_ones_name_their_fault() {
    let header = sign_request(&secret(), KEY_ID.parse().unwrap(), "POST", "/", 5, b"x");
    assert_eq!(
        SignatureHeader::parse(&header.to_string()),
        Ok(header.clone())
    );
    let sig = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [1u8; 64]);
    let unquoted = format!("keyid={KEY_ID},created=5,signature={sig}");
    assert!(SignatureHeader::parse(&unquoted).is_ok());
    for (value, fault) in [
        (format!("keyid={KEY_ID}, created=5"), "signature is missing"),
        (format!("created=5, signature={sig}"), "keyid is missing"),
        (format!("keyid=x, created=5, signature={sig}"), "keyid"),
        (
            format!("keyid={KEY_ID}, created=-5, signature={sig}"),
            "created",
        ),
        (
            format!("keyid={KEY_ID}, created=+5, signature={sig}"),
            "created",
        ),
        (
            format!("keyid={KEY_ID}, created=5, signature=AAAA"),
            "64 bytes",
        ),
        (
            format!("keyid={KEY_ID}, created=5, created=6, signature={sig}"),
            "twice",
        ),
        (
            format!("keyid={KEY_ID}, created=5, signature={sig}, alg=x"),
            "alg",
        ),
        ("garbage".to_owned(), "name=value"),
    ] {
        let error = SignatureHeader::parse(&value).unwrap_err();
        assert!(error.contains(fault), "{value}: {error}");
    }
}

#[test]
fn public_keys_are_read_as_hex_or_base64_and_must_be_points() {
    let public = secret().verifying_key().to_bytes();
    assert_eq!(parse_public_key(&hex::encode(public)), Ok(public));
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, public);
    assert_eq!(parse_public_key(&b64), Ok(public));
    assert!(parse_public_key("abc!").unwrap_err().contains("base64"));
    assert!(parse_public_key("abcd").unwrap_err().contains("3 bytes"));
    assert!(parse_public_key(&hex::encode([0u8; 31])).is_err());
    // The identity point has small order.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert!(
        parse_public_key(&hex::encode(identity))
            .unwrap_err()
            .contains("weak")
    );
}

#[test]
fn labels_are_bounded_and_printable() {
    assert_eq!(check_label("  scanner 2 "), Ok("scanner 2".to_owned()));
    assert!(check_label("").is_err());
    assert!(check_label(&"码".repeat(MAX_LABEL_CHARS + 1)).is_err());
    assert!(check_label("a\u{7}b").unwrap_err().contains("U+0007"));
}

proptest::proptest! {
    #[test]
    fn every_header_reads_back_as_written(
        id in proptest::array::uniform16(proptest::num::u8::ANY),
        signed_at in 0i64..=i64::MAX,
        first in proptest::array::uniform32(proptest::num::u8::ANY),
        second in proptest::array::uniform32(proptest::num::u8::ANY),
    ) {
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&first);
        signature[32..].copy_from_slice(&second);
        let header = SignatureHeader {
            key_id: Uuid::from_bytes(id),
            signed_at,
            signature,
        };
        proptest::prop_assert_eq!(SignatureHeader::parse(&header.to_string()), Ok(header));
    }

    #[test]
    fn no_input_makes_the_parsers_panic(input in "\\PC{0,200}") {
        let _ = SignatureHeader::parse(&input);
        let _ = parse_public_key(&input);
        let _ = check_label(&input);
    }
}
