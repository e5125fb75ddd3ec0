//! Who the client really is behind a reverse proxy: the address the throttles count and the
//! audit log records.
//!
//! `X-Forwarded-For` is written by whoever sends the request, so it is believed only as far as
//! it was written by a proxy we trust (`--trusted-proxy`). Each trusted proxy appends the
//! address it received the request from; reading the list from the right, the first address
//! that is not itself a trusted proxy is the client. Anything further left was sent by the
//! client and proves nothing.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// An address or a CIDR range (`10.0.0.0/8`, `2001:db8::/32`, `127.0.0.1`) whose requests'
/// `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(network), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(network) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(network) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for IpRange {
    type Err = String;

    fn from_str(text: &str) -> Result<IpRange, String> {
        let text = text.trim();
        let refuse = || format!("« {text} » n'est ni une adresse IP ni une plage CIDR (ex. 10.0.0.0/8)");
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network = IpAddr::from_str(address).map_err(|_| refuse())?.to_canonical();
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().ok().filter(|p| *p <= bits).ok_or_else(refuse)?,
            None => bits,
        };
        Ok(IpRange { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// One entry of `X-Forwarded-For`: an address, sometimes with a port (`[2001:db8::1]:443`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim().trim_matches('"');
    IpAddr::from_str(entry)
        .or_else(|_| SocketAddr::from_str(entry).map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The client's address: the peer's, unless the peer is a trusted proxy, in which case the
/// right-most `X-Forwarded-For` address that is not a trusted proxy. `forwarded_for` holds the
/// header's values in the order received. When every address is a trusted proxy, or an entry
/// cannot be read, the last trusted address reached stands for the client: it is what we know.
/// `None` only when the peer is unknown.
pub fn client_ip<'a>(
    peer: Option<IpAddr>, forwarded_for: impl IntoIterator<Item = &'a str>, trusted: &[IpRange],
) -> Option<IpAddr> {
    let mut client = peer?.to_canonical();
    let is_trusted = |ip: IpAddr| trusted.iter().any(|range| range.contains(ip));
    if !is_trusted(client) {
        return Some(client);
    }
    let entries: Vec<&str> = forwarded_for.into_iter().flat_map(|value| value.split(',')).collect();
    for entry in entries.into_iter().rev() {
        let Some(ip) = parse_entry(entry) else {
            break;
        };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    Some(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    fn ranges(list: &[&str]) -> Vec<IpRange> {
        list.iter().map(|r| r.parse().unwrap()).collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(client_ip(ip("203.0.113.7"), ["198.51.100.1"], &[]), ip("203.0.113.7"));
        assert_eq!(client_ip(None, ["198.51.100.1"], &[]), None);
    }

    #[test]
    fn an_untrusted_peer_cannot_choose_its_address() {
        let trusted = ranges(&["10.0.0.0/8"]);
        assert_eq!(
            client_ip(ip("203.0.113.7"), ["198.51.100.1"], &trusted),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn the_right_most_untrusted_address_is_the_client() {
        let trusted = ranges(&["127.0.0.1", "10.0.0.0/8"]);
        // The client forged the first entry; nginx appended the real one.
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["6.6.6.6, 203.0.113.7"], &trusted),
            ip("203.0.113.7")
        );
        // Two proxies in a row, the header over two lines.
        assert_eq!(
            client_ip(ip("10.0.0.2"), ["6.6.6.6", "203.0.113.7, 10.0.0.1"], &trusted),
            ip("203.0.113.7")
        );
        // Ports and IPv6 as some proxies write them.
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["[2001:db8::5]:4431"], &trusted),
            ip("2001:db8::5")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["203.0.113.7:80"], &trusted),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn without_a_readable_client_the_last_trusted_hop_stands_for_it() {
        let trusted = ranges(&["127.0.0.1", "10.0.0.0/8"]);
        assert_eq!(client_ip(ip("127.0.0.1"), [], &trusted), ip("127.0.0.1"));
        assert_eq!(client_ip(ip("127.0.0.1"), ["10.0.0.1"], &trusted), ip("10.0.0.1"));
        assert_eq!(
            client_ip(ip("127.0.0.1"), ["203.0.113.7, unknown, 10.0.0.1"], &trusted),
            ip("10.0.0.1")
        );
        assert_eq!(client_ip(ip("127.0.0.1"), [""], &trusted), ip("127.0.0.1"));
    }

    #[test]
    fn ranges_match_their_addresses_only() {
        let range: IpRange = "10.1.0.0/16".parse().unwrap();
        assert!(range.contains("10.1.200.3".parse().unwrap()));
        assert!(!range.contains("10.2.0.1".parse().unwrap()));
        assert!(range.contains("::ffff:10.1.0.9".parse().unwrap()));
        let all: IpRange = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("192.0.2.1".parse().unwrap()));
        assert!(!all.contains("2001:db8::1".parse().unwrap()));
        let v6: IpRange = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains("2001:db8:ffff::1".parse().unwrap()));
        assert!(!v6.contains("2001:db9::1".parse().unwrap()));
        let one: IpRange = "::1".parse().unwrap();
        assert!(one.contains("::1".parse().unwrap()));
        assert_eq!(one.to_string(), "::1/128");
        for bad in ["", "10.0.0.0/33", "abc", "10.0.0.0/", "::/129", "10.0.0.0/-1"] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad}");
        }
    }
}
