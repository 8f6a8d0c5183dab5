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

/// Percent-encodes the non-ASCII bytes of a URL (an IRI such as
/// `/articles/حفلة-الصيف/`), leaving everything else as it is: what XML
/// feeds, sitemaps, calendars and HTTP requests need, where an IRI is no
/// valid URL. HTML links may stay IRIs; browsers show them as letters.
pub fn encode_iri(url: &str) -> std::borrow::Cow<'_, str> {
    if url.is_ascii() {
        return std::borrow::Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len() * 3);
    for c in url.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Makes a root-relative URL absolute with `origin` (`https://host`);
/// absolute and protocol-relative URLs stay as they are.
pub fn absolute(origin: &str, url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        format!("{origin}{}", encode_iri(url))
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

/// Schemes a link may use: the web, e-mail, phone, calendar subscription.
pub const SAFE_SCHEMES: [&str; 5] = ["http", "https", "mailto", "tel", "webcal"];

/// Checks that `url` is relative or uses a [`SAFE_SCHEMES`] scheme, so no
/// field can become a `javascript:` or `data:` link. Browsers ignore tabs,
/// line breaks and leading control characters in a URL
/// (`java\tscript:`), so those are dropped before the scheme is read.
/// Returns the message for an error otherwise.
pub fn check_link(url: &str) -> Result<(), String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return Ok(());
    };
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    // `./a:b` or `/x:y` are paths, not schemes.
    if !is_scheme || SAFE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
        return Ok(());
    }
    Err(format!(
        "`{url}` uses the scheme `{scheme}:`; links may use {} or be relative",
        SAFE_SCHEMES.map(|s| format!("{s}:")).join(", ")
    ))
}

/// The list a page of a paginated list belongs to (`/articles/a/page/2/`
/// → `/articles/a/`, `/tags/hof/page/3/` → `/tags/hof/`); any other path
/// itself. The pages of a list share its feed and share image.
pub fn list_root(path: &str) -> &str {
    match path.trim_end_matches('/').rsplit_once("/page/") {
        Some((dir, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            &path[..=dir.len()]
        }
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_are_percent_encoded_for_xml_and_http() {
        assert_eq!(encode_iri("/articles/x/"), "/articles/x/");
        assert_eq!(
            encode_iri("/articles/حفلة/"),
            "/articles/%D8%AD%D9%81%D9%84%D8%A9/"
        );
        assert_eq!(
            absolute("https://a.example", "/ü/"),
            "https://a.example/%C3%BC/"
        );
    }

    #[test]
    fn pages_of_a_list_belong_to_the_list() {
        assert_eq!(list_root("/articles/page/2/"), "/articles/");
        assert_eq!(list_root("/articles/a/b/page/12/"), "/articles/a/b/");
        assert_eq!(list_root("/tags/hof/page/3/"), "/tags/hof/");
        assert_eq!(
            list_root("/articles/page/"),
            "/articles/page/",
            "an article named page"
        );
        assert_eq!(list_root("/articles/x/"), "/articles/x/");
    }

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/articles/x/"), "articles/x/index.html");
        assert_eq!(output_path("/alt/seite"), "alt/seite/index.html");
        assert_eq!(output_path("/404.html"), "404.html");
    }

    #[test]
    fn only_safe_schemes_pass() {
        for ok in [
            "https://a.example/",
            "/faq/",
            "kontakt/",
            "mailto:a@b.de",
            "tel:+4930",
            "webcal://x/c.ics",
            "HTTPS://A",
            "./a:b",
            "#top",
        ] {
            assert!(check_link(ok).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:x",
            "\u{1}javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(check_link(bad).is_err(), "{bad:?}");
        }
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
