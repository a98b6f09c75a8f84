//! The refresh stage through `rounds ingest --once`, the real binary, against unkind fakes: counts
//! that grow between reads, a Mastodon instance without the batch lookup, statuses that 404 or 410,
//! AppView posts that vanish, a 429 with `Retry-After`, X lookups only when asked for. Asserted on
//! what is stored and on the digest `rounds digest` prints.

use crate::fake_appview::FakeAppView;
use crate::fake_jetstream::{post_frame, FakeJetstream};
use crate::fake_mastodon::{status, Author, FakeMastodon};
use crate::fake_x::{post, user, FakeX};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;
use std::process::Output;

const CARDIOLOGIST: Author = Author {
    username: "heartdoc",
    home: "med-mastodon.example",
    account_id: "1001",
    display_name: "Dr Heart, MD",
    note: "<p>Cardiologist.</p>",
    followers: 1200,
};
const NURSE: Author = Author {
    username: "wardnurse",
    home: "nurses.example",
    account_id: "2002",
    display_name: "Ward Nurse",
    note: "<p>ICU nurse.</p>",
    followers: 300,
};
const AAAA: &str = "at://did:plc:aaaa/app.bsky.feed.post/3kaaa";
const BBBB: &str = "at://did:plc:bbbb/app.bsky.feed.post/3kbbb";

fn an_hour_ago() -> String {
    (chrono::Utc::now() - chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

struct World {
    batch: FakeMastodon,
    old_server: FakeMastodon,
    jetstream: FakeJetstream,
    /// Serves nothing: later runs must not see the first run's frames again.
    quiet_jetstream: FakeJetstream,
    appview: FakeAppView,
    x: FakeX,
    dir: tempfile::TempDir,
    database_url: String,
}

async fn world() -> World {
    let recent = |mut s: serde_json::Value, likes: u64| {
        s["created_at"] = an_hour_ago().into();
        s["favourites_count"] = likes.into();
        s
    };
    let batch = FakeMastodon::start().await;
    batch.add([
        recent(
            status(
                "210",
                "9101",
                &CARDIOLOGIST,
                "<p>Dapagliflozin pearl for the ward #MedEd</p>",
                &["meded"],
            ),
            17,
        ),
        recent(
            status(
                "211",
                "9102",
                &CARDIOLOGIST,
                "<p>Withdrawn case vignette #MedEd</p>",
                &["meded"],
            ),
            90,
        ),
    ]);
    let old_server = FakeMastodon::start().await;
    old_server.without_batch_lookup();
    old_server.add([
        recent(
            status(
                "310",
                "9201",
                &NURSE,
                "<p>Regretted post about a patient #MedEd</p>",
                &["meded"],
            ),
            80,
        ),
        recent(
            status(
                "311",
                "9202",
                &NURSE,
                "<p>Night shift checklist that works #MedEd</p>",
                &["meded"],
            ),
            100,
        ),
    ]);
    let now_us = chrono::Utc::now().timestamp_micros() as u64;
    let created = an_hour_ago();
    let jetstream = FakeJetstream::serving(vec![
        post_frame(
            "did:plc:aaaa",
            "3kaaa",
            now_us - 120_000_000,
            &created,
            "Troponin timing explained #MedEd",
            "MedEd",
        ),
        post_frame(
            "did:plc:bbbb",
            "3kbbb",
            now_us - 119_000_000,
            &created,
            "Hot take I will delete #MedEd",
            "MedEd",
        ),
    ])
    .await;
    let quiet_jetstream = FakeJetstream::serving(Vec::new()).await;
    let appview = FakeAppView::start().await;
    appview.add_post(AAAA, 3, 1);
    appview.add_post(BBBB, 40, 2);
    appview.add_profile(
        "did:plc:aaaa",
        "troponin.bsky.social",
        "Dr Trop",
        "Emergency physician",
    );
    let x = FakeX::start().await;
    x.add_users([user("42", "nephdoc", "Neph Doc", "Nephrologist", 900)]);
    let mut tweet = post(
        "1860000000000000001",
        "42",
        "Finerenone in CKD #MedEd",
        &["MedEd"],
        &[],
    );
    tweet["created_at"] = an_hour_ago().into();
    x.add_posts([tweet]);

    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("rounds.db").display());
    let store = Store::open(&database_url).await.unwrap();
    store
        .track_hashtag(
            GuildId::new(1).unwrap(),
            &Hashtag::parse("MedEd").unwrap(),
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    store.close().await;
    World {
        batch,
        old_server,
        jetstream,
        quiet_jetstream,
        appview,
        x,
        dir,
        database_url,
    }
}

impl World {
    async fn rounds(&self, args: &[&str], first_run: bool, x_refresh: bool) -> Output {
        let output = self.rounds_exit(args, first_run, x_refresh).await;
        assert!(
            output.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Runs the binary without requiring success (a source that is down fails `ingest --once`).
    async fn rounds_exit(&self, args: &[&str], first_run: bool, x_refresh: bool) -> Output {
        let instances = format!(
            r#"["{}","{}"]"#,
            self.batch.base_url(),
            self.old_server.base_url()
        );
        let jetstream = if first_run {
            &self.jetstream.url
        } else {
            &self.quiet_jetstream.url
        };
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"));
        for (name, _) in std::env::vars() {
            if name.starts_with("ROUNDS__") || name == "DISCORD_TOKEN" {
                command.env_remove(name);
            }
        }
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("ROUNDS__DATABASE__URL", &self.database_url)
            .env("ROUNDS__SOURCES__MASTODON__INSTANCES", instances)
            .env("ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL", jetstream)
            .env(
                "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
                &self.appview.url,
            )
            .env("ROUNDS__SOURCES__X__ENABLED", "true")
            .env("ROUNDS__SOURCES__X__API_BASE", self.x.api_base())
            .env("ROUNDS__SOURCES__X__BEARER_TOKEN", "x-test-bearer")
            .env("ROUNDS__SOURCES__X__REFRESH", x_refresh.to_string())
            .env("ROUNDS__SOURCES__RSS__ENABLED", "false")
            .env("RUST_LOG", "warn");
        tokio::time::timeout(std::time::Duration::from_secs(90), command.output())
            .await
            .expect("rounds finishes")
            .expect("the binary runs")
    }

    async fn ingest(&self, first_run: bool, x_refresh: bool) -> String {
        let output = self
            .rounds(&["ingest", "--once"], first_run, x_refresh)
            .await;
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    async fn digest(&self) -> String {
        let args = [
            "digest", "--guild", "1", "--window", "24h", "--format", "text",
        ];
        let output = self.rounds(&args, false, false).await;
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    async fn summary(&self) -> String {
        let args = [
            "summary", "--guild", "1", "--topic", "#MedEd", "--window", "1d", "--format", "text",
        ];
        let output = self.rounds(&args, false, false).await;
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    async fn likes(&self) -> Vec<(String, i64)> {
        let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
        let rows = sqlx::query_as("SELECT remote_id, likes FROM posts ORDER BY remote_id")
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    }

    async fn likes_of(&self, needle: &str) -> Option<i64> {
        self.likes()
            .await
            .into_iter()
            .find(|(id, _)| id.contains(needle))
            .map(|(_, likes)| likes)
    }
}

#[tokio::test]
async fn refreshed_counts_reorder_the_digest_and_deleted_posts_leave_it() {
    let world = world().await;
    world.batch.grow_on_read(1);
    world.old_server.grow_on_read(1);
    let first = world.ingest(true, true).await;
    assert!(first.contains("refresh mastodon:127.0.0.1"), "{first}");
    assert_eq!(world.likes().await.len(), 7, "{:?}", world.likes().await);
    // Read once after polling: the lookups' growth shows; Jetstream's zero counts are filled in.
    assert_eq!(world.likes_of("/statuses/9101").await, Some(18));
    assert_eq!(world.likes_of("/statuses/9202").await, Some(101));
    assert_eq!(world.likes_of("3kbbb").await, Some(40));
    let lookups = world.old_server.lookups();
    assert_eq!(
        lookups[0].path, "/api/v1/statuses",
        "the batch form is tried first"
    );
    assert!(
        lookups[1..]
            .iter()
            .all(|r| r.path.starts_with("/api/v1/statuses/")),
        "then one status at a time: {lookups:?}"
    );
    assert_eq!(world.x.lookups().len(), 1);
    let before = world.digest().await;
    assert!(
        !before.contains("Dapagliflozin pearl"),
        "18 likes is not a top post yet:\n{before}"
    );
    // The Bluesky author is named as their profile says, not by DID.
    assert!(before.contains("Dr Trop ("), "{before}");
    assert!(
        !before.contains("did:plc:aaaa ("),
        "an author shown by DID:\n{before}"
    );
    // `/summary` (the same build as `rounds summary`) names the Bluesky author as their profile
    // says, with the role their bio states, and still shows the posts about to be deleted.
    let summary_before = world.summary().await;
    let trop = summary_before
        .lines()
        .find(|l| l.trim_start().starts_with("Dr Trop ("))
        .unwrap_or_default();
    assert!(
        trop.contains("(physician)"),
        "a leading voice with the role from the AppView bio:\n{summary_before}"
    );
    assert!(
        summary_before.contains("Regretted post"),
        "{summary_before}"
    );
    let pool = sqlx::SqlitePool::connect(&world.database_url)
        .await
        .unwrap();
    let (handle,): (String,) =
        sqlx::query_as("SELECT handle FROM authors WHERE remote_id = 'did:plc:aaaa'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(handle, "troponin.bsky.social");
    pool.close().await;

    // Upstream, meanwhile: likes pour in, two statuses and a Bluesky post are deleted, an X post too,
    // and the AppView rate-limits the next call.
    world
        .batch
        .update("210", |s| s["favourites_count"] = 500.into());
    world.batch.remove("211");
    world.old_server.mark_gone("310");
    world.appview.delete_post(BBBB);
    world.appview.rate_limit_next(1);
    world.x.delete_post("1860000000000000001");
    let second = world.ingest(false, true).await;
    assert!(second.contains("stopped early: rate limited"), "{second}");
    assert_eq!(world.likes_of("/statuses/9101").await, Some(501));
    assert_eq!(
        world.likes_of("/statuses/9102").await,
        None,
        "left out of the batch, then 404"
    );
    assert_eq!(world.likes_of("/statuses/9201").await, None, "410 Gone");
    assert_eq!(
        world.likes_of("1860000000000000001").await,
        None,
        "X resource-not-found"
    );
    assert_eq!(
        world.likes_of("3kbbb").await,
        Some(40),
        "a 429 deletes nothing"
    );

    let third = world.ingest(false, true).await;
    assert!(!third.contains("stopped early"), "{third}");
    assert_eq!(
        world.likes_of("3kbbb").await,
        None,
        "gone from getPosts once it answered"
    );
    let after = world.digest().await;
    let top = after
        .lines()
        .find(|l| l.starts_with("1. "))
        .unwrap_or_default();
    assert!(
        top.contains("Dapagliflozin pearl") && top.contains("502 likes"),
        "the post that gained likes leads now:\n{after}"
    );
    for deleted in [
        "Withdrawn case vignette",
        "Regretted post",
        "Hot take I will delete",
        "Finerenone",
    ] {
        assert!(
            !after.contains(deleted),
            "`{deleted}` is still in the digest:\n{after}"
        );
    }
    let summary_after = world.summary().await;
    for deleted in [
        "Withdrawn case vignette",
        "Regretted post",
        "Hot take I will delete",
        "Finerenone",
    ] {
        assert!(
            !summary_after.contains(deleted),
            "`{deleted}` is still in the summary:\n{summary_after}"
        );
    }
    assert!(
        summary_after.contains("Dapagliflozin pearl"),
        "{summary_after}"
    );
    let pool = sqlx::SqlitePool::connect(&world.database_url)
        .await
        .unwrap();
    let (fts,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'regretted OR vignette'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(fts, 0, "deleted posts stayed in the full-text index");
    pool.close().await;
}

#[tokio::test]
async fn with_x_refresh_off_no_lookup_is_sent() {
    let world = world().await;
    let out = world.ingest(true, false).await;
    assert!(!out.contains("refresh x"), "{out}");
    assert!(world.x.lookups().is_empty(), "{:?}", world.x.lookups());
    assert_eq!(
        world.likes_of("1860000000000000001").await,
        Some(25),
        "as first fetched"
    );
}

#[tokio::test]
async fn an_instance_that_is_down_deletes_nothing() {
    let world = world().await;
    world.ingest(true, false).await;
    assert_eq!(world.likes_of("/statuses/9102").await, Some(90));
    assert_eq!(world.likes_of("/statuses/9201").await, Some(80));
    // Both statuses are deleted upstream, but neither server can say so: one answers its lookups
    // 500, the other refuses connections.
    world.batch.remove("211");
    world
        .batch
        .fail_next_lookup(crate::fake_mastodon::Fault::ServerError);
    world.old_server.mark_gone("310");
    world.old_server.stop().await;
    let output = world.rounds_exit(&["ingest", "--once"], false, false).await;
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("FAIL") && out.contains("stopped early"),
        "the poll of the stopped server fails, the 500 stops a pass:\n{out}"
    );
    assert_eq!(
        world.likes_of("/statuses/9102").await,
        Some(90),
        "a 500 is not a deletion"
    );
    assert_eq!(
        world.likes_of("/statuses/9201").await,
        Some(80),
        "a refused connection is not a deletion"
    );
    // Once the instance answers again, its 404 is (the other is still down).
    world.rounds_exit(&["ingest", "--once"], false, false).await;
    assert_eq!(world.likes_of("/statuses/9102").await, None);
}
