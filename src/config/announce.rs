//! The `announce:` section of `kiez.yaml`: the channels `kiez announce`
//! posts new articles and events to. Only names of environment variables
//! are written here; tokens and webhook URLs (which are secrets
//! themselves) never are, since `kiez.yaml` lives in the repository.

use std::path::Path;

use serde::Deserialize;

use crate::error::SourceError;

/// `announce:` in `kiez.yaml`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AnnounceConfig {
    /// Where new items are posted, in this order.
    pub channels: Vec<Channel>,
    /// Seconds one request may take (default 10).
    pub timeout: Option<f64>,
    /// How often a failed request is tried again (default 2).
    pub retries: Option<u32>,
}

/// The platform a channel posts to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    /// A Mastodon-API server (Mastodon, GoToSocial, Akkoma …).
    Mastodon,
    /// A Discord incoming webhook.
    Discord,
    /// A Slack incoming webhook.
    Slack,
    /// A Mattermost incoming webhook.
    Mattermost,
    /// A Matrix room, through the client-server API.
    Matrix,
    /// A Telegram chat or channel, through the bot API.
    Telegram,
    /// Any URL that takes kiez's JSON shape (see the README).
    Webhook,
}

impl ChannelKind {
    /// The name as written in `kind:`.
    pub fn name(self) -> &'static str {
        match self {
            ChannelKind::Mastodon => "mastodon",
            ChannelKind::Discord => "discord",
            ChannelKind::Slack => "slack",
            ChannelKind::Mattermost => "mattermost",
            ChannelKind::Matrix => "matrix",
            ChannelKind::Telegram => "telegram",
            ChannelKind::Webhook => "webhook",
        }
    }

    /// Whether the channel is reached through a secret URL (`url_env`)
    /// rather than a server and a token (`token_env`).
    pub fn uses_webhook_url(self) -> bool {
        matches!(
            self,
            ChannelKind::Discord
                | ChannelKind::Slack
                | ChannelKind::Mattermost
                | ChannelKind::Webhook
        )
    }
}

/// One channel of `announce.channels`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// The platform.
    pub kind: ChannelKind,
    /// A label for messages (default: the kind).
    #[serde(default)]
    pub name: Option<String>,
    /// Mastodon: the server (`https://social.example`); Telegram: the bot
    /// API (default `https://api.telegram.org`).
    #[serde(default)]
    pub server: Option<String>,
    /// Matrix: the homeserver (`https://matrix.example.org`).
    #[serde(default)]
    pub homeserver: Option<String>,
    /// Matrix: the room id (`!abc:example.org`).
    #[serde(default)]
    pub room: Option<String>,
    /// Telegram: the chat id or `@channelname`.
    #[serde(default)]
    pub chat: Option<String>,
    /// The environment variable holding the access token (Mastodon,
    /// Matrix, Telegram).
    #[serde(default)]
    pub token_env: Option<String>,
    /// The environment variable holding the webhook URL (Discord, Slack,
    /// Mattermost, webhook).
    #[serde(default)]
    pub url_env: Option<String>,
    /// Mastodon: `public`, `unlisted`, `private` or `direct` (default
    /// `public`).
    #[serde(default)]
    pub visibility: Option<String>,
    /// Refused with a hint: a token belongs into an environment variable.
    #[serde(default, skip_serializing)]
    #[schemars(skip)]
    pub token: Option<serde_json::Value>,
    /// Refused with a hint: a webhook URL is a secret too.
    #[serde(default, skip_serializing)]
    #[schemars(skip)]
    pub url: Option<serde_json::Value>,
}

impl Channel {
    /// The label used in reports: `name`, else the kind.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(self.kind.name())
    }

    /// The key the secret's variable is named by, and the name.
    pub fn secret_env(&self) -> (&'static str, Option<&str>) {
        if self.kind.uses_webhook_url() {
            ("url_env", self.url_env.as_deref())
        } else {
            ("token_env", self.token_env.as_deref())
        }
    }
}

/// A problem with one channel: the key concerned, message and hint.
type Problem = (&'static str, String, String);

impl AnnounceConfig {
    /// Checks every channel; an error names the line of the key concerned.
    pub(super) fn validate(&self, text: &str, path: &Path) -> Result<(), SourceError> {
        self.check().map_err(|(index, (key, message, hint))| {
            let mut err = SourceError::new(path, message)
                .key(format!("announce.{key}"))
                .hint(hint);
            if let Some(line) = locate(text, index, key) {
                err = err.line(line);
            }
            err
        })
    }

    /// Checks every channel; returns the channel's index and the problem.
    fn check(&self) -> Result<(), (usize, Problem)> {
        if self.timeout.is_some_and(|t| !(t > 0.0 && t <= 600.0)) {
            return Err((
                0,
                (
                    "timeout",
                    "`timeout` must be between 0 and 600 seconds".into(),
                    "write e.g. `timeout: 10`".into(),
                ),
            ));
        }
        for (i, channel) in self.channels.iter().enumerate() {
            check_channel(channel).map_err(|p| (i, p))?;
        }
        Ok(())
    }
}

fn check_channel(c: &Channel) -> Result<(), Problem> {
    let kind = c.kind.name();
    if c.token.is_some() || c.url.is_some() {
        let (key, env) = if c.token.is_some() {
            ("token", "token_env: KIEZ_MASTODON_TOKEN")
        } else {
            ("url", "url_env: KIEZ_DISCORD_WEBHOOK")
        };
        return Err((
            key,
            format!("a {kind} {key} must not be written into kiez.yaml, which is published with the site's sources"),
            format!("name an environment variable instead (`{env}`) and set it in CI's secrets"),
        ));
    }
    let (key, env) = c.secret_env();
    let Some(env) = env else {
        return Err((
            key,
            format!("a {kind} channel needs `{key}`, the environment variable holding its secret"),
            format!(
                "add e.g. `{key}: KIEZ_{}_{}`",
                kind.to_uppercase(),
                if key == "url_env" { "WEBHOOK" } else { "TOKEN" }
            ),
        ));
    };
    if env.is_empty()
        || !env
            .chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
    {
        return Err((
            key,
            format!("`{key}` must name an environment variable (capitals, digits, `_`), not hold the secret"),
            format!("write e.g. `{key}: KIEZ_{}_SECRET` and put the secret into that variable", kind.to_uppercase()),
        ));
    }
    let needed: &[(&'static str, &Option<String>)] = match c.kind {
        ChannelKind::Mastodon => &[("server", &c.server)],
        ChannelKind::Matrix => &[("homeserver", &c.homeserver), ("room", &c.room)],
        ChannelKind::Telegram => &[("chat", &c.chat)],
        _ => &[],
    };
    for (key, value) in needed {
        if value.is_none() {
            return Err((
                key,
                format!("a {kind} channel needs `{key}`"),
                "see the README, section “Announcing new content”".into(),
            ));
        }
    }
    for (key, url) in [("server", &c.server), ("homeserver", &c.homeserver)] {
        if let Some(url) = url {
            check_server(url).map_err(|(m, h)| (key, m, h))?;
        }
    }
    if let Some(v) = &c.visibility {
        if !["public", "unlisted", "private", "direct"].contains(&v.as_str()) {
            return Err((
                "visibility",
                format!("unknown visibility `{v}`"),
                "choose public, unlisted, private or direct".into(),
            ));
        }
    }
    Ok(())
}

/// The line of `key` in the `index`th channel (or of `announce:` itself),
/// for block-style YAML as people write it.
fn locate(text: &str, index: usize, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.starts_with("announce:"))?;
    let mut items = lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '#']))
        .filter(|(_, l)| l.trim_start().starts_with("- "));
    let from = match items.nth(index) {
        Some((at, _)) if key != "timeout" => at,
        _ => return Some(start + 1),
    };
    let found = lines
        .iter()
        .enumerate()
        .skip(from)
        .take_while(|(at, l)| *at == from || !l.trim_start().starts_with("- "))
        .find(|(_, l)| {
            let bare = l.trim_start().trim_start_matches("- ");
            bare.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
        });
    Some(found.map_or(from, |(at, _)| at) + 1)
}

/// Servers get tokens, so they must be https (plain http only on this
/// machine, for tests and local bridges).
fn check_server(url: &str) -> Result<(), (String, String)> {
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| url.starts_with(p));
    if (!url.starts_with("https://") && !local) || url.contains(char::is_whitespace) {
        return Err((
            format!("`{url}` is not an https:// URL"),
            "write the server like https://social.example".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel(yaml: &str) -> Channel {
        crate::yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_literal_token_is_refused() {
        let c = channel("kind: mastodon\nserver: https://s.example\ntoken: abc123\n");
        let (key, message, hint) = check_channel(&c).unwrap_err();
        assert_eq!(key, "token");
        assert!(message.contains("must not be written"), "{message}");
        assert!(hint.contains("token_env"), "{hint}");
    }

    #[test]
    fn a_token_in_token_env_is_refused() {
        let c = channel("kind: matrix\nhomeserver: https://m.example\nroom: '!a:m.example'\ntoken_env: syt_abcDEF123\n");
        assert_eq!(check_channel(&c).unwrap_err().0, "token_env");
    }

    #[test]
    fn webhooks_need_url_env_and_servers_https() {
        let c = channel("kind: discord\n");
        assert_eq!(check_channel(&c).unwrap_err().0, "url_env");
        let c = channel("kind: mastodon\nserver: http://s.example\ntoken_env: T\n");
        assert_eq!(check_channel(&c).unwrap_err().0, "server");
        let c = channel("kind: mastodon\nserver: http://127.0.0.1:9\ntoken_env: T\n");
        assert!(check_channel(&c).is_ok());
    }
}
