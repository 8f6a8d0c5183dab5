//! The `social:` section of `kiez.yaml`: which images for image-first
//! platforms (Instagram, WhatsApp status, Snapchat) each article and event
//! gets besides its link card, and hashtags every caption carries.
//!
//! ```yaml
//! social:
//!   images: [square, story]   # the default; [] for none
//!   recent_days: 90           # the default; 0 for every article and event
//!   hashtags: [Lindenhof]
//! ```

use serde::Deserialize;

/// A share image format for image-first platforms.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// 1080×1080, a feed post.
    Square,
    /// 1080×1920, a story.
    Story,
}

/// `social:` in `kiez.yaml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SocialConfig {
    /// Images written under `social/` for every article and event, beside
    /// the 1200×630 link card: `square` (1080×1080) and `story`
    /// (1080×1920). `[]` writes none (`kiez share` still prints captions).
    pub images: Vec<ImageFormat>,
    /// A build draws and publishes those images for the articles of the
    /// last `recent_days` days and for events while an occurrence is to
    /// come and as long after their last: what an editor posts. Older pages get
    /// theirs from `kiez share` when asked. `0` publishes them for every
    /// article and event. Drawing two large images per article is most of
    /// a cold build's time on a big magazine (at 10,000 articles, a minute).
    pub recent_days: u32,
    /// Hashtags every caption ends with, before the page's tags (`#` is
    /// optional): e.g. `[Lindenhof, Genossenschaft]`.
    pub hashtags: Vec<String>,
}

impl Default for SocialConfig {
    fn default() -> Self {
        SocialConfig {
            images: vec![ImageFormat::Square, ImageFormat::Story],
            recent_days: 90,
            hashtags: Vec::new(),
        }
    }
}

impl SocialConfig {
    /// Checks that every hashtag has letters or digits; returns the
    /// message and a hint otherwise.
    pub(super) fn check(&self) -> Result<(), (String, String)> {
        for tag in &self.hashtags {
            let body = tag.trim_start_matches('#');
            if body.is_empty() || !body.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err((
                    format!("`{tag}` is not a hashtag"),
                    "write letters and digits only, like Lindenhof or Mieterfest2026".into(),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_words() {
        let ok = SocialConfig {
            hashtags: vec!["#Lindenhof".into(), "Hof_2026".into()],
            ..Default::default()
        };
        assert!(ok.check().is_ok());
        let bad = SocialConfig {
            hashtags: vec!["Hof fest".into()],
            ..Default::default()
        };
        assert!(bad.check().unwrap_err().0.contains("Hof fest"));
    }
}
