//! Reader dialogue: the "join the discussion" link per provider (parsed
//! from the HTML, its query decoded), `discussion:` per page, a located
//! error for a wrong `community:` key, and for events the date poll (on
//! the page and in the calendar entry) and registration that closes at
//! its deadline.

use crate::harness::{TestSite, CONFIG};

/// A site with `community:` set to `community` (YAML lines, indented),
/// one article whose title needs encoding, one event and one FAQ answer.
fn site(community: &str) -> TestSite {
    let site = TestSite::new();
    site.file("kiez.yaml", &format!("{CONFIG}community:\n{community}"))
        .article(
            "hof",
            "Hof & Garten: Wer macht mit?",
            "2026-11-01",
            "",
            "Text.",
        )
        .file(
            "content/events/fest.md",
            "---\ntitle: Fest\nstart: 2026-12-20T15:00\n---\nKommt.\n",
        )
        .file("content/faq/miete/_category.yaml", "title: Miete\n")
        .file(
            "content/faq/miete/erhoehung.md",
            "---\ntitle: Wann steigt die Miete?\n---\nSelten.\n",
        );
    site
}

/// The discussion link's `href` on page `rel`, if it has one.
fn discussion(site: &TestSite, rel: &str) -> Option<String> {
    let page = site.html(rel);
    let links = page.attrs("p.discussion a", "href");
    assert!(links.len() <= 1, "{links:?}");
    if !links.is_empty() {
        assert_eq!(page.text("p.discussion a"), "Diskutieren Sie mit");
    }
    links.into_iter().next()
}

/// The decoded query parameters of `url`.
fn query(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').expect("a query").1;
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("key=value");
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decodes `text`; panics on anything not percent-encoded UTF-8.
fn decode(text: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(&tail[..2]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn discourse_gets_a_prefilled_new_topic_with_an_encoded_title() {
    let site = site("  discourse: https://forum.example.org/\n  category: magazin\n");
    site.build_ok();
    let link = discussion(&site, "articles/hof/index.html").unwrap();
    assert!(
        link.starts_with("https://forum.example.org/new-topic?"),
        "{link}"
    );
    // `&` and `?` of the title are encoded, so they stay in the title.
    assert!(
        link.contains("title=Hof%20%26%20Garten%3A%20Wer%20macht%20mit%3F&"),
        "{link}"
    );
    assert_eq!(
        query(&link),
        [
            ("title".into(), "Hof & Garten: Wer macht mit?".into()),
            (
                "body".into(),
                "https://mag.example.org/articles/hof/".into()
            ),
            ("category".into(), "magazin".into()),
        ]
    );
    let event = discussion(&site, "events/fest/index.html").unwrap();
    assert_eq!(query(&event)[0].1, "Fest");
    let faq = discussion(&site, "faq/miete/erhoehung/index.html").unwrap();
    assert_eq!(query(&faq)[0].1, "Wann steigt die Miete?");
    // Lists and plain pages have none.
    assert_eq!(discussion(&site, "index.html"), None);
}

#[test]
fn fixed_links_per_provider() {
    for (community, expected) in [
        (
            "  mastodon: https://social.example/@hof/1234\n",
            "https://social.example/@hof/1234",
        ),
        (
            "  matrix: \"#hof:matrix.example\"\n",
            "https://matrix.to/#/%23hof%3Amatrix.example",
        ),
        (
            "  discord: https://discord.gg/abc\n",
            "https://discord.gg/abc",
        ),
        (
            "  slack: https://join.slack.com/t/hof/shared_invite/x\n",
            "https://join.slack.com/t/hof/shared_invite/x",
        ),
        (
            "  circle: https://hof.circle.so/join?invitation_token=x\n",
            "https://hof.circle.so/join?invitation_token=x",
        ),
        (
            "  whatsapp: https://whatsapp.com/channel/0029Va\n",
            "https://whatsapp.com/channel/0029Va",
        ),
    ] {
        let site = site(community);
        site.build_ok();
        let link = discussion(&site, "articles/hof/index.html");
        assert_eq!(link.as_deref(), Some(expected), "{community}");
    }
}

#[test]
fn email_fills_in_the_subject() {
    let site = site("  email: redaktion@mag.example.org\n");
    site.build_ok();
    let link = discussion(&site, "articles/hof/index.html").unwrap();
    assert!(
        link.starts_with("mailto:redaktion@mag.example.org?"),
        "{link}"
    );
    assert_eq!(
        query(&link)[0],
        ("subject".into(), "Hof & Garten: Wer macht mit?".into())
    );
}

#[test]
fn discussion_in_front_matter_overrides_or_turns_it_off() {
    let site = site("  discourse: https://forum.example.org\n");
    site.article(
        "eigen",
        "Eigenes Thema",
        "2026-11-02",
        "discussion: https://forum.example.org/t/eigen/7\n",
        "x",
    )
    .article("still", "Still", "2026-11-03", "discussion: false\n", "x");
    site.build_ok();
    assert_eq!(
        discussion(&site, "articles/eigen/index.html").as_deref(),
        Some("https://forum.example.org/t/eigen/7")
    );
    assert_eq!(discussion(&site, "articles/still/index.html"), None);
    // Without `community:`, only pages with their own link have one.
    site.file("kiez.yaml", CONFIG);
    site.build_ok();
    assert_eq!(discussion(&site, "articles/hof/index.html"), None);
    assert!(discussion(&site, "articles/eigen/index.html").is_some());
}

#[test]
fn a_wrong_community_key_is_located_and_named() {
    let site = site("  discource: https://forum.example.org\n");
    let err = site.build_fails();
    assert!(err.contains("kiez.yaml:6:"), "{err}");
    assert!(err.contains("did you mean `discourse`"), "{err}");
    let site = site_with_two();
    let err = site.build_fails();
    assert!(err.contains("more than one discussion place"), "{err}");
}

fn site_with_two() -> TestSite {
    site("  discord: https://discord.gg/a\n  slack: https://join.slack.com/b\n")
}

#[test]
fn poll_is_on_the_event_page_and_in_the_calendar() {
    let site = TestSite::new();
    site.file(
        "content/events/treffen.md",
        "---\ntitle: Treffen\nstart: 2026-12-20T15:00\npoll: https://nuudel.example/poll?id=a&b=c;d\nregistration: {url: https://anmelden.example.org}\n---\nWann passt es?\n",
    );
    site.build_ok();
    let page = site.html("events/treffen/index.html");
    assert_eq!(
        page.attrs("a.poll", "href"),
        ["https://nuudel.example/poll?id=a&b=c;d"]
    );
    assert_eq!(page.text("a.poll"), "Termin mit abstimmen");
    assert_eq!(page.count("a[href='https://anmelden.example.org']"), 1);
    let text = site.read("events/treffen.ics");
    let cal = ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let description = cal.events[0]
        .properties
        .iter()
        .find(|p| p.name == "DESCRIPTION")
        .and_then(|p| p.value.clone())
        .unwrap();
    // The `;` is escaped in the file; the parser keeps the escape.
    assert!(
        description.ends_with("Terminumfrage: https://nuudel.example/poll?id=a&b=c\\;d"),
        "{description}"
    );
}

#[test]
fn registration_closes_at_its_deadline() {
    let site = TestSite::new();
    let event = |deadline: &str| {
        format!("---\ntitle: Fest\nstart: 2026-12-20T15:00\nregistration:\n  url: https://anmelden.example.org\n  deadline: {deadline}\n---\nx\n")
    };
    // The tests' "now" is 2026-11-24 12:00 UTC.
    site.file("content/events/zu.md", &event("2026-11-24T12:59"))
        .file("content/events/offen.md", &event("2026-11-24T13:01"));
    site.build_ok();
    let closed = site.html("events/zu/index.html");
    assert_eq!(closed.count("a[href='https://anmelden.example.org']"), 0);
    assert_eq!(closed.text(".registration-closed"), "Anmeldung geschlossen");
    let open = site.html("events/offen/index.html");
    assert_eq!(open.count("a[href='https://anmelden.example.org']"), 1);
    assert_eq!(open.count(".registration-closed"), 0);
}

#[test]
fn english_sites_get_english_labels() {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!(
            "{}community:\n  email: editors@mag.example.org\n",
            CONFIG.replace("language: de", "language: en")
        ),
    )
    .file(
        "content/events/fest.md",
        "---\ntitle: Fest\nstart: 2026-12-20T15:00\npoll: https://framadate.example/x\nregistration:\n  url: https://anmelden.example.org\n  deadline: 2026-11-01\n---\nx\n",
    );
    site.build_ok();
    let page = site.html("events/fest/index.html");
    assert_eq!(page.text("p.discussion a"), "Join the discussion");
    assert_eq!(page.text(".registration-closed"), "Registration closed");
    assert_eq!(page.text("a.poll"), "Vote on a date");
    let ics = site.read("events/fest.ics");
    assert!(
        ics.contains("Date poll: https://framadate.example/x"),
        "{ics}"
    );
}

#[test]
fn an_unsafe_or_wrong_discussion_value_is_located() {
    let site = TestSite::new();
    site.article(
        "a",
        "A",
        "2026-11-01",
        "discussion: javascript:alert(1)\n",
        "x",
    );
    let err = site.build_fails();
    assert!(
        err.contains("content/articles/a.md:4: key `discussion`"),
        "{err}"
    );
    site.article("a", "A", "2026-11-01", "discussion: true\n", "x");
    let err = site.build_fails();
    assert!(err.contains("a link or `false`"), "{err}");
}
