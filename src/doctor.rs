//! `rounds doctor`: checks an operator can run before starting the bot. Each check prints one line;
//! the exit code is non-zero when any check fails. Secrets are reported present or absent, never shown.

use crate::config::Settings;
use crate::store::Store;
use secrecy::ExposeSecret;
use std::process::ExitCode;
use std::time::Duration;

const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Ok,
    Skip,
    Warn,
    Fail,
}

struct Report {
    failures: usize,
}

impl Report {
    fn line(&mut self, verdict: Verdict, check: &str, detail: impl AsRef<str>) {
        let mark = match verdict {
            Verdict::Ok => "ok  ",
            Verdict::Skip => "skip",
            Verdict::Warn => "warn",
            Verdict::Fail => {
                self.failures += 1;
                "FAIL"
            }
        };
        println!("{mark} {check:<18} {}", detail.as_ref());
    }
}

/// Runs every check and prints one line for each.
pub async fn run(settings: &Settings) -> ExitCode {
    let mut report = Report { failures: 0 };
    report.line(Verdict::Ok, "configuration", "loaded and valid");
    check_database(settings, &mut report).await;
    if settings.questions.author_key.is_none() {
        let warning = crate::domain::questions::pseudonym::KEY_IN_DATABASE_WARNING;
        report.line(Verdict::Warn, "asker key", warning);
    }
    let client = reqwest::Client::builder()
        .timeout(PROBE_TIMEOUT)
        .user_agent(concat!("Rounds/", env!("CARGO_PKG_VERSION"), " (doctor)"))
        .build();
    let Ok(client) = client else {
        report.line(
            Verdict::Fail,
            "http client",
            "failed to build an HTTP client",
        );
        return ExitCode::FAILURE;
    };
    check_discord(settings, &client, &mut report).await;
    check_sources(settings, &client, &mut report).await;
    if report.failures == 0 {
        println!("All checks passed.");
        ExitCode::SUCCESS
    } else {
        println!("{} check(s) failed.", report.failures);
        ExitCode::FAILURE
    }
}

async fn check_database(settings: &Settings, report: &mut Report) {
    let url = &settings.database.url;
    let store = match Store::connect_existing(url).await {
        Ok(store) => store,
        Err(e) => {
            report.line(
                Verdict::Fail,
                "database",
                format!("{e} (run `rounds migrate` to create it)"),
            );
            return;
        }
    };
    let latest = Store::latest_known_migration();
    match store.applied_migrations().await {
        Ok(applied) => {
            let version = applied.last().map_or(0, |m| m.version);
            let verdict = if version == latest {
                Verdict::Ok
            } else {
                Verdict::Fail
            };
            let advice = if version < latest {
                "; run `rounds migrate`"
            } else {
                ""
            };
            report.line(
                verdict,
                "database",
                format!("{url}: schema {version} of {latest}{advice}"),
            );
        }
        Err(_) => report.line(
            Verdict::Fail,
            "database",
            format!("{url} has no schema yet; run `rounds migrate`"),
        ),
    }
    match store.integrity_check().await {
        Ok(()) => report.line(Verdict::Ok, "database integrity", "ok"),
        Err(problems) => report.line(Verdict::Fail, "database integrity", problems),
    }
    store.close().await;
}

async fn check_discord(settings: &Settings, client: &reqwest::Client, report: &mut Report) {
    let Ok(token) = settings.discord_token() else {
        report.line(Verdict::Fail, "discord token", "missing: set DISCORD_TOKEN");
        return;
    };
    report.line(Verdict::Ok, "discord token", "present");
    let base = match settings.discord.api_base.trim() {
        "" => "https://discord.com",
        other => other.trim_end_matches('/'),
    };
    let request = client
        .get(format!("{base}/api/v10/users/@me"))
        .header("Authorization", format!("Bot {}", token.expose_secret()));
    match request.send().await {
        Ok(response) if response.status().is_success() => {
            let name = response
                .json::<serde_json::Value>()
                .await
                .ok()
                .and_then(|v| {
                    v.get("username")
                        .and_then(|n| n.as_str())
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "unknown".to_owned());
            report.line(
                Verdict::Ok,
                "discord api",
                format!("{base}: logged in as {name}"),
            );
        }
        Ok(response) if response.status() == reqwest::StatusCode::UNAUTHORIZED => {
            report.line(
                Verdict::Fail,
                "discord api",
                format!("{base}: the token was refused (401)"),
            );
        }
        Ok(response) => report.line(
            Verdict::Fail,
            "discord api",
            format!("{base}: answered {}", response.status()),
        ),
        Err(e) => report.line(
            Verdict::Fail,
            "discord api",
            format!("{base}: {}", describe(&e)),
        ),
    }
}

async fn check_sources(settings: &Settings, client: &reqwest::Client, report: &mut Report) {
    match crate::ingest::build_sources(settings) {
        Ok(built) => report.line(
            Verdict::Ok,
            "sources config",
            format!("{} source(s) enabled", built.len()),
        ),
        Err(e) => report.line(Verdict::Fail, "sources config", format!("{e:#}")),
    }
    let sources = &settings.sources;
    if sources.mastodon.enabled {
        for instance in &sources.mastodon.instances {
            let base = instance.trim_end_matches('/');
            probe(
                client,
                report,
                "mastodon",
                &format!("{base}/api/v1/instance"),
            )
            .await;
        }
    } else {
        report.line(Verdict::Skip, "mastodon", "disabled");
    }
    if sources.bluesky.enabled {
        let url = &sources.bluesky.jetstream_url;
        if url.starts_with("wss://") || url.starts_with("ws://") {
            report.line(Verdict::Ok, "bluesky", format!("jetstream at {url}"));
        } else {
            report.line(
                Verdict::Fail,
                "bluesky",
                format!("jetstream_url `{url}` must start with wss:// or ws://"),
            );
        }
    } else {
        report.line(Verdict::Skip, "bluesky", "disabled");
    }
    match (sources.x.enabled, sources.x.bearer_token.is_some()) {
        (false, _) => report.line(Verdict::Skip, "x", "disabled"),
        (true, false) => report.line(
            Verdict::Fail,
            "x",
            "enabled but no bearer token: set ROUNDS__SOURCES__X__BEARER_TOKEN",
        ),
        (true, true) => report.line(
            Verdict::Ok,
            "x",
            format!("bearer token present; {}", sources.x.api_base),
        ),
    }
    if sources.rss.enabled {
        report.line(
            Verdict::Ok,
            "feeds",
            format!("every {}", sources.rss.poll_interval),
        );
    } else {
        report.line(Verdict::Skip, "feeds", "disabled");
    }
}

/// Fetches `url` and reports whether it answered with success.
async fn probe(client: &reqwest::Client, report: &mut Report, check: &str, url: &str) {
    match client.get(url).send().await {
        Ok(response) if response.status().is_success() => {
            report.line(Verdict::Ok, check, format!("{url}: reachable"));
        }
        Ok(response) => report.line(
            Verdict::Fail,
            check,
            format!("{url}: answered {}", response.status()),
        ),
        Err(e) => report.line(Verdict::Fail, check, format!("{url}: {}", describe(&e))),
    }
}

/// A short reason for a failed request, without the URL's query (which could carry a key).
fn describe(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_builder() {
        "is not a valid URL"
    } else {
        "request failed"
    }
}
