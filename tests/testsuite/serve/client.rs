//! A tiny HTTP client for the serve tests, over `TcpStream` so the
//! dev-dependencies stay as they are: the running server, its replies,
//! and the live-reload event stream.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scraper::Html;

use crate::harness::{TestSite, NOW};

/// How long an edit may take to show; generous for a loaded CI machine.
pub(super) const WAIT: Duration = Duration::from_secs(10);

/// A running `kiez serve`, killed when dropped (also when a test fails).
pub(super) struct Server {
    pub(super) child: Child,
    pub(super) addr: SocketAddr,
    pub(super) stdout: Receiver<String>,
    pub(super) stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Server {
    /// Starts `kiez serve . --port 0` in `site` and waits until its
    /// first build is served (or failed).
    pub(super) fn start(site: &TestSite) -> Server {
        let server = Server::start_early(site);
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline && !server.stderr().contains("Error: ") {
            let line = server.stdout.recv_timeout(Duration::from_millis(20));
            if line.is_ok_and(|line| line.starts_with("Built ")) {
                return server;
            }
        }
        server
    }

    /// Starts `kiez serve . --port 0` in `site` and waits for its URL,
    /// which it prints before its first build is done.
    pub(super) fn start_early(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiez"))
            .args(["serve", ".", "--port", "0"])
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", NOW)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kiez serve");
        let (tx, stdout) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let mut server = Server {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            stdout,
            stderr,
        };
        let line = server
            .wait_for_line("Serving at http://", Duration::from_secs(60))
            .unwrap_or_else(|| panic!("no URL printed; stderr:\n{}", server.stderr()));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap();
        assert!(url.ends_with('/'), "{url}");
        server.addr = url["http://".len()..url.len() - 1].parse().unwrap();
        server
    }

    pub(super) fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Waits for a stdout line containing `text`.
    pub(super) fn wait_for_line(&self, text: &str, within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let line = self.stdout.recv_timeout(left).ok()?;
            if line.contains(text) {
                return Some(line);
            }
        }
    }

    pub(super) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr shows `text`. A thread reads it, so a line the
    /// server wrote before pushing an event may not be read yet when the
    /// event arrives.
    pub(super) fn stderr_shows(&self, text: &str) -> bool {
        let deadline = Instant::now() + WAIT;
        while !self.stderr().contains(text) {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    pub(super) fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    pub(super) fn request(&self, method: &str, target: &str) -> Reply {
        send(
            self.addr,
            &format!(
                "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            ),
        )
    }

    /// Polls `target` until `done` holds for its reply.
    pub(super) fn poll(&self, target: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + WAIT;
        loop {
            let reply = self.get(target);
            if done(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "{target} did not change in {WAIT:?}; last reply {}:\n{}\nstderr:\n{}",
                reply.status,
                reply.text(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the live-reload stream as the page of build `build` would.
    pub(super) fn events(&self, build: &str) -> Events {
        self.events_of(build, "")
    }

    /// Opens the live-reload stream as the page of build `build` at
    /// `page` (`%2Farticles%2Fa%2F`, as the script encodes its path)
    /// would; an empty `page` says none.
    pub(super) fn events_of(&self, build: &str, page: &str) -> Events {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        let page = if page.is_empty() {
            String::new()
        } else {
            format!("&page={page}")
        };
        write!(
            stream,
            "GET /__kiez/events?build={build}{page} HTTP/1.1\r\nHost: {}\r\n\
             Accept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let head = head.to_ascii_lowercase();
        assert!(head.contains("content-type: text/event-stream"), "{head}");
        assert!(head.contains("transfer-encoding: chunked"), "{head}");
        Events {
            reader,
            pending: String::new(),
        }
    }

    /// Still running (not exited on a bad edit)?
    pub(super) fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

/// A parsed HTTP response.
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) head: String,
    pub(super) body: Vec<u8>,
}

impl Reply {
    pub(super) fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    pub(super) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(super) fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
}

/// Sends a raw request and reads the whole response (the request asks the
/// server to close the connection afterwards).
pub(super) fn send(addr: SocketAddr, raw: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8(bytes[..split].to_vec()).unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        head,
        body: bytes[split + 4..].to_vec(),
    }
}

/// A live-reload connection. The stream has no length, so HTTP/1.1
/// sends it in chunks; `pending` holds decoded text not yet an event.
pub(super) struct Events {
    pub(super) reader: BufReader<TcpStream>,
    pub(super) pending: String,
}

impl Events {
    /// The next event's name and data, or `None` after `within`.
    pub(super) fn next(&mut self, within: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let frame: String = self.pending.drain(..end + 2).collect();
                let (mut event, mut data) = (String::new(), String::new());
                for line in frame.lines() {
                    if let Some(name) = line.strip_prefix("event: ") {
                        event = name.to_string();
                    } else if let Some(value) = line.strip_prefix("data: ") {
                        data = value.to_string();
                    }
                }
                // Events have a name; heartbeats are bare comments.
                if !event.is_empty() {
                    return Some((event, data));
                }
                continue;
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.reader
                .get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            self.read_chunk()?;
        }
    }

    /// Reads one chunk of the chunked transfer coding into `pending`.
    pub(super) fn read_chunk(&mut self) -> Option<()> {
        let mut size = String::new();
        if self.reader.read_line(&mut size).ok()? == 0 {
            return None;
        }
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        if size == 0 {
            return None;
        }
        // The data, then the CRLF that ends every chunk.
        let mut bytes = vec![0; size + 2];
        self.reader.read_exact(&mut bytes).ok()?;
        self.pending
            .push_str(std::str::from_utf8(&bytes[..size]).ok()?);
        Some(())
    }

    /// Waits for event `name`, skipping others; returns its data.
    pub(super) fn wait_for(&mut self, name: &str) -> serde_json::Value {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        loop {
            let left = deadline.checked_duration_since(Instant::now());
            match left.and_then(|left| self.next(left)) {
                Some((event, data)) if event == name => {
                    return serde_json::from_str(&data).unwrap();
                }
                Some(other) => seen.push(other),
                None => panic!("no `{name}` event within {WAIT:?}; got {seen:?}"),
            }
        }
    }
}
