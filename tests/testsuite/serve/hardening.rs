//! `kiez serve` against clients that are not a well-behaved browser: a
//! page on another name reaching the port (DNS rebinding), hundreds of
//! connections that stall mid-request, requests with odd lengths; and
//! byte ranges, which video on iPhones needs.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::client::{send, Reply, Server};
use super::site_with_article;

impl Server {
    /// GET `target` with `headers` (each ending in CRLF) added.
    fn get_with(&self, target: &str, headers: &str) -> Reply {
        send(
            self.addr,
            &format!(
                "GET {target} HTTP/1.1\r\nHost: {}\r\n{headers}Connection: close\r\n\r\n",
                self.addr
            ),
        )
    }
}

#[test]
fn a_rebinding_host_is_refused_and_the_servers_own_names_are_served() {
    let site = site_with_article();
    let server = Server::start(&site);
    let port = server.addr.port();
    let with_host = |host: &str, target: &str| {
        send(
            server.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = with_host(&host, "/articles/a/");
        assert_eq!(reply.status, 200, "{host}");
        assert!(reply.text().contains("Hoffest"), "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        "localhost:1".to_string(),
        "evil.example".to_string(),
    ] {
        for target in ["/articles/a/", "/__kiez/events?build=x", "/nope"] {
            let reply = with_host(&host, target);
            assert_eq!(reply.status, 403, "{host} {target}");
            assert!(!reply.text().contains("Hoffest"), "{host} {target}");
        }
    }
    // A proxy-style absolute target names the host too.
    let absolute = send(
        server.addr,
        &format!(
            "GET http://evil.example:{port}/articles/a/ HTTP/1.1\r\nHost: {}\r\n\
             Connection: close\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(absolute.status, 403);
    let no_host = send(server.addr, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(no_host.status, 400);
}

#[test]
fn conflicting_repeated_or_any_request_lengths_are_refused() {
    let site = site_with_article();
    let server = Server::start(&site);
    for (headers, body) in [
        ("Content-Length: 0\r\nContent-Length: 5\r\n", ""),
        ("Content-Length: 5\r\nContent-Length: 0\r\n", "12345"),
        ("Content-Length: 3\r\nContent-Length: 3\r\n", "abc"),
        ("Content-Length: 1, 2\r\n", "ab"),
        ("Content-Length: -1\r\n", ""),
        ("Content-Length: 4\r\n", "abcd"),
        (
            "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n",
            "0\r\n\r\n",
        ),
        ("Transfer-Encoding: chunked\r\n", "0\r\n\r\n"),
    ] {
        let raw = format!(
            "GET /articles/a/ HTTP/1.1\r\nHost: {}\r\n{headers}Connection: close\r\n\r\n{body}",
            server.addr
        );
        let reply = send(server.addr, &raw);
        assert_eq!(reply.status, 400, "{headers:?}");
        assert!(!reply.text().contains("Hoffest"), "{headers:?}");
    }
    // An empty body, stated, is still fine.
    assert_eq!(
        server
            .get_with("/articles/a/", "Content-Length: 0\r\n")
            .status,
        200
    );
}

#[test]
fn byte_ranges_are_served_from_memory_and_from_disk() {
    let site = site_with_article();
    let video: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    site.bytes("static/clip.mp4", &video);
    let server = Server::start(&site);
    let css = server.get("/kiez.css").body;
    assert!(css.len() > 100);
    let full = server.get("/clip.mp4");
    assert_eq!(full.status, 200);
    assert_eq!(full.header("Accept-Ranges").as_deref(), Some("bytes"));
    assert_eq!(full.header("Content-Type").as_deref(), Some("video/mp4"));
    assert_eq!(full.body, video);

    for (target, file) in [("/clip.mp4", &video), ("/kiez.css", &css)] {
        let len = file.len();
        for (range, from, to) in [
            ("bytes=0-1", 0, 1),
            ("bytes=10-99", 10, 99),
            ("bytes=50-", 50, len - 1),
            ("bytes=-30", len - 30, len - 1),
            (&format!("bytes=90-{}", len * 2), 90, len - 1),
        ] {
            let reply = server.get_with(target, &format!("Range: {range}\r\n"));
            assert_eq!(reply.status, 206, "{target} {range}");
            assert_eq!(
                reply.header("Content-Range"),
                Some(format!("bytes {from}-{to}/{len}")),
                "{target} {range}"
            );
            assert_eq!(
                reply.header("Content-Length"),
                Some((to + 1 - from).to_string())
            );
            assert_eq!(reply.body, file[from..=to], "{target} {range}");
        }
        for range in [format!("bytes={len}-"), "bytes=-0".to_string()] {
            let reply = server.get_with(target, &format!("Range: {range}\r\n"));
            assert_eq!(reply.status, 416, "{target} {range}");
            assert_eq!(
                reply.header("Content-Range"),
                Some(format!("bytes */{len}"))
            );
        }
        // Several ranges at once may be answered with the whole file.
        let reply = server.get_with(target, "Range: bytes=0-1,5-6\r\n");
        assert_eq!((reply.status, reply.body.len()), (200, len));
    }
}

/// 500 connections that stop halfway through a request (or never send a
/// byte) take no request's turn, and are closed at the header deadline;
/// so is one that keeps sending a byte at a time.
#[test]
fn stalled_clients_neither_delay_others_nor_stay_open() {
    let site = site_with_article();
    let server = Server::start(&site);
    let stalled: Vec<TcpStream> = (0..500)
        .map(|i| {
            let mut stream = TcpStream::connect(server.addr).unwrap();
            if i % 10 != 0 {
                stream.write_all(b"GET /articles/a/ HTT").unwrap();
            }
            stream
        })
        .collect();
    let mut trickle = TcpStream::connect(server.addr).unwrap();
    write!(
        trickle,
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ",
        server.addr
    )
    .unwrap();
    let started = Instant::now();

    let before = Instant::now();
    let reply = server.get("/articles/a/");
    let took = before.elapsed();
    assert_eq!(reply.status, 200);
    eprintln!("a request among 500 stalled connections took {took:?}");
    assert!(took < Duration::from_secs(1), "took {took:?}");

    // The deadline is 10 s; give a loaded machine 10 s more.
    let limit = Duration::from_secs(20);
    while trickle.write_all(b"a").is_ok() {
        assert!(
            started.elapsed() < limit,
            "a trickling client was never cut off"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    for mut stream in stalled {
        let left = limit.saturating_sub(started.elapsed());
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .unwrap();
        let mut rest = Vec::new();
        match stream.read_to_end(&mut rest) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
            Err(e) => panic!("a stalled connection stayed open: {e}"),
        }
    }
    assert_eq!(server.get("/articles/a/").status, 200);
}
