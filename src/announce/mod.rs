//! `kiez announce`: posts the site's new articles and events to the
//! channels of `announce:` in `kiez.yaml` (Mastodon, Discord, Slack,
//! Mattermost, Matrix, Telegram, a JSON webhook). The site is built in
//! memory like `kiez check` does; what is new is decided by [`select`]
//! against the live site's feed; [`post`] says each item once, and one
//! file per platform puts it in that platform's format as [`http`]
//! requests. Secrets come from environment variables only. A channel
//! that fails is reported and the others go on: announcing must not
//! fail a publication.

mod discord;
pub mod http;
mod mastodon;
mod matrix;
mod mattermost;
pub mod post;
pub mod select;
mod slack;
mod telegram;
mod webhook;

use std::path::Path;
use std::time::Duration;

use crate::config::{Channel, ChannelKind, SiteConfig};
use crate::error::{Error, Result, SourceError};
use crate::site::Site;
use crate::util::artifact::OutputFile;
pub use http::Request;
pub use post::Post;
pub use select::Since;

/// What `kiez announce` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// What "new" is measured against.
    pub since: Since,
    /// Announce nothing when more items than this are new.
    pub max: usize,
    /// Send nothing; report what would be sent.
    pub dry_run: bool,
}

/// What happened to one item on one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `--dry-run`: would be sent.
    Planned,
    /// The server accepted it.
    Sent,
    /// It could not be sent: why.
    Failed(String),
    /// Not tried, since the channel failed on an earlier item.
    Skipped,
}

/// One item on one channel.
#[derive(Debug, Clone)]
pub struct Message {
    /// Index into [`Report::posts`].
    pub post: usize,
    /// The requests, as `--dry-run` shows them (secrets named, not shown).
    pub requests: Vec<String>,
    /// What happened.
    pub outcome: Outcome,
}

/// One channel's part of the report.
#[derive(Debug, Clone)]
pub struct ChannelReport {
    /// Its label (`name:` or the kind).
    pub label: String,
    /// Its platform.
    pub kind: ChannelKind,
    /// Why nothing was tried (a missing variable), if so.
    pub error: Option<String>,
    /// Each item.
    pub messages: Vec<Message>,
}

/// What `kiez announce` did.
#[derive(Debug, Clone)]
pub struct Report {
    /// What "new" was measured against.
    pub basis: String,
    /// The new items, oldest first.
    pub posts: Vec<Post>,
    /// Each channel.
    pub channels: Vec<ChannelReport>,
}

impl Report {
    /// The channels that failed, at least in part.
    pub fn failed_channels(&self) -> usize {
        self.channels
            .iter()
            .filter(|c| {
                c.error.is_some()
                    || c.messages
                        .iter()
                        .any(|m| matches!(m.outcome, Outcome::Failed(_)))
            })
            .count()
    }
}

/// A channel with its secret read from the environment.
pub struct Target<'a> {
    /// The channel as configured.
    pub channel: &'a Channel,
    /// The token or webhook URL.
    pub secret: String,
    /// The variable it came from.
    pub var: String,
}

impl Target<'_> {
    /// The Mastodon server or Matrix homeserver.
    fn server(&self) -> &str {
        let c = self.channel;
        c.server
            .as_deref()
            .or(c.homeserver.as_deref())
            .unwrap_or("")
    }

    /// An id for `what` on this channel that stays the same from run to
    /// run (Matrix transaction ids, Mastodon idempotency keys).
    fn key(&self, what: &str) -> String {
        let seed = format!("{}\n{}\n{what}", self.channel.kind.name(), self.server());
        format!(
            "kiez-{}",
            crate::util::hash::hex(b"kiez-announce", seed.as_bytes())
        )
    }
}

/// Builds the site in memory, finds the new items and posts them to every
/// channel (or, with `dry_run`, says what it would post).
pub fn run(build: &crate::BuildOptions, opts: &Options) -> Result<Report> {
    let generated = crate::generate(build, &mut crate::Reuse::default())?;
    let site = &generated.site;
    let config = &site.config.announce;
    if config.channels.is_empty() {
        let path = build.site_dir.join(crate::config::CONFIG_FILE);
        return Err(SourceError::new(path, "no channels to announce to")
            .key("announce")
            .hint("add `announce:` with `channels:` (see the README, “Announcing new content”)")
            .into());
    }
    let timeout = Duration::from_secs_f64(config.timeout.unwrap_or(10.0));
    let sender = http::Sender::new(timeout, config.retries.unwrap_or(2));
    let (chosen, basis) = select::new_items(site, &opts.since, opts.max, &sender)?;
    let dirs = SiteConfig::dirs(&build.site_dir);
    let social = crate::social::plan(site, &dirs, crate::social::Shares::Recent)?;
    let posts: Vec<Post> = chosen
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            let image = social
                .image_for(&page.item.path)
                .map(|og| image(site, &generated, og));
            Post::new(site, page, image)
        })
        .collect();
    let channels = config
        .channels
        .iter()
        .map(|channel| announce_to(channel, &posts, &sender, opts.dry_run))
        .collect();
    Ok(Report {
        basis,
        posts,
        channels,
    })
}

/// The share image with its bytes from the site just built.
fn image(site: &Site, generated: &crate::Generated, og: &crate::social::OgImage) -> post::Image {
    let rel = og.url.strip_prefix(&site.config.base_url).unwrap_or("");
    let bytes = generated
        .files
        .iter()
        .find(|f: &&OutputFile| f.path == rel)
        .map(|f| f.bytes.clone())
        .or_else(|| {
            let copy = generated.copies.iter().rev().find(|c| c.to == rel)?;
            std::fs::read(&copy.from).ok().map(Into::into)
        });
    let file_name = Path::new(rel)
        .file_name()
        .map_or("card.png".into(), |n| n.to_string_lossy().into_owned());
    let mime = match Path::new(rel).extension().and_then(|e| e.to_str()) {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        _ => "image/png",
    };
    post::Image {
        url: og.url.clone(),
        alt: og.alt.clone(),
        file_name,
        mime,
        bytes,
    }
}

/// Every post on one channel, oldest first; after a failure the channel's
/// remaining posts are skipped (a refusing server refuses them all, and a
/// silent one would make each wait for its timeout).
fn announce_to(
    channel: &Channel,
    posts: &[Post],
    sender: &http::Sender,
    dry_run: bool,
) -> ChannelReport {
    let (_, var) = channel.secret_env();
    let var = var.unwrap_or_default().to_string();
    let secret = std::env::var(&var).ok().filter(|s| !s.trim().is_empty());
    let mut report = ChannelReport {
        label: channel.label().to_string(),
        kind: channel.kind,
        error: None,
        messages: Vec::new(),
    };
    if secret.is_none() && !posts.is_empty() {
        report.error = Some(format!("the environment variable {var} is not set"));
        if !dry_run {
            return report;
        }
    }
    let target = Target {
        channel,
        secret: secret.unwrap_or_else(|| format!("${var}")),
        var,
    };
    let mut failed = false;
    for (i, post) in posts.iter().enumerate() {
        let requests = requests(post, &target);
        let outcome = if dry_run {
            Outcome::Planned
        } else if failed {
            Outcome::Skipped
        } else {
            match deliver(sender, &requests) {
                Ok(()) => Outcome::Sent,
                Err(why) => {
                    failed = true;
                    Outcome::Failed(why)
                }
            }
        };
        report.messages.push(Message {
            post: i,
            requests: requests.iter().map(Request::describe).collect(),
            outcome,
        });
    }
    report
}

/// The requests of `post` in the channel's format.
fn requests(post: &Post, target: &Target) -> Vec<Request> {
    match target.channel.kind {
        ChannelKind::Mastodon => mastodon::requests(post, target),
        ChannelKind::Discord => discord::requests(post, target),
        ChannelKind::Slack => slack::requests(post, target),
        ChannelKind::Mattermost => mattermost::requests(post, target),
        ChannelKind::Matrix => matrix::requests(post, target),
        ChannelKind::Telegram => telegram::requests(post, target),
        ChannelKind::Webhook => webhook::requests(post, target),
    }
}

/// Sends one post's requests in order; the id of an upload goes into the
/// request after it.
fn deliver(sender: &http::Sender, requests: &[Request]) -> std::result::Result<(), String> {
    let mut media: Option<String> = None;
    for request in requests {
        let mut request = request.clone();
        if let (Some(id), http::Body::Json(body)) = (&media, &mut request.body) {
            if let Some(ids) = body.get_mut("media_ids") {
                *ids = serde_json::json!([id]);
            }
        }
        let answer = sender.send(&request)?;
        if matches!(request.body, http::Body::Media { .. }) {
            let id = answer["id"]
                .as_str()
                .map(str::to_string)
                .or_else(|| answer["id"].as_u64().map(|n| n.to_string()));
            media = Some(id.ok_or("the server did not name the uploaded image's id")?);
        }
    }
    Ok(())
}

/// Turns a report into the error `--strict` exits with.
pub fn strict(report: &Report) -> Result<()> {
    match report.failed_channels() {
        0 => Ok(()),
        n => Err(Error::Announce(format!(
            "{n} of {} channels failed (--strict)",
            report.channels.len()
        ))),
    }
}
