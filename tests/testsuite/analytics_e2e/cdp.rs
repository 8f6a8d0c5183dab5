//! Just enough of the Chrome DevTools Protocol for the reach tests:
//! headless Chromium with a throwaway profile (optionally with "Do Not
//! Track" switched on in its preferences), one page target driven over a
//! minimal WebSocket client (text frames, client-masked), commands sent
//! and their results read; events are skipped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

/// Headless Chromium and a DevTools connection to its one tab; killed
/// when dropped.
pub struct Chrome {
    child: Child,
    socket: TcpStream,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Chrome {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Chrome {
    /// Starts Chromium on `about:blank`; `do_not_track` switches the
    /// browser's own "Send a Do Not Track request" setting on.
    pub fn start(chromium: &Path, do_not_track: bool) -> Chrome {
        let profile = tempfile::tempdir().unwrap();
        if do_not_track {
            let default = profile.path().join("Default");
            std::fs::create_dir_all(&default).unwrap();
            std::fs::write(
                default.join("Preferences"),
                json!({ "enable_do_not_track": true }).to_string(),
            )
            .unwrap();
        }
        let child = Command::new(chromium)
            .args(crate::harness::CHROMIUM_FLAGS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + WAIT;
        let port: u16 = loop {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if let Some(port) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                break port;
            }
            assert!(Instant::now() < deadline, "chromium did not start");
            std::thread::sleep(Duration::from_millis(50));
        };
        let target = page_socket_path(port);
        let socket = handshake(port, &target);
        let mut chrome = Chrome {
            child,
            socket,
            next_id: 0,
            _profile: profile,
        };
        // Scripts added for new documents run only with the domain on.
        chrome.call("Page.enable", json!({}));
        chrome
    }

    /// Sends `method` and returns its result; panics on a protocol error.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let text = json!({ "id": id, "method": method, "params": params }).to_string();
        write_frame(&mut self.socket, text.as_bytes());
        loop {
            let message: Value = serde_json::from_slice(&read_message(&mut self.socket))
                .expect("DevTools sends JSON");
            if message["id"] == id {
                assert!(message["error"].is_null(), "{method}: {message}");
                return message["result"].clone();
            }
        }
    }

    /// Evaluates `expression` in the page and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        result["result"]["value"].clone()
    }

    /// Opens `url` and waits until the page has loaded (its deferred
    /// scripts have run, and the scripts they inserted have been fetched).
    pub fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        let deadline = Instant::now() + WAIT;
        loop {
            let state = self.eval("location.href + ' ' + document.readyState");
            if state == format!("{url} complete") {
                break;
            }
            assert!(Instant::now() < deadline, "{url} did not load: {state}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The WebSocket path of the browser's page target.
fn page_socket_path(port: u16) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream
        .write_all(b"GET /json/list HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    // DevTools keeps the connection open: read exactly Content-Length.
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap();
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let body = String::from_utf8(body).unwrap();
    let targets: Vec<Value> = serde_json::from_str(&body).expect("target list");
    let url = targets
        .iter()
        .find(|t| t["type"] == "page")
        .and_then(|t| t["webSocketDebuggerUrl"].as_str())
        .expect("a page target");
    let after_host = url.split_once("://").unwrap().1;
    after_host[after_host.find('/').unwrap()..].to_string()
}

/// Opens the WebSocket: an HTTP upgrade, answered with 101.
fn handshake(port: u16, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.contains(" 101 "), "no WebSocket: {status}");
    loop {
        // One byte at a time through the buffer is fine: the headers end
        // before any frame arrives, since DevTools speaks only when asked.
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
    }
    assert!(reader.buffer().is_empty(), "frame data before a command");
    stream
}

/// One masked text frame (clients must mask; the key here is random
/// enough for a test).
fn write_frame(stream: &mut TcpStream, payload: &[u8]) {
    let mut frame = vec![0x81];
    match payload.len() {
        n if n < 126 => frame.push(0x80 | n as u8),
        n if n < 65536 => {
            frame.push(0x80 | 126);
            frame.extend((n as u16).to_be_bytes());
        }
        n => {
            frame.push(0x80 | 127);
            frame.extend((n as u64).to_be_bytes());
        }
    }
    let key = [0x12, 0x34, 0x56, 0x78];
    frame.extend(key);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
    stream.write_all(&frame).unwrap();
}

/// The next whole message (continuation frames joined).
fn read_message(stream: &mut TcpStream) -> Vec<u8> {
    let mut message = Vec::new();
    loop {
        let mut head = [0; 2];
        stream.read_exact(&mut head).expect("a frame from DevTools");
        let opcode = head[0] & 0x0f;
        assert_ne!(opcode, 8, "DevTools closed the connection");
        let len = match head[1] & 0x7f {
            126 => {
                let mut b = [0; 2];
                stream.read_exact(&mut b).unwrap();
                u16::from_be_bytes(b) as usize
            }
            127 => {
                let mut b = [0; 8];
                stream.read_exact(&mut b).unwrap();
                u64::from_be_bytes(b) as usize
            }
            n => n as usize,
        };
        let mut payload = vec![0; len];
        stream.read_exact(&mut payload).unwrap();
        message.extend(payload);
        if head[0] & 0x80 != 0 {
            return message;
        }
    }
}
