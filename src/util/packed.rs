//! Text held compressed in memory. The site model keeps every page's body
//! HTML from rendering the Markdown until the last feed is written; at
//! 10,000 articles that is about 250 MB of HTML (highlighted code is
//! mostly `<span>`s), the larger part of the build's peak memory. LZ4
//! packs it to about a fifth and unpacks a body in microseconds, and each
//! body is read only a few times (its page, the search index, feeds).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

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

/// What starts a packed file's bytes. Text files are UTF-8, in which 0xFF
/// never occurs, so no text kiez renders can start like this: a reader
/// tells packed from plain bytes by looking, not by being told.
const FILE_MAGIC: &[u8] = b"\xffKZ4";

/// Output files worth packing: the text kiez renders (HTML compresses to
/// about a fifth); images and fonts are compressed already.
fn is_text(path: &str) -> bool {
    [
        ".html", ".xml", ".json", ".txt", ".ics", ".css", ".js", ".svg",
    ]
    .iter()
    .any(|ext| path.ends_with(ext))
}

/// The bytes of an output file at `path`, packed when it is text (the dev
/// server keeps every file of a build); bytes packed already are kept.
pub fn pack_file(path: &str, bytes: Arc<[u8]>) -> Arc<[u8]> {
    if !is_text(path) || bytes.starts_with(FILE_MAGIC) || bytes.len() < 64 {
        return bytes;
    }
    let mut out = FILE_MAGIC.to_vec();
    out.extend_from_slice(&lz4_flex::compress_prepend_size(&bytes));
    out.into()
}

/// The file's bytes as written: unpacked if [`pack_file`] packed them.
pub fn file_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    match bytes.strip_prefix(FILE_MAGIC) {
        Some(packed) => Cow::Owned(
            lz4_flex::decompress_size_prepended(packed)
                .expect("packed bytes are what pack_file compressed"),
        ),
        None => Cow::Borrowed(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_packed_once_and_only_when_text() {
        let html: Arc<[u8]> = "<p>Hof</p>\n".repeat(100).into_bytes().into();
        let packed = pack_file("a/index.html", Arc::clone(&html));
        assert!(packed.len() < html.len() / 4);
        assert_eq!(file_bytes(&packed), &html[..]);
        let again = pack_file("a/index.html", Arc::clone(&packed));
        assert!(Arc::ptr_eq(&again, &packed), "packed twice");
        let png: Arc<[u8]> = vec![0x89; 200].into();
        assert!(Arc::ptr_eq(
            &pack_file("social/x.png", Arc::clone(&png)),
            &png
        ));
        assert_eq!(file_bytes(&png), &png[..]);
        assert!(matches!(file_bytes(b"plain"), Cow::Borrowed(b"plain")));
    }

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
