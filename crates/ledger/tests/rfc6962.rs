//! Known answers from the RFC 6962 reference test data (the eight-leaf tree used by
//! Certificate Transparency implementations), and properties over every small tree.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use yima_ledger::{
    Hash, ProofError, consistency_proof, empty_root, inclusion_proof, leaf_hash, root,
    verify_consistency, verify_inclusion,
};

const ENTRIES: [&[u8]; 8] = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
];

const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn h(s: &str) -> Hash {
    hex::decode(s).unwrap().try_into().unwrap()
}

fn leaves(n: usize) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(&(i as u64).to_be_bytes()))
        .collect()
}

fn reference() -> Vec<Hash> {
    ENTRIES.iter().map(|e| leaf_hash(e)).collect()
}

#[test]
fn roots_of_the_reference_tree() {
    assert_eq!(
        hex::encode(empty_root()),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let l = reference();
    for (n, expected) in ROOTS.iter().enumerate() {
        assert_eq!(hex::encode(root(&l[..=n])), *expected, "size {}", n + 1);
    }
}

#[test]
fn inclusion_proofs_of_the_reference_tree() {
    let l = reference();
    let cases: [(u64, usize, &[&str]); 4] = [
        (
            0,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            3,
            &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
        ),
        (
            1,
            5,
            &[
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];
    for (index, size, expected) in cases {
        let proof = inclusion_proof(index, &l[..size]).unwrap();
        assert_eq!(
            proof,
            expected.iter().map(|s| h(s)).collect::<Vec<_>>(),
            "leaf {index} of {size}"
        );
        verify_inclusion(
            &l[index as usize],
            index,
            size as u64,
            &proof,
            &h(ROOTS[size - 1]),
        )
        .unwrap();
    }
}

#[test]
fn consistency_proofs_of_the_reference_tree() {
    let l = reference();
    let cases: [(u64, usize, &[&str]); 4] = [
        (1, 1, &[]),
        (
            1,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];
    for (old, size, expected) in cases {
        let proof = consistency_proof(old, &l[..size]).unwrap();
        assert_eq!(
            proof,
            expected.iter().map(|s| h(s)).collect::<Vec<_>>(),
            "{old} to {size}"
        );
        verify_consistency(
            old,
            size as u64,
            &h(ROOTS[old as usize - 1]),
            &h(ROOTS[size - 1]),
            &proof,
        )
        .unwrap();
    }
}

#[test]
fn edge_cases() {
    let l = leaves(8);
    assert_eq!(
        inclusion_proof(8, &l),
        Err(ProofError::IndexOutOfRange { index: 8, size: 8 })
    );
    assert_eq!(
        consistency_proof(9, &l),
        Err(ProofError::OldSizeTooLarge {
            old_size: 9,
            size: 8
        })
    );
    let r = root(&l);
    // Size 0 is consistent with anything, but only with an empty proof.
    verify_consistency(0, 8, &empty_root(), &r, &[]).unwrap();
    assert_eq!(
        verify_consistency(0, 8, &empty_root(), &r, &[r]),
        Err(ProofError::WrongLength)
    );
    // Equal sizes need equal roots and no proof.
    verify_consistency(8, 8, &r, &r, &[]).unwrap();
    assert_eq!(
        verify_consistency(8, 8, &r, &l[0], &[]),
        Err(ProofError::RootMismatch)
    );
    // A one-leaf tree's root is its leaf hash and its inclusion proof is empty.
    verify_inclusion(&l[0], 0, 1, &[], &l[0]).unwrap();
    assert_eq!(
        verify_inclusion(&l[0], 1, 1, &[], &l[0]),
        Err(ProofError::IndexOutOfRange { index: 1, size: 1 })
    );
}

proptest! {
    #[test]
    fn every_inclusion_proof_verifies_and_no_altered_one_does(size in 1usize..70, pick in any::<prop::sample::Index>(), flip in 0usize..256) {
        let l = leaves(size);
        let r = root(&l);
        let index = pick.index(size) as u64;
        let proof = inclusion_proof(index, &l).unwrap();
        verify_inclusion(&l[index as usize], index, size as u64, &proof, &r).unwrap();
        let mut extra = proof.clone();
        extra.push(r);
        prop_assert!(verify_inclusion(&l[index as usize], index, size as u64, &extra, &r).is_err());
        if !proof.is_empty() {
            let mut altered = proof.clone();
            let at = flip % altered.len();
            altered[at][flip % 32] ^= 1;
            prop_assert!(verify_inclusion(&l[index as usize], index, size as u64, &altered, &r).is_err());
            prop_assert!(verify_inclusion(&l[index as usize], index, size as u64, &proof[..proof.len() - 1], &r).is_err());
        }
        if size > 1 {
            let other = (index + 1) % size as u64;
            prop_assert!(verify_inclusion(&l[index as usize], other, size as u64, &proof, &r).is_err());
        }
    }

    #[test]
    fn every_consistency_proof_verifies_and_no_altered_one_does(size in 1usize..70, pick in any::<prop::sample::Index>(), flip in 0usize..256) {
        let l = leaves(size);
        let old = pick.index(size) as u64 + 1;
        let (old_root, new_root) = (root(&l[..old as usize]), root(&l));
        let proof = consistency_proof(old, &l).unwrap();
        verify_consistency(old, size as u64, &old_root, &new_root, &proof).unwrap();
        let mut extra = proof.clone();
        extra.push(new_root);
        prop_assert!(verify_consistency(old, size as u64, &old_root, &new_root, &extra).is_err());
        if !proof.is_empty() {
            let mut altered = proof.clone();
            let at = flip % altered.len();
            altered[at][flip % 32] ^= 1;
            prop_assert!(verify_consistency(old, size as u64, &old_root, &new_root, &altered).is_err());
        }
        // A different leaf anywhere in the old part breaks consistency.
        let mut forked = l.clone();
        forked[flip % old as usize] = leaf_hash(b"forged");
        prop_assert!(verify_consistency(old, size as u64, &root(&forked[..old as usize]), &new_root, &proof).is_err());
    }
}

proptest! {
    /// Flipping any one bit of the root, of the index, or of a proof hash makes an inclusion
    /// proof fail; and a consistency proof fails once any bit of either root is flipped.
    #[test]
    fn any_flipped_bit_of_root_index_or_hash_fails(size in 1usize..300, pick in any::<prop::sample::Index>(), bit in 0usize..256) {
        let l = leaves(size);
        let r = root(&l);
        let index = pick.index(size) as u64;
        let leaf = l[index as usize];
        let proof = inclusion_proof(index, &l).unwrap();
        let mut flipped_root = r;
        flipped_root[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(verify_inclusion(&leaf, index, size as u64, &proof, &flipped_root).is_err());
        let flipped_index = index ^ (1 << (bit % 64));
        prop_assert!(verify_inclusion(&leaf, flipped_index, size as u64, &proof, &r).is_err());
        let mut flipped_leaf = leaf;
        flipped_leaf[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(verify_inclusion(&flipped_leaf, index, size as u64, &proof, &r).is_err());
        for at in 0..proof.len() {
            let mut altered = proof.clone();
            altered[at][bit / 8] ^= 1 << (bit % 8);
            prop_assert!(verify_inclusion(&leaf, index, size as u64, &altered, &r).is_err());
        }

        let old = index + 1;
        let old_root = root(&l[..old as usize]);
        let c = consistency_proof(old, &l).unwrap();
        verify_consistency(old, size as u64, &old_root, &r, &c).unwrap();
        prop_assert!(verify_consistency(old, size as u64, &old_root, &flipped_root, &c).is_err());
        let mut flipped_old = old_root;
        flipped_old[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(verify_consistency(old, size as u64, &flipped_old, &r, &c).is_err());
    }
}

/// A proof alone does not bind the tree size: the path of leaf 0 has the same shape in trees
/// of 5 and of 7 leaves, so a proof from the 5-leaf tree verifies with size 7 against the
/// same root (and likewise a consistency proof from 1 to 33 leaves verifies as 1 to 35). The
/// size must therefore come, with the root, from a signed checkpoint — as `TlogProof::verify`
/// takes it — never from the party giving the proof; tests/tlog_proof.rs flips its bits there.
#[test]
fn the_size_is_bound_by_the_checkpoint_not_by_the_proof() {
    let l = leaves(5);
    let r = root(&l);
    let proof = inclusion_proof(0, &l).unwrap();
    verify_inclusion(&l[0], 0, 5, &proof, &r).unwrap();
    verify_inclusion(&l[0], 0, 7, &proof, &r).unwrap();
    assert!(verify_inclusion(&l[0], 0, 4, &proof, &r).is_err());
    let l = leaves(33);
    let c = consistency_proof(1, &l).unwrap();
    verify_consistency(1, 35, &root(&l[..1]), &root(&l), &c).unwrap();
}
