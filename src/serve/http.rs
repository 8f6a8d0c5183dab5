//! The HTTP side of `kiez serve`: hyper's HTTP/1.1 on a one-thread tokio
//! runtime, answering GET and HEAD from the current [`Snapshot`] and
//! streaming live-reload events on [`EVENTS_PATH`].
//!
//! hyper does the protocol (parsing, keep-alive, chunked event streams,
//! 400 for a malformed or conflicting `Content-Length`); this file adds
//! what a dev server open to browsers needs on top: a cap on connections,
//! a deadline for the request head, the `Host` check against DNS
//! rebinding (`checks.rs`), and byte ranges.
//!
//! Request paths are only ever looked up as keys of the snapshot; no
//! request path is joined to a folder. The only files read from disk are
//! the build's own copies, and those only when they are regular files
//! inside the site folder or the social card cache.

use std::convert::Infallible;
use std::fs::File;
use std::io::{self, Read};
use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::body::Body;
use super::checks::{self, Hosts, Ranged};
use super::state::{self, Entry, Shared, Snapshot};
use super::target::{content_type, output_path, percent_decode, Target};

/// The live-reload event stream; no site path starts with `/__kiez/`.
pub(crate) const EVENTS_PATH: &str = "/__kiez/events";

/// Connections served at once. A browser opens about six per site plus
/// one event stream per tab; the cap is far above that, so that hundreds
/// of stalled connections (a misbehaving script, a slowloris) still leave
/// room, and low enough to leave file handles, under the usual limit of
/// 1,024, for the watcher and for files being sent. Past it, new
/// connections wait in the kernel's queue until a slot frees, which the
/// header deadline guarantees within seconds.
const MAX_CONNECTIONS: usize = 768;
/// A request head must arrive whole within this after the connection
/// opens or goes idle; hyper then closes the connection. Generous for a
/// phone on Wi-Fi, short enough that stalled connections do not pile up.
const HEADER_DEADLINE: Duration = Duration::from_secs(10);
/// hyper's read buffer, which bounds the request head (431 beyond).
/// Roomy, because browsers send every cookie of `localhost`, whichever
/// other dev server on this machine set it.
const MAX_HEAD: usize = 64 * 1024;

/// What the request handlers share.
pub(crate) struct Server {
    pub shared: Arc<Shared>,
    /// The site folder and the card cache: copies must resolve to a file
    /// inside one of them. Resolved per request, since the cache may only
    /// appear with a later build.
    pub roots: Vec<PathBuf>,
    /// The names requests must be addressed to.
    pub hosts: Hosts,
}

/// Serves `listener` on a background thread until the process ends.
pub(crate) fn spawn(listener: StdListener, server: Arc<Server>) -> io::Result<()> {
    // One thread is plenty for a dev server; the blocking pool (file
    // reads) starts threads only when a file is streamed.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .thread_name("kiez-http")
        .build()?;
    listener.set_nonblocking(true)?;
    let listener = {
        let _inside = runtime.enter();
        TcpListener::from_std(listener)?
    };
    thread::Builder::new()
        .name("kiez-http".into())
        .spawn(move || runtime.block_on(accept(listener, server)))
        .map(drop)
}

/// Accepts connections while a slot is free, each served on its own task.
async fn accept(listener: TcpListener, server: Arc<Server>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_DEADLINE)
        .max_buf_size(MAX_HEAD);
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // E.g. out of file handles; wait instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        stream.set_nodelay(true).ok();
        let server = Arc::clone(&server);
        let service = service_fn(move |request| {
            let server = Arc::clone(&server);
            async move { Ok::<_, Infallible>(handle(&server, request).await) }
        });
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // Errors are the client's (gone, too slow, malformed), and
            // hyper has already answered what it could.
            connection.await.ok();
            drop(slot);
        });
    }
}

/// Answers one request.
async fn handle(server: &Server, request: Request<Incoming>) -> Response<Body> {
    let request = &request;
    if let Some(refusal) = refusal(server, request) {
        return refusal;
    }
    let head = request.method() == Method::HEAD;
    let raw = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let Some(target) = Target::parse(raw) else {
        return text(StatusCode::FORBIDDEN, "403 Forbidden\n", head);
    };
    if target.path == EVENTS_PATH {
        return events(target.query, &server.shared, head);
    }
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        // Without validators of ours, no `If-Range` can match (RFC 9110,
        // section 13.1.5): such a request gets the whole file.
        .filter(|_| !request.headers().contains_key(header::IF_RANGE));
    while_starting(&output_path(&target.path), &server.shared).await;
    respond(&target, server, range, head)
}

/// While the first build runs, a file not served yet is asked of it
/// (a page is rendered at once: see `crate::incremental::Demand`) or,
/// when it has no answer, waited for until the build is served.
async fn while_starting(key: &str, shared: &Shared) {
    let snapshot = shared.snapshot();
    if !snapshot.partial || snapshot.get(key).is_some() {
        return;
    }
    if let Some(asked) = shared.ask(key) {
        if let Ok(Some(found)) = asked.await {
            shared.add_found(found);
            return;
        }
    }
    shared.until_started().await;
}

/// The answer to a request not meant for this server, not GET or HEAD, or
/// carrying a body, decided before anything about the site is looked at.
fn refusal(server: &Server, request: &Request<Incoming>) -> Option<Response<Body>> {
    let head = request.method() == Method::HEAD;
    let headers = request.headers();
    let mut hosts = headers.get_all(header::HOST).iter();
    let host = match (hosts.next().map(HeaderValue::to_str), hosts.next()) {
        (Some(Ok(host)), None) => host,
        _ => {
            return Some(close(text(
                StatusCode::BAD_REQUEST,
                "400 Bad Request: one Host header is required\n",
                head,
            )))
        }
    };
    let authority = request.uri().authority().map(|a| a.as_str());
    if !server.hosts.allows(host) || authority.is_some_and(|a| !server.hosts.allows(a)) {
        // Most likely DNS rebinding: a page on another name reaching for
        // this port. It must learn nothing, not even whether a path exists.
        let message = "403 Forbidden: kiez serve answers only requests addressed to \
                       localhost or its IP address (the Host header named another)\n";
        return Some(close(text(StatusCode::FORBIDDEN, message, head)));
    }
    if !head && request.method() != Method::GET {
        let mut response = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: only GET and HEAD\n",
            false,
        );
        let allow = HeaderValue::from_static("GET, HEAD");
        response.headers_mut().insert(header::ALLOW, allow);
        return Some(close(response));
    }
    // hyper refuses lengths that disagree; a repeated one it lets
    // through, and no GET needs a body at all, so none is read.
    let lengths: Vec<&HeaderValue> = headers.get_all(header::CONTENT_LENGTH).iter().collect();
    let body = headers.contains_key(header::TRANSFER_ENCODING)
        || match lengths.as_slice() {
            [] => false,
            [one] => one.as_bytes() != b"0",
            _ => true,
        };
    if body {
        let message =
            "400 Bad Request: GET and HEAD take no body (one Content-Length: 0 at most)\n";
        return Some(close(text(StatusCode::BAD_REQUEST, message, head)));
    }
    None
}

fn respond(target: &Target, server: &Server, range: Option<&str>, head: bool) -> Response<Body> {
    let snapshot = server.shared.snapshot();
    if snapshot.build.is_none() && !snapshot.partial {
        let page = state::error_page(&snapshot);
        return full(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html; charset=utf-8",
            page,
            head,
        );
    }
    let key = output_path(&target.path);
    if let Some(entry) = snapshot.get(&key) {
        if let Some(content) = content(&key, entry, &snapshot, &server.roots) {
            return ranged(content_type(&key), content, range, head);
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
        // Made of a request target hyper accepted, so a valid header.
        if let Ok(location) = HeaderValue::from_str(&location) {
            let mut response = text(StatusCode::PERMANENT_REDIRECT, "", head);
            response.headers_mut().insert(header::LOCATION, location);
            return response;
        }
    }
    let not_found = snapshot
        .get("404.html")
        .and_then(|entry| content("404.html", entry, &snapshot, &server.roots));
    match not_found {
        Some(Content::Bytes(page)) => full(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            page,
            head,
        ),
        _ => text(StatusCode::NOT_FOUND, "404 Not Found\n", head),
    }
}

/// The bytes of an entry, ready to send: HTML with the reload script,
/// anything else as it is (files on disk opened, not read).
enum Content {
    Bytes(Bytes),
    File(File, u64),
}

fn content(key: &str, entry: Entry, snapshot: &Snapshot, roots: &[PathBuf]) -> Option<Content> {
    let html = content_type(key).starts_with("text/html");
    Some(match entry {
        Entry::Memory(bytes) => {
            let bytes = crate::util::packed::file_bytes(bytes);
            if html {
                Content::Bytes(state::inject(&bytes, snapshot).into())
            } else {
                Content::Bytes(Bytes::from(bytes.into_owned()))
            }
        }
        Entry::Disk(from) => {
            let (mut file, len) = open_copy(from, roots)?;
            if html {
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).ok()?;
                Content::Bytes(state::inject(&bytes, snapshot).into())
            } else {
                Content::File(file, len)
            }
        }
    })
}

/// A found file: all of it (200), the part `range` asks for (206), or
/// 416 for a range past its end.
fn ranged(
    content_type: &'static str,
    content: Content,
    range: Option<&str>,
    head: bool,
) -> Response<Body> {
    let len = match &content {
        Content::Bytes(bytes) => bytes.len() as u64,
        Content::File(_, len) => *len,
    };
    let (status, part) = match checks::range(range, len) {
        Ranged::Whole => (StatusCode::OK, None),
        Ranged::Part(part) => (StatusCode::PARTIAL_CONTENT, Some(part)),
        Ranged::Unsatisfiable => {
            let mut response = text(StatusCode::RANGE_NOT_SATISFIABLE, "", head);
            set(
                &mut response,
                header::CONTENT_RANGE,
                format!("bytes */{len}"),
            );
            set(&mut response, header::ACCEPT_RANGES, "bytes".into());
            return response;
        }
    };
    let (start, end) = part.clone().map_or((0, len), |p| (*p.start(), p.end() + 1));
    let body = match content {
        _ if head => Body::empty(),
        // `start..end` lies within the body: `checks::range` made sure.
        Content::Bytes(bytes) => Body::bytes(bytes.slice(start as usize..end as usize)),
        Content::File(file, _) => Body::file(file, start, end - start),
    };
    let mut response = with_headers(status, content_type, end - start, body);
    set(&mut response, header::ACCEPT_RANGES, "bytes".into());
    if let Some(part) = part {
        let value = format!("bytes {}-{}/{len}", part.start(), part.end());
        set(&mut response, header::CONTENT_RANGE, value);
    }
    response
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

/// Streams live-reload events until the page goes away.
fn events(query: &str, shared: &Shared, head: bool) -> Response<Body> {
    let body = if head {
        Body::empty()
    } else {
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(percent_decode)
        };
        let page_build = param("build").unwrap_or_default();
        // The page's own path, as its address bar has it (still encoded).
        let page = param("page")
            .and_then(|path| super::target::sanitize(&path))
            .map(|path| output_path(&path));
        let (pushes, first) = shared.subscribe(&page_build, page);
        Body::events(first, pushes)
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A whole body of `bytes`.
fn full(
    status: StatusCode,
    content_type: &'static str,
    bytes: impl Into<Bytes>,
    head: bool,
) -> Response<Body> {
    let bytes = bytes.into();
    let len = bytes.len() as u64;
    let body = if head {
        Body::empty()
    } else {
        Body::bytes(bytes)
    };
    with_headers(status, content_type, len, body)
}

fn text(status: StatusCode, text: &'static str, head: bool) -> Response<Body> {
    full(status, "text/plain; charset=utf-8", text, head)
}

/// The headers every response but the event stream has. `len` is set
/// explicitly so a HEAD answer names the length its GET would have.
fn with_headers(
    status: StatusCode,
    content_type: &'static str,
    len: u64,
    body: Body,
) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn set(response: &mut Response<Body>, name: header::HeaderName, value: String) {
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().insert(name, value);
    }
}

/// Marks a refusal as the connection's last answer: whatever the client
/// sends next (a body we did not read, say) is not taken as a request.
fn close(mut response: Response<Body>) -> Response<Body> {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
