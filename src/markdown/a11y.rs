//! Markdown features made accessible: a task-list checkbox is labelled by
//! its item's text, and a table sits in a box that scrolls it on a narrow
//! screen and that keyboards can reach.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::util::escape::html as escape_html;

/// Wraps each task-list checkbox and the inline text after it (up to the end
/// of the item's first paragraph) in a `<label>`, so screen readers name the
/// checkbox and announce its state, and marks its item `<li class="task">`.
pub(super) fn label_tasks(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    // Where each open list item's start is in `out`.
    let mut items: Vec<usize> = Vec::new();
    let mut in_label = false;
    for event in events {
        if in_label && !is_inline(&event) {
            out.push(Event::InlineHtml(CowStr::from("</label>")));
            in_label = false;
        }
        match event {
            Event::Start(Tag::Item) => {
                items.push(out.len());
                out.push(event);
            }
            Event::End(TagEnd::Item) => {
                items.pop();
                out.push(event);
            }
            Event::TaskListMarker(checked) => {
                if let Some(&start) = items.last() {
                    out[start] = Event::Html(CowStr::from("<li class=\"task\">"));
                }
                let checked = if checked { " checked" } else { "" };
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<label><input type=\"checkbox\" disabled{checked}>"
                ))));
                in_label = true;
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether `event` is phrasing content, which a `<label>` may hold.
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

/// Puts each table in `<div class="table-scroll">`: the table wraps its
/// cells to fit where it can, and scrolls inside that box (not the page)
/// where it cannot. A box that may scroll must be reachable by keyboard and,
/// being focusable, named: `tabindex="0"`, and a region named by the
/// table's column headings.
pub(super) fn wrap_tables(events: Vec<Event>) -> Vec<Event> {
    let mut names = table_names(&events).into_iter();
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Table(_)) => {
                let name = names.next().unwrap_or_default();
                let region = if name.is_empty() {
                    String::new()
                } else {
                    format!(" role=\"region\" aria-label=\"{}\"", escape_html(&name))
                };
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" tabindex=\"0\"{region}>"
                ))));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => out.push(other),
        }
    }
    out
}

/// Each table's header cells as text, joined by ", ", in document order.
fn table_names(events: &[Event]) -> Vec<String> {
    let mut names = Vec::new();
    let mut cells: Option<Vec<String>> = None;
    for event in events {
        match event {
            Event::Start(Tag::TableHead) => cells = Some(Vec::new()),
            Event::Start(Tag::TableCell) => {
                if let Some(cells) = cells.as_mut() {
                    cells.push(String::new());
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cells.as_mut().and_then(|c| c.last_mut()) {
                    cell.push_str(text);
                }
            }
            Event::End(TagEnd::TableHead) => {
                let found = cells.take().unwrap_or_default();
                let found: Vec<&str> = found
                    .iter()
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .collect();
                names.push(found.join(", "));
            }
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{html, Parser};

    use super::*;

    fn render(markdown: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(markdown, super::super::PARSE_OPTIONS).collect();
        let mut out = String::new();
        html::push_html(&mut out, wrap_tables(label_tasks(events)).into_iter());
        out
    }

    /// One row per element matching `selector`: its attributes `attrs`
    /// (empty when absent) and its text.
    fn rows(html: &str, selector: &str, attrs: &[&str]) -> Vec<Vec<String>> {
        let doc = scraper::Html::parse_fragment(html);
        let selector = scraper::Selector::parse(selector).expect("valid selector");
        doc.select(&selector)
            .map(|e| {
                let mut row: Vec<String> = attrs
                    .iter()
                    .map(|a| e.value().attr(a).unwrap_or("").to_string())
                    .collect();
                row.push(e.text().collect());
                row
            })
            .collect()
    }

    #[test]
    fn task_text_labels_its_checkbox() {
        let html = render("- [x] Heizung *an*\n- [ ] Fenster\n- kein Punkt\n");
        // The label holds the checkbox and the whole task text.
        assert_eq!(
            rows(&html, "li.task > label", &[]),
            [["Heizung an"], ["Fenster"]],
            "{html}"
        );
        let inputs = "li.task > label > input[type=checkbox][disabled]";
        assert_eq!(rows(&html, inputs, &[]).len(), 2, "{html}");
        let checked = "li.task:first-child > label > input[checked]";
        assert_eq!(rows(&html, checked, &[]).len(), 1, "{html}");
        assert_eq!(rows(&html, "input[checked]", &[]).len(), 1, "{html}");
        assert_eq!(
            rows(&html, "li:not(.task)", &[]),
            [["kein Punkt"]],
            "{html}"
        );
    }

    #[test]
    fn the_label_ends_before_a_nested_list_or_a_second_paragraph() {
        let html = render("- [ ] Eins\n  - [x] Zwei\n");
        // The nested list is beside the label, not inside it.
        assert_eq!(
            rows(&html, "li.task > label", &[]),
            [["Eins"], ["Zwei"]],
            "{html}"
        );
        assert_eq!(rows(&html, "label ul", &[]).len(), 0, "{html}");
        let html = render("- [ ] Eins\n\n  Mehr.\n\n- [ ] Drei\n");
        assert_eq!(
            rows(&html, "li.task > p > label", &[]),
            [["Eins"], ["Drei"]],
            "{html}"
        );
        assert_eq!(rows(&html, "li.task > p", &[])[1], ["Mehr."], "{html}");
    }

    #[test]
    fn tables_scroll_in_a_named_focusable_box() {
        let html = render("| Tag | `Uhr` |\n|---|---|\n| Di | 9 |\n\n| |\n|-|\n| x |\n");
        let boxes = rows(
            &html,
            "div.table-scroll",
            &["tabindex", "role", "aria-label"],
        );
        assert_eq!(boxes.len(), 2, "{html}");
        // A table with a header row is a region named by its headers;
        // one without is only focusable, so it can be scrolled by keyboard.
        assert_eq!(boxes[0][..3], ["0", "region", "Tag, Uhr"], "{html}");
        assert_eq!(boxes[1][..3], ["0", "", ""], "{html}");
        assert_eq!(
            rows(&html, "div.table-scroll > table", &[]).len(),
            2,
            "{html}"
        );
    }
}
