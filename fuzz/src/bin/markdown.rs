//! Fuzz target: see `kiez_fuzz::markdown`.

fn main() {
    afl::fuzz!(|data: &[u8]| kiez_fuzz::markdown(data));
}
