//! Where each field sits in a version-1 code.
//!
//! The 23 data symbols carry 115 bits, most significant first:
//!
//! | bits | field     | range                                   |
//! |------|-----------|-----------------------------------------|
//! | 3    | version   | 1 (0 and 2–7 are not issued)            |
//! | 16   | key id    | 0 – 65,535                              |
//! | 32   | issuance  | 0 – 4,294,967,295                       |
//! | 24   | index     | 0 – 16,777,215 (16,777,216 codes)       |
//! | 40   | tag       | the MAC over the 75 bits before it      |
//!
//! then one check symbol. The fields come first and the tag last so that the MAC's message
//! is simply the leading 75 bits, and so that the codes of one issuance share a visible
//! beginning, which helps nobody forge but helps a person see that labels belong together.

use super::alphabet;
use super::check;

/// The only version this module issues and reads.
pub(super) const VERSION: u8 = 1;

const VERSION_BITS: u32 = 3;
const KEY_BITS: u32 = 16;
const ISSUANCE_BITS: u32 = 32;
pub(super) const INDEX_BITS: u32 = 24;
pub(super) const TAG_BITS: u32 = 40;

/// Data symbols (5 bits each) and the body with its check symbol.
pub(super) const DATA_SYMBOLS: usize = 23;
pub(super) const BODY_SYMBOLS: usize = DATA_SYMBOLS + 1;

const FIELD_BITS: u32 = VERSION_BITS + KEY_BITS + ISSUANCE_BITS + INDEX_BITS;
const _: () = assert!(FIELD_BITS + TAG_BITS == 5 * DATA_SYMBOLS as u32);

/// What a code says, apart from its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Fields {
    pub version: u8,
    pub key_id: u16,
    pub issuance: u32,
    pub index: u32,
}

impl Fields {
    /// The 75 field bits as one number: what the MAC authenticates.
    pub fn packed(self) -> u128 {
        let index = u128::from(self.index) & mask(INDEX_BITS);
        (u128::from(self.version) << (KEY_BITS + ISSUANCE_BITS + INDEX_BITS))
            | (u128::from(self.key_id) << (ISSUANCE_BITS + INDEX_BITS))
            | (u128::from(self.issuance) << INDEX_BITS)
            | index
    }

    /// The fields of 75 packed bits; the `as` casts keep exactly the masked bits.
    fn unpack(packed: u128) -> Self {
        Self {
            version: ((packed >> (KEY_BITS + ISSUANCE_BITS + INDEX_BITS)) & mask(VERSION_BITS))
                as u8,
            key_id: ((packed >> (ISSUANCE_BITS + INDEX_BITS)) & mask(KEY_BITS)) as u16,
            issuance: ((packed >> INDEX_BITS) & mask(ISSUANCE_BITS)) as u32,
            index: (packed & mask(INDEX_BITS)) as u32,
        }
    }
}

fn mask(bits: u32) -> u128 {
    (1u128 << bits) - 1
}

/// The body (data symbols then check symbol) as upper-case ASCII.
pub(super) fn encode(fields: Fields, tag: u64) -> [u8; BODY_SYMBOLS] {
    let payload = (fields.packed() << TAG_BITS) | (u128::from(tag) & mask(TAG_BITS));
    let mut values = [0u8; BODY_SYMBOLS];
    for (i, v) in values.iter_mut().take(DATA_SYMBOLS).enumerate() {
        let shift = 5 * (DATA_SYMBOLS - 1 - i);
        *v = ((payload >> shift) & 31) as u8;
    }
    values[DATA_SYMBOLS] = check::check_value(&values[..DATA_SYMBOLS]);
    values.map(alphabet::symbol)
}

/// The fields and tag of 23 data symbol values (each below 32).
pub(super) fn decode(data: &[u8; DATA_SYMBOLS]) -> (Fields, u64) {
    let payload = data
        .iter()
        .fold(0u128, |acc, &v| (acc << 5) | u128::from(v & 31));
    let tag = (payload & mask(TAG_BITS)) as u64;
    (Fields::unpack(payload >> TAG_BITS), tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_survive_packing_at_their_extremes() {
        for fields in [
            Fields {
                version: 1,
                key_id: 0,
                issuance: 0,
                index: 0,
            },
            Fields {
                version: 7,
                key_id: u16::MAX,
                issuance: u32::MAX,
                index: (1 << INDEX_BITS) - 1,
            },
        ] {
            assert_eq!(Fields::unpack(fields.packed()), fields);
        }
    }
}
