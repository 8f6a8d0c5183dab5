//! The stairwell notice: one page, readable from a metre away (title
//! 36 pt and more, text 16 pt and more), black on white, with a QR code
//! to the page on the site. Events show date, time, place and the
//! registration deadline; FAQ answers the emergency number (front matter
//! `emergency:`) in large type. Text that does not fit is shortened, so
//! a notice is always exactly one page.

use chrono::{DateTime, Datelike, FixedOffset};

use super::fonts::Face;
use super::layout::{break_lines, Flow, Line, Op, Paper, Sheet, Span};
use super::{pdf, qr, Printed, Source};
use crate::config::Language;
use crate::content::{recurrence, Event, EventStatus, Item, Kind};
use crate::error::Result;
use crate::i18n::{self, format_date};

/// The smallest body size: still legible from a metre away.
const BODY_MIN: f32 = 16.0;
/// Side of the QR code: 5.5 cm.
const QR_SIDE: f32 = 156.0;

/// Print-only words, in the site's language (`print_*` of the UI
/// strings).
fn word(key: &str, lang: Language) -> &'static str {
    let key = match key {
        "emergency" => "print_emergency",
        "scan" => "print_scan",
        _ => "print_next",
    };
    i18n::shipped(key, lang)
}

/// Lays the notice out and writes it.
pub fn print(source: &Source, item: &Item, paper: Paper) -> Result<Printed> {
    let lang = source.config().language;
    let url = source.url(item);
    let mut fonts = super::fonts::Fonts::default();
    let mut flow = Flow::new(&mut fonts, paper);
    flow.new_page();
    let s = paper.scale();
    let kicker = match item.kind {
        Kind::Event => i18n::text_in(source.config(), lang, "card_event"),
        _ => i18n::text_in(source.config(), lang, "faq"),
    };
    let top = format!("{} · {}", source.config().title, kicker);
    text_block(&mut flow, &[Span::styled(top, Face::Bold)], 16.0 * s, 1.3);
    flow.y += 6.0;
    flow.rule(3.0, 0);
    flow.y += 22.0 * s;
    title(&mut flow, &item.title);
    flow.y += 10.0 * s;
    if let Some(event) = &item.event {
        event_facts(&mut flow, event, source, lang);
    }
    if let Some(number) = emergency(item) {
        emergency_box(&mut flow, word("emergency", lang), &number);
    }
    flow.y += 10.0 * s;
    let bottom = paper.height - paper.margin() - QR_SIDE - 24.0;
    let text = summary(item, source);
    fit_text(&mut flow, &text, bottom);
    qr_footer(&mut flow, &url, lang)?;
    let sheets: Vec<Sheet> = flow.sheets;
    let title = format!("{} – {}", source.config().title, item.title);
    let frame = pdf::Frame {
        title: &title,
        language: lang.code(),
        outline: &[],
    };
    let mut fonts = super::fonts::Fonts::default();
    let pdf = pdf::write(&unnumbered(sheets), paper, &mut fonts, &frame)?;
    Ok(Printed {
        pdf,
        file_name: format!("aushang-{}.pdf", item.slug),
        pages: 1,
    })
}

/// A notice has no running head or page number.
fn unnumbered(mut sheets: Vec<Sheet>) -> Vec<Sheet> {
    sheets.truncate(1);
    for sheet in &mut sheets {
        sheet.numbered = false;
        sheet.head = None;
    }
    sheets
}

/// Lines drawn at the flow's position without ever breaking the page.
fn text_block(flow: &mut Flow, spans: &[Span], size: f32, leading: f32) -> Vec<Line> {
    let lines = break_lines(flow.fonts, spans, size, flow.column());
    draw_lines(flow, &lines, size, leading);
    lines
}

fn draw_lines(flow: &mut Flow, lines: &[Line], size: f32, leading: f32) {
    for line in lines {
        let baseline = flow.y + size * 0.95;
        flow.draw_line(line, flow.left(), baseline, size);
        flow.y += size * leading;
    }
}

/// The title as large as three lines allow, never under 36 pt.
fn title(flow: &mut Flow, title: &str) {
    let spans = [Span::styled(title, Face::Bold)];
    let mut size = 54.0 * flow.paper.scale();
    while size > 36.0 && break_lines(flow.fonts, &spans, size, flow.column()).len() > 3 {
        size -= 2.0;
    }
    let lines = break_lines(flow.fonts, &spans, size, flow.column());
    draw_lines(flow, &lines[..lines.len().min(4)], size, 1.12);
}

/// Date, time, place, status and registration deadline of an event.
fn event_facts(flow: &mut Flow, event: &Event, source: &Source, lang: Language) {
    let start = recurrence::next_occurrence(event, source.now).unwrap_or(event.start);
    let end = event
        .end
        .map(|end| start + (end - event.start))
        .filter(|end| *end > start);
    let mut lines = Vec::new();
    if event.status != EventStatus::Scheduled {
        let key = format!("status_{}", event.status.as_str());
        let status = crate::i18n::strings_in(source.config(), lang)
            .get(&key)
            .and_then(|v| v.as_str())
            .unwrap_or(event.status.as_str())
            .to_uppercase();
        lines.push((status, Face::Bold, 30.0));
    }
    let date = format_date(&start, "weekday", lang).unwrap_or_default();
    if let Some(rule) = &event.repeat {
        let repeats = i18n::describe_repeat(rule, event.start.day0() + 1, lang);
        lines.push((repeats, Face::Bold, 22.0));
        lines.push((
            format!("{}: {date}", word("next", lang)),
            Face::Regular,
            22.0,
        ));
    } else {
        lines.push((date, Face::Bold, 28.0));
    }
    if !event.all_day {
        lines.push((time_range(&start, end.as_ref(), lang), Face::Bold, 28.0));
    }
    if let Some(place) = &event.location {
        lines.push((place.name.clone(), Face::Regular, 22.0));
        if let Some(address) = &place.address {
            lines.push((address.clone(), Face::Regular, 20.0));
        }
    } else if let Some(online) = &event.online_url {
        let line = format!(
            "{}: {}",
            i18n::text_in(source.config(), lang, "online"),
            super::short_url(online)
        );
        lines.push((line, Face::Regular, 22.0));
    }
    if let Some(deadline) = event.registration.as_ref().and_then(|r| r.deadline) {
        let until = format_date(&deadline, "long", lang).unwrap_or_default();
        let line = format!(
            "{} {until}",
            i18n::text_in(source.config(), lang, "register_until")
        );
        lines.push((line, Face::Bold, 22.0));
    }
    let s = flow.paper.scale();
    for (text, face, size) in lines {
        text_block(flow, &[Span::styled(text, face)], size * s, 1.3);
    }
}

/// "14:00 – 22:00 Uhr", "2:00 pm – 10:00 pm".
fn time_range(
    start: &DateTime<FixedOffset>,
    end: Option<&DateTime<FixedOffset>>,
    lang: Language,
) -> String {
    let time = |t| format_date(t, "time", lang).unwrap_or_default();
    match (end, lang) {
        (Some(end), Language::De) => {
            format!("{} – {}", start.format("%H:%M"), time(end))
        }
        (Some(end), _) => format!("{} – {}", time(start), time(end)),
        (None, _) => time(start),
    }
}

/// `emergency:` of a FAQ answer's front matter: the number to call.
fn emergency(item: &Item) -> Option<String> {
    match item.extra.get("emergency")? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The emergency number in a black box, white on black: the first thing
/// anyone reads on the notice.
fn emergency_box(flow: &mut Flow, label: &str, number: &str) {
    let s = flow.paper.scale();
    flow.y += 12.0 * s;
    let height = 104.0 * s;
    flow.push(Op::Rect {
        x: flow.left(),
        y: flow.y,
        w: flow.column(),
        h: height,
        gray: 0,
    });
    let x = flow.left() + 18.0 * s;
    let white = |text: &str, size: f32, y: f32| Op::Text {
        x,
        y,
        size,
        face: Face::Bold,
        slant: false,
        gray: 255,
        text: text.to_string(),
    };
    flow.push(white(label, 20.0 * s, flow.y + 32.0 * s));
    flow.push(white(number, 44.0 * s, flow.y + 84.0 * s));
    flow.y += height;
}

/// The short text: the description, else the body's paragraphs.
fn summary(item: &Item, source: &Source) -> Vec<Vec<Span>> {
    let short = |url: &str| source.short_link(item, url);
    let mut paras: Vec<Vec<Span>> = Vec::new();
    if let Some(description) = &item.description {
        paras.push(vec![Span::plain(description.clone())]);
    }
    if item.kind == Kind::Faq || paras.is_empty() {
        for block in super::blocks::read(&item.body, &short) {
            match block {
                super::blocks::Block::Para { spans, .. } => paras.push(spans),
                super::blocks::Block::Item { spans, marker, .. } => {
                    let mut with = vec![Span::plain(format!("{} ", marker.unwrap_or_default()))];
                    with.extend(spans);
                    paras.push(with);
                }
                _ => {}
            }
        }
    }
    paras
}

/// Paragraphs at the largest size (18 pt down to 16 pt) that fits above
/// `bottom`; what still does not fit is cut with an ellipsis.
fn fit_text(flow: &mut Flow, paras: &[Vec<Span>], bottom: f32) {
    let room = bottom - flow.y;
    let mut size = 20.0 * flow.paper.scale();
    let layout = |flow: &mut Flow, size: f32| -> Vec<Vec<Line>> {
        paras
            .iter()
            .map(|p| break_lines(flow.fonts, p, size, flow.column()))
            .collect()
    };
    let height = |paras: &[Vec<Line>], size: f32| -> f32 {
        paras
            .iter()
            .map(|p| p.len() as f32 * size * 1.35 + size * 0.6)
            .sum()
    };
    let mut laid = layout(flow, size);
    while height(&laid, size) > room && size > BODY_MIN {
        size -= 1.0;
        laid = layout(flow, size);
    }
    let line_height = size * 1.35;
    for (n, para) in laid.iter().enumerate() {
        for (i, line) in para.iter().enumerate() {
            let last_fitting = flow.y + 2.0 * line_height > bottom;
            if flow.y + line_height > bottom {
                return;
            }
            let more = i + 1 < para.len() || n + 1 < laid.len();
            if last_fitting && more {
                let mut line = line.clone();
                line_with_ellipsis(flow, &mut line, size);
                draw_lines(flow, &[line], size, 1.35);
                return;
            }
            draw_lines(flow, std::slice::from_ref(line), size, 1.35);
        }
        flow.y += size * 0.6;
    }
}

/// Ends a line with "…" (it is the last that fits).
fn line_with_ellipsis(flow: &mut Flow, line: &mut Line, size: f32) {
    let text: String = line_text(line);
    let room = flow.column() - flow.fonts.width(" …", Face::Regular, size);
    let short = pdf::fit(flow.fonts, &text, size, room);
    let short = if short.ends_with('…') {
        short
    } else {
        format!("{short} …")
    };
    *line = break_lines(flow.fonts, &[Span::plain(short)], size, flow.column())
        .into_iter()
        .next()
        .unwrap_or_default();
}

fn line_text(line: &Line) -> String {
    line.texts().join(" ")
}

/// The QR code at the foot, with the short URL beside it.
fn qr_footer(flow: &mut Flow, url: &str, lang: Language) -> Result<()> {
    let paper = flow.paper;
    let side = QR_SIDE * paper.scale();
    let y = paper.height - paper.margin() - side;
    flow.push(Op::Rect {
        x: flow.left(),
        y: y - 14.0,
        w: flow.column(),
        h: 1.5,
        gray: 0,
    });
    flow.push(Op::Image {
        x: flow.left(),
        y,
        w: side,
        h: side,
        image: qr::image(url)?,
    });
    let x = flow.left() + side + 12.0;
    let width = paper.width - paper.margin() - x;
    let s = paper.scale();
    let mut ty = y + 30.0 * s;
    let short = super::short_url(url);
    // A URL has no spaces to break at: when it is too wide, the path goes
    // on a line of its own rather than being cut inside a word.
    let mut url_spans = vec![Span::styled(short.as_str(), Face::Bold)];
    if flow.fonts.width(&short, Face::Bold, 18.0 * s) > width {
        if let Some(at) = short.find('/') {
            let (host, path) = short.split_at(at);
            url_spans = vec![Span::styled(format!("{host} {path}"), Face::Bold)];
        }
    }
    for (spans, size) in [
        (
            vec![Span::styled(word("scan", lang), Face::Regular)],
            16.0 * s,
        ),
        (url_spans, 18.0 * s),
    ] {
        for line in break_lines(flow.fonts, &spans, size, width) {
            flow.draw_line(&line, x, ty, size);
            ty += size * 1.3;
        }
        ty += 6.0;
    }
    flow.push(Op::Link {
        x: flow.left(),
        y,
        w: side,
        h: side,
        url: url.to_string(),
    });
    Ok(())
}
