//! Matrix rooms through the client-server API: an `m.room.message` with
//! a plain `body` and an HTML `formatted_body`, sent with PUT under a
//! transaction id made from the room and the item, so a retry (or a
//! second run) within the server's memory of ids posts nothing twice.

use serde_json::json;

use super::http::Request;
use super::post::{char_length, Post};
use super::Target;
use crate::util::escape::html;
use crate::util::url::encode_component;

/// Characters of a message; Matrix events may hold 64 KB in all.
const LIMIT: usize = 8000;

/// The one message.
pub fn requests(post: &Post, target: &Target) -> Vec<Request> {
    let server = target.server().trim_end_matches('/');
    let room = target.channel.room.as_deref().unwrap_or_default();
    let parts = post.fit(LIMIT, char_length);
    let mut formatted = format!(
        "<p><strong><a href=\"{}\">{}</a></strong>",
        html(parts.url),
        html(&parts.headline)
    );
    if let Some(when) = parts.when {
        formatted.push_str(&format!("<br>{}", html(when)));
    }
    formatted.push_str("</p>");
    if !parts.summary.is_empty() {
        formatted.push_str(&format!("<p>{}</p>", html(&parts.summary)));
    }
    if !parts.hashtags.is_empty() {
        formatted.push_str(&format!("<p>{}</p>", html(&parts.hashtags.join(" "))));
    }
    let body = json!({
        "msgtype": "m.text",
        "body": parts.plain(),
        "format": "org.matrix.custom.html",
        "formatted_body": formatted,
    });
    let url = format!(
        "{server}/_matrix/client/v3/rooms/{}/send/m.room.message/{}",
        encode_component(room),
        target.key(&format!("{room} {}", post.url))
    );
    vec![Request {
        token: Some((target.secret.clone(), target.var.clone())),
        ..Request::json("PUT", url.clone(), url, body)
    }]
}
