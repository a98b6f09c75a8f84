//! `rounds ingest --once`, the real binary, against fake Mastodon (two instances), Jetstream, X and
//! feed servers: exactly the expected posts stored, nothing twice on a second run, and a source that
//! fails loses nothing once it recovers.

use crate::fake_feeds::{FakeFeeds, Route};
use crate::fake_jetstream::FakeJetstream;
use crate::fake_mastodon::{status, Author};
use crate::fake_mastodon::{FakeMastodon, Fault};
use crate::fake_x::{post, user, FakeX};
use rounds::domain::{GuildId, Hashtag};
use rounds::store::Store;
use std::process::Output;

const CARDIOLOGIST: Author = Author {
    username: "heartdoc",
    home: "med-mastodon.example",
    account_id: "1001",
    display_name: "Dr Heart, MD",
    note: "<p>Cardiologist. Views my own.</p>",
    followers: 1200,
};

/// A Jetstream post frame by `did` with a `#tag` facet.
fn jetstream_post(did: &str, rkey: &str, time_us: u64, text: &str, tag: &str) -> String {
    let start = text.find(&format!("#{tag}")).unwrap();
    serde_json::json!({
        "did": did, "time_us": time_us, "kind": "commit",
        "commit": {"rev": rkey, "operation": "create", "collection": "app.bsky.feed.post", "rkey": rkey,
            "cid": format!("bafy{rkey}"),
            "record": {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-11-26T10:00:00.000Z",
                "langs": ["en"],
                "facets": [{"index": {"byteStart": start, "byteEnd": start + tag.len() + 1},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}]}]}}
    })
    .to_string()
}

struct World {
    mastodon_a: FakeMastodon,
    mastodon_b: FakeMastodon,
    jetstream: FakeJetstream,
    x: FakeX,
    feeds: FakeFeeds,
    dir: tempfile::TempDir,
    database_url: String,
}

async fn world() -> World {
    let mastodon_a = FakeMastodon::start().await;
    let mastodon_b = FakeMastodon::start().await;
    // The same status federated to both instances (different local ids, one uri), plus one each.
    mastodon_a.add([
        status("110", "9001", &CARDIOLOGIST, "<p>SGLT2i in HFpEF: the evidence so far <a href=\"https://www.nejm.org/doi/10.1056/NEJMoa2206286?utm_source=x\">nejm.org/doi</a> <a href=\"https://med-mastodon.example/tags/meded\" class=\"mention hashtag\">#<span>MedEd</span></a></p>", &["meded"]),
        status("111", "9002", &CARDIOLOGIST, "<p>Rounds pearl: check potassium after starting spironolactone #MedEd</p>", &["meded"]),
    ]);
    mastodon_b.add([status(
        "550",
        "9001",
        &CARDIOLOGIST,
        "<p>SGLT2i in HFpEF: the evidence so far #MedEd</p>",
        &["meded"],
    )]);
    let jetstream = FakeJetstream::serving(vec![
        jetstream_post(
            "did:plc:aaaa",
            "3kaaa",
            1_764_151_200_000_000,
            "Night shift reminder: hydrate #MedSky",
            "MedSky",
        ),
        jetstream_post(
            "did:plc:bbbb",
            "3kbbb",
            1_764_151_201_000_000,
            "New tirzepatide data in HFpEF #MedEd",
            "MedEd",
        ),
        jetstream_post(
            "did:plc:cccc",
            "3kccc",
            1_764_151_202_000_000,
            "My cat ignores me #CatsOfBluesky",
            "CatsOfBluesky",
        ),
    ])
    .await;
    let x = FakeX::start().await;
    x.add_users([user(
        "42",
        "nephdoc",
        "Neph Doc",
        "Nephrologist, PharmD",
        900,
    )]);
    x.add_posts([post(
        "1860000000000000001",
        "42",
        "Finerenone in CKD with T2DM #MedEd",
        &["MedEd"],
        &[],
    )]);
    let feeds = FakeFeeds::start().await;
    feeds.set(
        "/pubmed.xml",
        Route::fixture("pubmed.xml", "application/rss+xml"),
    );
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("rounds.db").display());
    let store = Store::open(&database_url).await.unwrap();
    let guild = GuildId::new(1).unwrap();
    let now = chrono::Utc::now();
    for tag in ["MedEd", "MedSky"] {
        store
            .track_hashtag(guild, &Hashtag::parse(tag).unwrap(), None, now)
            .await
            .unwrap();
    }
    store
        .follow_feed(guild, &feeds.url("/pubmed.xml"), None, now)
        .await
        .unwrap();
    store.close().await;
    World {
        mastodon_a,
        mastodon_b,
        jetstream,
        x,
        feeds,
        dir,
        database_url,
    }
}

impl World {
    async fn ingest_once(&self, jetstream_url: &str, x_base: &str) -> Output {
        let instances = format!(
            r#"["{}","{}"]"#,
            self.mastodon_a.base_url(),
            self.mastodon_b.base_url()
        );
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_rounds"));
        for (name, _) in std::env::vars() {
            if name.starts_with("ROUNDS__") || name == "DISCORD_TOKEN" {
                command.env_remove(name);
            }
        }
        command
            .args(["ingest", "--once"])
            .current_dir(self.dir.path())
            .env("ROUNDS__DATABASE__URL", &self.database_url)
            .env("ROUNDS__SOURCES__MASTODON__INSTANCES", instances)
            .env("ROUNDS__SOURCES__BLUESKY__JETSTREAM_URL", jetstream_url)
            // The refresh stage reads no real AppView in tests: a closed local port.
            .env(
                "ROUNDS__SOURCES__BLUESKY__PUBLIC_APPVIEW_URL",
                "http://127.0.0.1:9",
            )
            .env("ROUNDS__SOURCES__X__ENABLED", "true")
            .env("ROUNDS__SOURCES__X__API_BASE", x_base)
            .env("ROUNDS__SOURCES__X__BEARER_TOKEN", "x-test-bearer")
            // The fake feed host is on 127.0.0.1.
            .env("ROUNDS__SOURCES__RSS__ALLOW_PRIVATE_ADDRESSES", "true")
            // The fixtures are dated (a 2024 PubMed feed, 2026 statuses): retention, tested in
            // deletions.rs, would prune them at the end of the run.
            .env("ROUNDS__RETENTION__POSTS_DAYS", "0")
            .env("RUST_LOG", "warn");
        tokio::time::timeout(std::time::Duration::from_secs(90), command.output())
            .await
            .expect("ingest --once finishes")
            .expect("the binary runs")
    }

    async fn stored(&self) -> Vec<(String, String)> {
        let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT source, remote_id FROM posts ORDER BY source, remote_id")
                .fetch_all(&pool)
                .await
                .unwrap();
        pool.close().await;
        rows
    }
}

#[tokio::test]
async fn ingest_once_stores_exactly_the_expected_posts_and_a_second_run_adds_nothing() {
    let world = world().await;
    let jetstream_url = world.jetstream.url.clone();
    let x_base = world.x.api_base();
    let first = world.ingest_once(&jetstream_url, &x_base).await;
    let out = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(
        first.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );

    let stored = world.stored().await;
    let by_source = |source: &str| stored.iter().filter(|(s, _)| s == source).count();
    assert_eq!(
        by_source("mastodon"),
        2,
        "one status federated to both instances is stored once: {stored:?}"
    );
    assert_eq!(
        by_source("bluesky"),
        2,
        "only the posts with tracked tags: {stored:?}"
    );
    assert_eq!(by_source("x"), 1, "{stored:?}");
    assert_eq!(by_source("feed"), 2, "{stored:?}");
    assert!(stored
        .iter()
        .any(|(_, id)| id == "at://did:plc:bbbb/app.bsky.feed.post/3kbbb"));
    assert!(
        !stored.iter().any(|(_, id)| id.contains("3kccc")),
        "an untracked tag was stored"
    );

    let pool = sqlx::SqlitePool::connect(&world.database_url)
        .await
        .unwrap();
    let (text,): (String,) =
        sqlx::query_as("SELECT text FROM posts WHERE remote_id LIKE '%/statuses/9001'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!text.contains('<'), "HTML reached the store: {text}");
    let links: Vec<(String,)> = sqlx::query_as("SELECT url FROM post_links")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(
        links
            .iter()
            .any(|(u,)| u == "https://nejm.org/doi/10.1056/NEJMoa2206286"),
        "{links:?}"
    );
    let (fts,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'spironolactone'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(fts, 1);
    pool.close().await;

    let second = world.ingest_once(&jetstream_url, &x_base).await;
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stdout)
    );
    assert_eq!(
        world.stored().await,
        stored,
        "a second run stored something twice or lost something"
    );
}

#[tokio::test]
async fn a_failing_source_loses_nothing_once_it_recovers() {
    let world = world().await;
    let jetstream_url = world.jetstream.url.clone();
    let x_base = world.x.api_base();
    world.mastodon_a.fail_next(Fault::ServerError);
    world.feeds.set("/pubmed.xml", Route::status(503));

    let failing = world.ingest_once(&jetstream_url, &x_base).await;
    let out = String::from_utf8_lossy(&failing.stdout).into_owned();
    assert!(
        !failing.status.success(),
        "a failed source makes the run fail:\n{out}"
    );
    assert!(out.contains("FAIL mastodon"), "{out}");
    assert!(out.contains("FAIL feeds"), "{out}");
    assert!(out.contains("ok   bluesky:jetstream"), "{out}");
    let partial = world.stored().await;
    assert!(partial.iter().all(|(s, _)| s != "feed"));

    world.feeds.set(
        "/pubmed.xml",
        Route::fixture("pubmed.xml", "application/rss+xml"),
    );
    let recovered = world.ingest_once(&jetstream_url, &x_base).await;
    assert!(
        recovered.status.success(),
        "{}",
        String::from_utf8_lossy(&recovered.stdout)
    );
    let stored = world.stored().await;
    let by_source = |source: &str| stored.iter().filter(|(s, _)| s == source).count();
    assert_eq!(by_source("mastodon"), 2, "{stored:?}");
    assert_eq!(by_source("feed"), 2, "{stored:?}");
    assert_eq!(stored.len(), 7, "{stored:?}");
}
