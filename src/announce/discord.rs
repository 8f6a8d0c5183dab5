//! Discord incoming webhooks: a short `content` (headline, date and
//! place, hashtags, the link in `<>` so Discord shows no second preview)
//! and one embed with title, link, description and the share card.

use serde_json::json;

use super::http::Request;
use super::post::{char_length, Post};
use super::Target;

/// Characters of `content`.
const LIMIT: usize = 2000;

/// The one webhook call.
pub fn requests(post: &Post, target: &Target) -> Vec<Request> {
    let mut parts = post.fit(LIMIT, char_length);
    let mut description = parts.summary.clone();
    if let Some(when) = parts.when {
        description = format!("**{}**\n\n{description}", markdown(when));
    }
    parts.summary.clear();
    let mut lines = vec![format!("**{}**", markdown(&parts.headline))];
    lines.push(format!("<{}>", parts.url));
    if !parts.hashtags.is_empty() {
        lines.push(parts.hashtags.join(" "));
    }
    let mut embed = json!({
        "title": post.title.chars().take(256).collect::<String>(),
        "url": post.url,
        "description": description.chars().take(4096).collect::<String>(),
        "footer": { "text": post.site },
    });
    if let Some(date) = post.date {
        embed["timestamp"] = json!(date.to_rfc3339());
    }
    if let Some(image) = &post.image {
        embed["image"] = json!({ "url": image.url });
    }
    let body = json!({
        "content": lines.join("\n"),
        "embeds": [embed],
        // Titles may contain `@everyone`: nobody is pinged by a post.
        "allowed_mentions": { "parse": [] },
    });
    vec![Request::json(
        "POST",
        target.secret.clone(),
        format!("${}", target.var),
        body,
    )]
}

/// Text with Discord's Markdown characters escaped (`>` and `#` only
/// count at a line's start, and the headline follows `**`).
fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '~' | '|' | '`' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
