//! Which IP addresses a guarded fetch refuses, after the IANA special-purpose registries: every
//! range that is not a public unicast destination on the internet. An IPv6 address that carries an
//! IPv4 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`,
//! 6to4 `2002:aabb:ccdd::`) is judged by the IPv4 address it would reach.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// 127.0.0.0/8, ::1, and `localhost`.
    Loopback,
    /// RFC 1918: 10/8, 172.16/12, 192.168/16.
    PrivateNetwork,
    /// 169.254/16 (where cloud metadata services answer), fe80::/10.
    LinkLocal,
    /// 100.64/10, carrier-grade NAT (RFC 6598).
    SharedAddressSpace,
    /// fc00::/7 (and the deprecated site-local fec0::/10).
    UniqueLocal,
    /// 0.0.0.0/8, `::`: "this host" or "this network".
    Unspecified,
    /// 224/4, ff00::/8.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20 (RFC 5737, 3849, 9637).
    Documentation,
    /// 198.18/15, 2001:2::/48 (RFC 2544, 5180).
    Benchmarking,
    /// Set aside for protocols or the future: 192.0.0/24, 192.88.99/24, 240/4, 100::/64,
    /// 2001::/23, 64:ff9b:1::/48.
    Reserved,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Blocked::Loopback => "a loopback address (this machine)",
            Blocked::PrivateNetwork => "a private network address",
            Blocked::LinkLocal => "a link-local address (such as a cloud metadata service)",
            Blocked::SharedAddressSpace => "a carrier-grade NAT address",
            Blocked::UniqueLocal => "a unique-local (private) IPv6 address",
            Blocked::Unspecified => "an unspecified address",
            Blocked::Multicast => "a multicast address",
            Blocked::Broadcast => "the broadcast address",
            Blocked::Documentation => "a documentation address",
            Blocked::Benchmarking => "a benchmarking address",
            Blocked::Reserved => "a reserved address",
        })
    }
}

/// `None` for a public unicast address; otherwise why it is refused.
pub fn classify(ip: IpAddr) -> Option<Blocked> {
    match ip {
        IpAddr::V4(ip) => classify_v4(ip),
        IpAddr::V6(ip) => classify_v6(ip),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<Blocked> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, _, _) => Blocked::Unspecified,
        (10, _, _) => Blocked::PrivateNetwork,
        (100, 64..=127, _) => Blocked::SharedAddressSpace,
        (127, _, _) => Blocked::Loopback,
        (169, 254, _) => Blocked::LinkLocal,
        (172, 16..=31, _) => Blocked::PrivateNetwork,
        (192, 0, 0) | (192, 88, 99) => Blocked::Reserved,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => Blocked::Documentation,
        (192, 168, _) => Blocked::PrivateNetwork,
        (198, 18..=19, _) => Blocked::Benchmarking,
        (224..=239, _, _) => Blocked::Multicast,
        _ if ip == Ipv4Addr::BROADCAST => Blocked::Broadcast,
        (240..=255, _, _) => Blocked::Reserved,
        _ => return None,
    })
}

fn classify_v6(ip: Ipv6Addr) -> Option<Blocked> {
    if ip.is_unspecified() {
        return Some(Blocked::Unspecified);
    }
    if ip.is_loopback() {
        return Some(Blocked::Loopback);
    }
    if let Some(v4) = embedded_v4(ip) {
        // What it would reach is the IPv4 address inside, so that decides.
        return classify_v4(v4);
    }
    let s = ip.segments();
    Some(match s[0] {
        0x0100 if s[1..4] == [0, 0, 0] => Blocked::Reserved,
        0x0064 if s[1] == 0xff9b && s[2] == 1 => Blocked::Reserved,
        0x2001 if s[1] == 0x0db8 => Blocked::Documentation,
        0x2001 if s[1] == 0x0002 && s[2] == 0 => Blocked::Benchmarking,
        0x2001 if s[1] < 0x0200 => Blocked::Reserved,
        0x3fff if s[1] < 0x1000 => Blocked::Documentation,
        x if x & 0xfe00 == 0xfc00 => Blocked::UniqueLocal,
        x if x & 0xffc0 == 0xfe80 => Blocked::LinkLocal,
        x if x & 0xffc0 == 0xfec0 => Blocked::UniqueLocal,
        x if x & 0xff00 == 0xff00 => Blocked::Multicast,
        // The rest of ::/8 (beyond the forms handled above) is reserved by the IETF.
        0 => Blocked::Reserved,
        _ => return None,
    })
}

/// The IPv4 address an IPv6 one stands for: IPv4-mapped (`::ffff:0:0/96`), IPv4-compatible
/// (`::/96`, deprecated), NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff | 0, hi, lo] => Some(low(hi, lo)),
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(low(hi, lo)),
        [0x2002, hi, lo, ..] => Some(low(hi, lo)),
        _ => None,
    }
}
