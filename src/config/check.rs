//! The `check:` section of `kiez.yaml`: which editorial checks
//! `kiez check` runs (all by default) and the age after which a FAQ
//! answer counts as stale.

use serde::Deserialize;

/// `check:` in `kiez.yaml`; every check is on unless switched off.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Links to pages and files of the site that do not exist.
    pub internal_links: bool,
    /// `#anchor`s that name no element of the page they point to.
    pub anchors: bool,
    /// Images (cover, gallery, inline) without alternative text.
    pub image_alt: bool,
    /// Articles without `description:`.
    pub description: bool,
    /// Cover images smaller than a link preview (1200×630).
    pub cover_size: bool,
    /// Titles longer than a link preview shows.
    pub title_length: bool,
    /// Descriptions longer than a link preview shows.
    pub description_length: bool,
    /// Upcoming events with neither `location:` nor `online_url:`.
    pub event_place: bool,
    /// Upcoming events whose registration deadline has passed.
    pub registration_deadline: bool,
    /// FAQ answers not updated for longer than `faq_max_age_days`.
    pub faq_age: bool,
    /// How old (by `updated:`, else `date:`) a FAQ answer may get.
    pub faq_max_age_days: u32,
    /// Two pages with the same title.
    pub duplicate_titles: bool,
    /// Link text that says nothing ("hier", "click here", "mehr").
    pub link_text: bool,
    /// Headings that skip a level (`##` followed by `####`).
    pub heading_levels: bool,
    /// External links (only with `kiez check --external`).
    pub external_links: bool,
    /// Pages missing in a language, and translations older than their
    /// original (multilingual sites).
    pub translations: bool,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            internal_links: true,
            anchors: true,
            image_alt: true,
            description: true,
            cover_size: true,
            title_length: true,
            description_length: true,
            event_place: true,
            registration_deadline: true,
            faq_age: true,
            faq_max_age_days: 365,
            duplicate_titles: true,
            link_text: true,
            heading_levels: true,
            external_links: true,
            translations: true,
        }
    }
}

impl CheckConfig {
    /// Whether the check called `name` (as in `kiez.yaml`) is on; names
    /// that are no switch (the build's own warnings) always are.
    pub fn enabled(&self, name: &str) -> bool {
        match name {
            "internal_links" => self.internal_links,
            "anchors" => self.anchors,
            "image_alt" => self.image_alt,
            "description" => self.description,
            "cover_size" => self.cover_size,
            "title_length" => self.title_length,
            "description_length" => self.description_length,
            "event_place" => self.event_place,
            "registration_deadline" => self.registration_deadline,
            "faq_age" => self.faq_age,
            "duplicate_titles" => self.duplicate_titles,
            "link_text" => self.link_text,
            "heading_levels" => self.heading_levels,
            "external_links" => self.external_links,
            "translations" => self.translations,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::SiteConfig;
    use std::path::Path;

    #[test]
    fn checks_are_on_by_default_and_switch_off_by_name() {
        let base = "title: A\nbase_url: https://a.example\n";
        let config = SiteConfig::from_str(base, Path::new("kiez.yaml")).unwrap();
        assert!(config.check.enabled("link_text"));
        assert_eq!(config.check.faq_max_age_days, 365);
        let text = format!("{base}check:\n  link_text: false\n  faq_max_age_days: 30\n");
        let config = SiteConfig::from_str(&text, Path::new("kiez.yaml")).unwrap();
        assert!(!config.check.enabled("link_text"));
        assert!(config.check.enabled("anchors"));
        assert_eq!(config.check.faq_max_age_days, 30);
    }

    #[test]
    fn a_misspelt_check_is_a_located_error() {
        let text = "title: A\nbase_url: https://a.example\ncheck:\n  link_txt: false\n";
        let err = SiteConfig::from_str(text, Path::new("kiez.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("kiez.yaml:4:3: key `link_txt`"), "{err}");
        assert!(err.contains("did you mean `link_text`"), "{err}");
    }
}
