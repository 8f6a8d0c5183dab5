//! Calendar files of events (`/events/SLUG.ics`, `/events/calendar.ics`, one per
//! category) in iCalendar format ([`ical`]).

pub mod ical;

use crate::content::Kind;
use crate::site::{Page, Site, TaxonomyKind};
use crate::util::artifact::OutputFile;

/// Every calendar file of the site.
pub fn render_calendars(site: &Site) -> Vec<OutputFile> {
    let t = crate::i18n::strings(site.config.language);
    let events_label = t["events"].as_str().unwrap_or("Events");
    let title = &site.config.title;
    let events: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.item.kind == Kind::Event && !p.item.fallback)
        .collect();
    let mut files: Vec<OutputFile> = events
        .iter()
        .map(|page| OutputFile {
            path: format!("events/{}.ics", page.item.slug),
            bytes: ical::calendar(site, &page.item.title, &[page])
                .into_bytes()
                .into(),
        })
        .collect();
    files.push(OutputFile {
        path: "events/calendar.ics".into(),
        bytes: ical::calendar(site, &format!("{events_label} – {title}"), &events)
            .into_bytes()
            .into(),
    });
    for term in &site.taxonomy(TaxonomyKind::Categories).terms {
        let pages: Vec<&Page> = term
            .pages
            .iter()
            .map(|&i| &site.pages[i])
            .filter(|p| p.item.kind == Kind::Event)
            .collect();
        if !pages.is_empty() {
            files.push(OutputFile {
                path: format!("{}calendar.ics", term.path.trim_start_matches('/')),
                bytes: ical::calendar(site, &format!("{} – {title}", term.name), &pages)
                    .into_bytes()
                    .into(),
            });
        }
    }
    files
}
