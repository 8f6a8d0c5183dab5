//! Telegram chats and channels through the bot API: `sendPhoto` with the
//! share card's URL and an HTML caption (1024 characters), or
//! `sendMessage` with a link preview when there is no card. Telegram
//! fetches the card from the live site itself.

use serde_json::json;

use super::http::Request;
use super::post::{char_length, Parts, Post};
use super::Target;
use crate::util::escape::html;

/// Characters of a photo's caption.
const CAPTION: usize = 1024;
/// Characters of a message.
const MESSAGE: usize = 4096;

/// The one call.
pub fn requests(post: &Post, target: &Target) -> Vec<Request> {
    let server = target
        .channel
        .server
        .as_deref()
        .unwrap_or("https://api.telegram.org")
        .trim_end_matches('/');
    let chat = target.channel.chat.as_deref().unwrap_or_default();
    let (method, body) = match &post.image {
        Some(image) => (
            "sendPhoto",
            json!({
                "chat_id": chat,
                "photo": image.url,
                "caption": caption(&post.fit(CAPTION, char_length)),
                "parse_mode": "HTML",
            }),
        ),
        None => (
            "sendMessage",
            json!({
                "chat_id": chat,
                "text": caption(&post.fit(MESSAGE, char_length)),
                "parse_mode": "HTML",
                "link_preview_options": { "url": post.url },
            }),
        ),
    };
    // The bot's token is part of the URL: shown by its variable's name.
    vec![Request::json(
        "POST",
        format!("{server}/bot{}/{method}", target.secret),
        format!("{server}/bot${}/{method}", target.var),
        body,
    )]
}

/// The parts in Telegram's HTML: bold headline, linked URL.
fn caption(parts: &Parts) -> String {
    let mut out = format!("<b>{}</b>", html(&parts.headline));
    if let Some(when) = parts.when {
        out.push_str(&format!("\n{}", html(when)));
    }
    if !parts.summary.is_empty() {
        out.push_str(&format!("\n\n{}", html(&parts.summary)));
    }
    out.push_str(&format!("\n\n<a href=\"{0}\">{0}</a>", html(parts.url)));
    if !parts.hashtags.is_empty() {
        out.push_str(&format!("\n\n{}", html(&parts.hashtags.join(" "))));
    }
    out
}
