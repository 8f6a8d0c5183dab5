//! Slack incoming webhooks: `text` as the notification's fallback, and
//! Block Kit blocks: the linked headline with date, place and summary in
//! mrkdwn, then the share card as an image block.

use serde_json::json;

use super::http::Request;
use super::post::{char_length, Post};
use super::Target;

/// Characters of a section block's text.
const LIMIT: usize = 3000;

/// The one webhook call.
pub fn requests(post: &Post, target: &Target) -> Vec<Request> {
    let parts = post.fit(LIMIT - 100, char_length);
    let mut section = format!(
        "*<{}|{}>*",
        parts.url,
        escape(&parts.headline).replace('|', "¦")
    );
    if let Some(when) = parts.when {
        section.push_str(&format!("\n{}", escape(when)));
    }
    if !parts.summary.is_empty() {
        section.push_str(&format!("\n{}", escape(&parts.summary)));
    }
    let mut blocks = vec![json!({
        "type": "section",
        "text": { "type": "mrkdwn", "text": section },
    })];
    if let Some(image) = &post.image {
        blocks.push(json!({
            "type": "image",
            "image_url": image.url,
            "alt_text": post.image_alt().chars().take(2000).collect::<String>(),
        }));
    }
    let body = json!({
        "text": format!("{}: {}", escape(&post.headline), post.url),
        "blocks": blocks,
        "unfurl_links": false,
    });
    vec![Request::json(
        "POST",
        target.secret.clone(),
        format!("${}", target.var),
        body,
    )]
}

/// Text for Slack's mrkdwn: its three control characters escaped.
pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
