//! `kiez announce` against fake servers on 127.0.0.1: the live site
//! (its feed.json) and Mastodon, Discord, Slack, Mattermost, Matrix,
//! Telegram and a JSON webhook. What the servers received is parsed and
//! checked: exactly the new items, in each platform's format, with the
//! token from the environment; nothing on a second run; per-channel
//! errors for refusing and silent servers.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

use crate::fake_http::{Fake, Received, Reply};
use crate::harness::{TestSite, CONFIG, NOW};

const BASE: &str = "https://mag.example.org/";

/// Runs `kiez announce . ARGS` with `env` set (and nothing inherited that
/// names a channel's secret).
fn announce(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiez"));
    cmd.arg("announce")
        .arg(".")
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", NOW);
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIEZ_")) {
        cmd.env_remove(key);
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("run kiez")
}

fn text(out: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Three articles and an event, built once so the live feed can be made
/// from the real feed.json.
fn fixture() -> TestSite {
    let site = TestSite::new();
    site.article(
        "hofgarten",
        "Der Hofgarten blüht",
        "2026-11-01",
        "tags: [Garten]\n",
        "Im Hof blühen jetzt Astern.",
    );
    site.article(
        "hausordnung",
        "Neue Hausordnung",
        "2026-11-10",
        "tags: [hausordnung, Mieterfest im Hof, grünflächen]\ndescription: \"Was sich ab Januar ändert.\"\n",
        &"Die Hausordnung regelt das Zusammenleben im Haus. ".repeat(30),
    );
    site.article(
        "winterdienst",
        "Winterdienst & Streupflicht <2026>",
        "2026-11-20",
        "",
        "Wer streut wann?",
    );
    site.file(
        "content/events/flohmarkt.md",
        "---\ntitle: Kinderflohmarkt\nstart: 2026-12-05T15:00\nlocation:\n  name: Innenhof\n  address: Lindenstraße 1\ntags: [Flohmarkt]\n---\nKommt alle!\n",
    );
    site.build_ok();
    site
}

/// The site's feed.json with only the items whose URL `keep` accepts.
fn live_feed(site: &TestSite, keep: impl Fn(&str) -> bool) -> String {
    let mut feed: Value = serde_json::from_str(&site.read("feed.json")).unwrap();
    let items = feed["items"].as_array_mut().unwrap();
    items.retain(|item| keep(item["url"].as_str().unwrap()));
    feed.to_string()
}

/// A server that serves `feed` at `/feed.json` and can be changed.
fn live_site(feed: &Arc<Mutex<String>>) -> Fake {
    let feed = feed.clone();
    Fake::start(move |r| match r.path.as_str() {
        "/feed.json" => Reply::Json(200, feed.lock().unwrap().clone()),
        _ => Reply::Json(404, "{}".into()),
    })
}

/// A Mastodon server: uploads get ids m1, m2 …
fn mastodon() -> Fake {
    let n = AtomicUsize::new(0);
    Fake::start(move |r| match r.path.as_str() {
        "/api/v2/media" => {
            let id = n.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::Json(
                200,
                json!({"id": format!("m{id}"), "type": "image"}).to_string(),
            )
        }
        "/api/v1/statuses" => Reply::Json(200, r#"{"id":"1"}"#.into()),
        _ => Reply::Json(404, r#"{"error":"Record not found"}"#.into()),
    })
}

fn channels_yaml(mastodon: &str, matrix: &str, telegram: &str, extra: &str) -> String {
    format!(
        "announce:\n  timeout: 1\n  retries: 1\n  channels:\n\
         \x20   - kind: mastodon\n      server: {mastodon}\n      token_env: KIEZ_MASTODON_TOKEN\n      visibility: unlisted\n\
         \x20   - kind: discord\n      url_env: KIEZ_DISCORD_WEBHOOK\n\
         \x20   - kind: slack\n      url_env: KIEZ_SLACK_WEBHOOK\n\
         \x20   - kind: mattermost\n      url_env: KIEZ_MATTERMOST_WEBHOOK\n\
         \x20   - kind: matrix\n      homeserver: {matrix}\n      room: \"!hof:example.org\"\n      token_env: KIEZ_MATRIX_TOKEN\n\
         \x20   - kind: telegram\n      server: {telegram}\n      chat: \"@hofblatt\"\n      token_env: KIEZ_TELEGRAM_TOKEN\n\
         \x20   - kind: webhook\n      name: newsletter\n      url_env: KIEZ_WEBHOOK_URL\n{extra}"
    )
}

struct Servers {
    live: Fake,
    feed: Arc<Mutex<String>>,
    mastodon: Fake,
    discord: Fake,
    slack: Fake,
    mattermost: Fake,
    matrix: Fake,
    telegram: Fake,
    webhook: Fake,
}

impl Servers {
    fn start(feed: String) -> Servers {
        let feed = Arc::new(Mutex::new(feed));
        Servers {
            live: live_site(&feed),
            feed,
            mastodon: mastodon(),
            discord: Fake::always(204, ""),
            slack: Fake::always(200, "ok"),
            mattermost: Fake::always(200, "ok"),
            matrix: Fake::always(200, r#"{"event_id":"$1"}"#),
            telegram: Fake::always(200, r#"{"ok":true,"result":{}}"#),
            webhook: Fake::always(200, "{}"),
        }
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("KIEZ_MASTODON_TOKEN", "tok-mastodon".into()),
            (
                "KIEZ_DISCORD_WEBHOOK",
                format!("{}/api/webhooks/1/geheim", self.discord.url()),
            ),
            (
                "KIEZ_SLACK_WEBHOOK",
                format!("{}/services/T0/B0/geheim", self.slack.url()),
            ),
            (
                "KIEZ_MATTERMOST_WEBHOOK",
                format!("{}/hooks/geheim", self.mattermost.url()),
            ),
            ("KIEZ_MATRIX_TOKEN", "tok-matrix".into()),
            ("KIEZ_TELEGRAM_TOKEN", "123:tok-telegram".into()),
            ("KIEZ_WEBHOOK_URL", format!("{}/hook", self.webhook.url())),
        ]
    }

    fn config(&self) -> String {
        format!(
            "{CONFIG}{}",
            channels_yaml(
                &self.mastodon.url(),
                &self.matrix.url(),
                &self.telegram.url(),
                ""
            )
        )
    }

    fn channels(&self) -> [&Fake; 7] {
        [
            &self.mastodon,
            &self.discord,
            &self.slack,
            &self.mattermost,
            &self.matrix,
            &self.telegram,
            &self.webhook,
        ]
    }
}

const NEW: [&str; 3] = [
    "https://mag.example.org/articles/hausordnung/",
    "https://mag.example.org/articles/winterdienst/",
    "https://mag.example.org/events/flohmarkt/",
];

#[test]
fn announces_exactly_the_new_items_then_nothing() {
    let site = fixture();
    let old = format!("{BASE}articles/hofgarten/");
    let servers = Servers::start(live_feed(&site, |url| url == old));
    site.file("kiez.yaml", &servers.config());
    let feed_url = format!("{}/feed.json", servers.live.url());
    let out = announce(site.root(), &["--live-feed", &feed_url], &servers.env());
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("3 new items"), "{}", text(&out));
    check_mastodon(&servers.mastodon.received());
    check_discord(&servers.discord.received());
    check_slack_and_mattermost(&servers.slack.received(), &servers.mattermost.received());
    check_matrix(&servers.matrix.received());
    check_telegram(&servers.telegram.received());
    check_webhook(&servers.webhook.received());

    // Published: the live feed lists them now (here saved in a file, as
    // CI saves it before publishing), and nothing is sent again.
    site.file("live-feed.json", &live_feed(&site, |_| true));
    let before: Vec<usize> = servers
        .channels()
        .iter()
        .map(|f| f.received().len())
        .collect();
    let out = announce(
        site.root(),
        &["--since-live", "--live-feed", "live-feed.json"],
        &servers.env(),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("0 new items"), "{}", text(&out));
    let after: Vec<usize> = servers
        .channels()
        .iter()
        .map(|f| f.received().len())
        .collect();
    assert_eq!(before, after, "a second run sent something");
}

/// PNG width and height from the IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let n = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (n(16), n(20))
}

fn mastodon_length(text: &str) -> usize {
    text.split(' ')
        .flat_map(|w| w.split('\n'))
        .map(|w| {
            if w.starts_with("http") {
                23
            } else {
                w.chars().count()
            }
        })
        .sum::<usize>()
        + text.matches([' ', '\n']).count()
}

fn check_mastodon(received: &[Received]) {
    assert_eq!(received.len(), 6, "3 uploads and 3 statuses");
    for (i, pair) in received.chunks(2).enumerate() {
        let (media, status) = (&pair[0], &pair[1]);
        assert_eq!(
            (media.method.as_str(), media.path.as_str()),
            ("POST", "/api/v2/media")
        );
        assert_eq!(media.header("authorization"), Some("Bearer tok-mastodon"));
        let parts = media.multipart();
        let file = parts.iter().find(|p| p.name == "file").expect("file part");
        assert_eq!(file.content_type.as_deref(), Some("image/png"));
        assert!(file.filename.as_deref().unwrap().ends_with(".png"));
        assert_eq!(png_size(&file.data), (1200, 630));
        let alt = parts
            .iter()
            .find(|p| p.name == "description")
            .expect("alt text");
        assert!(!alt.data.is_empty());

        assert_eq!(status.path, "/api/v1/statuses");
        assert_eq!(status.header("authorization"), Some("Bearer tok-mastodon"));
        assert!(status
            .header("idempotency-key")
            .unwrap()
            .starts_with("kiez-"));
        let body = status.json();
        assert_eq!(body["media_ids"], json!([format!("m{}", i + 1)]));
        assert_eq!(body["visibility"], "unlisted");
        assert_eq!(body["language"], "de");
        let text = body["status"].as_str().unwrap();
        assert!(text.contains(NEW[i]), "{text}");
        assert!(
            mastodon_length(text) <= 500,
            "{} chars: {text}",
            mastodon_length(text)
        );
    }
    let hausordnung = received[1].json()["status"].as_str().unwrap().to_string();
    assert!(
        hausordnung.starts_with("Neue Hausordnung\n\n"),
        "{hausordnung}"
    );
    assert!(
        hausordnung.ends_with("#Hausordnung #MieterfestImHof #Grünflächen"),
        "{hausordnung}"
    );
    let event = received[5].json()["status"].as_str().unwrap().to_string();
    assert!(
        event.starts_with("Termin: Kinderflohmarkt\nSamstag, 5. Dezember 2026, 15:00 Uhr · Innenhof, Lindenstraße 1"),
        "{event}"
    );
}

fn check_discord(received: &[Received]) {
    assert_eq!(received.len(), 3);
    for (i, r) in received.iter().enumerate() {
        assert_eq!(r.path, "/api/webhooks/1/geheim");
        let body = r.json();
        let content = body["content"].as_str().unwrap();
        assert!(content.contains(&format!("<{}>", NEW[i])), "{content}");
        assert!(content.chars().count() <= 2000);
        let embed = &body["embeds"][0];
        assert_eq!(embed["url"], NEW[i]);
        assert!(embed["image"]["url"].as_str().unwrap().ends_with(".png"));
        assert_eq!(body["allowed_mentions"]["parse"], json!([]));
    }
    let body = received[1].json();
    assert_eq!(
        body["embeds"][0]["title"],
        "Winterdienst & Streupflicht <2026>"
    );
    assert!(body["content"]
        .as_str()
        .unwrap()
        .starts_with("**Winterdienst & Streupflicht <2026>**"));
}

fn check_slack_and_mattermost(slack: &[Received], mattermost: &[Received]) {
    assert_eq!(slack.len(), 3);
    let body = slack[1].json();
    let section = body["blocks"][0]["text"]["text"].as_str().unwrap();
    assert_eq!(
        section,
        format!(
            "*<{}|Winterdienst &amp; Streupflicht &lt;2026&gt;>*\nWer streut wann?",
            NEW[1]
        )
    );
    assert_eq!(body["blocks"][1]["type"], "image");
    assert_eq!(mattermost.len(), 3);
    let body = mattermost[0].json();
    let text = body["text"].as_str().unwrap();
    assert!(
        text.starts_with(&format!("#### [Neue Hausordnung]({})", NEW[0])),
        "{text}"
    );
    assert!(body["attachments"][0]["image_url"]
        .as_str()
        .unwrap()
        .ends_with(".png"));
}

fn check_matrix(received: &[Received]) {
    assert_eq!(received.len(), 3);
    let mut txns = Vec::new();
    for (i, r) in received.iter().enumerate() {
        assert_eq!(r.method, "PUT");
        let prefix = "/_matrix/client/v3/rooms/%21hof%3Aexample.org/send/m.room.message/";
        let txn = r
            .path
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("{}", r.path));
        txns.push(txn.to_string());
        assert_eq!(r.header("authorization"), Some("Bearer tok-matrix"));
        let body = r.json();
        assert_eq!(body["msgtype"], "m.text");
        assert_eq!(body["format"], "org.matrix.custom.html");
        assert!(body["body"].as_str().unwrap().contains(NEW[i]));
        let html = scraper::Html::parse_fragment(body["formatted_body"].as_str().unwrap());
        let a = scraper::Selector::parse("p strong a").unwrap();
        let link = html.select(&a).next().expect("linked headline");
        assert_eq!(link.value().attr("href"), Some(NEW[i]));
    }
    let title =
        scraper::Html::parse_fragment(received[1].json()["formatted_body"].as_str().unwrap());
    let a = scraper::Selector::parse("a").unwrap();
    let text: String = title.select(&a).next().unwrap().text().collect();
    assert_eq!(text, "Winterdienst & Streupflicht <2026>");
    txns.dedup();
    assert_eq!(txns.len(), 3, "one transaction id per item");
}

fn check_telegram(received: &[Received]) {
    assert_eq!(received.len(), 3);
    for (i, r) in received.iter().enumerate() {
        assert_eq!(r.path, "/bot123:tok-telegram/sendPhoto");
        let body = r.json();
        assert_eq!(body["chat_id"], "@hofblatt");
        assert_eq!(body["parse_mode"], "HTML");
        assert!(body["photo"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{BASE}social/")));
        let caption = body["caption"].as_str().unwrap();
        assert!(
            caption.contains(&format!("<a href=\"{0}\">{0}</a>", NEW[i])),
            "{caption}"
        );
        assert!(caption.chars().count() <= 1024);
    }
    let caption = received[1].json()["caption"].as_str().unwrap().to_string();
    assert!(
        caption.starts_with("<b>Winterdienst &amp; Streupflicht &lt;2026&gt;</b>"),
        "{caption}"
    );
}

fn check_webhook(received: &[Received]) {
    assert_eq!(received.len(), 3);
    let body = received[2].json();
    assert_eq!(body["kind"], "event");
    assert_eq!(body["title"], "Kinderflohmarkt");
    assert_eq!(body["url"], NEW[2]);
    assert_eq!(body["tags"], json!(["Flohmarkt"]));
    assert_eq!(body["hashtags"], json!(["#Flohmarkt"]));
    assert!(body["date"]
        .as_str()
        .unwrap()
        .starts_with("2026-12-05T15:00:00+01:00"));
    assert!(body["when"].as_str().unwrap().contains("15:00 Uhr"));
    assert!(body["image"].as_str().unwrap().ends_with(".png"));
    assert_eq!(received[0].json()["summary"], "Was sich ab Januar ändert.");
}

#[test]
fn a_refusing_and_a_silent_server_fail_their_channel_only() {
    let site = fixture();
    let servers = Servers::start(live_feed(&site, |url| !NEW[..2].contains(&url)));
    let refusing = Fake::always(
        403,
        r#"{"error":"This action is outside the authorized scopes"}"#,
    );
    let silent = Fake::start(|_| Reply::Silent(Duration::from_secs(5)));
    let unset = "    - kind: telegram\n      name: telegram-ohne-token\n      chat: \"1\"\n      token_env: KIEZ_UNSET_TOKEN\n";
    let config = channels_yaml(
        &refusing.url(),
        &silent.url(),
        &servers.telegram.url(),
        unset,
    );
    site.file("kiez.yaml", &format!("{CONFIG}{config}"));
    let feed_url = format!("{}/feed.json", servers.live.url());
    let args = ["--live-feed", feed_url.as_str()];

    let out = announce(site.root(), &args, &servers.env());
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("error: mastodon: https://mag.example.org/articles/hausordnung/: refused with HTTP 403: This action is outside the authorized scopes"), "{all}");
    assert!(all.contains("error: matrix: https://mag.example.org/articles/hausordnung/: no answer in time (tried 2 times)"), "{all}");
    assert!(
        all.contains(
            "error: telegram-ohne-token: the environment variable KIEZ_UNSET_TOKEN is not set"
        ),
        "{all}"
    );
    assert!(all.contains("3 of 8 channels failed"), "{all}");
    // A refusal is not asked again; the first failure skips the channel's rest.
    assert_eq!(refusing.received().len(), 1);
    assert_eq!(silent.received().len(), 2);
    for fake in [
        &servers.discord,
        &servers.slack,
        &servers.telegram,
        &servers.webhook,
    ] {
        assert_eq!(
            fake.received().len(),
            2,
            "the other channels got both items"
        );
    }

    let out = announce(
        site.root(),
        &[&args[..], &["--strict"]].concat(),
        &servers.env(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("3 of 8 channels failed (--strict)"),
        "{}",
        text(&out)
    );
}

#[test]
fn dry_run_prints_the_requests_and_sends_nothing() {
    let site = fixture();
    let servers = Servers::start(live_feed(&site, |url| url != NEW[2]));
    site.file("kiez.yaml", &servers.config());
    let feed_url = format!("{}/feed.json", servers.live.url());
    let out = announce(
        site.root(),
        &["--live-feed", &feed_url, "--dry-run"],
        &servers.env(),
    );
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    for fake in servers.channels() {
        assert!(fake.received().is_empty(), "dry run sent something:\n{all}");
    }
    assert_eq!(servers.live.received().len(), 1, "the live feed was read");
    assert!(all.contains("POST $KIEZ_DISCORD_WEBHOOK"), "{all}");
    assert!(
        all.contains("Authorization: Bearer $KIEZ_MASTODON_TOKEN"),
        "{all}"
    );
    assert!(all.contains("/bot$KIEZ_TELEGRAM_TOKEN/sendPhoto"), "{all}");
    assert!(
        all.contains("\"status\": \"Termin: Kinderflohmarkt"),
        "{all}"
    );
    assert!(
        !all.contains("geheim") && !all.contains("tok-"),
        "a secret was printed:\n{all}"
    );
}

#[test]
fn nothing_is_announced_without_the_live_feed_or_beyond_max() {
    let site = fixture();
    let servers = Servers::start(live_feed(&site, |_| false));
    site.file("kiez.yaml", &servers.config());
    let missing = format!("{}/nope.json", servers.live.url());
    let out = announce(site.root(), &["--live-feed", &missing], &servers.env());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("cannot read the live site's feed"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("refused with HTTP 404"),
        "{}",
        text(&out)
    );

    let feed_url = format!("{}/feed.json", servers.live.url());
    let out = announce(
        site.root(),
        &["--live-feed", &feed_url, "--max", "2"],
        &servers.env(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("4 items are new"), "{}", text(&out));
    for fake in servers.channels() {
        assert!(fake.received().is_empty());
    }

    // --since: no feed needed; the two articles of November 10 and later,
    // not the event, which has no `date:` saying when it was published.
    let out = announce(
        site.root(),
        &["--since", "2026-11-10", "--dry-run"],
        &servers.env(),
    );
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(
        all.contains("2 new items (published since 2026-11-10T00:00:00+01:00)"),
        "{all}"
    );
    assert!(!all.contains("flohmarkt"), "{all}");
}

#[test]
fn the_live_feed_is_found_under_base_url() {
    let site = fixture();
    let servers = Servers::start(String::new());
    let base = format!("{}/", servers.live.url());
    site.file("kiez.yaml", &servers.config());
    site.build_ok_with(&["--base-url", &base]);
    *servers.feed.lock().unwrap() = live_feed(&site, |_| true);
    let out = announce(site.root(), &["--base-url", &base], &servers.env());
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("0 new items (not yet in {base}feed.json)")),
        "{}",
        text(&out)
    );
}

#[test]
fn a_token_in_kiez_yaml_is_refused() {
    let site = TestSite::new();
    site.file(
        "kiez.yaml",
        &format!("{CONFIG}announce:\n  channels:\n    - kind: discord\n      url_env: KIEZ_DISCORD_WEBHOOK\n    - kind: mastodon\n      server: https://social.example\n      token: abc123geheim\n"),
    );
    let stderr = site.build_fails();
    assert!(stderr.contains("kiez.yaml:11: key `announce.token`: a mastodon token must not be written into kiez.yaml"), "{stderr}");
    assert!(stderr.contains("token_env"), "{stderr}");
}

/// The Done-when of issue 19: the example site announces its newest
/// article and event to fake Mastodon, Discord and Matrix servers. With
/// `KIEZ_SAVE_ANNOUNCE_EXAMPLE=1` the messages as received are written
/// to docs/announce-example/ (pretty JSON, and the uploaded card).
#[test]
fn the_example_site_announces_to_mastodon_discord_and_matrix() {
    let dir = copy_example();
    let site = dir.path();
    let (mastodon, discord) = (mastodon(), Fake::always(204, ""));
    let matrix = Fake::always(200, r#"{"event_id":"$1"}"#);
    let config = std::fs::read_to_string(site.join("kiez.yaml")).unwrap();
    let config = config
        .replace("https://social.lindenhof-eg.example", &mastodon.url())
        .replace("https://matrix.lindenhof-eg.example", &matrix.url());
    std::fs::write(site.join("kiez.yaml"), config).unwrap();
    let out = crate::harness::kiez_in(site, &["build", "."]);
    assert!(out.status.success(), "{}", text(&out));
    // The live site before the newest article and the newest event.
    let mut feed: Value =
        serde_json::from_slice(&std::fs::read(site.join("public/feed.json")).unwrap()).unwrap();
    let items = feed["items"].as_array_mut().unwrap();
    let article = items.iter().position(|i| i.get("_kiez").is_none()).unwrap();
    let new_article = items.remove(article)["url"].as_str().unwrap().to_string();
    let event = items.iter().position(|i| i.get("_kiez").is_some()).unwrap();
    let new_event = items.remove(event)["url"].as_str().unwrap().to_string();
    let feed = Arc::new(Mutex::new(feed.to_string()));
    let live = live_site(&feed);
    let env = [
        ("KIEZ_MASTODON_TOKEN", "tok-mastodon".to_string()),
        (
            "KIEZ_DISCORD_WEBHOOK",
            format!("{}/api/webhooks/1/geheim", discord.url()),
        ),
        ("KIEZ_MATRIX_TOKEN", "tok-matrix".to_string()),
    ];
    let feed_url = format!("{}/feed.json", live.url());
    let out = announce(site, &["--live-feed", &feed_url], &env);
    assert!(out.status.success(), "{}", text(&out));
    let (m, d, x) = (mastodon.received(), discord.received(), matrix.received());
    assert_eq!((m.len(), d.len(), x.len()), (4, 2, 2), "{}", text(&out));
    let urls: Vec<String> = d
        .iter()
        .map(|r| r.json()["embeds"][0]["url"].as_str().unwrap().to_string())
        .collect();
    let mut expected = vec![new_article, new_event];
    expected.sort();
    let mut got = urls.clone();
    got.sort();
    assert_eq!(got, expected);
    for status in [&m[1], &m[3]] {
        let text = status.json()["status"].as_str().unwrap().to_string();
        assert!(
            mastodon_length(&text) <= 500
                && text.contains("https://hofblatt.lindenhof-eg.example/"),
            "{text}"
        );
    }
    if std::env::var_os("KIEZ_SAVE_ANNOUNCE_EXAMPLE").is_some() {
        save_example(&[("mastodon", &m), ("discord", &d), ("matrix", &x)]);
    }
}

fn copy_example() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
    let to = tempfile::tempdir().unwrap();
    for file in crate::harness::walk(&from) {
        let rel = file.strip_prefix(&from).unwrap();
        if rel.starts_with("public") || rel.starts_with(".kiez-cache") {
            continue;
        }
        let target = to.path().join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, target).unwrap();
    }
    to
}

/// Writes each channel's requests as received (the fake servers' ports
/// left out) into docs/announce-example/CHANNEL.json.
fn save_example(channels: &[(&str, &[Received])]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/announce-example");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, received) in channels {
        let requests: Vec<Value> = received
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let body = if r
                    .header("content-type")
                    .is_some_and(|c| c.starts_with("multipart/"))
                {
                    let parts = r.multipart();
                    let file = parts.iter().find(|p| p.name == "file").unwrap();
                    let ext = match file.content_type.as_deref() {
                        Some("image/jpeg") => "jpg",
                        _ => "png",
                    };
                    let png = format!("{name}-upload-{}.{ext}", i / 2 + 1);
                    std::fs::write(dir.join(&png), &file.data).unwrap();
                    let alt = parts.iter().find(|p| p.name == "description").unwrap();
                    json!({
                        "file": { "filename": file.filename, "content_type": file.content_type,
                                  "bytes": file.data.len(), "saved_as": png },
                        "description": String::from_utf8_lossy(&alt.data),
                    })
                } else {
                    r.json()
                };
                json!({
                    "request": format!("{} {}", r.method, r.path),
                    "authorization": r.header("authorization"),
                    "idempotency_key": r.header("idempotency-key"),
                    "body": body,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&requests).unwrap() + "\n";
        std::fs::write(dir.join(format!("{name}.json")), text).unwrap();
    }
}
