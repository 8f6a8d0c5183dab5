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

/// The hex hash of `bytes` under `domain`.
pub fn hex(domain: &[u8], bytes: &[u8]) -> String {
    let mut h = Fnv::new(domain);
    Hasher::write(&mut h, bytes);
    h.hex()
}

/// The hasher for in-memory fingerprints (which page to render again):
/// XXH3, several times faster than std's SipHash on the many small writes
/// of [`json`], with a well-tested spread; collisions are not a concern
/// of an attacker here, only of chance.
pub type Fingerprint = xxhash_rust::xxh3::Xxh3Default;

/// Hashes anything serde can serialize, without building it as a value
/// first: bincode's encoding is length-prefixed and tags every variant, so
/// different values feed the hasher different bytes.
pub fn serialized(h: &mut impl Hasher, value: &impl serde::Serialize) {
    struct Feed<'h, H>(&'h mut H);
    impl<H: Hasher> std::io::Write for Feed<'_, H> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Serializing into memory cannot fail for the types kiez hashes
    // (bincode refuses only sequences of unknown length).
    bincode::serialize_into(Feed(h), value).expect("hashable value");
}

/// Hashes a JSON value by walking it: cheaper than serializing it, and as
/// exact (every value is tagged, strings and lists are length-prefixed).
/// For in-memory keys (the hasher decides whether they are stable).
pub fn json(h: &mut impl Hasher, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => h.write_u8(if *b { 2 } else { 1 }),
        Value::Number(n) => {
            // Whole numbers as themselves, others by their bits: no
            // allocation, and 1 and 1.0 stay apart as they print apart.
            if let Some(i) = n.as_i64() {
                h.write_u8(3);
                h.write_i64(i);
            } else if let Some(u) = n.as_u64() {
                h.write_u8(7);
                h.write_u64(u);
            } else {
                h.write_u8(8);
                h.write_u64(n.as_f64().unwrap_or(f64::NAN).to_bits());
            }
        }
        Value::String(text) => {
            h.write_u8(4);
            h.write_usize(text.len());
            h.write(text.as_bytes());
        }
        Value::Array(items) => {
            h.write_u8(5);
            h.write_usize(items.len());
            items.iter().for_each(|item| json(h, item));
        }
        Value::Object(map) => {
            h.write_u8(6);
            json_map(h, map);
        }
    }
}

/// [`json`] of an object.
pub fn json_map(h: &mut impl Hasher, map: &serde_json::Map<String, serde_json::Value>) {
    h.write_usize(map.len());
    for (key, value) in map {
        h.write_usize(key.len());
        h.write(key.as_bytes());
        json(h, value);
    }
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
