//! Proof files (c2sp.org/tlog-proof): the spec's example, and proofs made from a real tree,
//! signed and cosigned, verified — and refused once any part of them is altered.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use yima_ledger::{
    Checkpoint, CheckpointError, Cosigner, Hash, NoteError, NoteSigner, ProofError, TlogProof,
    TlogProofError, add_cosignature, inclusion_proof, leaf_hash, root, verify_tlog_proof,
};

const SPEC_EXAMPLE: &str = "c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

— example.com/fancylog hI2DJw[...]1roloI=
— witness1.example mJirIklj[...]qY9v2B/5bg==
— witness2.example TnKKVHLX[...]xwYwrSjgow==
— witness3.example S4X82uH5[...]3oEcROGLFQ==
";

#[test]
fn the_spec_example_parses_and_formats_back() {
    let p = TlogProof::parse(SPEC_EXAMPLE).unwrap();
    assert_eq!(
        p.extra.as_deref().unwrap()[..30],
        *b"age-v1.2.1-darwin-arm64.tar.gz"
    );
    assert_eq!(p.index, 73894);
    assert_eq!(p.proof.len(), 5);
    // AHCioX9n… is 00 70 a2 a1 7f 67 ….
    assert_eq!(p.proof[4][..6], [0x00, 0x70, 0xa2, 0xa1, 0x7f, 0x67]);
    assert!(
        p.checkpoint
            .starts_with("example.com/fancylog\n109482\nsFodV/")
    );
    assert_eq!(p.format(), SPEC_EXAMPLE);
    // Its signatures are elided, so it parses but never verifies.
    let log = NoteSigner::new("example.com/fancylog", &[0; 32]).unwrap();
    assert!(matches!(
        p.verify(b"", &log.verifier()),
        Err(TlogProofError::Checkpoint(CheckpointError::Note(
            NoteError::MalformedSignatureLine { line: 1, .. }
        )))
    ));
}

#[test]
fn malformed_files_are_refused() {
    let good = "c2sp.org/tlog-proof@v1\nindex 0\n\nc\n";
    assert_eq!(TlogProof::parse(good).unwrap().proof, Vec::<Hash>::new());
    let cases = [
        ("", TlogProofError::MissingCheckpoint),
        (
            "c2sp.org/tlog-proof@v1\nindex 0\n\n",
            TlogProofError::MissingCheckpoint,
        ),
        (
            "c2sp.org/tlog-proof@v2\nindex 0\n\nc\n",
            TlogProofError::MissingHeader,
        ),
        (
            "c2sp.org/tlog-proof@v1\n\nc\n",
            TlogProofError::MissingIndex,
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 01\n\nc\n",
            TlogProofError::InvalidIndex { text: "01".into() },
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex  1\n\nc\n",
            TlogProofError::InvalidIndex { text: " 1".into() },
        ),
        (
            "c2sp.org/tlog-proof@v1\nextra \nindex 1\n\nc\n",
            TlogProofError::InvalidExtra,
        ),
        (
            "c2sp.org/tlog-proof@v1\nextra QQ\nindex 1\n\nc\n",
            TlogProofError::InvalidExtra,
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 1\nextra QQ==\n\nc\n",
            TlogProofError::InvalidHash { line: 1 },
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 1\nAAAA\n\nc\n",
            TlogProofError::InvalidHash { line: 1 },
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nAAAA\n\nc\n",
            TlogProofError::InvalidHash { line: 2 },
        ),
    ];
    for (file, error) in cases {
        assert_eq!(TlogProof::parse(file), Err(error), "{file:?}");
    }
}

struct Log {
    signer: NoteSigner,
    witnesses: Vec<Cosigner>,
    entries: Vec<Vec<u8>>,
    note: String,
}

fn log(size: usize) -> Log {
    let signer = NoteSigner::new("example.com/log", &[1; 32]).unwrap();
    let witnesses: Vec<Cosigner> = (0..3)
        .map(|i| Cosigner::new(&format!("witness{i}.example"), &[10 + i; 32]).unwrap())
        .collect();
    let entries: Vec<Vec<u8>> = (0..size)
        .map(|i| format!("entry {i}").into_bytes())
        .collect();
    let hashes: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    let mut note = Checkpoint::new("example.com/log", size as u64, root(&hashes))
        .sign(&signer)
        .unwrap();
    for w in &witnesses[..2] {
        note = add_cosignature(&note, w, 1_750_000_000).unwrap();
    }
    Log {
        signer,
        witnesses,
        entries,
        note,
    }
}

fn proof_file(log: &Log, index: u64) -> TlogProof {
    let hashes: Vec<Hash> = log.entries.iter().map(|e| leaf_hash(e)).collect();
    TlogProof {
        extra: None,
        index,
        proof: inclusion_proof(index, &hashes).unwrap(),
        checkpoint: log.note.clone(),
    }
}

#[test]
fn a_proof_from_the_log_verifies_with_its_witnesses() {
    let log = log(1000);
    let p = proof_file(&log, 617);
    let file = p.format();
    assert_eq!(TlogProof::parse(&file).unwrap(), p);
    let v = log.signer.verifier();
    let c = verify_tlog_proof(b"entry 617", &file, &v).unwrap();
    assert_eq!(c.size, 1000);
    let witnesses: Vec<_> = log.witnesses.iter().map(Cosigner::verifier).collect();
    p.verify_witnessed(b"entry 617", &v, &witnesses, 2).unwrap();
    assert_eq!(
        p.verify_witnessed(b"entry 617", &v, &witnesses, 3),
        Err(TlogProofError::NotEnoughCosignatures {
            found: 2,
            needed: 3
        })
    );
    // The log's own signature does not count as a witness's.
    assert_eq!(
        p.verify_witnessed(b"entry 617", &v, &[v.clone(), witnesses[2].clone()], 1),
        Err(TlogProofError::NotEnoughCosignatures {
            found: 0,
            needed: 1
        })
    );
    assert_eq!(
        verify_tlog_proof(b"entry 618", &file, &v),
        Err(TlogProofError::Proof(ProofError::RootMismatch))
    );
    let mut with_extra = p.clone();
    with_extra.extra = Some(b"context".to_vec());
    assert_eq!(TlogProof::parse(&with_extra.format()).unwrap(), with_extra);
    with_extra.verify(b"entry 617", &v).unwrap();
    // Another log's key does not open it.
    let other = NoteSigner::new("example.com/log", &[2; 32]).unwrap();
    assert!(verify_tlog_proof(b"entry 617", &file, &other.verifier()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Flipping any bit of the file's index, of a proof hash, or of the checkpoint's size or
    /// root makes the proof fail.
    #[test]
    fn any_altered_bit_fails(size in 1usize..300, pick in any::<prop::sample::Index>(), bit in 0usize..256, which in 0usize..4) {
        let log = log(size);
        let index = pick.index(size) as u64;
        let p = proof_file(&log, index);
        let entry = log.entries[index as usize].clone();
        let v = log.signer.verifier();
        p.verify(&entry, &v).unwrap();
        let mut altered = p.clone();
        match which {
            0 => altered.index ^= 1 << (bit % 64),
            1 if !p.proof.is_empty() => {
                let at = bit % p.proof.len();
                altered.proof[at][bit / 8 % 32] ^= 1 << (bit % 8);
            }
            1 => altered.proof.push([0; 32]),
            _ => {
                let body_end = p.checkpoint.find("\n\n").unwrap() + 1;
                let mut c = Checkpoint::parse(&p.checkpoint[..body_end]).unwrap();
                if which == 2 {
                    c.size ^= 1 << (bit % 64);
                } else {
                    c.root[bit / 8] ^= 1 << (bit % 8);
                }
                altered.checkpoint = format!("{}{}", c.to_body(), &p.checkpoint[body_end..]);
            }
        }
        prop_assert!(altered.verify(&entry, &v).is_err());
        prop_assert!(verify_tlog_proof(&entry, &altered.format(), &v).is_err());
    }
}
