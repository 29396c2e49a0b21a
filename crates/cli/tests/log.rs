//! `yima log` on a real log: the demo served by the real binary, then changed behind the
//! server's back with raw SQL, one alteration at a time; and the offline checks of a record's
//! proof and of two checkpoints, from files as a verifier would hold them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod logkit;
mod support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use logkit::mirror::Mirror;
use logkit::{Setup, verified_size, verify_store, yima_log};
use serde_json::{Value, json};
use support::Yima;
use yima_domain::ledger::{RecordEvidence, RecordKind, Recorded};
use yima_ledger::{Cosigner, NoteSigner, TlogProof, add_cosignature, parse_bundle};
use yima_store::StoredLeaf;

/// Serves the demo on `setup` until a checkpoint covers it, and stops; returns the
/// server's verifier key.
fn demo_log(setup: &Setup) -> String {
    let mut args = vec!["--demo".to_owned()];
    args.extend(setup.serve_args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut yima = Yima::serve(setup.path(), &args);
    yima.read_until("resolve demo codes:");
    setup.wait_for_checkpoint();
    let vkey = yima.vkey.clone();
    yima.stop();
    vkey
}

fn all_leaves(setup: &Setup, size: u64) -> Vec<StoredLeaf> {
    setup.with_store(async |store, _| store.leaves(0, size as u32).await.unwrap())
}

fn first_of(leaves: &[StoredLeaf], kind: RecordKind, skip: usize) -> StoredLeaf {
    leaves
        .iter()
        .filter(|l| l.kind == kind.code())
        .nth(skip)
        .cloned()
        .unwrap()
}

/// The width of the tile holding `index` in the tree of `size` leaves, as its path writes it.
fn level0_path(kind: &str, index: u64, size: u64) -> (u64, u16, String) {
    let tile = index / 256;
    let width = yima_ledger::tile_width(0, tile, size).unwrap();
    let id = match kind {
        "entries" => yima_ledger::TileId::entries(tile, width),
        _ => yima_ledger::TileId::hashes(0, tile, width),
    }
    .unwrap();
    (tile, width, id.path())
}

fn tampering_is_found_and_named(setup: Setup) {
    demo_log(&setup);
    let size = verified_size(&verify_store(&setup));
    let leaves = all_leaves(&setup, size);
    assert_eq!(leaves.len() as u64, size);

    // (a) A record's field: the product's name, the leaf untouched.
    let product = first_of(&leaves, RecordKind::Product, 3);
    let id = uuid::Uuid::parse_str(product.record_ref.trim_start_matches("product:")).unwrap();
    let name = setup.with_store(async |store, _| store.product(id).await.unwrap().unwrap().name);
    setup.drop_append_only("products");
    let set_name = |name: &str| setup.set_text("products", "name", id, name);
    set_name(&format!("{name}（改）"));
    verify_store(&setup).not_verified(&format!(
        "leaf {} ({}): the record does not match its commitment",
        product.index, product.record_ref
    ));
    // The tree alone still holds: only the records show this one.
    let mut tree_only = vec!["verify".to_owned(), "--tree-only".to_owned()];
    tree_only.extend(setup.store_args());
    yima_log(&tree_only).ok();
    set_name(&name);
    verify_store(&setup).ok();

    // (b) A leaf's entry in log_leaves, which the log publishes in its entry bundle: the tile
    // still holds the original's hash.
    let batch = first_of(&leaves, RecordKind::Batch, 5);
    let mut altered = batch.entry.clone();
    altered[20] ^= 0x01;
    setup.drop_append_only("log_leaves");
    let set_entry = |entry: &[u8]| {
        setup.change_one_row(&format!(
            "UPDATE log_leaves SET entry = {} WHERE id = {}",
            setup.blob(entry),
            setup.uuid(batch.id)
        ));
    };
    set_entry(&altered);
    let (_, _, bundle_path) = level0_path("entries", batch.index, size);
    verify_store(&setup).not_verified(&format!(
        "leaf {} ({}): the leaf's entry (log_leaves, published in {bundle_path}) was altered",
        batch.index, batch.record_ref
    ));
    set_entry(&batch.entry);
    verify_store(&setup).ok();

    // (c) One hash of a level-0 tile of the tree.
    let registration = first_of(&leaves, RecordKind::UnitRegistration, 7);
    let (tile, width, tile_path) = level0_path("hashes", registration.index, size);
    let original =
        setup.with_store(async |store, _| store.log_tile(0, tile, width).await.unwrap().unwrap());
    let mut altered = original.clone();
    altered[(registration.index % 256) as usize * 32 + 9] ^= 0x80;
    setup.drop_append_only("log_tiles");
    let set_tile = |bytes: &[u8]| {
        setup.change_one_row(&format!(
            "UPDATE log_tiles SET hashes = {} WHERE level = 0 AND idx = {tile} AND width = {width}",
            setup.blob(bytes)
        ));
    };
    set_tile(&altered);
    verify_store(&setup).not_verified(&format!(
        "leaf {} ({}): the hash tile {tile_path} was altered",
        registration.index, registration.record_ref
    ));
    set_tile(&original);
    verify_store(&setup).ok();
}

/// Where entry `n` of a bundle starts (after its length prefix).
fn entry_offset(bundle: &[u8], n: usize) -> usize {
    let entries = parse_bundle(bundle).unwrap();
    let mut offset = 0;
    for entry in &entries[..n] {
        offset += 2 + entry.len();
    }
    offset + 2
}

/// A log of events (`yima gen`, integrated by a server) with one event's stored text altered:
/// the events are read a thousand at a time, and the altered one is still named.
fn event_tampering_is_found_and_named(setup: Setup) {
    let mut gen_args = vec!["--codes", "3000", "--seed", "11", "--into"];
    let store_args = setup.store_args();
    gen_args.extend(store_args.iter().map(String::as_str));
    support::yima_gen(&gen_args);
    let serve_args = setup.serve_args();
    let serve_args: Vec<&str> = serve_args.iter().map(String::as_str).collect();
    let yima = Yima::serve(setup.path(), &serve_args);
    setup.wait_for_checkpoint();
    yima.stop();
    let size = verified_size(&verify_store(&setup));
    let leaves = all_leaves(&setup, size);
    // Past the first thousand events, so in a later read than the first.
    let event = first_of(&leaves, RecordKind::Event, 1_500);
    let id = uuid::Uuid::parse_str(event.record_ref.trim_start_matches("event:")).unwrap();
    setup.drop_append_only("epcis_events");
    let document =
        setup.with_store(async |store, _| store.event(id).await.unwrap().unwrap().document);
    let set_document = |document: &str| setup.set_text("epcis_events", "document", id, document);
    // The same event, read the same, but not the text the leaf committed to.
    set_document(&format!("{document} "));
    verify_store(&setup).not_verified(&format!(
        "leaf {} ({}): the record does not match its commitment",
        event.index, event.record_ref
    ));
    set_document(&document);
    verify_store(&setup).ok();
}

#[test]
fn sqlite_event_tampering_is_found_and_named() {
    event_tampering_is_found_and_named(Setup::sqlite());
}

#[test]
fn postgres_event_tampering_is_found_and_named() {
    event_tampering_is_found_and_named(Setup::postgres());
}

#[test]
fn sqlite_tampering_is_found_and_named() {
    tampering_is_found_and_named(Setup::sqlite());
}

#[test]
fn postgres_tampering_is_found_and_named() {
    tampering_is_found_and_named(Setup::postgres());
}

#[test]
fn the_key_is_the_servers_and_none_is_made_by_reading() {
    let setup = Setup::sqlite();
    let mut key = vec!["key".to_owned()];
    key.extend(setup.store_args());
    let before = yima_log(&key);
    assert_eq!(before.code, Some(1));
    assert!(
        before
            .stderr
            .contains("no log key yet: start the server once"),
        "{}",
        before.stderr
    );
    let mut verify = vec!["verify".to_owned()];
    verify.extend(setup.store_args());
    let run = yima_log(&verify);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("no store at"), "{}", run.stderr);
    assert!(!setup.path().join("yima.db").exists());

    let vkey = demo_log(&setup);
    assert_eq!(yima_log(&key).ok().stdout.trim(), vkey);

    // What cannot be checked is no verdict: exit code 1, not 3.
    let run = yima_log(&["verify", "--url", "http://127.0.0.1:9", "--key", &vkey]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let run = yima_log(&["verify", "--url", "https://log.example", "--key", &vkey]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("HTTPS is not supported"),
        "{}",
        run.stderr
    );
}

/// The evidence file of `leaf`, as the records endpoint gives it: the record read back, its
/// salt and its entry.
fn evidence(setup: &Setup, leaf: &StoredLeaf) -> RecordEvidence {
    let id = uuid::Uuid::parse_str(leaf.record_ref.trim_start_matches("product:")).unwrap();
    let canonical = setup.with_store(async |store, _| {
        store
            .product(id)
            .await
            .unwrap()
            .unwrap()
            .canonical()
            .unwrap()
    });
    RecordEvidence {
        kind: RecordKind::Product,
        record_ref: leaf.record_ref.clone(),
        salt: hex::encode(leaf.salt),
        record: serde_json::from_slice(&canonical).unwrap(),
        entry: hex::encode(&leaf.entry),
    }
}

/// The proof file of leaf `index` in the latest checkpoint, with `note` in place of the
/// stored note when given.
fn proof_file(setup: &Setup, index: u64, note: Option<&str>) -> String {
    setup.with_store(async |store, _| {
        let checkpoint = store.latest_checkpoint().await.unwrap().unwrap();
        let proof = yima_store::proofs::inclusion_proof(store, index, checkpoint.size)
            .await
            .unwrap();
        TlogProof {
            extra: None,
            index,
            proof,
            checkpoint: note.map_or(checkpoint.note, str::to_owned),
        }
        .format()
    })
}

#[test]
fn a_records_proof_is_checked_offline() {
    let setup = Setup::sqlite();
    let vkey = demo_log(&setup);
    let size = verified_size(&verify_store(&setup));
    let leaves = all_leaves(&setup, size);
    let leaf = first_of(&leaves, RecordKind::Product, 2);
    let other = first_of(&leaves, RecordKind::Product, 3);
    let dir = setup.path();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let record = evidence(&setup, &leaf);
    let record_file = write("record.json", &serde_json::to_string(&record).unwrap());
    let proof_text = proof_file(&setup, leaf.index, None);
    let proof = write("proof.txt", &proof_text);
    let origin = vkey.split('+').next().unwrap();

    let run = yima_log(&["verify-proof", &record_file, &proof, "--key", &vkey]);
    assert!(
        run.ok().stdout.contains(&format!(
            "proven: {} (product) is leaf {} of the log {origin}, in its checkpoint of {size} leaves",
            leaf.record_ref, leaf.index
        )),
        "{}",
        run.stdout
    );

    // The records endpoint's whole answer, its proof inside.
    let answer = json!({"evidence": record, "proof": proof_text, "index": leaf.index});
    let answer_file = write("answer.json", &answer.to_string());
    yima_log(&["verify-proof", &answer_file, "--key", &vkey]).ok();
    let wrong_index = json!({"evidence": record, "proof": proof_text, "index": other.index});
    let wrong_index_file = write("wrong-index.json", &wrong_index.to_string());
    yima_log(&["verify-proof", &wrong_index_file, "--key", &vkey]).not_verified(&format!(
        "the record file puts the record at leaf {}, the proof is for leaf {}",
        other.index, leaf.index
    ));

    // A changed record.
    let mut changed = record.clone();
    let name = changed.record["name"].as_str().unwrap().to_owned();
    changed.record["name"] = Value::String(format!("{name}X"));
    let changed_file = write("changed.json", &serde_json::to_string(&changed).unwrap());
    yima_log(&["verify-proof", &changed_file, &proof, "--key", &vkey]).not_verified(&format!(
        "leaf {} ({}): the record does not match its commitment",
        leaf.index, leaf.record_ref
    ));

    // Another key of the same name: the checkpoint is not its.
    let impostor = NoteSigner::new(origin, &[7; 32])
        .unwrap()
        .verifier()
        .to_string();
    yima_log(&["verify-proof", &record_file, &proof, "--key", &impostor])
        .not_verified("the proof's checkpoint does not open");

    // The proof of another leaf.
    let other_proof = write("other.txt", &proof_file(&setup, other.index, None));
    yima_log(&["verify-proof", &record_file, &other_proof, "--key", &vkey]).not_verified(&format!(
        "the entry is not leaf {} of the checkpoint's tree",
        other.index
    ));

    // Witnesses: none cosigned yet, then one did.
    let witness = Cosigner::new("witness.example/w1", &[9; 32]).unwrap();
    let wkey = witness.verifier().to_string();
    yima_log(&[
        "verify-proof",
        &record_file,
        &proof,
        "--key",
        &vkey,
        "--witness",
        &wkey,
    ])
    .not_verified("the checkpoint has 0 verified witness cosignatures, 1 are needed");
    let note =
        setup.with_store(async |store, _| store.latest_checkpoint().await.unwrap().unwrap().note);
    let cosigned = add_cosignature(&note, &witness, 1_750_000_000).unwrap();
    let cosigned_proof = write(
        "cosigned.txt",
        &proof_file(&setup, leaf.index, Some(&cosigned)),
    );
    let run = yima_log(&[
        "verify-proof",
        &record_file,
        &cosigned_proof,
        "--key",
        &vkey,
        "--witness",
        &wkey,
        "--quorum",
        "1",
    ]);
    assert!(
        run.ok()
            .stdout
            .contains("cosigned by 1 of the witnesses given"),
        "{}",
        run.stdout
    );
}

#[test]
fn checkpoints_are_consistent_and_the_log_verifies_over_http() {
    let setup = Setup::sqlite();
    let vkey = demo_log(&setup);
    let dir = setup.path();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let old = setup.with_store(async |store, _| store.latest_checkpoint().await.unwrap().unwrap());
    let old_file = write("old.checkpoint", &old.note);

    // The log grows: one more enterprise.
    let args = setup.serve_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let yima = Yima::serve(dir, &args);
    let token = std::fs::read_to_string(dir.join("admin.token")).unwrap();
    let r = reqwest::blocking::Client::new()
        .post(format!("{}/api/v1/enterprises", yima.base))
        .bearer_auth(token.trim())
        .json(
            &json!({"credit_code": logkit::writers::credit_code(424_242), "name": "后来企业",
            "address": "福建省福州市", "region": "350104", "roles": ["seller"]}),
        )
        .send()
        .unwrap();
    assert_eq!(r.status(), 201);
    let new = setup.wait_for_checkpoint();
    yima.stop();
    assert!(new.size > old.size);
    let new_file = write("new.checkpoint", &new.note);

    let mut consistency = vec![
        "consistency".to_owned(),
        old_file.clone(),
        new_file.clone(),
        "--key".to_owned(),
        vkey.clone(),
    ];
    let mut from_store = consistency.clone();
    from_store.extend(setup.store_args());
    let run = yima_log(&from_store);
    assert_eq!(
        run.ok().stdout.trim(),
        format!(
            "consistent: the log of {} leaves extends the log of {}",
            new.size, old.size
        )
    );

    // The same from a file of hashes, and a hash of it changed.
    let proof = setup.with_store(async |store, _| {
        yima_store::proofs::consistency_proof(store, old.size, new.size)
            .await
            .unwrap()
    });
    let lines: Vec<String> = proof.iter().map(|h| STANDARD.encode(h)).collect();
    let proof_file = write("consistency.txt", &lines.join("\n"));
    let mut with_file = consistency.clone();
    with_file.extend(["--proof".to_owned(), proof_file]);
    yima_log(&with_file).ok();
    let mut bad = proof.clone();
    bad[0][0] ^= 1;
    let lines: Vec<String> = bad.iter().map(|h| STANDARD.encode(h)).collect();
    let bad_file = write("bad.txt", &lines.join("\n"));
    let mut with_bad = consistency.clone();
    with_bad.extend(["--proof".to_owned(), bad_file]);
    yima_log(&with_bad).not_verified(&format!(
        "the log of {} leaves does not extend the log of {}",
        new.size, old.size
    ));

    // In the wrong order, and against another log's key.
    let mut reversed = consistency.clone();
    reversed.swap(1, 2);
    reversed.extend(setup.store_args());
    yima_log(&reversed).not_verified("is smaller than the old one's");
    let impostor = NoteSigner::new("other.example/log", &[3; 32])
        .unwrap()
        .verifier()
        .to_string();
    let mut other_key = consistency.clone();
    other_key[4] = impostor;
    other_key.extend(setup.store_args());
    yima_log(&other_key).not_verified("is not a checkpoint signed by");

    // Over HTTP, from a mirror of the log's tiles.
    let mirror = Mirror::of(&setup, &vkey);
    consistency.extend(["--url".to_owned(), mirror.base.clone()]);
    yima_log(&consistency).ok();
    let run = yima_log(&["verify", "--url", &mirror.base, "--key", &vkey]);
    assert_eq!(verified_size(&run), new.size);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let run = yima_log(&["verify", "--url", &mirror.base]);
    run.ok();
    assert!(
        run.stderr
            .contains("warning: verifying with the key the server itself serves"),
        "{}",
        run.stderr
    );

    // A byte of a served bundle changed: without the store, bundle and tile cannot be told
    // apart, but the leaf can.
    let leaf = 3u64;
    let (_, _, bundle_path) = level0_path("entries", leaf, new.size);
    let path = format!("/log/{bundle_path}");
    let original = mirror.get(&path).unwrap();
    let mut altered = original.clone();
    altered[entry_offset(&original, leaf as usize) + 12] ^= 0x10;
    mirror.set(&path, altered);
    yima_log(&["verify", "--url", &mirror.base, "--key", &vkey]).not_verified(&format!(
        "leaf {leaf}: its entry in {bundle_path} hashes to"
    ));
    mirror.set(&path, original);
    let (_, _, tile_path) = level0_path("hashes", leaf, new.size);
    let tile = mirror.get(&format!("/log/{tile_path}")).unwrap();
    mirror.set(
        &format!("/log/{tile_path}"),
        tile[..tile.len() - 1].to_vec(),
    );
    yima_log(&["verify", "--url", &mirror.base, "--key", &vkey])
        .not_verified(&format!("{tile_path} (leaves 0 to "));
}
