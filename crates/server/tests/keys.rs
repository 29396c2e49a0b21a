//! Issuing keys: made once, registered in the database, refused when a key file does not
//! match what the database registered under its id.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::os::unix::fs::PermissionsExt;

use yima_server::keys::{KEYS_FILE, KeyError, ensure_issuing_keys};

#[tokio::test]
async fn keys_are_made_once_shared_by_file_and_checked_against_the_database() {
    let (dir, store) = yima_store::testing::sqlite().await.unwrap();
    let first = ensure_issuing_keys(store.as_ref(), dir.path())
        .await
        .unwrap();
    let id = first.current().id();
    let file = dir.path().join(KEYS_FILE);
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(store.issuing_key(id).await.unwrap().is_some());

    // Started again, or by another server given the same file: the same key.
    let again = ensure_issuing_keys(store.as_ref(), dir.path())
        .await
        .unwrap();
    assert_eq!(again.current().id(), id);
    let other_server = tempfile::tempdir().unwrap();
    fs::copy(&file, other_server.path().join(KEYS_FILE)).unwrap();
    let shared = ensure_issuing_keys(store.as_ref(), other_server.path())
        .await
        .unwrap();
    assert_eq!(shared.current().id(), id);

    // A file claiming the id with another secret is refused, and names the file.
    let forged = tempfile::tempdir().unwrap();
    fs::write(
        forged.path().join(KEYS_FILE),
        format!("{id} {}\n", "00".repeat(32)),
    )
    .unwrap();
    let err = ensure_issuing_keys(store.as_ref(), forged.path())
        .await
        .unwrap_err();
    assert!(
        matches!(err, KeyError::Mismatch { id: i, .. } if i == id),
        "{err}"
    );
    assert!(err.to_string().contains(KEYS_FILE));

    // A server without a file on the same database gets a key of its own, under another id.
    let fresh = tempfile::tempdir().unwrap();
    let own = ensure_issuing_keys(store.as_ref(), fresh.path())
        .await
        .unwrap();
    assert_ne!(own.current().id(), id);
}
