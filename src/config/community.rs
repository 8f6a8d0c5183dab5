//! The `community:` section of `kiez.yaml`: the one place where readers
//! discuss the magazine (a Discourse forum, a Mastodon post, a Matrix
//! room, a chat invite, a WhatsApp channel, or e-mail to the editors).
//! Pages link to it as a plain link; with `embed:` a Discourse topic's
//! comments load under it, but only after the reader clicks.

use serde::Deserialize;

/// `community:` in `kiez.yaml`: exactly one provider key is set.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CommunityConfig {
    /// Discourse forum, e.g. `https://forum.example.org/`: pages link to
    /// their topic (`discussion:`) or to a prefilled new topic.
    pub discourse: Option<String>,
    /// Discourse category slug for new topics.
    pub category: Option<String>,
    /// A Mastodon post to answer to.
    pub mastodon: Option<String>,
    /// A Matrix room: `#room:server` or a `https://matrix.to/` link.
    pub matrix: Option<String>,
    /// A Discord invite link.
    pub discord: Option<String>,
    /// A Slack invite link.
    pub slack: Option<String>,
    /// A Circle community or invite link.
    pub circle: Option<String>,
    /// A WhatsApp channel link.
    pub whatsapp: Option<String>,
    /// The editors' e-mail address; the subject names the page.
    pub email: Option<String>,
    /// With `discourse`: a button under the link loads the topic's
    /// comments from the forum, only when the reader clicks it.
    pub embed: bool,
}

/// The provider keys of [`CommunityConfig`], in the order they are checked.
pub const PROVIDERS: &[&str] = &[
    "discourse",
    "mastodon",
    "matrix",
    "discord",
    "slack",
    "circle",
    "whatsapp",
    "email",
];

/// The configured discussion place.
#[derive(Debug, Clone, PartialEq)]
pub enum Provider<'a> {
    /// A Discourse forum's base URL (without trailing `/`) and category.
    Discourse {
        /// Forum URL without trailing slash.
        base: &'a str,
        /// Category slug for new topics.
        category: Option<&'a str>,
    },
    /// A fixed link (Mastodon post, Matrix room, chat invite, channel).
    Link(String),
    /// E-mail to this address.
    Email(&'a str),
}

impl CommunityConfig {
    fn set(&self) -> Vec<(&'static str, &str)> {
        let values = [
            &self.discourse,
            &self.mastodon,
            &self.matrix,
            &self.discord,
            &self.slack,
            &self.circle,
            &self.whatsapp,
            &self.email,
        ];
        PROVIDERS
            .iter()
            .zip(values)
            .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v)))
            .collect()
    }

    /// The configured provider, if any (validation made sure there is at
    /// most one).
    pub fn provider(&self) -> Option<Provider<'_>> {
        let (key, value) = *self.set().first()?;
        Some(match key {
            "discourse" => Provider::Discourse {
                base: value.trim_end_matches('/'),
                category: self.category.as_deref(),
            },
            "email" => Provider::Email(value),
            // A bare room alias is turned into the matrix.to link every
            // client understands.
            "matrix" if value.starts_with(['#', '!']) => Provider::Link(format!(
                "https://matrix.to/#/{}",
                crate::util::url::encode_component(value)
            )),
            _ => Provider::Link(value.to_string()),
        })
    }

    /// Checks that at most one provider is set and that links are
    /// https; returns the message and a hint otherwise.
    pub(super) fn check(&self) -> Result<(), (String, String)> {
        let set = self.set();
        if set.len() > 1 {
            let keys: Vec<&str> = set.iter().map(|(k, _)| *k).collect();
            return Err((
                format!("more than one discussion place: {}", keys.join(", ")),
                "keep the one readers should use".into(),
            ));
        }
        if self.category.is_some() && self.discourse.is_none() {
            return Err((
                "`category` is only used with `discourse`".into(),
                "remove it or add `discourse: https://forum.example.org/`".into(),
            ));
        }
        if self.embed && self.discourse.is_none() {
            return Err((
                "`embed` is only used with `discourse`".into(),
                "remove it or add `discourse: https://forum.example.org/`".into(),
            ));
        }
        match set.first() {
            Some(("email", address))
                if !address.contains('@') || address.contains(['?', '&', ' ', '<', '>']) =>
            {
                return Err((
                    format!("`{address}` is not an e-mail address"),
                    "write it like redaktion@example.org".into(),
                ));
            }
            Some(("email", _)) => {}
            Some(("matrix", room)) if room.starts_with(['#', '!']) => {}
            Some((key, url))
                if !url.starts_with("https://") && !super::analytics::is_local(url) =>
            {
                return Err((
                    format!("`{url}` ({key}) is not an https:// URL"),
                    "write a web address starting with https://".into(),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matrix_alias_becomes_a_matrix_to_link() {
        let c = CommunityConfig {
            matrix: Some("#hof:matrix.org".into()),
            ..Default::default()
        };
        assert_eq!(
            c.provider(),
            Some(Provider::Link(
                "https://matrix.to/#/%23hof%3Amatrix.org".into()
            ))
        );
    }

    #[test]
    fn two_providers_are_refused() {
        let c = CommunityConfig {
            discord: Some("https://discord.gg/a".into()),
            slack: Some("https://join.slack.com/b".into()),
            ..Default::default()
        };
        assert!(c.check().unwrap_err().0.contains("discord, slack"));
    }
}
