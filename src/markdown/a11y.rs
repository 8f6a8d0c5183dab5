//! Markdown features made accessible: a task-list checkbox is labelled by
//! its item's text.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

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

#[cfg(test)]
mod tests {
    use pulldown_cmark::{html, Parser};

    use super::*;

    fn render(markdown: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(markdown, super::super::PARSE_OPTIONS).collect();
        let mut out = String::new();
        html::push_html(&mut out, label_tasks(events).into_iter());
        out
    }

    #[test]
    fn task_text_labels_its_checkbox() {
        let html = render("- [x] Heizung *an*\n- [ ] Fenster\n- kein Punkt\n");
        assert!(
            html.contains(
                "<li class=\"task\"><label><input type=\"checkbox\" disabled checked>Heizung <em>an</em></label></li>"
            ),
            "{html}"
        );
        assert!(html.contains("<label><input type=\"checkbox\" disabled>Fenster</label>"));
        assert!(html.contains("<li>kein Punkt</li>"), "{html}");
    }

    #[test]
    fn the_label_ends_before_a_nested_list_or_a_second_paragraph() {
        let html = render("- [ ] Eins\n  - [x] Zwei\n");
        assert!(html.contains("Eins</label>\n<ul>"), "{html}");
        let html = render("- [ ] Eins\n\n  Mehr.\n\n- [ ] Drei\n");
        assert!(
            html.contains("<p><label><input type=\"checkbox\" disabled>Eins</label></p>"),
            "{html}"
        );
        assert!(html.contains("<p>Mehr.</p>"), "{html}");
    }
}
