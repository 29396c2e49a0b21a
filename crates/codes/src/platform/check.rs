//! The check character: a weighted sum over GF(2⁵) = GF(32), the field whose 32 elements are
//! exactly the 32 symbol values.
//!
//! A body of symbols c₀ … c₂₃ (the last being the check character) is valid when
//!
//! ```text
//! S = c₀·α²³ ⊕ c₁·α²² ⊕ … ⊕ c₂₂·α ⊕ c₂₃ = 0
//! ```
//!
//! where ⊕ is addition in GF(32) (XOR of the 5-bit values), · is field multiplication
//! modulo the primitive polynomial x⁵ + x² + 1, and α = x (the value 2), whose powers
//! α⁰ … α³⁰ are all distinct and never zero.
//!
//! Why every single-character error and every adjacent transposition is caught: S is linear,
//! so changing a valid body by an error pattern e changes S by S(e) alone, whatever the rest
//! of the body is.
//! - A substitution a → b at the place of weight αᵏ changes S by (a ⊕ b)·αᵏ. Both factors are
//!   non-zero when a ≠ b, and a field has no zero divisors, so S ≠ 0.
//! - Swapping neighbours a, b (weights αᵏ⁺¹ and αᵏ) changes S by (a ⊕ b)·αᵏ·(α ⊕ 1), non-zero
//!   because a ≠ b and α ≠ 1.
//!
//! The same argument covers swaps of characters two apart (α² ≠ 1) and twin errors aa → bb.
//! A plain weighted sum modulo 32 could not do this (32 is not prime: no two odd weights
//! differ by an invertible amount), and ISO/IEC 7064 MOD 37-2 would need a 33rd–37th symbol
//! for its check character (Crockford's `*~$=U`), which is awkward to print and type.
//! `tests/platform.rs` checks the guarantee exhaustively through `PlatformCode::parse`.

/// Multiplication by α = x, modulo x⁵ + x² + 1.
fn times_alpha(s: u8) -> u8 {
    let shifted = s << 1;
    if shifted & 0x20 != 0 {
        shifted ^ 0x25
    } else {
        shifted
    }
}

/// S over `symbols` by Horner's rule: zero for a valid body (data followed by its check).
pub(super) fn syndrome(symbols: &[u8]) -> u8 {
    symbols.iter().fold(0, |s, &c| times_alpha(s) ^ c)
}

/// The check value to append to `data` so that the whole body's syndrome is zero.
pub(super) fn check_value(data: &[u8]) -> u8 {
    times_alpha(syndrome(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_has_order_31_so_every_weight_is_distinct_and_non_zero() {
        let mut seen = [false; 32];
        let mut p = 1u8;
        for _ in 0..31 {
            assert!(p != 0 && !seen[usize::from(p)], "repeat at {p}");
            seen[usize::from(p)] = true;
            p = times_alpha(p);
        }
        assert_eq!(p, 1);
    }

    #[test]
    fn appending_the_check_value_makes_the_syndrome_zero() {
        let data: Vec<u8> = (0..23).map(|i| (i * 7 + 3) % 32).collect();
        let mut body = data.clone();
        body.push(check_value(&data));
        assert_eq!(syndrome(&body), 0);
    }
}
