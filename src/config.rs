//! Typed settings, layered: the compiled-in `config/default.toml`, then each `--config FILE` in order,
//! then `ROUNDS__SECTION__KEY` environment variables, then `DISCORD_TOKEN`.

use crate::domain::questions::AuthorKey;
use crate::domain::{ConfigDuration, DigestTime, TimeZone};
use secrecy::SecretString;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use lexicons::LexiconsSettings;
pub use monitoring::MetricsSettings;

/// The defaults, documented key by key in the file itself.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

const ENV_PREFIX: &str = "ROUNDS__";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub discord: DiscordSettings,
    pub sources: SourcesSettings,
    pub metadata: MetadataSettings,
    pub digest: DigestSettings,
    pub alerts: AlertsSettings,
    pub questions: QuestionsSettings,
    pub summary: SummarySettings,
    pub retention: RetentionSettings,
    pub throttle: ThrottleSettings,
    pub log: LogSettings,
    pub metrics: MetricsSettings,
    pub lexicons: LexiconsSettings,
}

/// How long collected posts are kept.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSettings {
    /// Posts created longer ago than this many days are pruned daily (with everything that
    /// belongs to them); 0 keeps them forever.
    pub posts_days: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordSettings {
    pub api_base: String,
    #[serde(deserialize_with = "optional_snowflake")]
    pub guild_id: Option<u64>,
    #[serde(deserialize_with = "optional_secret")]
    pub token: Option<SecretString>,
    /// The pace of the bot's bulk senders (digests, reminders), in requests per second.
    #[serde(deserialize_with = "requests_per_second")]
    pub requests_per_second: u32,
    /// The only guilds the bot serves; empty serves every guild (with a warning at start).
    pub allowed_guilds: Vec<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesSettings {
    pub mastodon: MastodonSettings,
    pub bluesky: BlueskySettings,
    pub x: XSettings,
    pub rss: RssSettings,
    pub refresh: RefreshSettings,
}

/// The refresh stage: recent posts read again for their counts and deletions (issue #15).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshSettings {
    pub enabled: bool,
    /// Posts created longer ago than this are no longer read again.
    pub max_age: ConfigDuration,
    /// The time between two passes (each service's pass is bounded; see `sources::refresh`).
    pub interval: ConfigDuration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MastodonSettings {
    pub enabled: bool,
    pub instances: Vec<String>,
    pub poll_interval: ConfigDuration,
    /// One token for the only configured instance; refused at load when there are several, so a
    /// token is never sent to a server it was not issued by.
    #[serde(deserialize_with = "optional_secret")]
    pub access_token: Option<SecretString>,
    /// Tokens by instance host (`host` or `host:port`, as in the instance URL); each goes only to
    /// its own instance.
    #[serde(deserialize_with = "secret_map")]
    pub access_tokens: BTreeMap<String, SecretString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlueskySettings {
    pub enabled: bool,
    pub jetstream_url: String,
    pub appview_url: String,
    /// The public AppView (no login), for reading posts and profiles again.
    pub public_appview_url: String,
    pub handle: String,
    #[serde(deserialize_with = "optional_secret")]
    pub app_password: Option<SecretString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XSettings {
    pub enabled: bool,
    pub api_base: String,
    #[serde(deserialize_with = "optional_secret")]
    pub bearer_token: Option<SecretString>,
    pub poll_interval: ConfigDuration,
    /// Whether the refresh stage reads X posts again (every post read is billed).
    pub refresh: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RssSettings {
    pub enabled: bool,
    pub poll_interval: ConfigDuration,
    /// Whether feeds may reach loopback, private and link-local addresses (off: guarded fetching).
    pub allow_private_addresses: bool,
    /// Posts taken from one feed in one poll, the newest; at least 1.
    #[serde(deserialize_with = "max_items_per_poll")]
    pub max_items_per_poll: usize,
    /// New feed posts stored per guild per UTC day, all its feeds together.
    pub max_new_posts_per_guild_per_day: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataSettings {
    pub crossref_base: String,
    pub eutils_base: String,
    pub mailto: String,
    #[serde(deserialize_with = "optional_secret")]
    pub ncbi_api_key: Option<SecretString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigestSettings {
    #[serde(deserialize_with = "digest_time")]
    pub time: DigestTime,
    #[serde(deserialize_with = "time_zone")]
    pub timezone: TimeZone,
    pub window: ConfigDuration,
}

/// Surge alerts: how often guilds are checked and how long a topic stays quiet once announced.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsSettings {
    pub check_every: ConfigDuration,
    pub cooldown: ConfigDuration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionsSettings {
    pub retention_days: u32,
    pub capture_channels: Vec<u64>,
    #[serde(deserialize_with = "optional_author_key")]
    pub author_key: Option<AuthorKey>,
    /// How long `/ask` shows its preview before discarding an unconfirmed question.
    pub confirm_timeout: ConfigDuration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummarySettings {
    /// Authors never shown in summaries or voices: handles or profile URLs.
    #[serde(default)]
    pub excluded_authors: Vec<String>,
    pub llm: LlmSettings,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmSettings {
    pub enabled: bool,
    pub endpoint: String,
    pub model: String,
    #[serde(default, deserialize_with = "optional_secret")]
    pub api_key: Option<SecretString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub level: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadSettingsError {
    #[error("failed to read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `detail` names the line and column but never quotes the line, which may hold a secret.
    #[error("config file {path} is not valid TOML: {detail}")]
    Parse { path: PathBuf, detail: String },
    #[error("environment variable {name} does not name a setting: {reason}")]
    Env { name: String, reason: String },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Settings {
    /// Loads the layered configuration from the files given and the process environment.
    pub fn load(files: &[PathBuf]) -> Result<Self, LoadSettingsError> {
        Self::load_from(files, std::env::vars())
    }

    /// Loads from the given files and environment; the environment is a parameter so tests can pass
    /// their own.
    pub fn load_from(
        files: &[PathBuf],
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, LoadSettingsError> {
        let mut merged: toml::Table = DEFAULT_TOML
            .parse()
            .expect("the compiled-in default.toml is valid TOML");
        for path in files {
            merge(&mut merged, read_file(path)?);
        }
        let mut discord_token = None;
        for (name, value) in env {
            if name == "DISCORD_TOKEN" {
                discord_token = Some(value);
            } else if let Some(rest) = name.strip_prefix(ENV_PREFIX) {
                set_from_env(&mut merged, &name, rest, &value)?;
            }
        }
        if let Some(token) = discord_token {
            set_path(
                &mut merged,
                &["discord", "token"],
                toml::Value::String(token),
            );
        }
        let settings = toml::Value::Table(merged)
            .try_into::<Settings>()
            .map_err(|e| LoadSettingsError::Invalid(e.to_string().trim().to_owned()))?;
        settings.check_trusted_bases()?;
        settings.sources.mastodon.check_tokens()?;
        settings.metrics.address()?;
        settings.throttle.check()?;
        Ok(settings)
    }

    /// The bases the operator configured are trusted, and some carry a token (Discord, Mastodon,
    /// X, the LLM): each must be `https://` (`wss://` for Jetstream) unless it is this machine,
    /// where tests and local proxies live. The value is not quoted: some services take their key
    /// in the URL.
    fn check_trusted_bases(&self) -> Result<(), LoadSettingsError> {
        let sources = &self.sources;
        let mut bases: Vec<(String, &str)> = vec![
            ("discord.api_base".into(), &self.discord.api_base),
            (
                "sources.bluesky.jetstream_url".into(),
                &sources.bluesky.jetstream_url,
            ),
            (
                "sources.bluesky.appview_url".into(),
                &sources.bluesky.appview_url,
            ),
            (
                "sources.bluesky.public_appview_url".into(),
                &sources.bluesky.public_appview_url,
            ),
            ("sources.x.api_base".into(), &sources.x.api_base),
            (
                "metadata.crossref_base".into(),
                &self.metadata.crossref_base,
            ),
            ("metadata.eutils_base".into(), &self.metadata.eutils_base),
            ("summary.llm.endpoint".into(), &self.summary.llm.endpoint),
        ];
        for (i, instance) in sources.mastodon.instances.iter().enumerate() {
            bases.push((format!("sources.mastodon.instances[{i}]"), instance));
        }
        for (key, value) in bases {
            if let Some(reason) = crate::http::guard::untrusted_base(value) {
                return Err(LoadSettingsError::Invalid(format!("{key} {reason}")));
            }
        }
        Ok(())
    }

    /// The token `run` needs, or a one-line reason naming the setting to fix.
    pub fn discord_token(&self) -> Result<&SecretString, &'static str> {
        self.discord.token.as_ref().ok_or(
            "no Discord token: set the DISCORD_TOKEN environment variable to the bot's token",
        )
    }
}

fn read_file(path: &Path) -> Result<toml::Table, LoadSettingsError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadSettingsError::Read {
        path: path.to_owned(),
        source,
    })?;
    text.parse()
        .map_err(|error: toml::de::Error| LoadSettingsError::Parse {
            path: path.to_owned(),
            detail: parse_error_without_excerpt(&text, &error),
        })
}

/// toml's message with the line and column, without its excerpt of the offending line: an unquoted
/// token would otherwise be printed in full.
fn parse_error_without_excerpt(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().replace('\n', "; ");
    match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("{message} at line {line}, column {column}")
        }
        None => message,
    }
}

/// A setting read as a string, refused without echoing the value when it is something else: a
/// secret written without quotes must not end up in an error message.
fn secret_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Other(serde::de::IgnoredAny),
    }
    match Raw::deserialize(deserializer)? {
        Raw::Text(text) => Ok(text),
        Raw::Other(_) => Err(serde::de::Error::custom(
            "must be a string in quotes (the value is not shown, as it may be a secret)",
        )),
    }
}

/// Overlays `top` onto `base`: tables merge key by key, anything else replaces.
fn merge(base: &mut toml::Table, top: toml::Table) {
    for (key, value) in top {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(below)), toml::Value::Table(above)) => merge(below, above),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn set_from_env(
    merged: &mut toml::Table,
    name: &str,
    rest: &str,
    value: &str,
) -> Result<(), LoadSettingsError> {
    let path: Vec<String> = rest.split("__").map(str::to_ascii_lowercase).collect();
    if path.iter().any(String::is_empty) || path.len() < 2 {
        return Err(LoadSettingsError::Env {
            name: name.to_owned(),
            reason: "expected ROUNDS__SECTION__KEY".to_owned(),
        });
    }
    let parsed = format!("v = {value}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(value.to_owned()));
    // A value that parses as TOML but the default is a string (say a numeric guild id or a token made
    // of digits) stays a string.
    let keys: Vec<&str> = path.iter().map(String::as_str).collect();
    let value = match get_path(merged, &keys) {
        Some(toml::Value::String(_)) => toml::Value::String(value.to_owned()),
        _ => parsed,
    };
    set_path(merged, &keys, value);
    Ok(())
}

fn get_path<'a>(table: &'a toml::Table, keys: &[&str]) -> Option<&'a toml::Value> {
    let (last, parents) = keys.split_last()?;
    let mut current = table;
    for key in parents {
        current = current.get(*key)?.as_table()?;
    }
    current.get(*last)
}

fn set_path(table: &mut toml::Table, keys: &[&str], value: toml::Value) {
    let Some((last, parents)) = keys.split_last() else {
        return;
    };
    let mut current = table;
    for key in parents {
        let entry = current
            .entry((*key).to_owned())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        current = entry.as_table_mut().expect("just made a table");
    }
    current.insert((*last).to_owned(), value);
}

fn optional_secret<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<SecretString>, D::Error> {
    let text = secret_text(deserializer)?;
    let text = text.trim();
    Ok((!text.is_empty()).then(|| SecretString::from(text.to_owned())))
}

/// A table of secrets by name; empty values are dropped, and an empty string (an unfilled
/// environment variable) is an empty table. Anything else is refused without being quoted.
fn secret_map<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, SecretString>, D::Error> {
    struct Secret(Option<SecretString>);
    impl<'de> Deserialize<'de> for Secret {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            optional_secret(deserializer).map(Secret)
        }
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Table(BTreeMap<String, Secret>),
        Text(String),
        Other(serde::de::IgnoredAny),
    }
    let table = match Raw::deserialize(deserializer)? {
        Raw::Table(table) => table,
        Raw::Text(text) if text.trim().is_empty() => BTreeMap::new(),
        Raw::Text(_) | Raw::Other(_) => {
            return Err(serde::de::Error::custom(
                "must be a table of strings in quotes, { \"host\" = \"…\" } (the value is not shown, as it may be a secret)",
            ))
        }
    };
    Ok(table
        .into_iter()
        .filter_map(|(key, Secret(value))| Some((key.trim().to_ascii_lowercase(), value?)))
        .collect())
}

fn optional_author_key<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<AuthorKey>, D::Error> {
    let text = secret_text(deserializer)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    AuthorKey::from_hex(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn optional_snowflake<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(u64),
        Text(String),
    }
    match Raw::deserialize(deserializer)? {
        Raw::Number(0) => Ok(None),
        Raw::Number(n) => Ok(Some(n)),
        Raw::Text(t) if t.trim().is_empty() => Ok(None),
        Raw::Text(t) => t.trim().parse().map(Some).map_err(|_| {
            serde::de::Error::custom(format!("`{t}` is not a Discord id (digits only)"))
        }),
    }
}

/// A feed cap of 0 would silently stop every feed: refused.
fn max_items_per_poll<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<usize, D::Error> {
    match usize::deserialize(deserializer)? {
        0 => Err(serde::de::Error::custom(
            "sources.rss.max_items_per_poll must be at least 1",
        )),
        n => Ok(n),
    }
}

/// 1 to Discord's global limit of 50: above it, a round of digests would end in 429s.
fn requests_per_second<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let rate = u32::deserialize(deserializer)?;
    let most = crate::discord::pacer::DISCORD_GLOBAL_LIMIT;
    if rate == 0 || rate > most {
        return Err(serde::de::Error::custom(format!(
            "discord.requests_per_second must be between 1 and {most} (Discord's global limit), not {rate}"
        )));
    }
    Ok(rate)
}

fn digest_time<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DigestTime, D::Error> {
    DigestTime::parse(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
}

fn time_zone<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<TimeZone, D::Error> {
    TimeZone::parse(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
}

mod lexicons;
mod mastodon;
mod monitoring;
mod throttle;

pub use throttle::ThrottleSettings;
#[cfg(test)]
mod tests;
