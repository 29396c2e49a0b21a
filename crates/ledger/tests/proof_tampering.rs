//! Every alteration of a proof, or of what it is checked against, is rejected — for random
//! sizes m ≤ n, sizes 0 included. The one alteration that is not always rejected is a flipped
//! bit of a tree size: a proof whose hashes would be combined the same way for the other
//! size proves that size too (a proof does not bind the size; the checkpoint does, see
//! rfc6962.rs). For those the verifier is compared with a second one written straight from
//! the recursive definitions of RFC 9162 §2.1.3.1 and §2.1.4.1, so that a flip is accepted
//! exactly when the definitions say the proof holds for the flipped size.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use yima_ledger::{
    Hash, ProofError, consistency_proof, empty_root, inclusion_proof, leaf_hash, node_hash, root,
    verify_consistency, verify_inclusion,
};

fn leaves(n: u64) -> Vec<Hash> {
    (0..n).map(|i| leaf_hash(&i.to_le_bytes())).collect()
}

/// The largest power of two smaller than `n` (n ≥ 2).
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// The root that PATH(m, D[lo:hi]) leads to from `leaf`, taking the proof's hashes in the
/// order the definition emits them; `None` if the proof runs out.
fn path_root(
    m: u64,
    lo: u64,
    hi: u64,
    leaf: Hash,
    proof: &mut impl Iterator<Item = Hash>,
) -> Option<Hash> {
    if hi - lo == 1 {
        return Some(leaf);
    }
    let k = split(hi - lo);
    if m < lo + k {
        let left = path_root(m, lo, lo + k, leaf, proof)?;
        Some(node_hash(&left, &proof.next()?))
    } else {
        let right = path_root(m, lo + k, hi, leaf, proof)?;
        Some(node_hash(&proof.next()?, &right))
    }
}

fn reference_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let mut hashes = proof.iter().copied();
    path_root(index, 0, size, *leaf, &mut hashes) == Some(*root) && hashes.next().is_none()
}

/// The old and new roots that SUBPROOF(m, D[lo:hi], whole_old_tree) leads to; the node the
/// definition leaves out when the old tree is a whole subtree is `old_root` itself.
fn subproof_roots(
    m: u64,
    lo: u64,
    hi: u64,
    whole_old_tree: bool,
    old_root: Hash,
    proof: &mut impl Iterator<Item = Hash>,
) -> Option<(Hash, Hash)> {
    if lo + m == hi {
        let node = if whole_old_tree {
            old_root
        } else {
            proof.next()?
        };
        return Some((node, node));
    }
    let k = split(hi - lo);
    if m <= k {
        let (old, new) = subproof_roots(m, lo, lo + k, whole_old_tree, old_root, proof)?;
        Some((old, node_hash(&new, &proof.next()?)))
    } else {
        let (old, new) = subproof_roots(m - k, lo + k, hi, false, old_root, proof)?;
        let left = proof.next()?;
        Some((node_hash(&left, &old), node_hash(&left, &new)))
    }
}

fn reference_consistency(m: u64, n: u64, old_root: &Hash, new_root: &Hash, proof: &[Hash]) -> bool {
    if m > n {
        return false;
    }
    if m == n {
        return proof.is_empty() && old_root == new_root;
    }
    if m == 0 {
        // The empty tree is a prefix of every tree, whatever roots are claimed.
        return proof.is_empty();
    }
    let mut hashes = proof.iter().copied();
    subproof_roots(m, 0, n, true, *old_root, &mut hashes) == Some((*old_root, *new_root))
        && hashes.next().is_none()
}

fn flip(mut h: Hash, bit: usize) -> Hash {
    h[bit / 8 % 32] ^= 1 << (bit % 8);
    h
}

/// The proof with one hash left out, at each position, and with one more, at each position.
fn lengthened_and_shortened(proof: &[Hash], extra: Hash) -> Vec<Vec<Hash>> {
    let mut out = Vec::new();
    for at in 0..proof.len() {
        let mut p = proof.to_vec();
        p.remove(at);
        out.push(p);
    }
    for at in 0..=proof.len() {
        let mut p = proof.to_vec();
        p.insert(at, extra);
        out.push(p);
    }
    out
}

fn check_inclusion(l: &[Hash], index: u64, bit: usize) -> Result<(), TestCaseError> {
    let size = l.len() as u64;
    let r = root(l);
    let leaf = l[index as usize];
    let proof = inclusion_proof(index, l).unwrap();
    verify_inclusion(&leaf, index, size, &proof, &r).unwrap();
    prop_assert!(reference_inclusion(&leaf, index, size, &proof, &r));

    let mut rejected = Vec::new();
    for at in 0..proof.len() {
        let mut p = proof.clone();
        p[at] = flip(p[at], bit + 7 * at);
        rejected.push((leaf, index, p, r));
    }
    // A hash too many is refused wherever it is, even the root itself or a copy of a hash.
    for extra in [r, leaf, flip(leaf, bit)] {
        for p in lengthened_and_shortened(&proof, extra) {
            rejected.push((leaf, index, p, r));
        }
    }
    rejected.push((leaf, index, proof.clone(), flip(r, bit)));
    rejected.push((flip(leaf, bit), index, proof.clone(), r));
    for b in 0..64 {
        rejected.push((leaf, index ^ (1 << b), proof.clone(), r));
    }
    for (leaf, index, p, r) in rejected {
        prop_assert!(
            verify_inclusion(&leaf, index, size, &p, &r).is_err(),
            "leaf {} of {} accepted altered",
            index,
            size
        );
        prop_assert!(!reference_inclusion(&leaf, index, size, &p, &r));
    }
    for b in 0..64 {
        let other = size ^ (1 << b);
        prop_assert_eq!(
            verify_inclusion(&leaf, index, other, &proof, &r).is_ok(),
            reference_inclusion(&leaf, index, other, &proof, &r),
            "leaf {} of {} checked as of {}",
            index,
            size,
            other
        );
    }
    Ok(())
}

fn check_consistency(l: &[Hash], m: u64, bit: usize) -> Result<(), TestCaseError> {
    let n = l.len() as u64;
    let (old_root, new_root) = (root(&l[..m as usize]), root(l));
    let proof = consistency_proof(m, l).unwrap();
    verify_consistency(m, n, &old_root, &new_root, &proof).unwrap();
    prop_assert!(reference_consistency(m, n, &old_root, &new_root, &proof));

    let mut rejected = Vec::new();
    for at in 0..proof.len() {
        let mut p = proof.clone();
        p[at] = flip(p[at], bit + 7 * at);
        rejected.push((old_root, new_root, p));
    }
    for extra in [old_root, new_root, flip(new_root, bit)] {
        for p in lengthened_and_shortened(&proof, extra) {
            rejected.push((old_root, new_root, p));
        }
    }
    // From the empty tree nothing but the proof's emptiness is checked; both roots matter
    // for every other old size.
    if m > 0 {
        rejected.push((flip(old_root, bit), new_root, proof.clone()));
        rejected.push((old_root, flip(new_root, bit), proof.clone()));
    }
    for (o, r, p) in rejected {
        prop_assert!(
            verify_consistency(m, n, &o, &r, &p).is_err(),
            "{} to {} accepted altered",
            m,
            n
        );
        prop_assert!(!reference_consistency(m, n, &o, &r, &p));
    }
    for b in 0..64 {
        for (m2, n2) in [(m ^ (1 << b), n), (m, n ^ (1 << b))] {
            prop_assert_eq!(
                verify_consistency(m2, n2, &old_root, &new_root, &proof).is_ok(),
                reference_consistency(m2, n2, &old_root, &new_root, &proof),
                "{} to {} checked as {} to {}",
                m,
                n,
                m2,
                n2
            );
        }
    }
    Ok(())
}

/// An old size: any, 0, the new size, or a power of two.
fn old_size(n: u64) -> impl Strategy<Value = u64> {
    let powers = 64 - n.leading_zeros();
    prop_oneof![
        4 => 0..=n,
        1 => Just(0),
        1 => Just(n),
        2 => (0..powers.max(1)).prop_map(move |p| if n == 0 { 0 } else { 1 << p }),
    ]
}

fn sizes_and_old_sizes() -> impl Strategy<Value = (u64, u64)> {
    prop_oneof![3 => 0u64..300, 1 => 300u64..1100].prop_flat_map(|n| (Just(n), old_size(n)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn inclusion_proofs_verify_and_no_alteration_does(size in 1u64..1100, pick in any::<prop::sample::Index>(), bit in 0usize..256) {
        let l = leaves(size);
        check_inclusion(&l, pick.index(size as usize) as u64, bit)?;
    }

    #[test]
    fn consistency_proofs_verify_and_no_alteration_does((n, m) in sizes_and_old_sizes(), bit in 0usize..256) {
        let l = leaves(n);
        check_consistency(&l, m, bit)?;
    }
}

#[test]
fn every_proof_of_the_small_trees() {
    for n in 0..=20 {
        let l = leaves(n);
        for m in 0..=n {
            if m < n {
                check_inclusion(&l, m, (m * 31 + n) as usize).unwrap();
            }
            check_consistency(&l, m, (m * 17 + n) as usize).unwrap();
        }
    }
}

#[test]
fn the_empty_tree() {
    // No leaf is in it.
    for index in [0, 1, u64::MAX] {
        assert_eq!(
            verify_inclusion(&empty_root(), index, 0, &[], &empty_root()),
            Err(ProofError::IndexOutOfRange { index, size: 0 })
        );
    }
    let none = leaves(0);
    assert!(inclusion_proof(0, &none).is_err());
    assert_eq!(consistency_proof(0, &none).unwrap(), Vec::<Hash>::new());
    verify_consistency(0, 0, &empty_root(), &empty_root(), &[]).unwrap();
    assert_eq!(
        verify_consistency(0, 0, &empty_root(), &empty_root(), &[empty_root()]),
        Err(ProofError::WrongLength)
    );
}

#[test]
fn an_old_size_that_is_a_power_of_two_leaves_its_root_out_of_the_proof() {
    let l = leaves(13);
    let r = root(&l);
    for m in [1u64, 2, 4, 8] {
        let old_root = root(&l[..m as usize]);
        let proof = consistency_proof(m, &l).unwrap();
        assert!(!proof.contains(&old_root), "{m}");
        verify_consistency(m, 13, &old_root, &r, &proof).unwrap();
        // The proof a prover would give by not omitting it is one hash too many.
        let mut with_old_root = vec![old_root];
        with_old_root.extend_from_slice(&proof);
        assert_eq!(
            verify_consistency(m, 13, &old_root, &r, &with_old_root),
            Err(ProofError::WrongLength),
            "{m}"
        );
    }
    // Otherwise the first hash is a node of the old tree that the proof must carry.
    for m in [3u64, 5, 6, 7, 9, 12] {
        let proof = consistency_proof(m, &l).unwrap();
        assert!(
            verify_consistency(m, 13, &root(&l[..m as usize]), &r, &proof[1..]).is_err(),
            "{m}"
        );
    }
}

#[test]
fn equal_sizes_take_an_empty_proof_and_equal_roots() {
    let l = leaves(77);
    let r = root(&l);
    assert!(consistency_proof(77, &l).unwrap().is_empty());
    verify_consistency(77, 77, &r, &r, &[]).unwrap();
    assert_eq!(
        verify_consistency(77, 77, &r, &r, &[r]),
        Err(ProofError::WrongLength)
    );
    assert_eq!(
        verify_consistency(77, 77, &r, &flip(r, 0), &[]),
        Err(ProofError::RootMismatch)
    );
}

/// The reference verifiers are not vacuous: some flipped size is accepted by both (the
/// examples of rfc6962.rs), and they reject a proof the definitions reject.
#[test]
fn the_reference_verifiers_accept_what_the_definitions_accept() {
    let l = leaves(5);
    let proof = inclusion_proof(0, &l).unwrap();
    assert!(reference_inclusion(&l[0], 0, 7, &proof, &root(&l)));
    assert!(!reference_inclusion(&l[0], 0, 4, &proof, &root(&l)));
    let l = leaves(33);
    let c = consistency_proof(1, &l).unwrap();
    assert!(reference_consistency(1, 35, &root(&l[..1]), &root(&l), &c));
    assert!(!reference_consistency(1, 31, &root(&l[..1]), &root(&l), &c));
}
