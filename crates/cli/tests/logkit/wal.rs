//! Reading a SQLite write-ahead log (https://sqlite.org/fileformat2.html#walformat) far
//! enough to find where its last committed transaction ends: the bytes after it were never
//! fsynced by a commit, so a power loss may lose or garble them.

/// The WAL header's size, and a frame header's.
const WAL_HEADER: usize = 32;
const FRAME_HEADER: usize = 24;

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// SQLite's WAL checksum over `data` (a multiple of 8 bytes), continuing from `(s0, s1)`.
fn checksum(data: &[u8], big_endian: bool, (mut s0, mut s1): (u32, u32)) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| {
            let b: [u8; 4] = b.try_into().unwrap();
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s0 = s0.wrapping_add(word(&pair[..4])).wrapping_add(s1);
        s1 = s1.wrapping_add(word(&pair[4..])).wrapping_add(s0);
    }
    (s0, s1)
}

/// The offset just past the last valid commit frame of the WAL's current generation: the
/// first byte no commit has covered. 0 when no frame is committed.
pub fn last_commit_end(wal: &[u8]) -> usize {
    if wal.len() < WAL_HEADER {
        return 0;
    }
    let magic = be32(wal, 0);
    if magic & !1 != 0x377f_0682 {
        return 0;
    }
    let big_endian = magic & 1 == 1;
    let page_size = be32(wal, 8) as usize;
    let salts = &wal[16..24];
    let mut sum = checksum(&wal[..24], big_endian, (0, 0));
    if sum != (be32(wal, 24), be32(wal, 28)) {
        return 0;
    }
    let mut end = 0;
    let mut at = WAL_HEADER;
    while at + FRAME_HEADER + page_size <= wal.len() {
        let frame = &wal[at..at + FRAME_HEADER + page_size];
        // A frame of an earlier generation has the salts of its own header.
        if &frame[8..16] != salts {
            break;
        }
        sum = checksum(&frame[..8], big_endian, sum);
        sum = checksum(&frame[FRAME_HEADER..], big_endian, sum);
        if sum != (be32(frame, 16), be32(frame, 20)) {
            break;
        }
        at += FRAME_HEADER + page_size;
        if be32(frame, 4) != 0 {
            end = at;
        }
    }
    end
}
