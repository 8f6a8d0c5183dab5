//! Progress of a build, told to whoever draws it: the library never
//! prints, so `kiez build` passes a [`Progress`] that draws a bar on a
//! terminal, and everything else passes nothing.

use std::fmt;
use std::sync::Arc;

/// Receives a build's progress. Called from many threads at once.
pub trait Progress: Send + Sync {
    /// A stage begins: its name, and how many steps it has (0: unknown).
    fn stage(&self, name: &'static str, steps: usize);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: usize);
}

/// A [`Progress`] or none, cheap to clone and pass down.
#[derive(Clone, Default)]
pub struct Tracker(Option<Arc<dyn Progress>>);

impl Tracker {
    /// Tells `progress` about the build.
    pub fn new(progress: Arc<dyn Progress>) -> Self {
        Tracker(Some(progress))
    }

    /// See [`Progress::stage`].
    pub fn stage(&self, name: &'static str, steps: usize) {
        if let Some(p) = &self.0 {
            p.stage(name, steps);
        }
    }

    /// See [`Progress::advance`].
    pub fn advance(&self, n: usize) {
        if let Some(p) = &self.0 {
            p.advance(n);
        }
    }
}

impl fmt::Debug for Tracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Tracker(on)"
        } else {
            "Tracker(off)"
        })
    }
}
