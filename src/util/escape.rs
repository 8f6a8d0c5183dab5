//! Escaping, one function per target format, so that text from a content
//! file lands inert wherever it is written: HTML text and attributes, XML
//! (feeds, sitemaps, SVG), and JSON inside an HTML `<script>` element.
//! iCalendar text has its own rules and lives with the calendar writer.

use std::borrow::Cow;

/// Escapes text for HTML element content and quoted attribute values
/// (both quote kinds), dropping control characters no document may hold.
/// Also the template engine's escape function.
pub fn html(text: &str) -> String {
    let special = |b: u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    // Most values (dates, URLs, plain titles) need no escaping at all.
    if !text.bytes().any(special) && !has_forbidden(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML content and attributes, dropping the characters
/// XML 1.0 forbids.
pub fn xml(text: &str) -> String {
    html(&xml_chars(text))
}

/// Drops the characters XML 1.0 forbids or discourages (controls, U+FFFE/FFFF),
/// which would make a feed, sitemap or SVG unreadable for every parser.
pub fn xml_chars(text: &str) -> Cow<'_, str> {
    if has_forbidden(text) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `text` holds a [`forbidden`] character, by a scan of its UTF-8
/// bytes: pages are scanned whole, so this runs over every byte kiez
/// writes (decoding characters there cost 8 % of a build). A cheap test
/// without branches runs over blocks of 64 bytes, which the compiler
/// vectorizes; only a block it flags is looked at byte by byte.
fn has_forbidden(text: &str) -> bool {
    let bytes = text.as_bytes();
    let suspect = |b: u8| {
        (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xef)
    };
    bytes.chunks(64).enumerate().any(|(n, block)| {
        block.iter().fold(false, |seen, &b| seen | suspect(b))
            && (n * 64..n * 64 + block.len()).any(|i| forbidden_at(bytes, i))
    })
}

/// Whether a [`forbidden`] character starts at byte `i` of `bytes`.
fn forbidden_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7f => true,
        // U+0080..U+009F
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        // U+FFFE, U+FFFF
        0xef => bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    }
}

/// C0 controls but tab and line breaks, DEL and the C1 controls, and the
/// noncharacters U+FFFE/U+FFFF: forbidden in XML 1.0 or discouraged there,
/// and parse errors in HTML.
fn forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || c == '\u{fffe}'
        || c == '\u{ffff}'
}

/// Serializes JSON for a `<script>` element (JSON-LD, search data). `<`,
/// `>` and `&` are written as JSON escapes, so no value can close the
/// script element or open a comment, and the JSON still parses the same.
pub fn script_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialize")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `html` with every tag replaced by a space, entities left as they are
/// (each caller decodes what its source writes): the text of a rendered
/// body or an imported post.
pub fn tags_to_spaces(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_the_forbidden_characters() {
        for c in [
            '\u{0}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}', '\u{fffe}', '\u{ffff}',
        ] {
            assert!(has_forbidden(&format!("a{c}b")), "{:?}", c);
            assert_eq!(xml_chars(&format!("a{c}b")), "ab");
        }
        for c in [
            '\t',
            '\n',
            '\r',
            '\u{a0}',
            '«',
            '\u{fffd}',
            '\u{efbf}',
            '\u{10ffff}',
        ] {
            assert!(!has_forbidden(&format!("a{c}b")), "{:?}", c);
        }
    }

    #[test]
    fn html_escapes_markup_and_both_quotes() {
        assert_eq!(
            html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(html("plain"), "plain");
        assert_eq!(html("a\u{1}b\u{ffff}"), "ab");
    }

    #[test]
    fn xml_drops_forbidden_characters() {
        assert_eq!(xml("a\u{1}b\u{fffe}<"), "ab&lt;");
        assert_eq!(xml_chars("tab\tok"), "tab\tok");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let text = script_json(&serde_json::json!({"t": "</script><!--&"}));
        assert!(!text.contains('<') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["t"], "</script><!--&");
    }
}
