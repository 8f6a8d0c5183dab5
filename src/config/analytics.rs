//! The `analytics:` section of `kiez.yaml`: one privacy-friendly reach
//! counter (Plausible, Umami, GoatCounter or Matomo), self-hosted or not,
//! addressed by its URL. The theme loads it only when this is set, never
//! with cookies, and never when the reader's browser asks not to be
//! tracked (Do Not Track, Global Privacy Control).

use serde::Deserialize;

use crate::util::url::encode_component;

/// The counters kiez knows how to load.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum AnalyticsProvider {
    /// Plausible Analytics (plausible.io or Community Edition).
    Plausible,
    /// Umami.
    Umami,
    /// GoatCounter (goatcounter.com or self-hosted).
    Goatcounter,
    /// Matomo, with cookies disabled.
    Matomo,
}

impl AnalyticsProvider {
    /// The name as written in `kiez.yaml` and passed to the theme's loader.
    pub fn key(self) -> &'static str {
        match self {
            AnalyticsProvider::Plausible => "plausible",
            AnalyticsProvider::Umami => "umami",
            AnalyticsProvider::Goatcounter => "goatcounter",
            AnalyticsProvider::Matomo => "matomo",
        }
    }

    /// The product's name, for the privacy paragraph.
    pub fn name(self) -> &'static str {
        match self {
            AnalyticsProvider::Plausible => "Plausible Analytics",
            AnalyticsProvider::Umami => "Umami",
            AnalyticsProvider::Goatcounter => "GoatCounter",
            AnalyticsProvider::Matomo => "Matomo",
        }
    }
}

/// `analytics:` in `kiez.yaml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsConfig {
    /// `plausible`, `umami`, `goatcounter` or `matomo`.
    pub provider: AnalyticsProvider,
    /// Where the counter runs, e.g. `https://plausible.io` or a
    /// self-hosted `https://statistik.example.org`; for GoatCounter the
    /// site's address, e.g. `https://hofblatt.goatcounter.com`.
    pub url: String,
    /// Plausible: the site's domain (default: the host of `base_url`);
    /// Umami: the website id; Matomo: the site id (a number).
    #[serde(default)]
    pub id: Option<String>,
}

impl AnalyticsConfig {
    /// `url` without its trailing `/`.
    pub fn base(&self) -> &str {
        self.url.trim_end_matches('/')
    }

    /// The address of the counter's script.
    pub fn script_src(&self) -> String {
        let path = match self.provider {
            AnalyticsProvider::Plausible => "/js/script.js",
            AnalyticsProvider::Umami => "/script.js",
            AnalyticsProvider::Goatcounter => "/count.js",
            AnalyticsProvider::Matomo => "/matomo.js",
        };
        format!("{}{path}", self.base())
    }

    /// Where the script sends counts, for the counters that are told
    /// (GoatCounter, Matomo).
    pub fn endpoint(&self) -> Option<String> {
        match self.provider {
            AnalyticsProvider::Goatcounter => Some(format!("{}/count", self.base())),
            AnalyticsProvider::Matomo => Some(format!("{}/matomo.php", self.base())),
            _ => None,
        }
    }

    /// The `<noscript>` image for the page at site path `path`, for the
    /// counters that have one (GoatCounter, Matomo).
    pub fn pixel(&self, path: &str) -> Option<String> {
        match self.provider {
            AnalyticsProvider::Goatcounter => Some(format!(
                "{}/count?p={}",
                self.base(),
                encode_component(path)
            )),
            AnalyticsProvider::Matomo => Some(format!(
                "{}/matomo.php?idsite={}&rec=1",
                self.base(),
                encode_component(self.id.as_deref().unwrap_or_default())
            )),
            _ => None,
        }
    }

    /// Checks the URL and the id; on failure returns the sub-key, the
    /// message and a hint.
    pub(super) fn check(&self) -> Result<(), (&'static str, String, String)> {
        check_url(&self.url).map_err(|message| {
            (
                "url",
                message,
                "write the counter's address, e.g. https://plausible.io or \
                 https://statistik.example.org"
                    .to_string(),
            )
        })?;
        let id = self.id.as_deref();
        let problem = match (self.provider, id) {
            (AnalyticsProvider::Goatcounter, Some(_)) => Some((
                "GoatCounter takes no `id`".to_string(),
                "its `url` names the site, e.g. https://hofblatt.goatcounter.com".to_string(),
            )),
            (AnalyticsProvider::Umami | AnalyticsProvider::Matomo, None) => Some((
                format!("{} needs an `id`", self.provider.name()),
                match self.provider {
                    AnalyticsProvider::Umami => "the website id from Umami's settings",
                    _ => "the site id from Matomo's settings, e.g. 3",
                }
                .to_string(),
            )),
            (AnalyticsProvider::Matomo, Some(id))
                if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Some((
                    format!("`{id}` is not a Matomo site id"),
                    "write the number from Matomo's settings, e.g. 3".to_string(),
                ))
            }
            (_, Some(id)) if id.trim().is_empty() || id.chars().any(char::is_control) => Some((
                "`id` is empty or has control characters".to_string(),
                "copy the id from the counter's settings".to_string(),
            )),
            _ => None,
        };
        match problem {
            Some((message, hint)) => Err(("id", message, hint)),
            None => Ok(()),
        }
    }
}

/// Whether `url` is a plain-http address on this machine, which kiez
/// accepts besides https for servers a test or a preview runs locally.
pub(super) fn is_local(url: &str) -> bool {
    let rest = url.strip_prefix("http://").unwrap_or_default();
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|host| {
        rest.strip_prefix(host)
            .is_some_and(|r| r.is_empty() || r.starts_with([':', '/']))
    })
}

/// The counter's URL must be https (http only for a counter on this
/// machine) and a plain origin with an optional path.
fn check_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| is_local(url).then(|| &url["http://".len()..]));
    let Some(rest) = rest else {
        return Err(format!("`{url}` is not an https:// URL"));
    };
    if rest.is_empty()
        || rest.starts_with('/')
        || rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\?#`".contains(c))
    {
        return Err(format!("`{url}` is not a plain web address"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(provider: AnalyticsProvider, url: &str, id: Option<&str>) -> AnalyticsConfig {
        AnalyticsConfig {
            provider,
            url: url.into(),
            id: id.map(Into::into),
        }
    }

    #[test]
    fn addresses_per_provider() {
        let m = config(AnalyticsProvider::Matomo, "https://m.example/", Some("3"));
        assert_eq!(m.script_src(), "https://m.example/matomo.js");
        assert_eq!(
            m.pixel("/x/").unwrap(),
            "https://m.example/matomo.php?idsite=3&rec=1"
        );
        let g = config(AnalyticsProvider::Goatcounter, "https://g.example", None);
        assert_eq!(g.endpoint().unwrap(), "https://g.example/count");
        assert_eq!(
            g.pixel("/ä/").unwrap(),
            "https://g.example/count?p=%2F%C3%A4%2F"
        );
        let p = config(AnalyticsProvider::Plausible, "https://p.example", None);
        assert_eq!(p.pixel("/"), None);
        assert_eq!(p.script_src(), "https://p.example/js/script.js");
    }

    #[test]
    fn bad_urls_and_ids_are_refused() {
        for url in [
            "http://p.example",
            "https://p.example/\"><x",
            "https://",
            "javascript:x",
        ] {
            let c = config(AnalyticsProvider::Plausible, url, None);
            assert_eq!(c.check().unwrap_err().0, "url", "{url}");
        }
        let local = config(AnalyticsProvider::Plausible, "http://127.0.0.1:9/", None);
        assert!(local.check().is_ok());
        assert!(!is_local("http://127.0.0.1.evil.example/"));
        let m = config(
            AnalyticsProvider::Matomo,
            "https://m.example",
            Some("3 or 1"),
        );
        assert_eq!(m.check().unwrap_err().0, "id");
        let u = config(AnalyticsProvider::Umami, "https://u.example", None);
        assert!(u.check().unwrap_err().1.contains("needs an `id`"));
        let g = config(
            AnalyticsProvider::Goatcounter,
            "https://g.example",
            Some("x"),
        );
        assert!(g.check().is_err());
    }
}
