//! Mastodon and every server speaking its API (GoToSocial, Akkoma,
//! Pleroma): the share card uploaded with its alternative text through
//! `/api/v2/media`, then the status through `/api/v1/statuses` with the
//! card attached. Mastodon counts 500 characters, every link as 23.

use serde_json::json;

use super::http::{Body, Request, MEDIA_ID};
use super::post::{mastodon_length, Post};
use super::Target;

/// Characters of a status on a default Mastodon server.
const LIMIT: usize = 500;
/// Characters of a media description.
const ALT_LIMIT: usize = 1500;

/// The upload (when the post has a card) and the status.
pub fn requests(post: &Post, target: &Target) -> Vec<Request> {
    let server = target.server().trim_end_matches('/');
    let token = Some((target.secret.clone(), target.var.clone()));
    let mut requests = Vec::new();
    let image = post
        .image
        .as_ref()
        .and_then(|i| Some((i, i.bytes.clone()?)));
    if let Some((image, bytes)) = &image {
        let url = format!("{server}/api/v2/media");
        requests.push(Request {
            token: token.clone(),
            body: Body::Media {
                file_name: image.file_name.clone(),
                mime: image.mime,
                bytes: bytes.clone(),
                description: post.image_alt().chars().take(ALT_LIMIT).collect(),
            },
            ..Request::json("POST", url.clone(), url, serde_json::Value::Null)
        });
    }
    let mut status = json!({
        "status": post.fit(LIMIT, mastodon_length).plain(),
        "visibility": target.channel.visibility.as_deref().unwrap_or("public"),
        "language": post.language,
    });
    if image.is_some() {
        status["media_ids"] = json!([MEDIA_ID]);
    }
    let url = format!("{server}/api/v1/statuses");
    requests.push(Request {
        token,
        // Mastodon keeps the first status of a key for an hour: a retry
        // after a lost answer posts nothing twice.
        headers: vec![("Idempotency-Key", target.key(&post.url))],
        ..Request::json("POST", url.clone(), url, status)
    });
    requests
}
