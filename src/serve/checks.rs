//! The two request headers the server judges itself, as pure functions:
//! `Host` against the addresses the server listens on ([`Hosts`]), and
//! `Range` against a body's length ([`range`]).

use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;

/// The `Host` values this server answers to.
///
/// A page on `http://evil.example/` can make its own name resolve to
/// 127.0.0.1 (DNS rebinding) and then read anything served on this port
/// as same-origin content: drafts included. Its requests still carry
/// `Host: evil.example:PORT`, which is what gives it away. Only names no
/// attacker can own pass: `localhost` and IP literals. IP literals are
/// safe because a page whose origin is an IP literal was served by that
/// address, so it cannot be someone else's page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hosts {
    /// The address bound; unspecified (`0.0.0.0`, `::`) means every
    /// interface, so every IP literal of this machine is fine.
    pub ip: IpAddr,
    pub port: u16,
}

impl Hosts {
    /// Whether `host` (a `Host` header or a request URI's authority)
    /// names this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_port(host) else {
            return false;
        };
        if port != self.port {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        match literal.parse::<IpAddr>() {
            // A bare IPv6 address would need brackets in a Host header.
            Ok(IpAddr::V6(_)) if literal == name => false,
            Ok(ip) => ip.is_loopback() || ip == self.ip || self.ip.is_unspecified(),
            Err(_) => false,
        }
    }
}

/// `name:port`, `[v6]:port`, or a name alone for port 80.
fn split_port(host: &str) -> Option<(&str, u16)> {
    if let Ok(addr) = host.parse::<SocketAddr>() {
        let name = &host[..host.rfind(':')?];
        return Some((name, addr.port()));
    }
    match host.rsplit_once(':') {
        // `[::1]` alone, or an IPv6 address without brackets.
        Some((name, _)) if host.ends_with(']') || name.contains(':') => Some((host, 80)),
        // `u16::from_str` would take a `+` sign, which Host does not.
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            Some((name, port.parse().ok()?))
        }
        Some(_) => None,
        None => Some((host, 80)),
    }
}

/// What a `Range` header asks of a body of some length.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Ranged {
    /// No range, or one the server ignores (several ranges, another
    /// unit, bad syntax): the whole body, 200.
    Whole,
    /// These bytes (inclusive), 206.
    Part(RangeInclusive<u64>),
    /// A range that starts past the end, 416.
    Unsatisfiable,
}

/// Reads `header` (`bytes=a-b`, `bytes=a-`, `bytes=-n`) for a body of
/// `len` bytes, as RFC 9110 section 14 says. Several ranges at once are
/// allowed to be answered with the whole body, which browsers accept;
/// media players ask for one range at a time.
pub(crate) fn range(header: Option<&str>, len: u64) -> Ranged {
    let Some(spec) = header.and_then(|h| {
        let (unit, spec) = h.trim().split_once('=')?;
        unit.trim()
            .eq_ignore_ascii_case("bytes")
            .then_some(spec.trim())
    }) else {
        return Ranged::Whole;
    };
    if spec.contains(',') {
        return Ranged::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Ranged::Whole;
    };
    let number = |text: &str| -> Option<u64> {
        let text = text.trim();
        // `u64::from_str` would take a `+` sign, which the grammar does not.
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    match (first.trim().is_empty(), number(first), number(last)) {
        // `-n`: the last n bytes.
        (true, _, Some(n)) if n > 0 && len > 0 => Ranged::Part(len.saturating_sub(n)..=len - 1),
        (true, _, Some(_)) => Ranged::Unsatisfiable,
        (false, Some(start), None) if last.trim().is_empty() => {
            if start < len {
                Ranged::Part(start..=len - 1)
            } else {
                Ranged::Unsatisfiable
            }
        }
        (false, Some(start), Some(end)) if start <= end => {
            if start < len {
                Ranged::Part(start..=end.min(len - 1))
            } else {
                Ranged::Unsatisfiable
            }
        }
        _ => Ranged::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(ip: &str, port: u16) -> Hosts {
        Hosts {
            ip: ip.parse().unwrap(),
            port,
        }
    }

    #[test]
    fn only_this_servers_own_names_pass() {
        let local = hosts("127.0.0.1", 1111);
        for ok in [
            "localhost:1111",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "localhost.:1111",
            "127.0.0.1.nip.io:1111",
            "localhost:2222",
            "localhost",
            "127.0.0.1",
            "192.168.1.20:1111",
            "::1:1111",
            "[::1]",
            "localhost:1111:1111",
            "localhost:+1111",
            "",
            ":1111",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        assert!(hosts("127.0.0.1", 80).allows("localhost"));
        assert!(hosts("127.0.0.1", 80).allows("[::1]"));
    }

    #[test]
    fn the_bound_address_passes_and_on_all_interfaces_any_ip_literal() {
        let lan = hosts("192.168.1.20", 8080);
        assert!(lan.allows("192.168.1.20:8080"));
        assert!(lan.allows("localhost:8080"));
        assert!(!lan.allows("192.168.1.21:8080"));
        let all = hosts("0.0.0.0", 8080);
        assert!(all.allows("192.168.1.20:8080"));
        assert!(all.allows("[fe80::1]:8080"));
        assert!(!all.allows("my-laptop.local:8080"));
        assert!(!all.allows("attacker.example:8080"));
    }

    #[test]
    fn ranges_follow_rfc_9110() {
        let r = |h: &str| range(Some(h), 100);
        assert_eq!(range(None, 100), Ranged::Whole);
        assert_eq!(r("bytes=0-9"), Ranged::Part(0..=9));
        assert_eq!(r("bytes=90-200"), Ranged::Part(90..=99));
        assert_eq!(r("bytes=50-"), Ranged::Part(50..=99));
        assert_eq!(r("bytes=-10"), Ranged::Part(90..=99));
        assert_eq!(r("bytes=-1000"), Ranged::Part(0..=99));
        assert_eq!(r("Bytes = 0-0"), Ranged::Part(0..=0));
        assert_eq!(r("bytes=100-"), Ranged::Unsatisfiable);
        assert_eq!(r("bytes=100-200"), Ranged::Unsatisfiable);
        assert_eq!(r("bytes=-0"), Ranged::Unsatisfiable);
        assert_eq!(range(Some("bytes=-5"), 0), Ranged::Unsatisfiable);
        for ignored in [
            "bytes=9-0",
            "bytes=0-1,5-6",
            "items=0-9",
            "bytes=",
            "bytes=-",
            "bytes=a-b",
            "bytes=+1-2",
            "bytes 0-9",
            "bytes=0-9-",
        ] {
            assert_eq!(r(ignored), Ranged::Whole, "{ignored}");
        }
    }
}
