//! Guarded fetching, for every URL a guild or a remote server chose (feeds): such a URL must not
//! make the bot reach what only it can reach — loopback, the private networks around it, a cloud
//! metadata service at 169.254.169.254. An address is checked three times:
//!
//! - when the URL is added (`check_url_resolving`): its host is resolved and every address checked,
//!   so a moderator hears at once why a feed cannot be followed;
//! - when connecting (`GuardedResolver`): reqwest asks this resolver, which refuses a name whose
//!   addresses include a blocked one, so a name that changes what it points to after it was added
//!   (DNS rebinding) gains nothing; a URL whose host is an address literal does not go through a
//!   resolver, so `GuardedClient::get` checks it before any request is made;
//! - on every redirect (`redirect_policy`): each hop's URL is checked the same way, at most
//!   `MAX_REDIRECTS` of them.
//!
//! The `url` crate (which reqwest uses) parses hosts as browsers do, so `0x7f000001`, `2130706433`,
//! `0177.0.0.1`, `127.1` and `127.0.0.1.` all arrive here as the address 127.0.0.1, and
//! `[::ffff:7f00:1]` as an IPv6 address whose IPv4 form is checked too. `localhost` and names under
//! `.localhost` are refused by name (RFC 6761), without asking DNS.

mod ranges;

pub use ranges::{classify, Blocked};

use super::{builder, ClientSpec, MAX_REDIRECTS};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// How long the add-time check waits for DNS; a name that does not resolve by then is checked
/// again when connecting.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(3);

/// Which addresses a guarded fetch may reach.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    /// `sources.rss.allow_private_addresses`: every address allowed (a private deployment whose
    /// feeds live on the local network, or tests whose fakes listen on 127.0.0.1).
    allow_private: bool,
    /// Socket addresses treated as public: only for tests, whose fakes all listen on loopback and
    /// must stand for a public server while another loopback port stays refused. Never set from
    /// configuration.
    public_for_tests: Vec<SocketAddr>,
}

/// A URL the policy will not fetch, with the reason in words fit for a moderator or a log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{host} is {what}, which feeds may not reach")]
pub struct Refused {
    /// The host as written in the URL (normalised), with the address it resolved to if it is a name.
    pub host: String,
    pub what: Blocked,
}

impl AddressPolicy {
    /// Blocked addresses refused: the default.
    pub fn strict() -> Self {
        Self::default()
    }

    /// Private addresses allowed when `allow` (`sources.rss.allow_private_addresses`).
    pub fn allowing_private(allow: bool) -> Self {
        Self {
            allow_private: allow,
            public_for_tests: Vec::new(),
        }
    }

    /// Treats one socket address as public. For tests only (the fakes all listen on loopback): the
    /// rest of loopback, including other ports of the same address, stays refused.
    pub fn treating_as_public_for_tests(mut self, address: SocketAddr) -> Self {
        self.public_for_tests.push(address);
        self
    }

    pub fn allows_private(&self) -> bool {
        self.allow_private
    }

    /// Checks one address; `port` is known for URLs, not for names being resolved.
    pub fn check_ip(&self, ip: IpAddr, port: Option<u16>) -> Result<(), Blocked> {
        if self.allow_private {
            return Ok(());
        }
        if port.is_some_and(|port| self.public_for_tests.contains(&SocketAddr::new(ip, port))) {
            return Ok(());
        }
        classify(ip).map_or(Ok(()), Err)
    }

    /// Checks what can be checked without DNS: an address literal, or a name that is loopback by
    /// definition. Other names pass; the resolver checks them when connecting.
    pub fn check_url(&self, url: &Url) -> Result<(), Refused> {
        if self.allow_private {
            return Ok(());
        }
        let port = url.port_or_known_default();
        let ip = match url.host() {
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
            Some(url::Host::Domain(name)) => return check_name(name),
            None => return Ok(()),
        };
        self.check_ip(ip, port).map_err(|what| Refused {
            host: url.host_str().unwrap_or_default().to_owned(),
            what,
        })
    }

    /// `check_url`, then the host's addresses from DNS, each checked. For add time: a name that
    /// does not resolve (yet, or from here) passes, since the resolver checks it again whenever
    /// the feed is fetched; so does a text that is not a URL, which the caller has refused already.
    pub async fn check_url_resolving(&self, url: &str) -> Result<(), Refused> {
        let Ok(url) = Url::parse(url) else {
            return Ok(());
        };
        self.check_url(&url)?;
        if self.allow_private {
            return Ok(());
        }
        let Some(url::Host::Domain(name)) = url.host() else {
            return Ok(());
        };
        let port = url.port_or_known_default().unwrap_or(80);
        let lookup = tokio::net::lookup_host((name, port));
        let resolved = tokio::time::timeout(RESOLVE_TIMEOUT, lookup).await;
        match resolved {
            Ok(Ok(addresses)) => {
                let addresses: Vec<SocketAddr> = addresses.collect();
                check_addresses(self, name, &addresses)
            }
            Ok(Err(error)) => {
                tracing::info!(host = name, %error, "a feed's host does not resolve now; it is checked again when fetched");
                Ok(())
            }
            Err(_) => {
                tracing::info!(
                    host = name,
                    "resolving a feed's host timed out; it is checked again when fetched"
                );
                Ok(())
            }
        }
    }
}

/// Every address a name resolved to, checked without a port: the exemption for tests is for
/// address literals only.
fn check_addresses(
    policy: &AddressPolicy,
    host: &str,
    addresses: &[SocketAddr],
) -> Result<(), Refused> {
    addresses.iter().try_for_each(|address| {
        policy.check_ip(address.ip(), None).map_err(|what| Refused {
            host: format!("{host} ({})", address.ip()),
            what,
        })
    })
}

/// `localhost`, `*.localhost` (with or without the root's trailing dot): loopback by definition.
fn check_name(name: &str) -> Result<(), Refused> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return Err(Refused {
            host: name,
            what: Blocked::Loopback,
        });
    }
    Ok(())
}

/// Why a base URL the operator configured cannot be trusted with a token: `http://` or `ws://` to
/// anywhere but this machine. `None` when it is fine, empty, or not a URL (reported elsewhere).
pub fn untrusted_base(value: &str) -> Option<&'static str> {
    let url = Url::parse(value.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "ws") {
        return None;
    }
    let loopback = match url.host()? {
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => classify(IpAddr::V6(ip)) == Some(Blocked::Loopback),
        url::Host::Domain(name) => check_name(name).is_err(),
    };
    (!loopback).then_some(
        "must be an https:// (or wss://) URL: plain http:// and ws:// are allowed only for this machine (127.0.0.1, ::1, localhost)",
    )
}

/// A client for URLs from guilds and remote payloads: every address it reaches passes `policy`.
#[derive(Debug, Clone)]
pub struct GuardedClient {
    client: reqwest::Client,
    policy: Arc<AddressPolicy>,
}

impl GuardedClient {
    pub fn new(spec: &ClientSpec, policy: AddressPolicy) -> reqwest::Result<Self> {
        let policy = Arc::new(policy);
        let mut builder = builder(spec).redirect(redirect_policy(Arc::clone(&policy)));
        if !policy.allows_private() {
            builder = builder
                .dns_resolver(Arc::new(GuardedResolver(Arc::clone(&policy))))
                // A proxy would resolve the name itself, out of the resolver's sight.
                .no_proxy();
        }
        Ok(Self {
            client: builder.build()?,
            policy,
        })
    }

    pub fn policy(&self) -> &AddressPolicy {
        &self.policy
    }

    /// A GET of `url`, refused before anything is sent when its host is a blocked address literal.
    pub fn get(&self, url: &str) -> Result<reqwest::RequestBuilder, Refused> {
        if let Ok(parsed) = Url::parse(url) {
            self.policy.check_url(&parsed)?;
        }
        // A URL that does not parse is left to reqwest, whose request then fails without sending.
        Ok(self.client.get(url))
    }
}

/// Follows at most `MAX_REDIRECTS` redirects, each to a URL the policy allows.
fn redirect_policy(policy: Arc<AddressPolicy>) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(TooManyRedirects);
        }
        match policy.check_url(attempt.url()) {
            Ok(()) => attempt.follow(),
            Err(refused) => attempt.error(refused),
        }
    })
}

#[derive(Debug, thiserror::Error)]
#[error("more than {MAX_REDIRECTS} redirects")]
struct TooManyRedirects;

/// Resolves with the system resolver, then refuses the name if any of its addresses is blocked: a
/// name that answers with one public and one private address could otherwise be connected to the
/// private one.
struct GuardedResolver(Arc<AddressPolicy>);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = Arc::clone(&self.0);
        Box::pin(async move {
            let host = name.as_str().to_owned();
            check_name(&host)?;
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            check_addresses(&policy, &host, &addresses)?;
            let addrs: Addrs = Box::new(addresses.into_iter());
            Ok(addrs)
        })
    }
}

/// The guard's refusal, if that is what stopped a request (reqwest wraps it in its own errors).
pub fn refusal_in(error: &reqwest::Error) -> Option<&Refused> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(refused) = current.downcast_ref::<Refused>() {
            return Some(refused);
        }
        cause = current.source();
    }
    None
}

#[cfg(test)]
mod tests;
