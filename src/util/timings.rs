//! Where a build's time went, stage by stage, for `--verbose` and for
//! finding what to make faster without a profiler.

use std::fmt;
use std::time::{Duration, Instant};

/// Wall time per stage, in the order the stages ran, and per page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timings {
    /// Each stage's name and duration.
    pub stages: Vec<(&'static str, Duration)>,
    /// Each page rendered (pages run in parallel: these add up to more
    /// than the `pages` stage's wall time).
    pub pages: Vec<PageTime>,
    mark: Instant,
}

/// How long one page took to prepare and render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTime {
    /// The page's path, e.g. `/articles/x/`.
    pub path: String,
    /// Its template, e.g. `article.html`.
    pub template: &'static str,
    /// Time spent on it.
    pub took: Duration,
}

impl Timings {
    /// Starts timing the first stage now.
    pub fn start() -> Self {
        Timings {
            stages: Vec::new(),
            pages: Vec::new(),
            mark: Instant::now(),
        }
    }

    /// The `n` slowest pages, slowest first.
    pub fn slowest_pages(&self, n: usize) -> Vec<&PageTime> {
        let mut pages: Vec<&PageTime> = self.pages.iter().collect();
        pages.sort_by(|a, b| b.took.cmp(&a.took).then_with(|| a.path.cmp(&b.path)));
        pages.truncate(n);
        pages
    }

    /// Per template: how many pages, and their total time, the most
    /// costly template first.
    pub fn templates(&self) -> Vec<(&'static str, usize, Duration)> {
        let mut by: std::collections::BTreeMap<&'static str, (usize, Duration)> =
            Default::default();
        for page in &self.pages {
            let entry = by.entry(page.template).or_default();
            *entry = (entry.0 + 1, entry.1 + page.took);
        }
        let mut templates: Vec<_> = by.into_iter().map(|(t, (n, d))| (t, n, d)).collect();
        templates.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
        templates
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

    #[test]
    fn slowest_pages_and_costliest_templates_come_first() {
        let mut t = Timings::start();
        let page = |path: &str, template, ms| PageTime {
            path: path.into(),
            template,
            took: Duration::from_millis(ms),
        };
        t.pages = vec![
            page("/a/", "article.html", 5),
            page("/b/", "article.html", 7),
            page("/", "index.html", 9),
        ];
        let slowest: Vec<&str> = t.slowest_pages(2).iter().map(|p| p.path.as_str()).collect();
        assert_eq!(slowest, ["/", "/b/"]);
        assert_eq!(
            t.templates(),
            [
                ("article.html", 2, Duration::from_millis(12)),
                ("index.html", 1, Duration::from_millis(9)),
            ]
        );
    }
}
