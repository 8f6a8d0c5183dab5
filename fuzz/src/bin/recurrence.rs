//! Fuzz target: see `kiez_fuzz::recurrence`.

fn main() {
    afl::fuzz!(|data: &[u8]| kiez_fuzz::recurrence(data));
}
