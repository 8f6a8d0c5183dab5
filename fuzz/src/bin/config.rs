//! Fuzz target: see `kiez_fuzz::config`.

fn main() {
    afl::fuzz!(|data: &[u8]| kiez_fuzz::config(data));
}
