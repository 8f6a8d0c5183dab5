//! Highlighted code kept between builds in `.kiez-cache/code.bin`.
//! syntect's regex-driven parser is the most expensive step of rendering
//! Markdown (a sixth of a whole build's CPU on the benchmark corpus, whose
//! articles have up to two code blocks); its result depends only on the
//! code, its language and the highlighter, so a build looks each block up
//! by a hash of those and highlights only what it has not seen.
//!
//! The file is a list of (key, LZ4-packed HTML) blocks, read whole at the
//! start of a build and written whole, atomically, when the build
//! highlighted something new or no longer showed something kept. A file
//! that is missing, of another format or damaged counts as empty: a
//! cache only ever costs time.

use std::collections::HashMap;
use std::hash::Hasher;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::util::hash::Fnv;

/// The file's first bytes; a new format gets a new number.
const MAGIC: &[u8] = b"kiez-code-1\n";

/// A block's key: two 64-bit hashes, so ten thousand blocks do not
/// collide in practice.
type Key = (u64, u64);

/// The highlighted code of earlier builds, and what this build adds. Each
/// block is held LZ4-packed, as in the file: unpacked, ten thousand
/// blocks would add a third to a build's peak memory.
#[derive(Default)]
pub struct CodeCache {
    /// The file as read.
    file: Vec<u8>,
    /// Each block's packed HTML, as a range of `file`, and whether this
    /// build looked it up (the others are dropped on [`CodeCache::save`]).
    index: HashMap<Key, (Range<usize>, AtomicBool)>,
    fresh: Mutex<Vec<(Key, Vec<u8>)>>,
}

impl CodeCache {
    /// The cache in file `path`; empty if there is none or it is not one.
    pub fn load(path: &Path) -> Self {
        let file = std::fs::read(path).unwrap_or_default();
        let index = entries(&file)
            .unwrap_or_default()
            .into_iter()
            .map(|(key, range)| (key, (range, AtomicBool::new(false))))
            .collect();
        CodeCache {
            file,
            index,
            fresh: Mutex::default(),
        }
    }

    /// `code` in language `lang` highlighted, from the cache or by
    /// `highlight` (whose `None`, an unknown language, is not kept).
    pub fn get_or(
        &self,
        code: &str,
        lang: &str,
        highlight: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        let key = key(code, lang);
        let cached = self.index.get(&key).and_then(|(range, used)| {
            let html = lz4_flex::decompress_size_prepended(&self.file[range.clone()]).ok()?;
            let html = String::from_utf8(html).ok()?;
            // Only a block that reads back is kept; a damaged one is
            // highlighted again and replaced.
            used.store(true, Ordering::Relaxed);
            Some(html)
        });
        if cached.is_some() {
            return cached;
        }
        let html = highlight()?;
        let packed = lz4_flex::compress_prepend_size(html.as_bytes());
        self.fresh
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((key, packed));
        Some(html)
    }

    /// Writes what this build highlighted into `path`, unless that is
    /// what the file holds already; returns whether it wrote. Call it
    /// only after a build that rendered every body: the blocks no body
    /// looked up are dropped, so the file does not grow with every edit.
    pub fn save(self, path: &Path) -> bool {
        let fresh = self
            .fresh
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let used = |(_, used): &&(Range<usize>, AtomicBool)| used.load(Ordering::Relaxed);
        if fresh.is_empty() && self.index.values().filter(used).count() == self.index.len() {
            return false;
        }
        let mut blocks: Vec<(Key, &[u8])> = self
            .index
            .iter()
            .filter(|(_, block)| used(block))
            .map(|(key, (range, _))| (*key, &self.file[range.clone()]))
            .chain(fresh.iter().map(|(key, packed)| (*key, packed.as_slice())))
            .collect();
        // The same bytes for the same blocks, whatever order threads
        // finished in.
        blocks.sort_by_key(|(key, _)| *key);
        blocks.dedup_by_key(|(key, _)| *key);
        let mut out = MAGIC.to_vec();
        for ((a, b), packed) in blocks {
            out.extend_from_slice(&a.to_le_bytes());
            out.extend_from_slice(&b.to_le_bytes());
            let len = u32::try_from(packed.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&packed[..len as usize]);
        }
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        crate::fs::store(path, &out)
    }
}

/// What a block's highlighted HTML depends on: the code, its language,
/// and the highlighter (kiez's version and the highlighting module's own
/// source, so changing how code is highlighted never serves old HTML).
fn key(code: &str, lang: &str) -> Key {
    static SEED: OnceLock<Key> = OnceLock::new();
    let seed = SEED.get_or_init(|| {
        let tag = [
            env!("CARGO_PKG_VERSION"),
            include_str!("highlight.rs"),
            include_str!("code_cache.rs"),
        ]
        .concat();
        (fnv(b"kiez-code-a", &[&tag]), fnv(b"kiez-code-b", &[&tag]))
    });
    let parts: [&str; 3] = [lang, "\0", code];
    (
        fnv(&seed.0.to_le_bytes(), &parts),
        fnv(&seed.1.to_le_bytes(), &parts),
    )
}

fn fnv(domain: &[u8], parts: &[&str]) -> u64 {
    let mut h = Fnv::new(domain);
    for part in parts {
        h.write(part.as_bytes());
    }
    h.finish()
}

/// The blocks of a cache file: after `MAGIC`, per block the two key
/// halves and the packed HTML's length (little-endian u64, u64, u32),
/// then the HTML, LZ4-packed with its size first.
fn entries(file: &[u8]) -> Option<HashMap<Key, Range<usize>>> {
    let mut at = MAGIC.len();
    if !file.starts_with(MAGIC) {
        return None;
    }
    let mut index = HashMap::new();
    while at < file.len() {
        let head = file.get(at..at + 20)?;
        let a = u64::from_le_bytes(head[..8].try_into().ok()?);
        let b = u64::from_le_bytes(head[8..16].try_into().ok()?);
        let len = u32::from_le_bytes(head[16..].try_into().ok()?) as usize;
        let range = at + 20..at + 20 + len;
        file.get(range.clone())?;
        index.insert((a, b), range.clone());
        at = range.end;
    }
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_block_is_found_by_the_next_build_and_dropped_when_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("cache/code.bin");
        let first = CodeCache::load(&path);
        let html = first.get_or("let x = 1;", "rust", || Some("<b>x</b>".into()));
        assert_eq!(html.as_deref(), Some("<b>x</b>"));
        assert_eq!(first.get_or("?", "klingon", || None), None);
        first.get_or("y", "rust", || Some("<i>y</i>".into()));
        assert!(first.save(&path));

        let second = CodeCache::load(&path);
        let cached = second.get_or("let x = 1;", "rust", || panic!("highlighted again"));
        assert_eq!(cached.as_deref(), Some("<b>x</b>"));
        // Another language is another block.
        assert_eq!(
            second.get_or("let x = 1;", "js", || Some("js".into())),
            Some("js".into())
        );
        assert!(second.save(&path), "`y` went unused, `js` is new");
        let third = CodeCache::load(&path);
        assert_eq!(third.index.len(), 2);
        third.get_or("let x = 1;", "rust", || panic!("highlighted again"));
        third.get_or("let x = 1;", "js", || panic!("highlighted again"));
        assert!(!third.save(&path), "nothing changed, nothing written");
    }

    #[test]
    fn a_damaged_or_foreign_file_is_an_empty_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("code.bin");
        let cache = CodeCache::load(&path);
        cache.get_or("a", "rust", || Some("<b>a</b>".into()));
        assert!(cache.save(&path));
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() - 3);
        std::fs::write(&path, &bytes).unwrap();
        assert!(CodeCache::load(&path).index.is_empty());
        std::fs::write(&path, b"something else").unwrap();
        assert!(CodeCache::load(&path).index.is_empty());
    }
}
