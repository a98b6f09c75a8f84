//! Mastodon access tokens: which instance each one may be sent to. A token is a credential for one
//! server; sending it to another hands that server the account.

use super::{LoadSettingsError, MastodonSettings};
use secrecy::SecretString;

impl MastodonSettings {
    /// The token for one configured instance URL, if any.
    pub fn token_for(&self, instance: &str) -> Option<SecretString> {
        let host = instance_host(instance)?;
        if let Some(token) = self.access_tokens.get(&host) {
            return Some(token.clone());
        }
        self.access_token
            .clone()
            .filter(|_| self.instances.len() == 1)
    }

    /// Every token has exactly one instance to go to.
    pub(super) fn check_tokens(&self) -> Result<(), LoadSettingsError> {
        let invalid = |reason: String| Err(LoadSettingsError::Invalid(reason));
        if self.access_token.is_some() && self.instances.len() > 1 {
            return invalid(format!(
                "sources.mastodon.access_token is refused with {} instances: it would go to every \
                 one of them; give each its own in sources.mastodon.access_tokens = {{ \"host\" = \"…\" }}",
                self.instances.len()
            ));
        }
        let hosts: Vec<String> = self
            .instances
            .iter()
            .filter_map(|i| instance_host(i))
            .collect();
        for host in self.access_tokens.keys() {
            if !hosts.contains(host) {
                return invalid(format!(
                    "sources.mastodon.access_tokens names `{host}`, which is not the host of any \
                     instance in sources.mastodon.instances"
                ));
            }
            if self.access_token.is_some() {
                return invalid(
                    "sources.mastodon.access_token and access_tokens are both set: keep one".into(),
                );
            }
        }
        Ok(())
    }
}

/// `host` or `host:port` of an instance URL, lower-cased, as `MastodonSource` names it.
fn instance_host(instance: &str) -> Option<String> {
    let url = reqwest::Url::parse(instance.trim()).ok()?;
    let host = url.host_str()?.to_owned();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}
