//! The `newsletter:` section of `kiez.yaml`: where readers sign up for
//! the e-mail newsletter (`kiez digest` writes its issues; the
//! cooperative's mailing tool sends them). The footer of every page and
//! the digest link to it, or (with `form: true`) the footer shows an
//! e-mail field that posts to the mailing tool's sign-up address.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `newsletter:` in `kiez.yaml`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewsletterConfig {
    /// The sign-up page (a link), or with `form: true` the address the
    /// sign-up form posts to (listmonk: `https://HOST/subscription/form`).
    /// Without it there is no sign-up link.
    pub url: Option<String>,
    /// Link or button text; "Newsletter abonnieren" by default.
    pub label: Option<String>,
    /// One sentence above the link: what readers get, how often.
    pub text: Option<String>,
    /// Show an e-mail form posting to `url` instead of a link.
    pub form: bool,
    /// The name of the form's e-mail field (`email` by default; Brevo
    /// uses `EMAIL`).
    pub field: Option<String>,
    /// Hidden form fields the mailing tool needs, e.g. listmonk's list
    /// `l: 1f2e…` or a CleverReach form ID.
    pub hidden: BTreeMap<String, String>,
}

impl NewsletterConfig {
    /// Checks that the address is https (or `mailto:` for a link);
    /// returns the message and a hint otherwise.
    pub(super) fn check(&self) -> Result<(), (String, String)> {
        let Some(url) = self.url.as_deref() else {
            return Ok(());
        };
        if url.starts_with("https://") || (!self.form && url.starts_with("mailto:")) {
            return Ok(());
        }
        Err((
            format!("`{url}` is not an https:// address"),
            "write the sign-up page or form address of your mailing tool, starting with https://"
                .into(),
        ))
    }

    /// The sign-up address, when there is one.
    pub fn signup(&self) -> Option<&Self> {
        self.url.is_some().then_some(self)
    }

    /// The name of the form's e-mail field.
    pub fn email_field(&self) -> &str {
        self.field.as_deref().unwrap_or("email")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_forms_and_links_or_mailto_links_pass() {
        let c = |url: &str, form| NewsletterConfig {
            url: Some(url.into()),
            form,
            ..Default::default()
        };
        assert!(c("https://news.example.org/", false).check().is_ok());
        assert!(c("mailto:news@example.org", false).check().is_ok());
        assert!(c("mailto:news@example.org", true).check().is_err());
        assert!(c("javascript:alert(1)", false).check().is_err());
        assert!(c("http://news.example.org/", true).check().is_err());
    }
}
