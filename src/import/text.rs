//! Small text helpers for what old sites store: HTML character
//! references in titles, percent-encoded slugs, HTML in excerpts.

/// `s` trimmed, or `None` when nothing is left.
pub fn non_empty(s: String) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Text of an HTML fragment: tags dropped, entities decoded, spaces collapsed.
pub fn strip_tags(html: &str) -> String {
    decode(&crate::util::escape::tags_to_spaces(html))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// HTML character references in titles (`&amp;`, `&#8211;`, `&#x2014;`):
/// WordPress stores titles with them.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let entity = end.map(|e| &rest[1..e]);
        let ch = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (ch, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `gr%c3%b6%c3%9fer` → `größer`.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_percent_escapes_are_decoded() {
        assert_eq!(
            decode("Hof &amp; Garten &#8211; &#x2014; &bogus; &"),
            "Hof & Garten – — &bogus; &"
        );
        assert_eq!(percent_decode("gr%c3%b6%c3%9fer-%zz"), "größer-%zz");
    }
}
