//! The paragraph a privacy page shows where it writes `<!-- analytics -->`:
//! what the configured reach counter measures, in German or English, made
//! from `analytics:` so it cannot drift from what the theme loads.

use crate::config::{AnalyticsProvider, Language, SiteConfig};
use crate::util::escape::html;

/// What each counter records about a page view, in German and English.
fn measured(provider: AnalyticsProvider) -> (&'static str, &'static str) {
    match provider {
        AnalyticsProvider::Plausible => (
            "die aufgerufene Seite, die Seite, von der Sie kamen, Browser, Betriebssystem, \
             Gerätetyp und Land",
            "the page viewed, the page you came from, browser, operating system, device type \
             and country",
        ),
        AnalyticsProvider::Umami => (
            "die aufgerufene Seite, die Seite, von der Sie kamen, Browser, Betriebssystem, \
             Gerätetyp, Bildschirmgröße, Sprache und Land",
            "the page viewed, the page you came from, browser, operating system, device type, \
             screen size, language and country",
        ),
        AnalyticsProvider::Goatcounter => (
            "die aufgerufene Seite und ihr Titel, die Seite, von der Sie kamen, Browser, \
             Bildschirmgröße und Land",
            "the page viewed and its title, the page you came from, browser, screen size and \
             country",
        ),
        AnalyticsProvider::Matomo => (
            "die aufgerufene Seite und ihr Titel, die Seite, von der Sie kamen, Browser, \
             Betriebssystem, Gerätetyp, Bildschirmauflösung, Sprache und Land",
            "the page viewed and its title, the page you came from, browser, operating \
             system, device type, screen resolution, language and country",
        ),
    }
}

/// The paragraph as HTML (`<p class="analytics-notice">`), in `lang`.
pub fn analytics_notice(config: &SiteConfig, lang: Language) -> String {
    let de = lang == Language::De;
    let Some(a) = &config.analytics else {
        let text = if de {
            "Wir messen die Reichweite dieser Website nicht mit einem Analysewerkzeug; \
             beim Lesen wird kein Zählskript geladen."
        } else {
            "We do not measure this website's reach with an analytics tool; no counting \
             script is loaded while you read."
        };
        return format!("<p class=\"analytics-notice\">{text}</p>");
    };
    let host = a.base().split_once("://").map_or(a.base(), |(_, h)| h);
    let (name, host) = (a.provider.name(), html(host));
    let (what_de, what_en) = measured(a.provider);
    let pixel = a.pixel("/").is_some();
    let text = if de {
        format!(
            "Um zu erfahren, wie viele Menschen unsere Seiten lesen, zählen wir Besuche mit \
             {name}, betrieben unter {host}. Dabei werden keine Cookies gesetzt, keine \
             personenbezogenen Daten gespeichert und Ihre IP-Adresse wird nicht gespeichert; \
             Besuche werden nicht über mehrere Tage oder Websites hinweg verknüpft. Erfasst \
             werden nur {what_de}. Außerdem zählen wir Klicks auf die Links zum Teilen, zum \
             Abonnieren der Feeds und des Kalenders und zur Diskussion – nur als Anzahl, ohne \
             Bezug zu Ihrer Person. Hat Ihr Browser „Do Not Track“ oder „Global Privacy \
             Control“ eingeschaltet, wird das Zählskript gar nicht erst geladen.{}",
            if pixel {
                " Ohne JavaScript zählt ein unsichtbares Bild nur den Seitenaufruf."
            } else {
                ""
            }
        )
    } else {
        format!(
            "To learn how many people read our pages, we count visits with {name}, run at \
             {host}. No cookies are set, no personal data is stored and your IP address is \
             not stored; visits are not linked across days or websites. Only {what_en} are \
             recorded. We also count clicks on the links to share, to subscribe to the feeds \
             and the calendar, and to the discussion – as numbers only, never tied to you. If \
             your browser has “Do Not Track” or “Global Privacy Control” switched on, the \
             counting script is not loaded at all.{}",
            if pixel {
                " Without JavaScript, an invisible image counts the page view only."
            } else {
                ""
            }
        )
    };
    format!("<p class=\"analytics-notice\">{text}</p>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(analytics: &str) -> SiteConfig {
        let text = format!("title: T\nbase_url: https://a.example/\n{analytics}");
        SiteConfig::from_str(&text, std::path::Path::new("kiez.yaml")).unwrap()
    }

    #[test]
    fn names_the_tool_and_its_host_in_both_languages() {
        let c = config("analytics:\n  provider: matomo\n  url: https://m.example/\n  id: \"3\"\n");
        let de = analytics_notice(&c, Language::De);
        assert!(de.contains("Matomo, betrieben unter m.example."), "{de}");
        assert!(de.contains("unsichtbares Bild"));
        let en = analytics_notice(&c, Language::En);
        assert!(en.contains("with Matomo, run at m.example."), "{en}");
        let none = analytics_notice(&config(""), Language::De);
        assert!(none.contains("nicht mit einem Analysewerkzeug"));
    }
}
