//! The progress bar of `kiez build` (binary only: the library reports
//! progress through `kiez::util::progress`, and never draws).
//!
//! Drawn only on a terminal and only once a build has run for a moment,
//! so quick builds and CI logs show just the summary line.

use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kiez::util::progress::{Progress, Tracker};

/// How long a build runs before the bar appears.
const MOMENT: Duration = Duration::from_millis(400);

/// A bar on stderr, shown after [`MOMENT`].
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
}

impl Bar {
    /// A bar that shows itself when stderr is a terminal and the build
    /// takes longer than a moment; hidden from the start otherwise.
    pub fn start() -> Arc<Bar> {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        Arc::new(Bar {
            bar,
            started: Instant::now(),
        })
    }

    /// The tracker to hand to the library.
    pub fn tracker(self: &Arc<Self>) -> Tracker {
        Tracker::new(self.clone())
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn show_when_due(&self) {
        if self.bar.is_hidden() && self.started.elapsed() >= MOMENT {
            // `stderr()` draws nothing when stderr is no terminal.
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }
}

impl Progress for Bar {
    fn stage(&self, name: &'static str, steps: usize) {
        let template = if steps == 0 {
            "{spinner} {msg}"
        } else {
            "{spinner} {msg} {wide_bar} {pos}/{len}"
        };
        self.bar.set_style(
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        self.bar.set_length(steps as u64);
        self.bar.set_position(0);
        self.bar.set_message(name);
        self.show_when_due();
    }

    fn advance(&self, n: usize) {
        self.bar.inc(n as u64);
        self.show_when_due();
    }
}
