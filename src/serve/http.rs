//! The HTTP side of `kiez serve`: a small HTTP/1.1 server on `std::net`,
//! one thread per connection, answering GET and HEAD from the current
//! [`Snapshot`] and streaming live-reload events on [`EVENTS_PATH`].
//!
//! Request paths are only ever looked up as keys of the snapshot; no
//! request path is joined to a folder. The only files read from disk are
//! the build's own copies, and those only when they are regular files
//! inside the site folder or the social card cache.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use super::state::{self, Entry, Shared, Snapshot};

/// The live-reload event stream; no site path starts with `/__kiez/`.
pub(crate) const EVENTS_PATH: &str = "/__kiez/events";

/// Longer request lines or header lines are refused (431-ish, as a 400).
const MAX_LINE: u64 = 8 * 1024;
const MAX_HEADERS: usize = 100;
/// Bodies a GET may carry and that are read and dropped to keep the
/// connection; bigger ones close it instead.
const MAX_DISCARD: u64 = 64 * 1024;
/// How long an idle keep-alive connection holds its thread.
const IDLE: Duration = Duration::from_secs(30);
/// A comment this often on an event stream, so a closed tab is noticed
/// (the write fails) and proxies do not time the stream out.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// What the connection threads share.
pub(crate) struct Server {
    pub shared: Arc<Shared>,
    /// The site folder and the card cache: copies must resolve to a file
    /// inside one of them. Resolved per request, since the cache may only
    /// appear with a later build.
    pub roots: Vec<PathBuf>,
}

/// Accepts connections on `listener` in a background thread.
pub(crate) fn spawn(listener: TcpListener, server: Arc<Server>) -> io::Result<()> {
    thread::Builder::new()
        .name("kiez-accept".into())
        .spawn(move || {
            for stream in listener.incoming() {
                match stream {
                    Ok(stream) => {
                        let server = Arc::clone(&server);
                        let spawned = thread::Builder::new()
                            .name("kiez-http".into())
                            .spawn(move || connection(stream, &server));
                        // Out of threads: this connection is dropped, the
                        // browser retries.
                        drop(spawned);
                    }
                    // E.g. out of file handles; wait instead of spinning.
                    Err(_) => thread::sleep(Duration::from_millis(50)),
                }
            }
        })
        .map(drop)
}

struct Request {
    method: String,
    target: String,
    keep_alive: bool,
}

fn connection(stream: TcpStream, server: &Server) {
    stream.set_nodelay(true).ok();
    stream.set_read_timeout(Some(IDLE)).ok();
    stream.set_write_timeout(Some(IDLE)).ok();
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let request = match read_request(&mut reader) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                Response::text(400, "400 Bad Request\n")
                    .write(&mut out, false, false)
                    .ok();
                return;
            }
            Err(_) => return,
        };
        let head = request.method == "HEAD";
        if !head && request.method != "GET" {
            let mut response = Response::text(405, "405 Method Not Allowed: only GET and HEAD\n");
            response.allow = true;
            response.write(&mut out, false, false).ok();
            return;
        }
        let Some(target) = Target::parse(&request.target) else {
            let response = Response::text(403, "403 Forbidden\n");
            if response.write(&mut out, head, request.keep_alive).is_err() || !request.keep_alive {
                return;
            }
            continue;
        };
        if target.path == EVENTS_PATH {
            events(out, target.query, &server.shared, head);
            return;
        }
        let response = respond(&target, server);
        if response.write(&mut out, head, request.keep_alive).is_err() || !request.keep_alive {
            return;
        }
    }
}

/// Reads one request head (and drops a small body). `None` at a clean end
/// of the connection; `InvalidData` for anything malformed.
fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<Request>> {
    let mut line = String::new();
    // Blank lines before a request are allowed (RFC 9112, section 2.2).
    loop {
        line.clear();
        if read_line(reader, &mut line)? == 0 {
            return Ok(None);
        }
        if !line.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(invalid("not HTTP/1.x"));
    }
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive: version != "HTTP/1.0",
    };
    let mut body: u64 = 0;
    let mut chunked = false;
    for _ in 0..MAX_HEADERS {
        line.clear();
        if read_line(reader, &mut line)? == 0 {
            return Err(invalid("connection closed in the header"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            if chunked || body > MAX_DISCARD {
                request.keep_alive = false;
            } else {
                io::copy(&mut reader.by_ref().take(body), &mut io::sink())?;
            }
            return Ok(Some(request));
        }
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| invalid("malformed header"))?;
        let value = value.trim().to_ascii_lowercase();
        if name.eq_ignore_ascii_case("connection") {
            if value.contains("close") {
                request.keep_alive = false;
            } else if value.contains("keep-alive") {
                request.keep_alive = true;
            }
        } else if name.eq_ignore_ascii_case("content-length") {
            body = value.parse().map_err(|_| invalid("bad Content-Length"))?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = true;
        }
    }
    Err(invalid("too many headers"))
}

fn read_line(reader: &mut BufReader<TcpStream>, line: &mut String) -> io::Result<usize> {
    let n = reader.by_ref().take(MAX_LINE).read_line(line)?;
    if n as u64 == MAX_LINE && !line.ends_with('\n') {
        return Err(invalid("line too long"));
    }
    Ok(n)
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what)
}

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

fn percent_decode(text: &str) -> Option<String> {
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

fn respond(target: &Target, server: &Server) -> Response {
    let snapshot = server.shared.snapshot();
    if snapshot.build.is_none() {
        return Response::html(500, state::error_page(&snapshot));
    }
    let key = output_path(&target.path);
    if let Some(entry) = snapshot.get(&key) {
        if let Some(response) = entry_response(200, &key, entry, &snapshot, &server.roots) {
            return response;
        }
    } else if !target.path.ends_with('/')
        && snapshot
            .get(&format!("{}/index.html", &target.path[1..]))
            .is_some()
    {
        // Relative links inside `x/index.html` only work from `x/`.
        let mut location = format!("{}/", target.raw_path);
        if !target.query.is_empty() {
            location = format!("{location}?{}", target.query);
        }
        let mut response = Response::text(308, "");
        response.location = Some(location);
        return response;
    }
    snapshot
        .get("404.html")
        .and_then(|entry| entry_response(404, "404.html", entry, &snapshot, &server.roots))
        .unwrap_or_else(|| Response::text(404, "404 Not Found\n"))
}

fn entry_response(
    status: u16,
    key: &str,
    entry: Entry,
    snapshot: &Snapshot,
    roots: &[PathBuf],
) -> Option<Response> {
    let content_type = content_type(key);
    let html = content_type.starts_with("text/html");
    let body = match entry {
        Entry::Memory(bytes) if html => Body::Bytes(state::inject(bytes, snapshot)),
        Entry::Memory(bytes) => Body::Bytes(bytes.to_vec()),
        Entry::Disk(from) => {
            let (mut file, len) = open_copy(from, roots)?;
            if html {
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).ok()?;
                Body::Bytes(state::inject(&bytes, snapshot))
            } else {
                Body::File(file, len)
            }
        }
    };
    Some(Response {
        status,
        content_type,
        body,
        location: None,
        allow: false,
    })
}

/// Opens a copy for serving. `kiez build` copies only regular files, and
/// one may have been swapped for a symlink since the build: symlinks and
/// anything resolving outside `roots` are refused.
fn open_copy(from: &Path, roots: &[PathBuf]) -> Option<(File, u64)> {
    if !std::fs::symlink_metadata(from).ok()?.file_type().is_file() {
        return None;
    }
    let real = std::fs::canonicalize(from).ok()?;
    let inside = |root: &PathBuf| std::fs::canonicalize(root).is_ok_and(|r| real.starts_with(r));
    if !roots.iter().any(inside) {
        return None;
    }
    let file = File::open(&real).ok()?;
    let len = file.metadata().ok()?.len();
    Some((file, len))
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

enum Body {
    Bytes(Vec<u8>),
    File(File, u64),
}

struct Response {
    status: u16,
    content_type: &'static str,
    body: Body,
    location: Option<String>,
    allow: bool,
}

impl Response {
    fn text(status: u16, text: &str) -> Self {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Body::Bytes(text.as_bytes().to_vec()),
            location: None,
            allow: false,
        }
    }

    fn html(status: u16, bytes: Vec<u8>) -> Self {
        Response {
            status,
            content_type: "text/html; charset=utf-8",
            body: Body::Bytes(bytes),
            location: None,
            allow: false,
        }
    }

    /// Writes the response; `head` leaves out the body but keeps its length.
    fn write(self, out: &mut TcpStream, head: bool, keep_alive: bool) -> io::Result<()> {
        let len = match &self.body {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, len) => *len,
        };
        let mut header = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {len}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
            self.status,
            reason(self.status),
            self.content_type,
        );
        if let Some(location) = &self.location {
            header.push_str(&format!("Location: {location}\r\n"));
        }
        if self.allow {
            header.push_str("Allow: GET, HEAD\r\n");
        }
        if !keep_alive {
            header.push_str("Connection: close\r\n");
        }
        header.push_str("\r\n");
        let mut bytes = header.into_bytes();
        match self.body {
            Body::Bytes(body) if !head => {
                bytes.extend_from_slice(&body);
                out.write_all(&bytes)?;
            }
            Body::File(file, len) if !head => {
                out.write_all(&bytes)?;
                let sent = io::copy(&mut file.take(len), out)?;
                if sent != len {
                    // The file shrank since: the length we promised is wrong.
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "file shrank"));
                }
            }
            _ => out.write_all(&bytes)?,
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    }
}

/// Streams live-reload events until the page goes away.
fn events(mut out: TcpStream, query: &str, shared: &Shared, head: bool) {
    let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                  Cache-Control: no-store\r\nConnection: close\r\n\r\n";
    if out.write_all(header.as_bytes()).is_err() || head {
        return;
    }
    let page_build = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("build="))
        .and_then(percent_decode)
        .unwrap_or_default();
    let (pushes, first) = shared.subscribe(&page_build);
    let mut frame = first.to_sse();
    loop {
        if out
            .write_all(frame.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
        frame = match pushes.recv_timeout(HEARTBEAT) {
            Ok(push) => push.to_sse(),
            Err(RecvTimeoutError::Timeout) => ": heartbeat\n\n".into(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
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
        assert_eq!(content_type("fonts/inter.woff2"), "font/woff2");
        assert_eq!(content_type("v1.2/README"), "application/octet-stream");
        assert_eq!(content_type("Makefile"), "application/octet-stream");
    }
}
