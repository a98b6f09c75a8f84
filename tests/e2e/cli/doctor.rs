//! `rounds doctor` against fakes of every service it checks: each line says what was really done,
//! the fakes saw the requests (with the contact address, key and token in them), a failure of any
//! check that ran makes the exit code non-zero, a check not run says why, and no secret is printed.

use super::{stderr, stdout, Cli};
use crate::fake_bluesky::{FakeBluesky, APP_PASSWORD, HANDLE};
use crate::fake_discord::FakeDiscord;
use crate::fake_feeds::FakeFeeds;
use crate::fake_jetstream::FakeJetstream;
use crate::fake_papers::FakePapers;
use crate::fake_x::{FakeX, Fault};
use rounds::domain::GuildId;
use rounds::store::Store;

const X_TOKEN: &str = "zqdoctor-x-bearer-1c5e";
const NCBI_KEY: &str = "zqdoctor-ncbi-key-77aa";
const DISCORD_TOKEN: &str = "zqdoctor-discord-token-0b3d";

struct Services {
    discord: FakeDiscord,
    jetstream: FakeJetstream,
    feeds: FakeFeeds,
    papers: FakePapers,
    bluesky: FakeBluesky,
    x: FakeX,
}

impl Services {
    async fn start() -> Self {
        Self {
            discord: FakeDiscord::start().await,
            jetstream: FakeJetstream::start().await,
            feeds: FakeFeeds::start().await,
            papers: FakePapers::start().await,
            bluesky: FakeBluesky::start().await,
            x: FakeX::start().await,
        }
    }

    /// Every service switched on and pointed at its fake, with every secret set.
    fn env(&self, password: &str) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = [
            ("DISCORD_TOKEN", DISCORD_TOKEN.to_owned()),
            ("ROUNDS__DISCORD__API_BASE", self.discord.api_base()),
            ("ROUNDS__SOURCES__BLUESKY__ENABLED", "true".to_owned()),
            (
                "ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL",
                self.jetstream.url.clone(),
            ),
            (
                "ROUNDS__SOURCES__BLUESKY__APPVIEW_URL",
                self.bluesky.url.clone(),
            ),
            ("ROUNDS__SOURCES__BLUESKY__HANDLE", HANDLE.to_owned()),
            (
                "ROUNDS__SOURCES__BLUESKY__APP_PASSWORD",
                password.to_owned(),
            ),
            ("ROUNDS__SOURCES__X__ENABLED", "true".to_owned()),
            ("ROUNDS__SOURCES__X__API_BASE", self.x.api_base()),
            ("ROUNDS__SOURCES__X__BEARER_TOKEN", X_TOKEN.to_owned()),
            ("ROUNDS__SOURCES__RSS__ENABLED", "true".to_owned()),
            // The fake feeds are on this machine, which the feed guard refuses by default.
            (
                "ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES",
                "true".to_owned(),
            ),
            ("ROUNDS__METADATA__NCBI_API_KEY", NCBI_KEY.to_owned()),
        ]
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .collect();
        env.extend(self.papers.env());
        env
    }
}

async fn follow(cli: &Cli, guild: u64, url: &str) {
    let store = Store::connect_existing(&cli.database_url).await.unwrap();
    store
        .follow_feed(GuildId::new(guild).unwrap(), url, None, chrono::Utc::now())
        .await
        .unwrap();
    store.close().await;
}

async fn doctor(cli: &Cli, env: &[(String, String)]) -> std::process::Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    cli.run(&["doctor"], &env).await
}

/// The line of `check` (the name as printed, padded), or a failure showing everything printed.
fn line<'a>(out: &'a str, check: &str) -> &'a str {
    out.lines()
        .find(|l| {
            l.get(5..)
                .is_some_and(|rest| rest.starts_with(&format!("{check} ")))
        })
        .unwrap_or_else(|| panic!("no `{check}` line in:\n{out}"))
}

fn assert_no_secret(out: &str) {
    for secret in [X_TOKEN, NCBI_KEY, DISCORD_TOKEN, APP_PASSWORD] {
        assert!(!out.contains(secret), "doctor printed `{secret}`:\n{out}");
    }
}

#[tokio::test]
async fn doctor_probes_every_service_for_real_and_says_what_it_did() {
    let services = Services::start().await;
    let cli = Cli::new();
    cli.run(&["migrate"], &[]).await;
    // Feeds of two guilds: each is checked.
    follow(
        &cli,
        1,
        &services.feeds.url("/pubmed/rss/search/1AbCdEfGh/"),
    )
    .await;
    follow(&cli, 2, &services.feeds.url("/jce/atom/online-first.xml")).await;
    // The refresh stage's last passes, as the bot records them: one stopped by a 429.
    let store = Store::connect_existing(&cli.database_url).await.unwrap();
    let applied = rounds::store::refresh::Applied {
        refreshed: 40,
        deleted: 2,
        profiles: 5,
    };
    let now = chrono::Utc::now();
    store
        .record_refresh_run("bluesky", applied, 3, None, now)
        .await
        .unwrap();
    store
        .record_refresh_run("x", Default::default(), 1, Some("rate limited"), now)
        .await
        .unwrap();
    store.close().await;

    let output = doctor(&cli, &services.env(APP_PASSWORD)).await;
    let out = stdout(&output);
    assert!(output.status.success(), "{out}\n{}", stderr(&output));
    let refresh = line(&out, "refresh");
    assert!(
        refresh.starts_with("ok") && refresh.contains("posts younger than 2d read again every 15m"),
        "{out}"
    );
    assert!(
        refresh.contains("X not refreshed (sources.x.refresh is false)"),
        "{out}"
    );
    assert!(
        out.contains(
            "bluesky: last pass 0m ago: 40 refreshed, 2 deleted upstream, 5 profiles, 3 requests"
        ),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("warn")
            && l.contains("x: last pass")
            && l.contains("stopped early: rate limited")),
        "{out}"
    );
    assert!(
        line(&out, "discord api").contains("the token was accepted"),
        "{out}"
    );
    assert!(
        line(&out, "jetstream").contains("connected and read one frame (a `commit` event)"),
        "{out}"
    );
    assert!(
        line(&out, "bluesky login").contains(&format!("logged in as {HANDLE}")),
        "{out}"
    );
    assert!(
        line(&out, "x").contains("the bearer token was accepted"),
        "{out}"
    );
    let feed_lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("ok   feed "))
        .collect();
    assert_eq!(feed_lines.len(), 2, "{out}");
    assert!(
        feed_lines
            .iter()
            .all(|l| l.contains("answered with a feed of")),
        "{out}"
    );
    assert!(
        line(&out, "crossref").contains("with a record (as journal-club@example.org)"),
        "{out}"
    );
    assert!(
        line(&out, "e-utilities").contains("with the API key"),
        "{out}"
    );
    assert!(out.contains("All checks that ran passed."), "{out}");
    assert_no_secret(&format!("{out}{}", stderr(&output)));

    // The fakes saw each request, carrying what the line claims.
    assert!(services
        .jetstream
        .queries()
        .iter()
        .any(|q| q.contains("wantedCollections=app.bsky.feed.post")));
    assert_eq!(services.bluesky.sessions_created(), 1);
    let searches = services.x.requests();
    assert_eq!(searches.len(), 1);
    assert_eq!(
        searches[0].headers["authorization"],
        format!("Bearer {X_TOKEN}")
    );
    assert_eq!(
        services.feeds.hits("/pubmed/rss/search/1AbCdEfGh/").len(),
        1
    );
    assert_eq!(services.feeds.hits("/jce/atom/online-first.xml").len(), 1);
    let crossref = services.papers.requests_to("crossref");
    assert_eq!(crossref.len(), 1);
    assert_eq!(
        crossref[0].param("mailto"),
        Some("journal-club@example.org")
    );
    let eutils = services.papers.requests_to("eutils");
    assert_eq!(eutils.len(), 1);
    assert_eq!(eutils[0].param("api_key"), Some(NCBI_KEY));
    assert_eq!(eutils[0].param("email"), Some("journal-club@example.org"));
}

#[tokio::test]
async fn doctor_fails_when_a_service_refuses_and_never_prints_a_secret() {
    let services = Services::start().await;
    let cli = Cli::new();
    cli.run(&["migrate"], &[]).await;
    follow(&cli, 1, &services.feeds.url("/down/feed.xml")).await;
    follow(&cli, 1, &services.feeds.url("/jce/rss/current.xml")).await;
    services.jetstream.refuse(Some(503));
    services.x.fail_next(Fault::Unauthorized);

    let output = doctor(&cli, &services.env("wrong-app-password")).await;
    let out = stdout(&output);
    assert!(!output.status.success(), "{out}");
    assert!(line(&out, "jetstream").starts_with("FAIL"), "{out}");
    assert!(
        line(&out, "jetstream").contains("answered HTTP 503"),
        "{out}"
    );
    assert!(line(&out, "bluesky login").starts_with("FAIL"), "{out}");
    assert!(
        line(&out, "bluesky login").contains("the handle or app password was refused"),
        "{out}"
    );
    assert!(line(&out, "x").starts_with("FAIL"), "{out}");
    assert!(line(&out, "x").contains("refused (401)"), "{out}");
    let failed_feeds: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("FAIL feed "))
        .collect();
    assert_eq!(failed_feeds.len(), 2, "{out}");
    assert!(out.contains("/down/feed.xml: answered 500"), "{out}");
    assert!(
        out.contains("/jce/rss/current.xml: answered, but not with a feed"),
        "{out}"
    );
    assert!(line(&out, "crossref").starts_with("ok"), "{out}");
    assert!(out.contains("5 check(s) failed."), "{out}");
    assert_no_secret(&format!("{out}{}", stderr(&output)));
    assert!(!out.contains("wrong-app-password"), "{out}");
}

#[tokio::test]
async fn doctor_says_why_each_check_it_did_not_run_was_skipped() {
    let services = Services::start().await;
    let cli = Cli::new();
    cli.run(&["migrate"], &[]).await;
    // Every source off (as `configure` leaves them), no token: only the database and the metadata
    // services can be checked.
    let mut env = services.papers.env();
    env.push((
        "ROUNDS__DISCORD__API_BASE".into(),
        services.discord.api_base(),
    ));
    let output = doctor(&cli, &env).await;
    let out = stdout(&output);
    assert!(line(&out, "discord token").starts_with("FAIL"), "{out}");
    assert_eq!(
        line(&out, "discord api"),
        "skip discord api        skipped: no token"
    );
    for (check, why) in [
        ("jetstream", "skipped: sources.bluesky.enabled is false"),
        ("bluesky login", "skipped: no app password set"),
        ("x", "skipped: sources.x.enabled is false"),
        ("feeds", "skipped: sources.rss.enabled is false"),
        ("mastodon", "skipped: sources.mastodon.enabled is false"),
        ("metrics", "skipped: metrics.listen is empty"),
        (
            "refresh",
            "skipped: no source it reads again (Mastodon, Bluesky, X) is enabled",
        ),
    ] {
        let found = line(&out, check);
        assert!(
            found.starts_with("skip") && found.contains(why),
            "{found}\n{out}"
        );
    }
    assert!(line(&out, "crossref").starts_with("ok"), "{out}");
    assert!(
        line(&out, "lexicons").starts_with("ok") && line(&out, "lexicons").contains("compiled in"),
        "{out}"
    );
    assert!(
        line(&out, "e-utilities").contains("no ncbi_api_key"),
        "{out}"
    );
    // The one failure that ran (no token) fails the run; skips do not.
    assert!(out.contains("1 check(s) failed."), "{out}");
    assert!(!output.status.success());
    assert!(services.discord.requests().is_empty());
}
