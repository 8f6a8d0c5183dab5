//! What the dev server serves and tells browsers: the last good build as an
//! immutable [`Snapshot`], the current build error, and the list of open
//! live-reload connections.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

// tokio's channel, so an event stream can await the next push; sending
// never blocks and needs no runtime, so the builder thread can publish.
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

use crate::incremental::{Demand, Found};
use crate::util::artifact::{Copy, OutputFile, Sink};

/// The reload script, injected into HTML responses in serve mode only.
const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// One consistent state of the served site. Replaced whole after every
/// build, never changed in place, so a request sees either the old or the
/// new site, not a mix.
#[derive(Default)]
pub(crate) struct Snapshot {
    /// Id of the good build being served; `None` until a build succeeded.
    pub build: Option<String>,
    /// Rendered pages, feeds and theme files by output path. Shared
    /// between snapshots that differ only in copies or in the error.
    /// Keys are shared too, so that a snapshot with one page replaced
    /// (the edited page, served first) is a cheap copy of the last.
    /// Text is packed (`util::packed::pack_file`: a big site's pages
    /// would take most of the server's memory), so bytes equal here are
    /// equal files; `util::packed::file_bytes` gives the file.
    pub rendered: Arc<HashMap<Arc<str>, Arc<[u8]>>>,
    /// Files served from disk by output path; they shadow rendered files
    /// of the same path, as in `kiez build`.
    pub copies: HashMap<String, PathBuf>,
    /// Why the latest build failed (the error's Display), while it does.
    pub error: Option<String>,
    /// Whether this holds only what the first build served before it
    /// was done (pages asked for, rendered at once): a file missing here
    /// may come with the build, so it is asked for or waited for, not
    /// answered 404.
    pub partial: bool,
}

/// Where the bytes of an output path come from.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Entry<'a> {
    Memory(&'a [u8]),
    Disk(&'a Path),
}

impl Snapshot {
    /// A snapshot of a good build.
    pub fn new(build: String, files: Vec<OutputFile>, copies: Vec<Copy>) -> Self {
        Snapshot {
            build: Some(build),
            rendered: Arc::new(
                files
                    .into_iter()
                    .map(|f| (f.path.into(), f.bytes))
                    .collect(),
            ),
            copies: copies_map(copies),
            error: None,
            partial: false,
        }
    }

    /// This snapshot, still serving its pages, marked with a build error.
    pub fn with_error(&self, error: String) -> Self {
        Snapshot {
            build: self.build.clone(),
            rendered: Arc::clone(&self.rendered),
            copies: self.copies.clone(),
            error: Some(error),
            partial: false,
        }
    }

    /// This snapshot with the search index replaced by `index`, which
    /// comes a little after the pages (see `Builder::build`).
    pub fn with_search(&self, index: Vec<OutputFile>) -> Self {
        let mut rendered: HashMap<Arc<str>, Arc<[u8]>> = self
            .rendered
            .iter()
            .filter(|(path, _)| !crate::search::is_index_file(path))
            .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
            .collect();
        rendered.extend(index.into_iter().map(|f| (f.path.into(), f.bytes)));
        Snapshot {
            build: self.build.clone(),
            rendered: Arc::new(rendered),
            copies: self.copies.clone(),
            error: self.error.clone(),
            partial: self.partial,
        }
    }

    /// This snapshot with share images and captions added (drawn after
    /// the first build was served: see `Reuse::late_cards`).
    pub fn with_cards(&self, files: Vec<OutputFile>, links: Vec<Copy>) -> Self {
        let mut rendered = (*self.rendered).clone();
        rendered.extend(files.into_iter().map(|f| (f.path.into(), f.bytes)));
        let mut copies = self.copies.clone();
        copies.extend(copies_map(links));
        Snapshot {
            build: self.build.clone(),
            rendered: Arc::new(rendered),
            copies,
            error: self.error.clone(),
            partial: self.partial,
        }
    }

    /// This snapshot with the pages `files` replaced, as build `build`;
    /// `None` when they are the same bytes as before.
    pub fn with_pages(&self, files: Vec<OutputFile>, build: &str) -> Option<Self> {
        let same = |f: &OutputFile| {
            self.rendered
                .get(f.path.as_str())
                .is_some_and(|b| *b == f.bytes)
        };
        if files.iter().all(same) {
            return None;
        }
        let mut rendered = (*self.rendered).clone();
        rendered.extend(files.into_iter().map(|f| (f.path.into(), f.bytes)));
        Some(Snapshot {
            build: Some(build.to_string()),
            rendered: Arc::new(rendered),
            copies: self.copies.clone(),
            error: None,
            partial: self.partial,
        })
    }

    /// This snapshot of the first build, not done yet, with `found`
    /// added, as build `build`.
    pub fn with_found(&self, found: Found, build: &str) -> Self {
        let mut rendered = (*self.rendered).clone();
        let mut copies = self.copies.clone();
        match found {
            Found::Page(page) => {
                for file in packed(vec![page]) {
                    rendered.insert(file.path.into(), file.bytes);
                }
            }
            Found::File(file) => {
                rendered.insert(file.path.into(), file.bytes);
            }
            Found::Copy(copy) => {
                copies.insert(copy.to, copy.from);
            }
        }
        Snapshot {
            build: Some(build.to_string()),
            rendered: Arc::new(rendered),
            copies,
            error: None,
            partial: true,
        }
    }

    /// The file at output path `path` (`articles/x/index.html`).
    pub fn get(&self, path: &str) -> Option<Entry<'_>> {
        if let Some(from) = self.copies.get(path) {
            return Some(Entry::Disk(from));
        }
        self.rendered.get(path).map(|b| Entry::Memory(b))
    }

    /// Output paths whose content differs between `self` (older) and
    /// `new`. Files on disk count as changed when they moved or when
    /// `touched` says the watcher saw them change. Against a partial
    /// snapshot only its own files count: no page showed the others.
    pub fn changed(&self, new: &Snapshot, touched: impl Fn(&Path) -> bool) -> Vec<String> {
        let both = [self, new];
        let seen = if self.partial { &both[..1] } else { &both[..] };
        let keys: HashSet<&str> = seen
            .iter()
            .flat_map(|snap| snap.rendered.keys().map(|k| &**k))
            .chain(
                seen.iter()
                    .flat_map(|snap| snap.copies.keys().map(String::as_str)),
            )
            .collect();
        let mut changed: Vec<String> = keys
            .into_iter()
            .filter(|key| match (self.get(key), new.get(key)) {
                (_, Some(Entry::Disk(from))) if touched(from) => true,
                // Files taken over from the last build are the same bytes.
                (Some(Entry::Memory(a)), Some(Entry::Memory(b))) if std::ptr::eq(a, b) => false,
                (old, new) => old != new,
            })
            .map(str::to_string)
            .collect();
        changed.sort();
        changed
    }
}

/// `files` as the snapshot holds them: text packed, like everything a
/// build hands [`Sink::keep_packed`], so equal files compare equal.
pub(crate) fn packed(files: Vec<OutputFile>) -> Vec<OutputFile> {
    Sink::keep_packed().put_all(files).unwrap_or_default()
}

/// Later copies win, as in `output::write`.
fn copies_map(copies: Vec<Copy>) -> HashMap<String, PathBuf> {
    copies.into_iter().map(|c| (c.to, c.from)).collect()
}

/// A message to open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Push {
    /// Load the page again: build `build` changed it.
    Reload { build: String },
    /// Only stylesheets changed: swap them without reloading.
    Css { build: String },
    /// The latest build failed: show this overlay (escaped HTML).
    Failed { overlay: String },
    /// A build succeeded without changing anything: drop any overlay.
    Ok,
}

impl Push {
    /// The Server-Sent Events frame. Data is JSON so that multi-line
    /// error text survives the line-based SSE format.
    pub fn to_sse(&self) -> String {
        let (event, data) = match self {
            Push::Reload { build } => ("reload", serde_json::json!({ "build": build })),
            Push::Css { build } => ("css", serde_json::json!({ "build": build })),
            Push::Failed { overlay } => ("failed", serde_json::json!({ "html": overlay })),
            Push::Ok => ("ok", serde_json::json!({})),
        };
        format!("event: {event}\ndata: {data}\n\n")
    }
}

/// State shared by the builder (one writer) and the HTTP runtime.
#[derive(Default)]
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    clients: Mutex<Vec<Client>>,
    /// While the first build runs: where files are asked of it, and the
    /// build id the files it answers are served as.
    asking: Mutex<Option<(std::sync::mpsc::Sender<Demand>, String)>>,
    /// Whether the first build was served (or failed).
    ready: tokio::sync::watch::Sender<bool>,
}

/// An open page's live-reload connection.
struct Client {
    pushes: UnboundedSender<Push>,
    /// The output path of the page (`tags/hof/index.html`), when it said.
    page: Option<String>,
}

/// Whether a changed output at `path` can only change the page at that
/// path: pages, feeds, data files and share images (`social/`, which
/// only link previews show) are not embedded in other pages, as images,
/// scripts and fonts are.
fn standalone(path: &str) -> bool {
    path.starts_with("social/")
        || [".html", ".xml", ".json", ".txt", ".ics"]
            .iter()
            .any(|ext| path.ends_with(ext))
}

impl Shared {
    /// The current snapshot; cheap, and never blocks on a build.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        let guard = self.snapshot.read().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&guard)
    }

    /// Makes `snapshot` current, then tells every open page.
    pub fn publish(&self, snapshot: Snapshot, push: Push) {
        self.replace(snapshot);
        self.clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|client| client.pushes.send(push.clone()).is_ok());
    }

    /// Makes `snapshot` of build `build` current, in which the outputs at
    /// `changed` changed, and reloads the open pages that shows: each
    /// changed page, or every page when something a page may embed (an
    /// image, a script) changed. An edit reaches the server in up to
    /// four steps (its page, its lists, the list pages it moved, the
    /// rebuild); a page none of them changes is not reloaded by any, and
    /// is only told that the site builds again.
    pub fn publish_changed(&self, snapshot: Snapshot, build: &str, changed: &[String]) {
        // Before the first good build every address shows the error page.
        let everything =
            self.snapshot().build.is_none() || changed.iter().any(|path| !standalone(path));
        self.replace(snapshot);
        let changed: HashSet<&str> = changed.iter().map(String::as_str).collect();
        let push = Push::Reload {
            build: build.to_string(),
        };
        self.clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|client| {
                let shows = client
                    .page
                    .as_deref()
                    .is_none_or(|page| changed.contains(page));
                // The others only drop an error overlay they may show.
                let push = if everything || shows {
                    &push
                } else {
                    &Push::Ok
                };
                client.pushes.send(push.clone()).is_ok()
            });
    }

    /// Serves `files` over the current snapshot as build `build` (the
    /// dev server's previews) and reloads the open pages among them.
    pub fn publish_pages(&self, files: Vec<OutputFile>, build: &str) {
        let old = self.snapshot();
        let changed: Vec<String> = files
            .iter()
            .filter(|f| old.get(&f.path) != Some(Entry::Memory(&f.bytes)))
            .map(|f| f.path.clone())
            .collect();
        if let Some(snapshot) = old.with_pages(files, build) {
            self.publish_changed(snapshot, build, &changed);
        }
    }

    /// Serves the first build's files as it answers demands for them
    /// (see `crate::incremental::Demand`), until [`Shared::started`];
    /// returns where the demands arrive.
    pub fn start(&self, build: String) -> std::sync::mpsc::Receiver<Demand> {
        let (tx, rx) = std::sync::mpsc::channel();
        *self.asking.lock().unwrap_or_else(PoisonError::into_inner) = Some((tx, build));
        self.replace(Snapshot {
            partial: true,
            ..Snapshot::default()
        });
        rx
    }

    /// The first build is served (or failed): nothing more is asked of
    /// it, and every request held for it goes on.
    pub fn started(&self) {
        *self.asking.lock().unwrap_or_else(PoisonError::into_inner) = None;
        self.ready.send_replace(true);
    }

    /// Asks the first build, while it runs, for the file at `path`;
    /// `None` once it is served.
    pub fn ask(&self, path: &str) -> Option<tokio::sync::oneshot::Receiver<Option<Found>>> {
        let asking = self.asking.lock().unwrap_or_else(PoisonError::into_inner);
        let (demands, _) = asking.as_ref()?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let answer = Box::new(move |found| drop(tx.send(found)));
        let path = path.to_string();
        demands.send(Demand { path, answer }).ok()?;
        Some(rx)
    }

    /// Serves `found`, an answer of the first build, unless the build
    /// was served meanwhile (which has it too).
    pub fn add_found(&self, found: Found) {
        let Some(build) = self
            .asking
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|(_, b)| b.clone())
        else {
            return;
        };
        let mut current = self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if current.partial {
            *current = Arc::new(current.with_found(found, &build));
        }
    }

    /// Waits until the first build is served.
    pub async fn until_started(&self) {
        self.ready.subscribe().wait_for(|ready| *ready).await.ok();
    }

    /// Makes `snapshot` current without telling open pages: for files no
    /// page shows by itself (the search index).
    pub fn replace(&self, snapshot: Snapshot) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
    }

    /// Registers a live-reload connection from a page of build
    /// `page_build` at output path `page`; returns its channel and what
    /// to send it right away.
    pub fn subscribe(
        &self,
        page_build: &str,
        page: Option<String>,
    ) -> (UnboundedReceiver<Push>, Push) {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        clients.push(Client { pushes: tx, page });
        // Read the snapshot only after subscribing, under the lock that
        // `publish` takes: a build finishing now is either seen here or
        // pushed on the channel, never missed.
        let snapshot = self.snapshot();
        drop(clients);
        (rx, first_push(&snapshot, page_build))
    }
}

/// A page may have been loaded before the latest build, or during an
/// error that is gone now; this brings it up to date on connecting.
fn first_push(snapshot: &Snapshot, page_build: &str) -> Push {
    match (&snapshot.build, &snapshot.error) {
        (Some(build), _) if build != page_build => Push::Reload {
            build: build.clone(),
        },
        (_, Some(error)) => Push::Failed {
            overlay: overlay(error),
        },
        _ => Push::Ok,
    }
}

/// A page with this tag is served without the reload script: the web
/// editor's `/admin/` page (`kiez cms init`), whose unsaved form a reload
/// would throw away, and which saves files itself, each save a rebuild.
pub const NO_RELOAD: &str = r#"<meta name="kiez-live-reload" content="off">"#;

/// Adds the live-reload script (and the error overlay, while a build
/// fails) before `</body>`, or at the end when there is none; nothing to a
/// page that carries [`NO_RELOAD`].
pub(crate) fn inject(html: &[u8], snapshot: &Snapshot) -> Vec<u8> {
    let marker = NO_RELOAD.as_bytes();
    if html.windows(marker.len()).any(|w| w == marker) {
        return html.to_vec();
    }
    let mut snippet = String::new();
    if let Some(error) = &snapshot.error {
        snippet.push_str(&overlay(error));
    }
    snippet.push_str(&format!(
        "<script data-kiez-build=\"{}\">{LIVERELOAD_JS}</script>",
        escape(snapshot.build.as_deref().unwrap_or(""))
    ));
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The page served while no build has succeeded yet: just the error, and
/// the script that reloads it once the site builds.
pub(crate) fn error_page(snapshot: &Snapshot) -> Vec<u8> {
    let doc = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
               <title>kiez: build failed</title>\n</head>\n<body>\n</body>\n</html>\n";
    inject(doc.as_bytes(), snapshot)
}

/// The box shown over the page while the latest build fails. Inline
/// styles, so no site stylesheet can hide or restyle it.
pub(crate) fn overlay(error: &str) -> String {
    format!(
        "<div id=\"kiez-overlay\" role=\"alert\" style=\"position:fixed;left:0;right:0;top:0;\
         z-index:2147483647;max-height:80vh;overflow:auto;margin:0;padding:16px 20px;\
         background:#3b0d0c;color:#fff;font:15px/1.5 system-ui,sans-serif;\
         box-shadow:0 4px 24px rgba(0,0,0,.5)\">\
         <strong>kiez: the last change did not build.</strong> \
         This page shows the last good version. Fix the file and save; \
         the page updates by itself.\
         <pre style=\"margin:10px 0 0;padding:0;white-space:pre-wrap;\
         font:14px/1.45 ui-monospace,monospace;color:#ffd7d5;background:none\">{}</pre></div>",
        escape(error)
    )
}

/// Escapes text for HTML element content and quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    crate::util::escape::html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        }
    }

    fn copy(from: &str, to: &str) -> Copy {
        Copy {
            from: from.into(),
            to: to.into(),
            link: false,
        }
    }

    #[test]
    fn copies_shadow_rendered_files_and_later_copies_win() {
        let snap = Snapshot::new(
            "1".into(),
            vec![file("kiez.css", "theme"), file("index.html", "home")],
            vec![copy("static/a.css", "kiez.css"), copy("b.css", "kiez.css")],
        );
        assert_eq!(snap.get("kiez.css"), Some(Entry::Disk(Path::new("b.css"))));
        assert_eq!(snap.get("index.html"), Some(Entry::Memory(b"home")));
        assert_eq!(snap.get("nope"), None);
    }

    #[test]
    fn changed_lists_edited_added_removed_and_touched_files() {
        let old = Snapshot::new(
            "1".into(),
            vec![
                file("a.html", "a"),
                file("b.html", "b"),
                file("gone.html", ""),
            ],
            vec![
                copy("static/logo.svg", "logo.svg"),
                copy("static/x.js", "x.js"),
            ],
        );
        let new = Snapshot::new(
            "2".into(),
            vec![
                file("a.html", "a"),
                file("b.html", "B"),
                file("new.html", ""),
            ],
            vec![
                copy("static/logo.svg", "logo.svg"),
                copy("static/x.js", "x.js"),
            ],
        );
        let touched = |p: &Path| p == Path::new("static/x.js");
        assert_eq!(
            old.changed(&new, touched),
            ["b.html", "gone.html", "new.html", "x.js"]
        );
        assert!(old
            .changed(&old.with_error("e".into()), |_| false)
            .is_empty());
    }

    #[test]
    fn script_goes_before_the_last_body_end_tag() {
        let snap = Snapshot::new("7".into(), vec![], vec![]);
        let html = b"<p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(html, &snap)).unwrap();
        assert!(out.starts_with("<p>&lt;/body&gt;</p><script data-kiez-build=\"7\">"));
        assert!(out.ends_with("</script></BODY></html>"));
        let bare = String::from_utf8(inject(b"plain", &snap)).unwrap();
        assert!(bare.starts_with("plain<script"));
        let admin = format!("<head>{NO_RELOAD}</head><body></body>");
        assert_eq!(inject(admin.as_bytes(), &snap), admin.as_bytes());
    }

    #[test]
    fn error_overlay_is_escaped() {
        let snap =
            Snapshot::default().with_error("a.md:2: <script>alert(1)</script> & \"x\"".into());
        let page = String::from_utf8(error_page(&snap)).unwrap();
        assert!(page.contains("a.md:2: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(!page.contains("<script>alert"));
    }

    #[test]
    fn first_push_brings_a_page_up_to_date() {
        let good = Snapshot::new("2".into(), vec![], vec![]);
        assert_eq!(first_push(&good, "1"), Push::Reload { build: "2".into() });
        assert_eq!(first_push(&good, "2"), Push::Ok);
        let failing = good.with_error("bad".into());
        assert!(matches!(first_push(&failing, "2"), Push::Failed { .. }));
        // The error page of a site that never built has no build id.
        assert!(matches!(
            first_push(&Snapshot::default().with_error("bad".into()), ""),
            Push::Failed { .. }
        ));
    }

    #[test]
    fn a_change_reloads_the_pages_it_changed() {
        let shared = Shared::default();
        let open = |page: Option<&str>| shared.subscribe("1", page.map(String::from)).0;
        let mut list = open(Some("tags/hof/index.html"));
        let mut other = open(Some("index.html"));
        let mut unknown = open(None);
        let snap = || Snapshot::new("2".into(), vec![], vec![]);
        shared.replace(snap());
        let reload = Push::Reload { build: "2".into() };
        let changed = ["tags/hof/index.html".to_string(), "rss.xml".into()];
        shared.publish_changed(snap(), "2", &changed);
        assert_eq!(list.try_recv().ok(), Some(reload.clone()));
        assert_eq!(
            other.try_recv().ok(),
            Some(Push::Ok),
            "only told the site builds"
        );
        assert_eq!(unknown.try_recv().ok(), Some(reload.clone()));
        // An image may be on any page.
        shared.publish_changed(snap(), "2", &["articles/x/photo.jpg".into()]);
        assert_eq!(other.try_recv().ok(), Some(reload.clone()));
        shared.publish_changed(snap(), "2", &["social/0123.png".into()]);
        assert_eq!(other.try_recv().ok(), Some(Push::Ok));
    }

    #[test]
    fn sse_frames_keep_multi_line_errors_on_one_data_line() {
        let frame = Push::Failed {
            overlay: "line 1\nline 2".into(),
        }
        .to_sse();
        assert_eq!(
            frame,
            "event: failed\ndata: {\"html\":\"line 1\\nline 2\"}\n\n"
        );
    }
}
