//! Content hashing for cache keys and file names: FNV-1a, 64 bits. Not
//! cryptographic; stable across runs, platforms and Rust versions (std's
//! `DefaultHasher` promises none of that), so cache files survive an
//! upgrade of the compiler.

use std::hash::Hasher;

/// FNV-1a with a domain tag, so two kinds of cache never share keys.
#[derive(Debug, Clone)]
pub struct Fnv(u64);

impl Fnv {
    /// A hasher seeded with `domain` (e.g. `b"kiez-img-1"`).
    pub fn new(domain: &[u8]) -> Self {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.write(domain);
        h
    }

    /// The hash as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        Hasher::write(self, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The hex hash of `bytes` under `domain`.
pub fn hex(domain: &[u8], bytes: &[u8]) -> String {
    let mut h = Fnv::new(domain);
    Hasher::write(&mut h, bytes);
    h.hex()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_stable_and_domain_separated() {
        // FNV-1a of the empty input is its offset basis.
        assert_eq!(super::hex(b"", b""), "cbf29ce484222325");
        assert_ne!(super::hex(b"a", b"x"), super::hex(b"b", b"x"));
    }
}
