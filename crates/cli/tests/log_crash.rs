//! The ledger across crashes: the real server, writing hard through its API with a fast
//! sequencer, SIGKILLed at random moments and restarted. Every acknowledged record must be
//! there afterwards, `yima log verify` must pass (no checkpoint disagrees with the tiles, no
//! leaf with its record), and the log must go on growing from where it was, each new
//! checkpoint consistent with the one before.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod logkit;
mod support;

use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};
use std::time::Duration;

use logkit::wal::last_commit_end;
use logkit::writers::{Acked, Writers, assert_all_there};
use logkit::{Rng, Setup, verified_size, verify_store, yima_log};
use support::Yima;

/// The sequencer integrates and signs every 20 ms, so kills land in all its phases.
const FAST_SEQUENCER: &str = "sequencer_interval_ms = 20\n";
/// Writers at once: more than the machine's cores, so requests queue in the server.
const WRITERS: u64 = 4;
/// How long the first acknowledgement may take (a debug build, a busy machine).
const FIRST_ACK: Duration = Duration::from_secs(30);

fn serve(setup: &Setup) -> Yima {
    let args = setup.serve_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Yima::serve(setup.path(), &args)
}

fn token(setup: &Setup) -> String {
    std::fs::read_to_string(setup.path().join("admin.token"))
        .unwrap()
        .trim()
        .to_owned()
}

/// Writes until a random moment, then SIGKILLs the server; every acknowledgement.
fn write_and_kill(setup: &Setup, round: u64, rng: &mut Rng, wal: bool) -> (String, Vec<Acked>) {
    let yima = serve(setup);
    let vkey = yima.vkey.clone();
    let wal = wal.then(|| setup.path().join("yima.db-wal"));
    let writers = Writers::start(&yima.base, &token(setup), round, WRITERS, wal);
    let first = writers.acks.recv_timeout(FIRST_ACK).unwrap();
    std::thread::sleep(Duration::from_millis(rng.between(20, 1500)));
    yima.kill();
    (vkey, writers.join(vec![first]))
}

/// Restarts, checks the acknowledged records through the API, waits for a checkpoint of
/// every leaf, stops, and verifies the log; returns the checkpoint's note and size.
fn recover_and_verify(setup: &Setup, acked: &[Acked]) -> (String, u64) {
    let yima = serve(setup);
    // Checked first: the restarted sequencer waits out the killed one's lease before it
    // integrates anything.
    assert_all_there(&yima.base, acked);
    let checkpoint = setup.wait_for_checkpoint();
    yima.stop();
    let size = verified_size(&verify_store(setup));
    if size == checkpoint.size {
        return (checkpoint.note, size);
    }
    // The restarted server may have signed a later checkpoint between the wait and its stop;
    // what must hold is that verify checked the latest signed one, which extends the waited
    // one (the next round checks consistency from it).
    let (head, latest, queued) = setup.with_store(async |store, _| {
        (
            store.tree_head().await.unwrap().size,
            store.latest_checkpoint().await.unwrap(),
            store.queued_leaves().await.unwrap(),
        )
    });
    match latest {
        Some(latest) if latest.size == size && size > checkpoint.size && queued == 0 => {
            eprintln!(
                "the log moved on from the checkpoint of {} leaves waited for to {size} before \
                 the server stopped; verified the latest",
                checkpoint.size
            );
            (latest.note, size)
        }
        latest => panic!(
            "verify found a checkpoint of {size} leaves, not the one of {} waited for; now \
             (head, latest checkpoint, queued) = {:?}",
            checkpoint.size,
            (head, latest.map(|c| c.size), queued)
        ),
    }
}

/// The new checkpoint extends the old, by `yima log consistency` from the store.
fn assert_grew(setup: &Setup, vkey: &str, round: u64, old: &(String, u64), new: &(String, u64)) {
    assert!(
        new.1 > old.1,
        "the log did not grow: {} then {}",
        old.1,
        new.1
    );
    let old_file = setup.path().join(format!("round{}.checkpoint", round - 1));
    let new_file = setup.path().join(format!("round{round}.checkpoint"));
    std::fs::write(&old_file, &old.0).unwrap();
    std::fs::write(&new_file, &new.0).unwrap();
    let mut args = vec![
        "consistency".to_owned(),
        old_file.display().to_string(),
        new_file.display().to_string(),
        "--key".to_owned(),
        vkey.to_owned(),
    ];
    args.extend(setup.store_args());
    let run = yima_log(&args);
    assert!(
        run.ok().stdout.contains(&format!(
            "consistent: the log of {} leaves extends the log of {}",
            new.1, old.1
        )),
        "{}",
        run.stdout
    );
}

fn kills_lose_nothing_acknowledged(setup: Setup) {
    let setup = setup.with_config(FAST_SEQUENCER);
    let mut rng = Rng::new("kills_lose_nothing_acknowledged");
    let mut acked = Vec::new();
    let mut previous: Option<(String, u64)> = None;
    let mut vkey = String::new();
    // Three kills, then a last round of writes with a clean stop.
    for round in 0..4 {
        if round < 3 {
            let (key, acks) = write_and_kill(&setup, round, &mut rng, false);
            eprintln!(
                "round {round}: {} writes acknowledged before the kill",
                acks.len()
            );
            vkey = key;
            acked.extend(acks);
        } else {
            let yima = serve(&setup);
            let writers = Writers::start(&yima.base, &token(&setup), round, WRITERS, None);
            let first = writers.acks.recv_timeout(FIRST_ACK).unwrap();
            std::thread::sleep(Duration::from_millis(200));
            acked.extend(writers.join(vec![first]));
            yima.stop();
        }
        let now = recover_and_verify(&setup, &acked);
        if let Some(old) = &previous {
            assert_grew(&setup, &vkey, round, old, &now);
        }
        previous = Some(now);
    }
}

#[test]
fn sqlite_kills_lose_nothing_acknowledged() {
    kills_lose_nothing_acknowledged(Setup::sqlite());
}

#[test]
fn postgres_kills_lose_nothing_acknowledged() {
    kills_lose_nothing_acknowledged(Setup::postgres());
}

/// A power loss, as far as it can be made from outside the kernel: after the SIGKILL the
/// write-ahead log loses a random part of its tail and, half the time, what is left of the
/// tail is garbled. The cut never reaches into what was durable. Under synchronous = FULL a
/// commit is fsynced before it returns, so before its acknowledgement and before a checkpoint
/// copies it into the database; everything up to the end of the last commit frame of the
/// WAL's current generation is therefore durable, and every acknowledged commit lies there
/// (or was checkpointed, and the database synced, before SQLite restarted the WAL).
///
/// The WAL's length when the last acknowledgement arrived is recorded and printed, but is not
/// the floor: SQLite reuses the WAL from its start after a checkpoint and the file keeps its
/// high-water length, so that length soon equals the file's and would leave nothing to cut.
/// The bytes between the last commit and the end of the file are frames of a transaction
/// not yet committed (never fsynced) or of an earlier generation (ignored by recovery).
///
/// What this does not model: the main database file losing pages a checkpoint wrote but had
/// not yet fsynced (SQLite only restarts the WAL after syncing the database, so recovery
/// would copy them again, but nothing here tests that); a disk or file system that reorders
/// or drops fsynced writes; torn sectors inside the durable part; the `-shm` index, which
/// the first connection after the crash rebuilds from the WAL.
#[test]
fn sqlite_survives_losing_unsynced_wal_bytes() {
    let setup = Setup::sqlite().with_config(FAST_SEQUENCER);
    let mut rng = Rng::new("sqlite_survives_losing_unsynced_wal_bytes");
    let wal_path = setup.path().join("yima.db-wal");
    let mut acked = Vec::new();
    for round in 0..3 {
        let (_, acks) = write_and_kill(&setup, round, &mut rng, true);
        let at_last_ack = acks.iter().map(|(_, wal)| *wal).max().unwrap_or(0);
        acked.extend(acks);
        let wal = std::fs::read(&wal_path).unwrap();
        let len = wal.len() as u64;
        let committed = last_commit_end(&wal) as u64;
        let floor = committed;
        let cut = rng.between(floor, len);
        let mut file = OpenOptions::new().write(true).open(&wal_path).unwrap();
        file.set_len(cut).unwrap();
        let garbled = if cut > floor && rng.next().is_multiple_of(2) {
            let from = rng.between(floor, cut - 1);
            let garbage: Vec<u8> = (from..cut).map(|_| rng.next() as u8).collect();
            file.seek(SeekFrom::Start(from)).unwrap();
            file.write_all(&garbage).unwrap();
            cut - from
        } else {
            0
        };
        file.sync_all().unwrap();
        drop(file);
        eprintln!(
            "round {round}: WAL {len} bytes, last commit ends at {committed}, {at_last_ack} at \
             the last acknowledgement; cut to {cut}, {garbled} bytes garbled"
        );
        recover_and_verify(&setup, &acked);
    }
}
