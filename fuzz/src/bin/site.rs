//! Fuzz target: see `kiez_fuzz::site`.

fn main() {
    afl::fuzz!(|data: &[u8]| kiez_fuzz::site(data));
}
