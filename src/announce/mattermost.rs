//! Mattermost incoming webhooks: `text` in Markdown (a linked headline,
//! date and place, summary and hashtags, which Mattermost links itself)
//! and the share card as an attachment's image.

use serde_json::json;

use super::http::Request;
use super::post::{char_length, Post};
use super::Target;

/// Characters of a post on servers before Mattermost 5.0.
const LIMIT: usize = 4000;

/// The one webhook call.
pub fn requests(post: &Post, target: &Target) -> Vec<Request> {
    let parts = post.fit(LIMIT - 100, char_length);
    let mut text = format!("#### [{}]({})", escape(&parts.headline), parts.url);
    if let Some(when) = parts.when {
        text.push_str(&format!("\n**{}**", escape(when)));
    }
    if !parts.summary.is_empty() {
        text.push_str(&format!("\n\n{}", escape(&parts.summary)));
    }
    if !parts.hashtags.is_empty() {
        text.push_str(&format!("\n\n{}", parts.hashtags.join(" ")));
    }
    let mut body = json!({ "text": text, "props": { "kiez_url": post.url } });
    if let Some(image) = &post.image {
        body["attachments"] = json!([{
            "fallback": post.image_alt(),
            "image_url": image.url,
        }]);
    }
    vec![Request::json(
        "POST",
        target.secret.clone(),
        format!("${}", target.var),
        body,
    )]
}

/// Text with the Markdown characters that would change it escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '~' | '`' | '[' | ']' | '\\' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
