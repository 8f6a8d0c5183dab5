//! Small helpers every stage may use: escaping for each output format,
//! URL building, text folding, content hashing, compressed text, and the two kinds of
//! output a stage produces. They import nothing of the pipeline, so any
//! module can use them without creating a cycle (see `ARCHITECTURE.md`).

pub mod artifact;
pub mod escape;
pub mod fold;
pub mod fonts;
pub mod hash;
pub mod packed;
pub mod progress;
pub mod rank;
pub mod timings;
pub mod translit;
pub mod url;
