//! Which items are new, decided without local state: the articles and
//! events of the site's main feed that the live site's JSON Feed does not
//! list yet (or, with `--since`, those published since a date). Refuses
//! rather than guesses: no live feed, or more new items than `--max`,
//! announce nothing.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};

use super::http::Sender;
use crate::content::Kind;
use crate::error::{Error, Result};
use crate::site::Site;

/// What "new" is measured against.
#[derive(Debug, Clone)]
pub enum Since {
    /// The live site's JSON Feed: at this URL or in this file (saved
    /// before publishing), or the site's own `feed.json` under its
    /// `base_url`.
    Live(Option<String>),
    /// Everything published at or after this date (`2026-11-20`,
    /// `2026-11-20T18:00` in the site's time zone, or RFC 3339).
    Date(String),
}

/// The new items (page indexes, oldest first) and what they were
/// compared with, for the report.
pub fn new_items(
    site: &Site,
    since: &Since,
    max: usize,
    sender: &Sender,
) -> Result<(Vec<usize>, String)> {
    // The main feed holds the newest articles and events, as the live
    // site's does.
    let main = crate::feeds::specs(site)
        .into_iter()
        .find(|f| f.dir == "/")
        .map(|f| f.items)
        .unwrap_or_default();
    let candidates = main
        .into_iter()
        .filter(|&i| matches!(site.pages[i].item.kind, Kind::Article | Kind::Event));
    let date = |i: usize| crate::feeds::feed_date(&site.pages[i]);
    let (mut chosen, basis): (Vec<usize>, String) = match since {
        Since::Date(text) => {
            let (from, _) = crate::content::parse_date(text, site.config.tz)
                .map_err(|why| Error::Usage(format!("--since {text}: {why}")))?;
            // An event's start says nothing about when it was published:
            // only its `date:` does (else every coming event looks new).
            let published = |i: usize| site.pages[i].item.published;
            (
                candidates
                    .filter(|&i| published(i).is_some_and(|d| d >= from))
                    .collect(),
                format!("published since {}", from.to_rfc3339()),
            )
        }
        Since::Live(url) => {
            let url = url
                .clone()
                .unwrap_or_else(|| site.config.absolute_url("/feed.json"));
            let live = live_feed(&url, sender)?;
            // A full live feed no longer lists its oldest items: only
            // what is newer than its oldest entry can be new.
            let full = live.urls.len() >= site.config.feeds.limit;
            let chosen = candidates
                .filter(|&i| !live.urls.contains(&site.pages[i].permalink))
                .filter(|&i| !full || live.oldest.is_none_or(|o| date(i).is_some_and(|d| d >= o)))
                .collect();
            (chosen, format!("not yet in {url}"))
        }
    };
    if chosen.len() > max {
        let why = match since {
            Since::Live(_) => "if the site moved (base_url), the live feed lists other URLs; otherwise run again with --max",
            Since::Date(_) => "run again with a later --since, or with --max",
        };
        return Err(Error::Announce(format!(
            "{} items are new ({basis}), more than --max {max}; nothing was announced: {why} {}",
            chosen.len(),
            chosen.len()
        )));
    }
    chosen.reverse();
    Ok((chosen, basis))
}

/// The URLs a live JSON Feed lists, and its oldest publication date.
struct Live {
    urls: BTreeSet<String>,
    oldest: Option<DateTime<FixedOffset>>,
}

fn live_feed(url: &str, sender: &Sender) -> Result<Live> {
    let refuse = |why: String| {
        Error::Announce(format!(
            "cannot read the live site's feed {url}: {why}; nothing was announced \
             (announce after publishing, or name the items' date with --since DATE)"
        ))
    };
    let feed = if url.starts_with("https://") || url.starts_with("http://") {
        sender.get_json(url).map_err(refuse)?
    } else {
        let text = std::fs::read_to_string(url).map_err(|e| refuse(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| refuse(format!("not JSON: {e}")))?
    };
    let items = feed["items"]
        .as_array()
        .ok_or_else(|| refuse("it is not a JSON Feed (no `items` list)".into()))?;
    let urls = items
        .iter()
        .filter_map(|item| item["url"].as_str().or(item["id"].as_str()))
        .map(str::to_string)
        .collect();
    let oldest = items
        .iter()
        .filter_map(|item| item["date_published"].as_str())
        .filter_map(|d| DateTime::parse_from_rfc3339(d).ok())
        .min();
    Ok(Live { urls, oldest })
}
