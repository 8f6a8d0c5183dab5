//! Heading ids, their self-links and the table of contents. An editor's
//! `{#id}` is kept as written — links from elsewhere point at it — and
//! generated ids never take one; two explicit ids that collide are
//! reported, since one link would have two targets.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::Heading;
use crate::util::escape::html as escape_attr;

/// One heading found in the event list.
struct HeadingSpan {
    /// Index of its `Start` event.
    start: usize,
    /// Index of its `End` event.
    end: usize,
    level: u8,
    /// The editor's `{#id}`, if any.
    explicit: Option<String>,
    text: String,
}

/// Gives every heading an id and appends a self-link so readers can share a
/// section. An editor's `{#id}` is kept as written — links elsewhere point
/// at it — and generated ids (a slug of the text, numbered when taken)
/// avoid every explicit one. Returns the headings and the explicit ids
/// written twice, which the caller reports. Linear in the number of
/// headings: 40,000 of them used to take seconds of `Vec::insert`.
pub(super) fn assign_ids(
    events: &mut Vec<Event>,
    slugify: &dyn Fn(&str) -> String,
) -> (Vec<(u8, String, String)>, Vec<String>) {
    let spans = find_headings(events);
    let mut used: HashSet<String> = HashSet::new();
    let mut duplicates = Vec::new();
    for id in spans.iter().filter_map(|h| h.explicit.as_ref()) {
        if !used.insert(id.clone()) && !duplicates.contains(id) {
            duplicates.push(id.clone());
        }
    }
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut headings = Vec::with_capacity(spans.len());
    let mut anchors = Vec::with_capacity(spans.len());
    for span in spans {
        let id = match span.explicit {
            Some(id) => id,
            None => {
                let base = Some(slugify(&span.text))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "section".to_string());
                unique_id(base, &mut used, &mut next_suffix)
            }
        };
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[span.start] {
            *slot = Some(CowStr::from(id.clone()));
        }
        let anchor = format!(
            " <a class=\"anchor\" href=\"#{}\" aria-label=\"{}\">#</a>",
            escape_attr(&id),
            escape_attr(&span.text)
        );
        anchors.push((span.end, Event::InlineHtml(CowStr::from(anchor))));
        headings.push((span.level, id, span.text));
    }
    insert_before(events, anchors);
    (headings, duplicates)
}

/// Every heading with its text, in order.
fn find_headings(events: &[Event]) -> Vec<HeadingSpan> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len() - 1, |p| p + i);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            spans.push(HeadingSpan {
                start: i,
                end,
                level: heading_level(*level),
                explicit: id.as_ref().map(|id| id.to_string()),
                text,
            });
            i = end + 1;
        } else {
            i += 1;
        }
    }
    spans
}

/// `base`, or `base-1`, `base-2` … whichever is free first; remembers the
/// next number per base so many equal headings stay linear.
fn unique_id(
    base: String,
    used: &mut HashSet<String>,
    next_suffix: &mut HashMap<String, usize>,
) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let n = next_suffix.entry(base.clone()).or_insert(1);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if used.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// Inserts each event before the index it is paired with (indices
/// ascending), in one pass.
fn insert_before<'a>(events: &mut Vec<Event<'a>>, inserts: Vec<(usize, Event<'a>)>) {
    if inserts.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(events.len() + inserts.len());
    let mut inserts = inserts.into_iter().peekable();
    for (i, event) in std::mem::take(events).into_iter().enumerate() {
        while let Some((_, new)) = inserts.next_if(|(at, _)| *at == i) {
            out.push(new);
        }
        out.push(event);
    }
    out.extend(inserts.map(|(_, e)| e));
    *events = out;
}

/// 1-based line of the second heading with the explicit `id` (only needed
/// for an error, so a second parse is fine).
pub(super) fn second_line(markdown: &str, id: &str) -> usize {
    let offset = Parser::new_ext(markdown, super::PARSE_OPTIONS)
        .into_offset_iter()
        .filter(|(e, _)| {
            matches!(e, Event::Start(Tag::Heading { id: Some(h), .. }) if h.as_ref() == id)
        })
        .nth(1)
        .map_or(0, |(_, range)| range.start);
    markdown[..offset].matches('\n').count() + 1
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub(super) fn build_toc(headings: &[(u8, String, String)]) -> Vec<Heading> {
    let mut toc: Vec<Heading> = Vec::new();
    for (level, id, title) in headings {
        let entry = Heading {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        match (level, toc.last_mut()) {
            (2, _) => toc.push(entry),
            (3, Some(parent)) => parent.children.push(entry),
            (3, None) => toc.push(entry),
            _ => {}
        }
    }
    toc
}
