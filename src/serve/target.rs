//! Request paths: [`Target`] splits a request target and [`sanitize`]
//! decodes its path once, refusing anything that could climb out of the
//! site; [`output_path`] and [`content_type`] map a clean path to the
//! snapshot key it is served from and its media type.
//!
//! hyper parses the request line, but leaves the path percent-encoded and
//! checks nothing about `..`: that stays here, in small pure functions
//! with unit tests.

/// A request target, split and checked.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Target<'a> {
    /// Percent-decoded path, starting with `/`; safe to use as a key.
    pub path: String,
    /// The path as sent, for redirects.
    pub raw_path: &'a str,
    /// The query string as sent, without `?`.
    pub query: &'a str,
}

impl<'a> Target<'a> {
    /// Splits `raw` and sanitises its path; `None` if the path is not one
    /// the server would ever serve safely.
    pub fn parse(raw: &'a str) -> Option<Self> {
        // Absolute form (`GET http://host/x`), which proxies send.
        let raw = match raw.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => {
                rest.find('/').map_or("/", |i| &rest[i..])
            }
            _ => raw,
        };
        let raw = raw.split('#').next().unwrap_or_default();
        let (raw_path, query) = raw.split_once('?').unwrap_or((raw, ""));
        Some(Target {
            path: sanitize(raw_path)?,
            raw_path,
            query,
        })
    }
}

/// Decodes a request path once and refuses anything that could climb out
/// of the site or be read differently by another layer: `.`/`..`
/// segments (also encoded), empty segments, backslashes, NUL and other
/// control characters, bad escapes and non-UTF-8. A double-encoded `..`
/// (`%252e%252e`) decodes to the literal name `%2e%2e`, which is only ever
/// a lookup key, so it simply finds nothing.
pub(crate) fn sanitize(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let decoded = percent_decode(rest)?;
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if (segment.is_empty() && i != last) || *segment == "." || *segment == ".." {
            return None;
        }
        if segment.chars().any(|c| c == '\\' || c.is_control()) {
            return None;
        }
    }
    Some(format!("/{decoded}"))
}

pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The output path a site path is served from: folders serve their
/// `index.html`.
pub(crate) fn output_path(site_path: &str) -> String {
    let rel = site_path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// The Content-Type for an output path, by extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        // The web editor's `admin/config.yml` (RFC 9512).
        "yml" | "yaml" => "application/yaml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(raw: &str) -> Option<String> {
        Target::parse(raw).map(|t| t.path)
    }

    #[test]
    fn plain_paths_are_decoded_once() {
        assert_eq!(path("/").as_deref(), Some("/"));
        assert_eq!(path("/articles/x/").as_deref(), Some("/articles/x/"));
        assert_eq!(path("/a%20b.pdf?x=1#top").as_deref(), Some("/a b.pdf"));
        assert_eq!(path("/stra%C3%9Fe/").as_deref(), Some("/straße/"));
        // Double encoding stays a harmless literal name after one decode.
        assert_eq!(path("/%252e%252e/x").as_deref(), Some("/%2e%2e/x"));
        assert_eq!(path("http://127.0.0.1:1111/faq/").as_deref(), Some("/faq/"));
        assert_eq!(path("HTTP://host").as_deref(), Some("/"));
    }

    #[test]
    fn traversal_and_odd_bytes_are_refused() {
        for raw in [
            "/../etc/passwd",
            "/articles/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc/passwd",
            "/.%2e/x",
            "/./index.html",
            "/..\\etc\\passwd",
            "/%5c..%5cetc",
            "/a%00.html",
            "/a\u{0}b",
            "/a%0d%0aSet-Cookie:x",
            "//etc/passwd",
            "/a//b",
            "/%",
            "/%2",
            "/%zz",
            "/%ff%fe",
            "/%+1",
            "etc/passwd",
            "*",
            "file:///etc/passwd",
        ] {
            assert_eq!(path(raw), None, "{raw}");
        }
    }

    #[test]
    fn query_and_raw_path_are_kept_for_redirects() {
        let target = Target::parse("/articles/x?utm=1").unwrap();
        assert_eq!(target.raw_path, "/articles/x");
        assert_eq!(target.query, "utm=1");
    }

    #[test]
    fn folders_serve_their_index() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/articles/x/"), "articles/x/index.html");
        assert_eq!(output_path("/rss.xml"), "rss.xml");
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("kiez.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("events/x/event.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type("IMG.JPG"), "image/jpeg");
        assert_eq!(
            content_type("admin/config.yml"),
            "application/yaml; charset=utf-8"
        );
        assert_eq!(content_type("fonts/inter.woff2"), "font/woff2");
        assert_eq!(content_type("v1.2/README"), "application/octet-stream");
        assert_eq!(content_type("Makefile"), "application/octet-stream");
    }
}
