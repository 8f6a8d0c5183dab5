//! What an import did and what it left for a human, as one value: `main`
//! prints it, and the importer writes it as `import-report.md` into the
//! new site, so the list of open work stays beside the content.

use std::collections::BTreeMap;

/// The outcome of one import.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// What was imported, e.g. "WordPress export `site.xml` (WXR 1.2)".
    pub source: String,
    /// Files written per kind ("articles", "drafts", "pages", "events",
    /// "media files copied").
    pub counts: BTreeMap<String, usize>,
    /// Items not imported, and why.
    pub skipped: Vec<Skipped>,
    /// Shortcodes, Liquid tags and dynamic blocks kept as text for a human.
    pub left: Vec<Left>,
    /// Media the source names but that was not found under `--media`.
    pub media_missing: Vec<Media>,
    /// Media left at its old URL because no `--media` folder was given.
    pub media_remote: Vec<Media>,
    /// Old links a static host cannot redirect (`/?p=123`), and where
    /// they lead now: a web server rule can keep them working.
    pub redirects: Vec<(String, String)>,
    /// Anything else worth knowing (comments not imported, page paths
    /// flattened).
    pub notes: Vec<String>,
}

/// An item of the source that was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its title and ID or path in the source.
    pub item: String,
    /// Why it was skipped.
    pub reason: String,
}

/// Something in a body that kiez cannot run, kept visibly in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// The new file, relative to the site.
    pub file: String,
    /// The shortcode or tag as it stands in the file, e.g. `[contact-form-7 id="5"]`.
    pub text: String,
}

/// A media file of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The new file naming it, relative to the site.
    pub file: String,
    /// Its URL in the source.
    pub url: String,
}

impl Report {
    /// Adds one to the count of `kind`.
    pub fn count(&mut self, kind: &str) {
        *self.counts.entry(kind.to_string()).or_default() += 1;
    }

    /// The report as Markdown: a summary, then one section per kind of
    /// open work (left out when there is none).
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# Import report\n\nFrom {}.\n\n## Imported\n\n",
            self.source
        );
        for (kind, n) in &self.counts {
            out += &format!("- {kind}: {n}\n");
        }
        let mut section = |title: &str, lines: Vec<String>| {
            if !lines.is_empty() {
                out += &format!("\n## {title} ({})\n\n", lines.len());
                for line in lines {
                    out += &format!("- {line}\n");
                }
            }
        };
        section(
            "Skipped",
            self.skipped
                .iter()
                .map(|s| format!("{}: {}", s.item, s.reason))
                .collect(),
        );
        section(
            "Left for a human: shortcodes, template tags and blocks kiez cannot run",
            self.left
                .iter()
                .map(|l| format!("`{}`: `{}`", l.file, l.text))
                .collect(),
        );
        let media = |list: &[Media]| {
            list.iter()
                .map(|m| format!("`{}`: {}", m.file, m.url))
                .collect()
        };
        section("Media not found under --media", media(&self.media_missing));
        section(
            "Media still at its old address (no --media given)",
            media(&self.media_remote),
        );
        section(
            "Old links a static host cannot redirect (add server rules)",
            self.redirects
                .iter()
                .map(|(from, to)| format!("`{from}` → `{to}`"))
                .collect(),
        );
        section("Notes", self.notes.clone());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sections_are_left_out() {
        let mut report = Report {
            source: "a test".into(),
            ..Report::default()
        };
        report.count("articles");
        report.count("articles");
        let text = report.to_markdown();
        assert!(text.contains("- articles: 2\n"), "{text}");
        assert!(!text.contains("Skipped"), "{text}");
    }
}
