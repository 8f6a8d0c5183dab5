//! Text held compressed in memory. The site model keeps every page's body
//! HTML from rendering the Markdown until the last feed is written; at
//! 10,000 articles that is about 250 MB of HTML (highlighted code is
//! mostly `<span>`s), the larger part of the build's peak memory. LZ4
//! packs it to about a fifth and unpacks a body in microseconds, and each
//! body is read only a few times (its page, the search index, feeds).

use std::fmt;

/// A string stored LZ4-compressed; [`Packed::unpack`] gives it back.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Packed {
    bytes: Box<[u8]>,
}

impl Packed {
    /// Compresses `text`.
    pub fn new(text: &str) -> Self {
        if text.is_empty() {
            return Packed::default();
        }
        Packed {
            bytes: lz4_flex::compress_prepend_size(text.as_bytes()).into_boxed_slice(),
        }
    }

    /// The text.
    pub fn unpack(&self) -> String {
        if self.bytes.is_empty() {
            return String::new();
        }
        let bytes = lz4_flex::decompress_size_prepended(&self.bytes)
            .expect("a Packed holds what Packed::new compressed");
        String::from_utf8(bytes).expect("a Packed holds UTF-8")
    }

    /// The compressed bytes: equal for equal texts (compression is
    /// deterministic), so a hash of them stands for a hash of the text.
    pub fn packed(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for Packed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.unpack(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_back_what_it_was_given() {
        let html = "<p>Grüße aus dem Hof «Linde» \u{a0}</p>".repeat(200);
        let packed = Packed::new(&html);
        assert_eq!(packed.unpack(), html);
        let size = packed.packed().len();
        assert!(size < html.len() / 4, "{size}");
        assert_eq!(Packed::new("").unpack(), "");
        assert!(Packed::new("").packed().is_empty());
        assert_eq!(Packed::new("x"), Packed::new("x"));
        assert_ne!(Packed::new("x"), Packed::new("y"));
    }
}
