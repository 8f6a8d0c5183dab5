//! Fuzz target: see `kiez_fuzz::frontmatter`.

fn main() {
    afl::fuzz!(|data: &[u8]| kiez_fuzz::frontmatter(data));
}
