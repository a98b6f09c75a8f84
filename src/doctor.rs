//! `rounds doctor`: checks an operator can run before starting the bot, each one done for real:
//! the database is opened and checked, Discord is asked who the token belongs to, Jetstream is
//! connected to until it sends a frame, every followed feed is fetched and parsed, Crossref and
//! E-utilities are asked for a record with the configured contact and key, the Bluesky app password
//! logs in, the X token runs a search. Each check prints one line saying what it did; a check not
//! run says `skip` and why. The exit code is non-zero when any check that ran failed.
//!
//! Secrets are reported present or absent, never shown: no line prints a token, a key, a URL's
//! query or credentials, or a service's answer that could echo them.

mod papers;
mod probe;
mod refresh;
mod services;

use crate::config::Settings;
use crate::store::Store;
use secrecy::ExposeSecret;
use std::io::Write as _;
use std::process::ExitCode;

/// What became of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Ok,
    Skip,
    Warn,
    Fail,
}

/// One printed line: a verdict, the check's name and what it did or found.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    verdict: Verdict,
    check: String,
    detail: String,
}

impl Line {
    pub(crate) fn new(verdict: Verdict, check: &str, detail: impl Into<String>) -> Self {
        Self {
            verdict,
            check: check.to_owned(),
            detail: detail.into(),
        }
    }

    pub(crate) fn ok(check: &str, detail: impl Into<String>) -> Self {
        Self::new(Verdict::Ok, check, detail)
    }

    pub(crate) fn skip(check: &str, why: impl Into<String>) -> Self {
        Self::new(Verdict::Skip, check, why)
    }

    pub(crate) fn fail(check: &str, detail: impl Into<String>) -> Self {
        Self::new(Verdict::Fail, check, detail)
    }
}

/// Runs every check, prints one line for each, and gives the exit code.
pub async fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout();
    let mut failures = 0;
    let mut print = |lines: Vec<Line>| -> std::io::Result<()> {
        for line in lines {
            let mark = match line.verdict {
                Verdict::Ok => "ok  ",
                Verdict::Skip => "skip",
                Verdict::Warn => "warn",
                Verdict::Fail => {
                    failures += 1;
                    "FAIL"
                }
            };
            writeln!(out, "{mark} {:<18} {}", line.check, line.detail)?;
        }
        Ok(())
    };
    print(vec![Line::ok("configuration", "loaded and valid")])?;
    // A bad lexicons.dir stops every command before this runs; here, what is in force.
    print(vec![Line::ok(
        "lexicons",
        crate::lexicons::in_force(&settings.lexicons),
    )])?;
    print(vec![match settings.metrics.address() {
        Ok(Some(address)) => Line::ok(
            "metrics",
            format!("the bot serves /metrics and /healthz on {address}"),
        ),
        _ => Line::skip(
            "metrics",
            "skipped: metrics.listen is empty, nothing is served",
        ),
    }])?;
    if settings.questions.author_key.is_none() {
        let warning = crate::domain::questions::pseudonym::KEY_IN_DATABASE_WARNING;
        print(vec![Line::new(Verdict::Warn, "asker key", warning)])?;
    }
    let (lines, store) = check_database(settings).await;
    print(lines)?;
    let Ok(client) = probe::client() else {
        print(vec![Line::fail(
            "http client",
            "failed to build an HTTP client",
        )])?;
        return Ok(ExitCode::FAILURE);
    };
    // The network checks run side by side (each has its own timeout) and print in a fixed order.
    let feeds = async {
        match &store {
            Some(store) => services::feeds(settings, store).await,
            None => vec![Line::skip(
                "feeds",
                "skipped: the database could not be read for the feeds to check",
            )],
        }
    };
    let (discord, sources, feeds, papers, refresh) = tokio::join!(
        check_discord(settings, &client),
        services::sources(settings, &client),
        feeds,
        papers::papers(settings, &client),
        refresh::refresh(settings, store.as_ref()),
    );
    if let Some(store) = store {
        store.close().await;
    }
    print(discord)?;
    print(sources)?;
    print(feeds)?;
    print(refresh)?;
    print(papers)?;
    if failures == 0 {
        writeln!(out, "All checks that ran passed.")?;
        Ok(ExitCode::SUCCESS)
    } else {
        writeln!(out, "{failures} check(s) failed.")?;
        Ok(ExitCode::FAILURE)
    }
}

/// The database's schema and integrity; the store, when it opened, for the checks that read it.
async fn check_database(settings: &Settings) -> (Vec<Line>, Option<Store>) {
    let url = &settings.database.url;
    let store = match Store::connect_existing(url).await {
        Ok(store) => store,
        Err(e) => {
            let line = Line::fail(
                "database",
                format!("{e} (run `rounds migrate` to create it)"),
            );
            return (vec![line], None);
        }
    };
    let latest = Store::latest_known_migration();
    let mut lines = Vec::new();
    match store.applied_migrations().await {
        Ok(applied) => {
            let version = applied.last().map_or(0, |m| m.version);
            let advice = match version.cmp(&latest) {
                std::cmp::Ordering::Less => "; run `rounds migrate`",
                std::cmp::Ordering::Greater => {
                    "; the database is newer than this binary: upgrade rounds"
                }
                std::cmp::Ordering::Equal => "",
            };
            let verdict = if version == latest {
                Verdict::Ok
            } else {
                Verdict::Fail
            };
            lines.push(Line::new(
                verdict,
                "database",
                format!("{url}: schema {version} of {latest}{advice}"),
            ));
        }
        Err(_) => {
            lines.push(Line::fail(
                "database",
                format!("{url} has no schema yet; run `rounds migrate`"),
            ));
            store.close().await;
            return (lines, None);
        }
    }
    match store.integrity_check().await {
        Ok(()) => lines.push(Line::ok("database integrity", "PRAGMA integrity_check: ok")),
        Err(problems) => lines.push(Line::fail("database integrity", problems.to_string())),
    }
    (lines, Some(store))
}

/// Asks Discord whose the token is (`GET /users/@me`).
async fn check_discord(settings: &Settings, client: &reqwest::Client) -> Vec<Line> {
    let Ok(token) = settings.discord_token() else {
        return vec![
            Line::fail("discord token", "missing: set DISCORD_TOKEN"),
            Line::skip("discord api", "skipped: no token"),
        ];
    };
    let mut lines = vec![Line::ok("discord token", "present")];
    let base = match settings.discord.api_base.trim() {
        "" => "https://discord.com",
        other => other.trim_end_matches('/'),
    };
    let shown = probe::shown(base);
    let request = client
        .get(format!("{base}/api/v10/users/@me"))
        .header("Authorization", format!("Bot {}", token.expose_secret()));
    lines.push(match request.send().await {
        Ok(response) if response.status().is_success() => {
            let name = probe::json_body(response)
                .await
                .ok()
                .and_then(|v| {
                    v.get("username")
                        .and_then(|n| n.as_str())
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "an unnamed bot".to_owned());
            Line::ok(
                "discord api",
                format!("{shown}: the token was accepted (GET /users/@me: {name})"),
            )
        }
        Ok(response) if response.status() == reqwest::StatusCode::UNAUTHORIZED => Line::fail(
            "discord api",
            format!("{shown}: the token was refused (401)"),
        ),
        Ok(response) => Line::fail(
            "discord api",
            format!("{shown}: GET /users/@me answered {}", response.status()),
        ),
        Err(e) => Line::fail("discord api", format!("{shown}: {}", probe::describe(&e))),
    });
    lines
}
