//! `kiez serve`: builds the site in memory, serves it over HTTP, rebuilds
//! on every edit and reloads the open pages.
//!
//! The shape is mdBook's and Zola's: the serve loop on the calling thread
//! owns the watcher and the builds; HTTP runs on its own thread and only
//! ever reads the latest `Snapshot` (`state.rs`). Pages come from
//! [`crate::generate`] in memory (static files and bundle assets from
//! their place on disk), so serving never touches the user's `public/`.
//! After an edit to content files the build reuses the last one (see
//! [`crate::incremental`]): only the changed files are read, and only the
//! pages and feeds that show a changed page are rendered; [`rebuild_for`]
//! decides when a change (a template, the config, an asset) needs
//! everything built again.
//! A failed build keeps the last good snapshot and pushes an error overlay
//! to open pages; nothing an editor does to the files stops the server.
//! The server listens before the first build: until that build is
//! served, a page asked for is rendered at once from its site model
//! ([`crate::incremental::Demand`]) and other files wait for it, so a big
//! site is readable seconds before it is all built.
//!
//! # Why hyper
//!
//! The first version wrote HTTP by hand on `std::net`, one thread per
//! connection: GET and HEAD for a few local clients seemed too little to
//! pay a hundred crates of axum + tokio + tower-http for. Hardening it
//! (issue 13) showed what a server open to browsers needs besides: a
//! deadline for request heads and a cap on connections (a client sending
//! a byte every few seconds kept its thread forever), a `Host` check (a
//! page on another name could read drafts through DNS rebinding), refusal
//! of conflicting `Content-Length` headers (it waited for a body that
//! would never come), and byte ranges (iPhones play no video without
//! them). Each of these is protocol work a maintained, fuzzed parser does
//! better than our few hundred lines, so `http.rs` now runs hyper 1
//! (`http1` server only) on tokio's current-thread runtime (`rt`, `net`,
//! `time`, `sync`; no `full`, no multi-thread scheduler), with hyper-util
//! for the tokio glue.
//!
//! The cost, measured with `cargo build --timings` on our two-core
//! machines (dependencies at opt-level 2, as in `Cargo.toml`): ten more
//! crates, 35 s of compile time when built alone (tokio 16 s, hyper 8 s,
//! http 4 s, socket2 and bytes 2 s each, the other five 3 s together; 24 s
//! of wall time). In kiez's clean build they compile beside the larger
//! image and syntax crates: 894 s before, 903 s after, 537 s and 561 s of
//! CPU time (both runs while three other builds shared the machine). axum
//! and tower would add routing and middleware we do not use. tiny_http is
//! lighter (11 s, five crates) but 0.12, its latest release, is from
//! 2022; it spends a thread per connection, buffers chunked bodies 8 KiB
//! at a time (which Server-Sent Events cannot have), and takes the first
//! of two conflicting `Content-Length` headers.
//!
//! With 500 connections stalled halfway through their request line, a
//! page of the example site is still answered in a median 0.2 ms (the
//! slowest of 20: 17 ms), as without them; the stalled ones are closed
//! at the 10 s header deadline (`tests/testsuite/serve/hardening.rs`).
//!
//! What stays ours is what is about the site: the path sanitizer
//! (`target.rs`, one decode, unit-tested), the `Host` and `Range` rules
//! (`checks.rs`, pure functions), and the snapshot model (`state.rs`).
//! Live reload uses Server-Sent Events rather than WebSocket: the
//! messages only go to the browser, and EventSource needs no handshake
//! code or framing on either side. The other dependencies are `notify`
//! with `notify-debouncer-full` for watching (it keeps the event kinds,
//! which `-mini` drops and which are needed to ignore reads) and `ctrlc`
//! for a clean stop.

mod body;
mod builder;
mod checks;
mod http;
mod state;
mod target;
mod watch;

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

pub use watch::{classify, rebuild_for, ChangeKind, Rebuild};

use crate::error::{Error, Result};
use crate::BuildOptions;
use builder::Builder;
use state::Shared;

/// What `kiez serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site and build settings; `base_url` is replaced by the
    /// server's own address.
    pub build: BuildOptions,
    /// Address to listen on: `127.0.0.1` keeps the site on this machine.
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Something the user should hear about while the server runs. The
/// library does not print; the caller shows these as they come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The server is up at `url`.
    Listening {
        /// The URL the site is built for and served at.
        url: String,
        /// When bound to all interfaces: the same site on this machine.
        local: Option<String>,
    },
    /// A build (the first, or one after `trigger` changed) succeeded.
    Built {
        /// HTML pages served.
        pages: usize,
        /// Output files that changed since the previous build.
        changed: usize,
        /// Wall time of the build.
        elapsed: Duration,
        /// The changed source file(s), for rebuilds.
        trigger: Option<String>,
        /// Where the time went (shown with `--verbose`).
        timings: crate::util::timings::Timings,
    },
    /// A build failed; the last good build (if any) is still served.
    Failed {
        /// The error, as `kiez build` prints it.
        error: String,
        /// Whether a good build is still being served.
        serving_last_good: bool,
    },
    /// A build succeeded with something worth fixing, or watching files
    /// or opening the browser went wrong.
    Warning(String),
}

impl Note {
    /// Whether this belongs on stderr.
    pub fn is_problem(&self) -> bool {
        matches!(self, Note::Failed { .. } | Note::Warning(_))
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Listening { url, local: None } => {
                write!(f, "Serving at {url} (Ctrl-C to stop)")
            }
            Note::Listening {
                url,
                local: Some(local),
            } => write!(
                f,
                "Serving at {url} on your network, {local} on this machine (Ctrl-C to stop)"
            ),
            Note::Built {
                pages,
                changed,
                elapsed,
                trigger,
                ..
            } => {
                let ms = elapsed.as_millis();
                match trigger {
                    None => write!(f, "Built {pages} pages in {ms} ms"),
                    Some(trigger) => {
                        let files = if *changed == 1 { "file" } else { "files" };
                        write!(
                            f,
                            "Rebuilt after a change to {trigger} in {ms} ms: \
                             {changed} {files} changed"
                        )
                    }
                }
            }
            Note::Failed {
                error,
                serving_last_good,
            } => {
                let still = if *serving_last_good {
                    "still serving the last good build"
                } else {
                    "serving an error page until the site builds"
                };
                write!(f, "Error: {error}\n({still}; fix the file and save)")
            }
            Note::Warning(text) => write!(f, "Warning: {text}"),
        }
    }
}

/// What the serve loop waits for.
pub(crate) enum Signal {
    /// The watcher saw these paths change (absolute, below the site).
    Changed(Vec<PathBuf>),
    /// The watcher reported a problem.
    WatchFailed(String),
    /// Ctrl-C or SIGTERM.
    Stop,
}

/// Builds and serves the site until Ctrl-C, rebuilding on every change.
/// Returns an error only for problems before serving starts (the site
/// folder is missing, the port is taken); build errors are shown, not
/// returned.
pub fn serve(opts: &ServeOptions, mut note: impl FnMut(Note)) -> Result<()> {
    let site_dir = &opts.build.site_dir;
    let root = std::fs::canonicalize(site_dir)
        .ok()
        .filter(|root| root.is_dir())
        .ok_or_else(|| {
            Error::Usage(format!(
                "`{}` is not a folder; pass the site folder holding kiez.yaml",
                site_dir.display()
            ))
        })?;
    let listener = bind(opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot listen: {e}")))?;
    let (url, local) = urls(addr);

    let (signals, received) = mpsc::channel();
    // Watch before the first build, so edits made during it are seen.
    let mut watcher = watch::Watcher::start(&root, signals.clone())?;
    let stop = signals.clone();
    // Fails only if this process already set a handler; Ctrl-C then
    // still ends the process, just without the goodbye.
    ctrlc::set_handler(move || {
        stop.send(Signal::Stop).ok();
    })
    .ok();

    let shared = Arc::new(Shared::default());
    let mut build = opts.build.clone();
    build.base_url = Some(url.clone());
    let mut builder = Builder::new(build, Arc::clone(&shared));
    let before = builder.shared.snapshot();
    // Serve from the start: pages asked for before the first build is
    // done are rendered at once from its site model (`Reuse::answer_demands`).
    let demands = shared.start(builder.early_build());
    builder.reuse.answer_demands(demands);

    // Copies come from the site folder and from the social card cache.
    let cache = opts
        .build
        .cache
        .clone()
        .unwrap_or_else(|| site_dir.join(".kiez-cache"));
    let roots = vec![root.clone(), cache];
    let hosts = checks::Hosts {
        ip: addr.ip(),
        port: addr.port(),
    };
    let server = Arc::new(http::Server {
        shared: Arc::clone(&shared),
        roots,
        hosts,
    });
    http::spawn(listener, server).map_err(|e| Error::io("cannot serve", site_dir, e))?;
    note(Note::Listening {
        url: url.clone(),
        local,
    });
    if opts.open {
        if let Err(e) = open_browser(&url) {
            note(Note::Warning(format!("cannot open a browser: {e}")));
        }
    }
    builder.build(&[], before, &mut note);
    builder.reuse.stop_answering();
    shared.started();

    builder.finish(&mut note);
    watch_and_rebuild(&root, &received, &mut watcher, &mut builder, &mut note);
    Ok(())
}

/// The serve loop: each batch of changes (everything that arrived during
/// the last build) is one rebuild, until Ctrl-C; the search index is
/// made when no change waits.
fn watch_and_rebuild(
    root: &Path,
    received: &mpsc::Receiver<Signal>,
    watcher: &mut watch::Watcher,
    builder: &mut Builder,
    note: &mut impl FnMut(Note),
) {
    // A change that arrived while the last batch was built.
    let mut waiting = None;
    while let Some(signal) = waiting.take().or_else(|| received.recv().ok()) {
        let mut paths = Vec::new();
        let mut next = Some(signal);
        while let Some(signal) = next {
            match signal {
                Signal::Stop => return,
                Signal::WatchFailed(e) => {
                    note(Note::Warning(format!("watching files: {e}")));
                    // Changes may have gone unseen: trust nothing kept.
                    builder.reuse.forget();
                }
                Signal::Changed(changed) => paths.extend(changed),
            }
            next = received.try_recv().ok();
        }
        let rels: BTreeSet<PathBuf> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(root).ok())
            .map(Path::to_path_buf)
            .collect();
        if rels.iter().any(|rel| watch::Watcher::is_watched_dir(rel)) {
            if let Err(e) = watcher.refresh() {
                note(Note::Warning(e.to_string()));
            }
        }
        builder.on_change(&rels, note);
        // The search index depends on every page and takes as long as the
        // rebuild: an edit saved meanwhile is previewed first.
        match received.try_recv() {
            Ok(signal) => waiting = Some(signal),
            Err(_) => builder.finish(note),
        }
    }
}

/// Binds, or explains what to do when the port is taken.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    match TcpListener::bind((ip, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
            let free = (port.saturating_add(1)..=port.saturating_add(100))
                .find(|&p| TcpListener::bind((ip, p)).is_ok());
            Err(Error::Usage(match free {
                Some(free) => format!(
                    "port {port} on {ip} is already in use; try --port {free}, which is free \
                     (or --port 0 for any free port)"
                ),
                None => {
                    format!("port {port} on {ip} is already in use; try --port 0 for any free port")
                }
            }))
        }
        Err(e) => Err(Error::Usage(format!(
            "cannot listen on {}: {e}",
            SocketAddr::new(ip, port)
        ))),
    }
}

/// The URL the site is built for, and when listening on all interfaces
/// also the loopback one. Links must work from other devices then, so
/// the site is built for the LAN address.
fn urls(addr: SocketAddr) -> (String, Option<String>) {
    let url = |ip: IpAddr| format!("http://{}/", SocketAddr::new(ip, addr.port()));
    if !addr.ip().is_unspecified() {
        return (url(addr.ip()), None);
    }
    let loopback = match addr {
        SocketAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
        SocketAddr::V6(_) => IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
    };
    match lan_address() {
        Some(lan) => (url(lan), Some(url(loopback))),
        None => (url(loopback), None),
    }
}

/// This machine's address on the local network. Connecting a UDP socket
/// sends nothing; it only makes the system choose the interface it would
/// route through.
fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind(("0.0.0.0", 0)).ok()?;
    // 192.0.2.1 is a documentation address: routable-looking, never used.
    socket.connect(("192.0.2.1", 80)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

fn open_browser(url: &str) -> io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    let mut child = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    // Reap it, so it does not linger as a zombie while we serve.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_port_names_a_free_one() {
        let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let Err(Error::Usage(message)) = bind(IpAddr::from([127, 0, 0, 1]), port) else {
            panic!("binding a taken port must be a usage error");
        };
        assert!(message.contains(&format!("port {port} ")), "{message}");
        assert!(message.contains("try --port "), "{message}");
    }

    #[test]
    fn the_site_is_built_for_the_address_it_is_reached_at() {
        let (url, local) = urls("127.0.0.1:1111".parse().unwrap());
        assert_eq!((url.as_str(), local), ("http://127.0.0.1:1111/", None));
        let (url, _) = urls("[::1]:8080".parse().unwrap());
        assert_eq!(url, "http://[::1]:8080/");
        let (url, local) = urls("0.0.0.0:1111".parse().unwrap());
        assert!(
            url.starts_with("http://") && url.ends_with(":1111/"),
            "{url}"
        );
        if let Some(local) = local {
            assert_eq!(local, "http://127.0.0.1:1111/");
            assert_ne!(url, local);
        }
    }
}
