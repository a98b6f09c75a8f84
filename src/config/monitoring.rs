//! `[metrics]`: where `/metrics` and `/healthz` are served, if anywhere. The endpoint has no
//! authentication, so it listens on this machine only unless the operator says otherwise.

use super::LoadSettingsError;
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// `host:port` to serve on, e.g. `127.0.0.1:9464`; empty serves nothing.
    pub listen: String,
    /// Allows a `listen` address other than loopback (e.g. `0.0.0.0:9464` in a container whose
    /// port is published only to the monitoring network).
    pub allow_remote: bool,
}

impl MetricsSettings {
    /// The address to listen on, `None` when metrics are off; an error for an address that does not
    /// parse, or that is not loopback without `allow_remote`.
    pub fn address(&self) -> Result<Option<SocketAddr>, LoadSettingsError> {
        let listen = self.listen.trim();
        if listen.is_empty() {
            return Ok(None);
        }
        let address: SocketAddr = listen.parse().map_err(|_| {
            LoadSettingsError::Invalid(format!(
                "metrics.listen `{listen}` is not an IP address and port, e.g. 127.0.0.1:9464 or [::1]:9464"
            ))
        })?;
        if !address.ip().is_loopback() && !self.allow_remote {
            return Err(LoadSettingsError::Invalid(format!(
                "metrics.listen `{listen}` is reachable from other machines, and /metrics has no \
                 authentication: use 127.0.0.1, or set metrics.allow_remote = true if a firewall or \
                 container network keeps it private"
            )));
        }
        Ok(Some(address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(listen: &str, allow_remote: bool) -> MetricsSettings {
        MetricsSettings {
            listen: listen.into(),
            allow_remote,
        }
    }

    #[test]
    fn empty_is_off_and_loopback_is_served() {
        assert_eq!(settings("", false).address().unwrap(), None);
        assert_eq!(
            settings("127.0.0.1:9464", false).address().unwrap(),
            Some("127.0.0.1:9464".parse().unwrap())
        );
        assert!(settings("[::1]:9464", false).address().unwrap().is_some());
    }

    #[test]
    fn other_addresses_need_allow_remote_and_nonsense_is_refused() {
        let refused = settings("0.0.0.0:9464", false).address().unwrap_err();
        assert!(refused.to_string().contains("allow_remote"), "{refused}");
        assert!(settings("0.0.0.0:9464", true).address().unwrap().is_some());
        for bad in ["localhost:9464", "127.0.0.1", "9464", "127.0.0.1:http"] {
            let error = settings(bad, false).address().unwrap_err().to_string();
            assert!(error.contains("metrics.listen"), "{bad}: {error}");
        }
    }
}
