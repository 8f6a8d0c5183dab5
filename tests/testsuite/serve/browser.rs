//! Headless Chromium for the end-to-end live-reload test, watched over
//! its DevTools HTTP endpoint.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::client::WAIT;

/// Headless Chromium, killed when dropped.
pub(super) struct Browser {
    pub(super) child: Child,
    /// The DevTools HTTP endpoint.
    pub(super) devtools: SocketAddr,
    pub(super) _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Browser {
    /// Opens `url` in headless Chromium with DevTools on a free port.
    pub(super) fn open(chromium: &std::path::Path, url: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(chromium)
            .args(crate::harness::CHROMIUM_FLAGS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes the port it chose into the profile.
        let file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + WAIT * 3;
        let port: u16 = loop {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if let Some(port) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                break port;
            }
            assert!(Instant::now() < deadline, "chromium did not start");
            std::thread::sleep(Duration::from_millis(50));
        };
        Browser {
            child,
            devtools: SocketAddr::from(([127, 0, 0, 1], port)),
            _profile: profile,
        }
    }

    /// Title of the open tab showing a page under `url`, from DevTools'
    /// target list: enough to see a reload without a WebSocket client.
    pub(super) fn title(&self, url: &str) -> Option<String> {
        let mut stream = TcpStream::connect(self.devtools).ok()?;
        stream.set_read_timeout(Some(WAIT)).ok()?;
        stream
            .write_all(b"GET /json/list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .ok()?;
        let mut reader = BufReader::new(stream);
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).ok()?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok()?;
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        let targets: Vec<serde_json::Value> = serde_json::from_slice(&body).ok()?;
        targets
            .iter()
            .find(|t| t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(url)))
            .and_then(|t| t["title"].as_str())
            .map(str::to_string)
    }

    /// Waits until the tab's title contains `text`.
    pub(super) fn wait_for_title(&self, url: &str, text: &str) -> String {
        let deadline = Instant::now() + WAIT * 3;
        loop {
            let title = self.title(url).unwrap_or_default();
            if title.contains(text) {
                return title;
            }
            assert!(
                Instant::now() < deadline,
                "the page's title stayed `{title}`, never showing `{text}`"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
