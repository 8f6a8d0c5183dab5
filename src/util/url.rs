//! URL helpers: percent-encoding, absolute URLs, and where a page's path
//! lands in the output folder.

/// Percent-encodes everything but unreserved characters (RFC 3986), for
/// query values such as share-link parameters.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Percent-encodes a path for an `href`: keeps `/` and the characters a
/// path may hold unencoded, so `100%.pdf` and `a#b.pdf` stay links to
/// their files.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(b as char),
            b'-' | b'_' | b'.' | b'~' | b'/' | b'!' | b'$' | b'\'' | b'(' | b')' | b'*' => {
                out.push(b as char)
            }
            b'+' | b',' | b';' | b'=' | b':' | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Makes a root-relative URL absolute with `origin` (`https://host`);
/// absolute and protocol-relative URLs stay as they are.
pub fn absolute(origin: &str, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{origin}{url}")
    } else {
        url.to_string()
    }
}

/// The output file of a page's path: `/articles/x/` →
/// `articles/x/index.html`; `/old.html` stays a file; an alias without a
/// slash (`/alt/seite`) becomes a folder.
pub fn output_path(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
        trimmed.to_string()
    } else if trimmed.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", trimmed.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/articles/x/"), "articles/x/index.html");
        assert_eq!(output_path("/alt/seite"), "alt/seite/index.html");
        assert_eq!(output_path("/404.html"), "404.html");
    }

    #[test]
    fn encoding() {
        assert_eq!(encode_component("a b&c/ü"), "a%20b%26c%2F%C3%BC");
        assert_eq!(encode_path("/x/100%.pdf"), "/x/100%25.pdf");
        assert_eq!(encode_path("/x/a#b ü.pdf"), "/x/a%23b%20%C3%BC.pdf");
        assert_eq!(absolute("https://h", "/a/"), "https://h/a/");
        assert_eq!(absolute("https://h", "//cdn/x"), "//cdn/x");
    }
}
