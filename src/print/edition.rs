//! The print edition: cover, contents with page numbers, the editorial,
//! the articles (each from a new page), the events of the edition's
//! period as a calendar page, and the imprint. The contents are laid out
//! twice: once to learn how many pages they take (their entries have a
//! fixed height, so the numbers cannot change that), then with the page
//! numbers the articles got.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::article::{self, body_style};
use super::fonts::{Face, Fonts};
use super::layout::{break_lines, Flow, Line, Op, Paper, Sheet, Span, Style};
use super::{pdf, Printed, Source};
use crate::config::{Language, SiteConfig};
use crate::content::{recurrence, Event, EventStatus, Item, Kind};
use crate::error::{Result, SourceError};
use crate::i18n::{self, format_date};

/// What one edition holds, whatever defined it.
pub struct Issue<'s> {
    /// `2026-4`.
    pub id: String,
    /// "Hofblatt 4/2026".
    pub title: String,
    /// Publication date; the calendar starts here.
    pub date: Option<DateTime<FixedOffset>>,
    /// The item describing the edition (its body is the editorial).
    pub item: Option<&'s Item>,
    /// Its articles in the editors' order.
    pub articles: Vec<&'s Item>,
    /// End of the calendar period: the next edition's date.
    pub until: Option<DateTime<FixedOffset>>,
}

/// Print-only words, in the site's language (`print_*` of the UI
/// strings).
fn word(key: &str, lang: Language) -> &'static str {
    match key {
        "editorial" => i18n::shipped("print_editorial", lang),
        _ => i18n::shipped("print_imprint", lang),
    }
}

/// Edition `id` of the site's model: its page, its articles in the
/// editors' order, and the next edition's date (where its calendar ends).
fn select<'s>(source: &'s Source, id: &str) -> Result<Issue<'s>> {
    let site = &source.site;
    let Some(at) = site.editions.iter().position(|e| e.id == id) else {
        let known: Vec<&str> = site.editions.iter().map(|e| e.id.as_str()).collect();
        let hint = if known.is_empty() {
            "create content/editions/ID.md with a title and a date".to_string()
        } else {
            format!("known editions: {}", known.join(", "))
        };
        let message = format!("no edition `{id}`");
        let err = SourceError::new(source.dirs.content.join("editions"), message).hint(hint);
        return Err(err.into());
    };
    let edition = &site.editions[at];
    let item = &site.pages[edition.page].item;
    // Editions are newest first: the one before is the next.
    let until = at
        .checked_sub(1)
        .and_then(|next| site.pages[site.editions[next].page].item.date);
    Ok(Issue {
        id: id.to_string(),
        title: item.title.clone(),
        date: item.date,
        item: Some(item),
        articles: edition
            .articles
            .iter()
            .map(|&i| &site.pages[i].item)
            .collect(),
        until,
    })
}

/// One entry of the contents: title, summary, page number (1-based).
struct Entry {
    title: String,
    summary: Option<String>,
    page: usize,
}

/// Lays the edition out and writes it.
pub fn print(source: &Source, id: &str, paper: Paper) -> Result<Printed> {
    let issue = select(source, id)?;
    let lang = source.config().language;
    let mut fonts = Fonts::default();
    // The body first, numbered from 1; shifted by cover and contents below.
    let mut flow = Flow::new(&mut fonts, paper);
    let mut entries = Vec::new();
    let mut start = |flow: &mut Flow, title: &str, summary: Option<&String>| {
        flow.head = Some(title.to_string());
        flow.new_page();
        entries.push(Entry {
            title: title.to_string(),
            summary: summary.cloned(),
            page: flow.sheets.len(),
        });
    };
    if let Some(item) = issue.item.filter(|i| !i.body.trim().is_empty()) {
        start(&mut flow, word("editorial", lang), None);
        heading(&mut flow, word("editorial", lang));
        article::body(&mut flow, source, item, &item.body)?;
    }
    for item in &issue.articles {
        start(&mut flow, &item.title, item.description.as_ref());
        article::article(&mut flow, source, item)?;
    }
    let events = events(source, &issue);
    if !events.is_empty() {
        let title = i18n::text_in(source.config(), lang, "upcoming_events");
        start(&mut flow, title, None);
        calendar(&mut flow, source, &events);
    }
    if let Some(imprint) = imprint(source) {
        start(&mut flow, word("imprint", lang), None);
        heading(&mut flow, &imprint.title);
        article::body(&mut flow, source, imprint, &imprint.body)?;
    }
    let body = std::mem::take(&mut flow.sheets);
    drop(flow);
    let toc_pages = contents(&mut fonts, paper, &entries, source.config(), 0).len();
    let offset = 1 + toc_pages;
    for entry in &mut entries {
        entry.page += offset;
    }
    let mut sheets = vec![cover(&mut fonts, paper, source, &issue)?];
    sheets.extend(contents(&mut fonts, paper, &entries, source.config(), 1));
    sheets.extend(body);
    let outline: Vec<(String, usize)> = entries
        .iter()
        .map(|e| (e.title.clone(), e.page - 1))
        .collect();
    let frame = pdf::Frame {
        title: &issue.title,
        language: lang.code(),
        outline: &outline,
    };
    let pages = sheets.len();
    let pdf = pdf::write(&sheets, paper, &mut fonts, &frame)?;
    let name =
        crate::content::slug::slugify(&format!("{} {}", source.config().title, issue.id), lang);
    Ok(Printed {
        pdf,
        file_name: format!("{name}.pdf"),
        pages,
    })
}

/// A section's big heading at the top of its page.
fn heading(flow: &mut Flow, title: &str) {
    let style = Style {
        size: 22.0 * flow.paper.scale(),
        leading: 1.2,
        ..body_style(flow)
    };
    flow.paragraph(&[Span::styled(title, Face::Bold)], style, 0.0);
    flow.gap(12.0);
}

/// The cover: site title, edition title and date, the cover picture,
/// the edition's main articles.
fn cover(fonts: &mut Fonts, paper: Paper, source: &Source, issue: &Issue) -> Result<Sheet> {
    let mut flow = Flow::new(fonts, paper);
    flow.new_page();
    let s = paper.scale();
    let config = source.config();
    flow.say(&config.title, Face::Bold, 0, 60.0 * s, 1.05);
    flow.gap(4.0);
    flow.rule(4.0, 0);
    flow.gap(14.0);
    let mut line = issue.title.clone();
    if let Some(date) = &issue.date {
        let date = format_date(date, "long", config.language).unwrap_or_default();
        line = format!("{line} · {date}");
    }
    flow.say(&line, Face::Bold, 0, 16.0 * s, 1.3);
    if !config.description.is_empty() {
        flow.say(&config.description, Face::Regular, 70, 11.0 * s, 1.4);
    }
    flow.gap(18.0);
    if let Some(image) = cover_picture(source, issue)? {
        flow.image(&image, flow.column(), paper.height * 0.42, &[]);
        flow.gap(18.0);
    }
    for item in issue.articles.iter().take(4) {
        let size = 14.0 * s;
        if flow.y + size * 3.0 > flow.bottom() {
            break;
        }
        flow.say(&item.title, Face::Bold, 0, size, 1.3);
        flow.gap(6.0);
    }
    let y = paper.height - paper.margin() * 0.7;
    let name = &config.publisher.name;
    flow.push(Op::text(flow.left(), y, 9.0 * s, Face::Regular, 70, name));
    let mut sheet = flow.sheets.remove(0);
    sheet.numbered = false;
    sheet.head = None;
    Ok(sheet)
}

/// The edition's own cover image, else the first article's.
fn cover_picture(source: &Source, issue: &Issue) -> Result<Option<krilla::image::Image>> {
    let candidates = issue.item.into_iter().chain(issue.articles.iter().copied());
    for item in candidates {
        if let Some(src) = &item.image {
            if let Some(file) = source.image_file(item, src).filter(|f| f.is_file()) {
                if let Some(image) = article::picture(&file)? {
                    return Ok(Some(image));
                }
            }
        }
    }
    Ok(None)
}

/// The contents pages; `numbered` false gives placeholder numbers of
/// the same width for the first pass.
fn contents(
    fonts: &mut Fonts,
    paper: Paper,
    entries: &[Entry],
    config: &SiteConfig,
    pass: u8,
) -> Vec<Sheet> {
    let mut flow = Flow::new(fonts, paper);
    flow.head = Some(i18n::text(config, "contents").to_string());
    flow.new_page();
    heading(&mut flow, i18n::text(config, "contents"));
    let s = paper.scale();
    let (size, small) = (12.5 * s, 9.5 * s);
    let number_width = 36.0;
    let width = flow.column() - number_width;
    for entry in entries {
        let title = break_lines(
            flow.fonts,
            &[Span::styled(&entry.title, Face::Bold)],
            size,
            width,
        );
        let summary = entry.summary.as_ref().map(|t| {
            let mut lines = break_lines(
                flow.fonts,
                &[Span {
                    gray: 70,
                    ..Span::plain(t)
                }],
                small,
                width - 12.0,
            );
            lines.truncate(2);
            lines
        });
        let height = title.len() as f32 * size * 1.3
            + summary
                .as_ref()
                .map_or(0.0, |l| l.len() as f32 * small * 1.4)
            + 12.0;
        flow.ensure(height);
        let number = if pass == 0 {
            "000".to_string()
        } else {
            entry.page.to_string()
        };
        let nw = flow.fonts.width(&number, Face::Bold, size);
        let right = flow.left() + flow.column();
        flow.push(Op::Text {
            x: right - nw,
            y: flow.y + size * 0.95,
            size,
            face: Face::Bold,
            slant: false,
            gray: 0,
            text: number,
        });
        for line in &title {
            let y = flow.y + size * 0.95;
            flow.draw_line(line, flow.left(), y, size);
            flow.y += size * 1.3;
        }
        for line in summary.iter().flatten() {
            let y = flow.y + small * 0.95;
            flow.draw_line(line, flow.left(), y, small);
            flow.y += small * 1.4;
        }
        flow.y += 6.0;
        flow.rule(0.5, 170);
        flow.y += 6.0;
    }
    flow.sheets
}

/// Events of the period: from the edition's date (or now) until the
/// next edition (or three months on), the next occurrence of each.
fn events<'s>(source: &'s Source, issue: &Issue) -> Vec<(DateTime<FixedOffset>, &'s Item)> {
    let from: DateTime<Utc> = issue
        .date
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(source.now);
    let until = issue
        .until
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or(from + Duration::days(92));
    let mut list: Vec<_> = source
        .of_kind(Kind::Event)
        .filter_map(|item| {
            let next = recurrence::next_occurrence(item.event.as_ref()?, from)?;
            (next.with_timezone(&Utc) < until).then_some((next, item))
        })
        .collect();
    list.sort_by_key(|(when, item)| (*when, item.source.clone()));
    list
}

/// The calendar page: a date column and what, when and where.
fn calendar(flow: &mut Flow, source: &Source, events: &[(DateTime<FixedOffset>, &Item)]) {
    let lang = source.config().language;
    heading(
        flow,
        i18n::text_in(source.config(), lang, "upcoming_events"),
    );
    for (when, item) in events {
        if let Some(event) = &item.event {
            calendar_entry(flow, source.config(), when, item, event);
        }
    }
}

/// Lines of one calendar entry, each group with its size and step.
type Groups = [(Vec<Line>, f32, f32); 3];

/// One event of the calendar: day and month left, title (with its
/// status), time and place, summary right.
fn calendar_entry(
    flow: &mut Flow,
    config: &SiteConfig,
    when: &DateTime<FixedOffset>,
    item: &Item,
    event: &Event,
) {
    let s = flow.paper.scale();
    let date_width = 64.0 * s;
    let lang = config.language;
    let groups = entry_lines(flow, config, when, item, event, flow.column() - date_width);
    let height: f32 = groups
        .iter()
        .map(|(lines, _, step)| lines.len() as f32 * step)
        .sum();
    let height = (height + 14.0).max(44.0 * s);
    flow.ensure(height);
    let top = flow.y;
    let day = format_date(when, "day", lang).unwrap_or_default();
    let month = format_date(when, "month", lang).unwrap_or_default();
    let month = format!("{month} {}", when.format("%Y"));
    flow.push(Op::text(
        flow.left(),
        top + 24.0 * s,
        26.0 * s,
        Face::Bold,
        0,
        day,
    ));
    flow.push(Op::text(
        flow.left(),
        top + 37.0 * s,
        9.0 * s,
        Face::Bold,
        70,
        month,
    ));
    let x = flow.left() + date_width;
    let mut y = top;
    for (lines, size, step) in &groups {
        for line in lines {
            flow.draw_line(line, x, y + size * 0.95 + 2.0, *size);
            y += step;
        }
    }
    flow.y = top + height;
    flow.rule(0.5, 170);
    flow.y += 8.0;
}

/// Title (with the status when not as planned), time and place, summary.
fn entry_lines(
    flow: &mut Flow,
    config: &SiteConfig,
    when: &DateTime<FixedOffset>,
    item: &Item,
    event: &Event,
    width: f32,
) -> Groups {
    let s = flow.paper.scale();
    let mut title = vec![Span::styled(&item.title, Face::Bold)];
    if event.status != EventStatus::Scheduled {
        let status = i18n::strings(config)
            .get(format!("status_{}", event.status.as_str()))
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| event.status.as_str().to_string());
        title.insert(0, Span::styled(format!("{status}: "), Face::Bold));
    }
    let mut facts = vec![];
    if !event.all_day {
        facts.push(format_date(when, "time", config.language).unwrap_or_default());
    }
    if let Some(place) = &event.location {
        facts.push(place.name.clone());
    }
    let facts = [Span::plain(facts.join(" · "))];
    let about = [Span {
        gray: 60,
        ..Span::plain(item.description.clone().unwrap_or_default())
    }];
    let fonts = &mut *flow.fonts;
    [
        (
            break_lines(fonts, &title, 12.0 * s, width),
            12.0 * s,
            15.0 * s,
        ),
        (
            break_lines(fonts, &facts, 10.0 * s, width),
            10.0 * s,
            13.0 * s,
        ),
        (
            break_lines(fonts, &about, 9.5 * s, width),
            9.5 * s,
            12.5 * s,
        ),
    ]
}

/// The imprint: `pages/impressum.md` (or `imprint.md`, or a page with
/// such a slug).
fn imprint(source: &Source) -> Option<&Item> {
    source
        .of_kind(Kind::Page)
        .find(|p| matches!(p.slug.as_str(), "impressum" | "imprint"))
}
