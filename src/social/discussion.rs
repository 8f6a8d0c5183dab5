//! The "join the discussion" link of articles, events and FAQ answers:
//! the page's own `discussion:` link, or one made from the site's
//! `community:` place. Plain links only, so a reader's browser contacts
//! the forum or chat only when the reader follows the link.

use crate::config::{Provider, SiteConfig};
use crate::content::matter::Discussion;
use crate::content::{Item, Kind};
use crate::util::url::encode_component;

/// Where the page `item`, published at `url` (absolute) under `title`,
/// is discussed; `None` when it has no discussion link.
pub fn discussion_link(config: &SiteConfig, item: &Item, url: &str, title: &str) -> Option<String> {
    if !matches!(item.kind, Kind::Article | Kind::Event | Kind::Faq) {
        return None;
    }
    match &item.discussion {
        Some(Discussion::Off) => None,
        Some(Discussion::Url(own)) => Some(own.clone()),
        None => config.community.provider().map(|p| link(&p, url, title)),
    }
}

/// The link for a page without its own thread. Every value goes through
/// [`encode_component`], so `&`, `?` and umlauts in a title cannot end
/// or change a query parameter.
fn link(provider: &Provider, url: &str, title: &str) -> String {
    match provider {
        Provider::Discourse { base, category } => {
            let mut link = format!(
                "{base}/new-topic?title={}&body={}",
                encode_component(title),
                encode_component(url)
            );
            if let Some(category) = category {
                link.push_str("&category=");
                link.push_str(&encode_component(category));
            }
            link
        }
        Provider::Email(address) => format!(
            "mailto:{address}?subject={}&body={}",
            encode_component(title),
            encode_component(url)
        ),
        Provider::Link(link) => link.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discourse_new_topic_is_encoded() {
        let p = Provider::Discourse {
            base: "https://forum.example",
            category: Some("magazin"),
        };
        assert_eq!(
            link(&p, "https://a.example/x/", "Hof & Garten?"),
            "https://forum.example/new-topic?title=Hof%20%26%20Garten%3F\
             &body=https%3A%2F%2Fa.example%2Fx%2F&category=magazin"
        );
    }

    #[test]
    fn email_has_the_title_as_subject() {
        let p = Provider::Email("redaktion@a.example");
        assert!(link(&p, "https://a.example/", "Grün")
            .starts_with("mailto:redaktion@a.example?subject=Gr%C3%BCn&"));
    }
}
