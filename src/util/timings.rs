//! Where a build's time went, stage by stage, for `--verbose` and for
//! finding what to make faster without a profiler.

use std::fmt;
use std::time::{Duration, Instant};

/// Wall time per stage, in the order the stages ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timings {
    /// Each stage's name and duration.
    pub stages: Vec<(&'static str, Duration)>,
    mark: Instant,
}

impl Timings {
    /// Starts timing the first stage now.
    pub fn start() -> Self {
        Timings {
            stages: Vec::new(),
            mark: Instant::now(),
        }
    }

    /// Ends the stage `name` (it began where the last one ended).
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.mark));
        self.mark = now;
    }
}

impl fmt::Display for Timings {
    /// `content 12 ms · site 30 ms · …`, in milliseconds with one
    /// decimal below ten.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, (name, took)) in self.stages.iter().enumerate() {
            if n > 0 {
                f.write_str(" · ")?;
            }
            let ms = took.as_secs_f64() * 1000.0;
            if ms < 10.0 {
                write!(f, "{name} {ms:.1} ms")?;
            } else {
                write!(f, "{name} {ms:.0} ms")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_stages_in_order() {
        let mut t = Timings::start();
        t.lap("content");
        t.lap("site");
        t.stages[0].1 = Duration::from_micros(2_340);
        t.stages[1].1 = Duration::from_millis(31);
        assert_eq!(t.to_string(), "content 2.3 ms · site 31 ms");
    }
}
