//! `kiez check --external`: every web link of the bodies, asked once per
//! URL with a HEAD request (a GET when the server refuses HEAD), on a few
//! threads at once, each with a timeout. Links that answered well are
//! remembered in `.kiez-cache/links.json` for a day, so a CI run does not
//! ask the same servers again; failures are asked again every run, since
//! the server (or the editor) may have fixed them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::Finding;
use crate::error::SourceError;
use crate::site::Site;

/// How the external check runs.
#[derive(Debug, Clone)]
pub struct External {
    /// The cache file (`.kiez-cache/links.json`).
    pub cache: PathBuf,
    /// How long one request may take, redirects included.
    pub timeout: Duration,
    /// How many requests run at once.
    pub threads: usize,
    /// How long a good answer is remembered.
    pub max_age: Duration,
}

impl External {
    /// Ten seconds a request, eight at once, answers kept for a day.
    pub fn new(cache: PathBuf) -> Self {
        External {
            cache,
            timeout: Duration::from_secs(10),
            threads: 8,
            max_age: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// A web link of a body and where it is.
pub struct Link {
    /// The URL as written.
    pub url: String,
    /// Its place, as a finding still without a message.
    pub at: Finding,
}

/// The web links of every page's front matter: `online_url`,
/// `registration.url`, a remote `image`, downloads by URL.
pub(super) fn front_matter_links(site: &Site) -> Vec<Link> {
    let mut links = Vec::new();
    for page in &site.pages {
        let item = &page.item;
        let event = item.event.as_ref();
        let registration = event.and_then(|e| e.registration.as_ref());
        let found = [
            ("online_url", event.and_then(|e| e.online_url.as_deref())),
            ("registration", registration.and_then(|r| r.url.as_deref())),
            ("image", item.image.as_deref()),
        ]
        .into_iter()
        .chain(
            item.downloads
                .iter()
                .map(|d| ("downloads", Some(d.src.as_str()))),
        );
        for (key, url) in found {
            let Some(url) = url.filter(|u| is_web(u)) else {
                continue;
            };
            links.push(Link {
                url: url.to_string(),
                at: Finding::at_key("external_links", item, key, String::new()),
            });
        }
    }
    links
}

/// Whether `url` is an `http:` or `https:` address.
fn is_web(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// What a server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// 2xx, after redirects.
    Ok,
    /// Another status.
    Status(u16),
    /// No answer within the timeout.
    Timeout,
    /// No connection, TLS failed, bad URL.
    Failed(String),
}

/// The cache file: URL → when it last answered well (seconds since 1970).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Cache {
    links: BTreeMap<String, u64>,
}

/// A finding for every link whose server did not answer well, and one
/// (without a file) when the cache cannot be written.
pub(super) fn check(links: &[Link], ext: &External) -> Vec<Finding> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut cache: Cache = std::fs::read(&ext.cache)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    cache
        .links
        .retain(|_, at| now.saturating_sub(*at) < ext.max_age.as_secs());
    let todo: BTreeSet<&str> = links
        .iter()
        .map(|l| fetched(&l.url))
        .filter(|url| !cache.links.contains_key(*url))
        .collect();
    let outcomes = fetch_all(&todo.into_iter().collect::<Vec<_>>(), ext);
    for (url, outcome) in &outcomes {
        if *outcome == Outcome::Ok {
            cache.links.insert(url.clone(), now);
        }
    }
    let mut findings: Vec<Finding> = links
        .iter()
        .filter_map(|link| {
            let outcome = outcomes.get(fetched(&link.url))?;
            let (message, hint) = describe(&link.url, outcome, ext.timeout)?;
            Some(Finding {
                message,
                hint: Some(hint),
                ..link.at.clone()
            })
        })
        .collect();
    if let Err(err) = save(&cache, ext) {
        let why = SourceError::new(&ext.cache, format!("cannot write the link cache: {err}"));
        findings.push(Finding::from_warning(&why));
    }
    findings
}

/// The URL to ask: without its `#fragment`, which servers never see.
fn fetched(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

fn save(cache: &Cache, ext: &External) -> std::io::Result<()> {
    if let Some(dir) = ext.cache.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec_pretty(cache).map_err(std::io::Error::other)?;
    std::fs::write(&ext.cache, json)
}

/// A message and hint for an answer that is not good.
fn describe(url: &str, outcome: &Outcome, timeout: Duration) -> Option<(String, String)> {
    let fix = "fix or remove the link; if the page moved, link its new address";
    Some(match outcome {
        Outcome::Ok => return None,
        Outcome::Status(code) => (
            format!("link `{url}` answers HTTP {code}{}", reason(*code)),
            fix.to_string(),
        ),
        Outcome::Timeout => (
            format!("link `{url}` did not answer within {} s", timeout.as_secs()),
            "the server may be down or slow; try again later, or fix the link".to_string(),
        ),
        Outcome::Failed(why) => (
            format!("link `{url}` cannot be reached: {why}"),
            fix.to_string(),
        ),
    })
}

fn reason(code: u16) -> &'static str {
    match code {
        401 => " (Unauthorized)",
        403 => " (Forbidden)",
        404 => " (Not Found)",
        410 => " (Gone)",
        429 => " (Too Many Requests)",
        500 => " (Internal Server Error)",
        502 => " (Bad Gateway)",
        503 => " (Service Unavailable)",
        _ => "",
    }
}

/// Asks every URL, `ext.threads` at a time.
fn fetch_all(urls: &[&str], ext: &External) -> BTreeMap<String, Outcome> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(ext.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("kiez-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..ext.threads.clamp(1, urls.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let outcome = fetch(&agent, url);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(url.to_string(), outcome);
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// HEAD, and GET when HEAD is refused or answered with an error some
/// servers give HEAD alone (403, 404, 405, 501).
fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    let head = ask(agent.head(url).call());
    match head {
        Outcome::Ok | Outcome::Timeout => head,
        Outcome::Status(code) if !matches!(code, 403 | 404 | 405 | 501) => head,
        _ => ask(agent.get(url).call()),
    }
}

fn ask(answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Outcome {
    match answer {
        Ok(response) if response.status().is_success() => Outcome::Ok,
        Ok(response) => Outcome::Status(response.status().as_u16()),
        Err(ureq::Error::Timeout(_)) => Outcome::Timeout,
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => Outcome::Timeout,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}
