//! The hash of the vault's lookup tables. `check` looks up every link of every note (hundreds of
//! thousands on a large vault), and std's SipHash cost more than the lookups themselves. This one
//! takes eight bytes at a time and mixes each word in with a folded multiply (the high half of the
//! 128-bit product folded onto the low half, as foldhash does), so that every input bit reaches the
//! low bits hashbrown picks buckets by. It is not keyed: a vault is the user's own files.
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) type KeyHash = BuildHasherDefault<WordHasher>;

#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

const MULTIPLIER: u64 = 0xf135_7aea_2e62_a9c5;

impl WordHasher {
    fn add(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word) * u128::from(MULTIPLIER);
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn names_that_differ_late_land_in_different_buckets() {
        // hashbrown takes the bucket from the low bits: names alike but for their last
        // characters must still spread out there.
        let hash = KeyHash::default();
        let buckets: std::collections::HashSet<u64> = (0..1000)
            .map(|i| hash.hash_one(format!("journal 0/listening {i:05}")) & 1023)
            .collect();
        assert!(
            buckets.len() > 500,
            "only {} of 1024 buckets used",
            buckets.len()
        );
    }
}
