//! A generic JSON webhook, for bridges kiez does not know (n8n, Zapier,
//! a newsletter tool): one POST per item with the fields documented in
//! the README, `text` ready to post as it is.

use serde_json::json;

use super::http::Request;
use super::post::{char_length, Post};
use super::Target;

/// The one call.
pub fn requests(post: &Post, target: &Target) -> Vec<Request> {
    let body = json!({
        "kind": post.kind,
        "title": post.title,
        "url": post.url,
        "summary": post.summary,
        "date": post.date.map(|d| d.to_rfc3339()),
        "when": post.when,
        "image": post.image.as_ref().map(|i| &i.url),
        "image_alt": post.image.as_ref().map(|_| post.image_alt()),
        "tags": post.tags,
        "hashtags": post.hashtags,
        "text": post.fit(1000, char_length).plain(),
        "language": post.language,
        "site": post.site,
    });
    vec![Request::json(
        "POST",
        target.secret.clone(),
        format!("${}", target.var),
        body,
    )]
}
